"""Digital signatures of the PDFs the app issues (PAdES, with pyHanko).

An administrator uploads an organisation's signing certificate as a PKCS#12 archive
(``.p12``/``.pfx``): :func:`read_pkcs12` checks it and :func:`encrypt` keeps the archive and
its password unreadable in the database, with a key derived from ``SECRET_KEY`` (older keys
in ``SECRET_KEY_FALLBACKS`` still decrypt, so the key can be rotated).
:func:`sign_issued_pdf` signs a decision's or certificate's PDF when its issuer has an
active certificate valid today, and :func:`check_signature` tells whether a PDF's signature
is intact and made with one of that organisation's uploaded certificates.

Organisations often sign with a certificate they made themselves rather than one from a
public certification authority, so the uploaded certificate itself is the trust anchor.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from learnsociety import registry

logger = logging.getLogger(__name__)

# A certificate with its chain is a few kilobytes; anything much larger is not one.
MAX_PKCS12_BYTES = 100 * 1024
SIGNATURE_FIELD = "Signature1"


class SigningError(ValidationError):
    """A signing certificate that cannot be used (translated message)."""


# --- encryption at rest ---------------------------------------------------------------


def _fernet_for(secret: str):
    from cryptography.fernet import Fernet  # noqa: PLC0415 (heavy library, loaded on first use)
    from cryptography.hazmat.primitives import hashes  # noqa: PLC0415 (heavy library, loaded on first use)
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF  # noqa: PLC0415 (heavy library, loaded on first use)

    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"learnsociety.accounts.signing",
        info=b"signing-certificate",
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _fernet():
    from cryptography.fernet import MultiFernet  # noqa: PLC0415 (heavy library, loaded on first use)

    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    return _fernet().decrypt(bytes(token))


# --- reading an upload ------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateFacts:
    """What the app keeps in clear about an uploaded certificate."""

    common_name: str
    issuer_name: str
    serial_number: str
    fingerprint: str
    valid_from: datetime
    valid_to: datetime
    der: bytes


def _name(name) -> str:
    from cryptography.x509.oid import NameOID  # noqa: PLC0415 (heavy library, loaded on first use)

    common = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(common[0].value) if common else name.rfc4514_string()


def _looks_like_pkcs12(data: bytes) -> bool:
    """True when ``data`` has the outer structure of a PKCS#12 archive, whatever its
    password: tells a wrong password from a file of another kind."""
    from asn1crypto import pkcs12  # noqa: PLC0415 (heavy library, loaded on first use)

    try:
        pfx = pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and bool(pfx["auth_safe"]["content_type"].native)
    except Exception:  # asn1crypto raises several kinds on malformed input
        return False


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def read_pkcs12(data: bytes, password: str, *, now: datetime | None = None) -> CertificateFacts:
    """Check an uploaded PKCS#12 archive: that it is one, that the password opens it, that
    it holds a private key with its certificate, that the certificate is valid ``now`` and
    that pyHanko can sign with it. Raises :class:`SigningError` with the reason."""
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415 (heavy library, loaded on first use)
    from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: PLC0415 (heavy library, loaded on first use)

    now = now or timezone.now()
    if not data:
        raise SigningError(_("Choose the signing certificate file (.p12 or .pfx)."))
    if len(data) > MAX_PKCS12_BYTES or not _looks_like_pkcs12(data):
        raise SigningError(
            _("This file is not a signing certificate in PKCS#12 format (.p12 or .pfx).")
        )
    passphrase = password.encode() if password else None
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        raise SigningError(_("The password of the signing certificate is wrong.")) from None
    if key is None or cert is None:
        raise SigningError(
            _(
                "The file holds no private key with its certificate: export the signing "
                "certificate together with its private key."
            )
        )

    def spki(public_key) -> bytes:
        return public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    if spki(key.public_key()) != spki(cert.public_key()):
        raise SigningError(_("The private key in the file does not match its certificate."))
    valid_from, valid_to = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now < valid_from:
        raise SigningError(
            _("The signing certificate is not valid yet: it is valid from %(day)s.")
            % {"day": _day(valid_from)}
        )
    if now > valid_to:
        raise SigningError(
            _("The signing certificate expired on %(day)s.") % {"day": _day(valid_to)}
        )
    _signer(data, passphrase)  # pyHanko must be able to sign with it too
    return CertificateFacts(
        common_name=_name(cert.subject)[:300],
        issuer_name=_name(cert.issuer)[:300],
        serial_number=format(cert.serial_number, "X")[:100],
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        valid_from=valid_from,
        valid_to=valid_to,
        der=cert.public_bytes(serialization.Encoding.DER),
    )


def _signer(data: bytes, passphrase: bytes | None):
    from pyhanko.sign.signers import SimpleSigner  # noqa: PLC0415 (heavy library, loaded on first use)

    try:
        return SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase)
    except Exception:  # pyHanko wraps the key types it does not support
        raise SigningError(
            _("This signing certificate uses a key type that cannot sign PDF documents.")
        ) from None


# --- signing ------------------------------------------------------------------------------


def sign_pdf(pdf: bytes, certificate) -> bytes:
    """``pdf`` with an invisible PAdES signature made with ``certificate`` (a
    :class:`accounts.models.SigningCertificate`)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415 (heavy library, loaded on first use)
    from pyhanko.sign import fields, signers  # noqa: PLC0415 (heavy library, loaded on first use)

    password = decrypt(certificate.password)
    signer = _signer(decrypt(certificate.pkcs12), password or None)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=certificate.common_name,
    )
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


