"""Writes on organisation reference data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signing
from .models import DocumentTemplate, Organisation, SigningCertificate, User


@dataclass(frozen=True)
class TemplateText:
    """The texts of an issuer's document template (the fields of a DocumentTemplate
    version), trimmed."""

    governing_body: str = ""
    issuing_body: str = ""
    code: str = ""
    place: str = ""
    deciding_authority: str = ""
    legal_bases: str = ""
    commendation_bases: str = ""
    proposal: str = ""
    executors: str = ""
    recipients: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    giver_title: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TemplateText:
        return cls(**{name: (data.get(name) or "").strip() for name in TEMPLATE_FIELDS})


TEMPLATE_FIELDS = tuple(f.name for f in fields(TemplateText))


class AccountsError(ValidationError):
    """A change to accounts data that is refused (translated message)."""


def document_template_save(
    *, organisation: Organisation, by: User, text: TemplateText
) -> DocumentTemplate:
    """Save an issuer's document template as a new version; earlier versions stay so that
    decisions recorded under them render as issued. The organisation row is locked so two
    administrators saving at once get consecutive versions."""
    if not by.has_perm("accounts.manage_document_templates"):
        raise AccountsError(_("Only administrators may change document templates."))
    values = asdict(text)
    missing = [
        label
        for name, label in (
            ("code", _("document code")),
            ("issuing_body", _("issuing body")),
            ("signer_title", _("signer's title")),
            ("place", _("place name")),
            ("deciding_authority", _("deciding authority")),
        )
        if not values[name]
    ]
    if missing:
        raise AccountsError(_("Fill in: %(fields)s.") % {"fields": ", ".join(missing)})
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        latest = DocumentTemplate.objects.filter(organisation=organisation).aggregate(
            n=Max("version")
        )["n"]
        return DocumentTemplate.objects.create(
            organisation=organisation, version=(latest or 0) + 1, created_by=by, **values
        )


def signing_certificate_upload(
    *, organisation: Organisation, by: User, content: bytes, password: str
) -> SigningCertificate:
    """Make an uploaded PKCS#12 archive the organisation's signing certificate: checked
    first (see ``signing.read_pkcs12``), then kept encrypted. The certificate it replaces
    keeps its row and public certificate (PDFs signed with it still verify) but loses its
    private key. Nothing is saved when the file is refused."""
    if not by.has_perm("accounts.manage_signing_certificates"):
        raise AccountsError(_("Only administrators may manage signing certificates."))
    facts = signing.read_pkcs12(content, password)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        _retire_signing_certificates(organisation)
        return SigningCertificate.objects.create(
            organisation=organisation,
            pkcs12=signing.encrypt(content),
            password=signing.encrypt(password.encode()),
            certificate=facts.der,
            common_name=facts.common_name,
            issuer_name=facts.issuer_name,
            serial_number=facts.serial_number,
            fingerprint=facts.fingerprint,
            valid_from=facts.valid_from,
            valid_to=facts.valid_to,
            uploaded_by=by,
        )


def signing_certificate_remove(*, organisation: Organisation, by: User) -> int:
    """Stop signing the organisation's documents: its active certificate is retired (the
    PDFs already signed still verify). Returns how many were retired (0 or 1)."""
    if not by.has_perm("accounts.manage_signing_certificates"):
        raise AccountsError(_("Only administrators may manage signing certificates."))
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        return _retire_signing_certificates(organisation)


def _retire_signing_certificates(organisation: Organisation) -> int:
    return SigningCertificate.objects.filter(organisation=organisation, active=True).update(
        active=False, pkcs12=b"", password=b"", removed_at=timezone.now()
    )
