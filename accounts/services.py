"""Writes on organisation reference data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .models import DocumentTemplate, Organisation

TEMPLATE_FIELDS = (
    "governing_body",
    "issuing_body",
    "code",
    "place",
    "deciding_authority",
    "legal_bases",
    "commendation_bases",
    "proposal",
    "executors",
    "recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
    "giver_title",
)


class AccountsError(ValidationError):
    """A change to accounts data that is refused (translated message)."""


def document_template_save(*, organisation: Organisation, by, data: dict) -> DocumentTemplate:
    """Save an issuer's document template as a new version; earlier versions stay so that
    decisions recorded under them render as issued. The organisation row is locked so two
    administrators saving at once get consecutive versions."""
    if not by.has_perm("accounts.manage_document_templates"):
        raise AccountsError(_("Only administrators may change document templates."))
    values = {name: (data.get(name) or "").strip() for name in TEMPLATE_FIELDS}
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