@registry.pdf_signer  # learnsociety.documents signs what it issues with it
def sign_issued_pdf(pdf: bytes, *, issuer_id: int | None) -> bytes:
    """Sign a decision's or certificate's PDF for its issuer if that organisation has an
    active certificate valid now; otherwise the PDF as it is. A certificate that cannot
    be used any more (the secret key changed) is logged and the PDF goes out unsigned,
    which the verification page then says."""
    if issuer_id is None:
        return pdf
    from .selectors import signing_certificate_for  # noqa: PLC0415 (import cycle)

    certificate = signing_certificate_for(issuer_id)
    if certificate is None:
        return pdf
    try:
        return sign_pdf(pdf, certificate)
    except Exception:
        logger.exception("signing: the certificate of organisation %s could not sign", issuer_id)
        return pdf


# --- checking -----------------------------------------------------------------------------

VALID, INVALID, UNSIGNED = "valid", "invalid", "unsigned"


@dataclass(frozen=True)
class SignatureCheck:
    state: str
    signer: str = ""

    @property
    def is_valid(self) -> bool:
        return self.state == VALID


def check_signature(pdf: bytes | None, *, issuer_id: int | None) -> SignatureCheck:
    """Whether ``pdf`` carries a signature that is intact and made with a certificate
    ``issuer_id`` uploaded (the active one or an earlier one)."""
    if not pdf:
        return SignatureCheck(UNSIGNED)
    from asn1crypto import x509  # noqa: PLC0415 (heavy library, loaded on first use)
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 (heavy library, loaded on first use)
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415 (heavy library, loaded on first use)
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415 (heavy library, loaded on first use)

    from .models import SigningCertificate  # noqa: PLC0415 (import cycle)

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:
        logger.warning("signing: a PDF could not be read to check its signature")
        return SignatureCheck(INVALID)
    if not signatures:
        return SignatureCheck(UNSIGNED)
    certificates = (
        SigningCertificate.objects.filter(organisation_id=issuer_id).values_list(
            "certificate", flat=True
        )
        if issuer_id is not None
        else []
    )
    roots = [x509.Certificate.load(bytes(der)) for der in certificates]
    signer = ""
    try:
        signer_cert = signatures[0].signer_cert
        signer = (
            signer_cert.subject.native.get("common_name", "") or signer_cert.subject.human_friendly
        )
        if not roots:
            return SignatureCheck(INVALID, signer)
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        valid = all(validate_pdf_signature(s, context).bottom_line for s in signatures)
    except Exception:
        logger.warning("signing: a PDF's signature could not be validated", exc_info=True)
        return SignatureCheck(INVALID, signer)
    return SignatureCheck(VALID if valid else INVALID, signer)
