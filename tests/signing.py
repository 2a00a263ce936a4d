"""Throw-away signing certificates for tests, and pyHanko's own check of a signed PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

SIGNER = "Sở Giáo dục và Đào tạo tỉnh Sơn La"
PASSWORD = "mat-khau-ky-so"


def make_pkcs12(
    *,
    common_name: str = SIGNER,
    password: str = PASSWORD,
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
    with_key: bool = True,
):
    """(PKCS#12 bytes, the certificate as cryptography's object): a self-signed
    certificate and its key, valid from yesterday for a year unless told otherwise."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - timedelta(days=1))
        .not_valid_after(valid_to or now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(
        b"ky-so", key if with_key else None, cert, None, encryption
    )
    return data, cert


def pyhanko_status(pdf: bytes, cert):
    """pyHanko's verdict on the PDF's one signature, trusting ``cert`` only."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return validate_pdf_signature(signatures[0], context)


def signature_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return len(PdfFileReader(io.BytesIO(pdf)).embedded_signatures)
