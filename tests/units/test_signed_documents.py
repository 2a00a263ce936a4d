"""Recognition decisions and Learning Unit certificates are signed for an authority that has
a signing certificate, and the public verification page says who signed."""

import pytest

from accounts.enums import Role
from accounts.services import signing_certificate_upload
from tests.factories.accounts import user_with_role
from tests.signing import PASSWORD, make_pkcs12, pyhanko_status, signature_count
from units.models import Recognition

from .test_decision_documents import decided  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SIGNER = "UBND thành phố Sơn La"


@pytest.fixture
def signed_by(decided):  # noqa: F811 (the fixture imported above)
    """The recognising authority's throw-away certificate, uploaded by an administrator."""
    data, cert = make_pkcs12(common_name=SIGNER)
    signing_certificate_upload(
        organisation=decided["cycle"].authority,
        by=user_with_role(Role.ADMINISTRATOR),
        content=data,
        password=PASSWORD,
    )
    return cert


def test_decision_pdf_is_signed_and_validates_with_pyhanko(client, decided, signed_by):  # noqa: F811
    client.force_login(decided["staff"])

    response = client.get(f"/units/decisions/{decided['decision'].pk}/decision.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    status = pyhanko_status(response.content, signed_by)
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
        True,
        True,
        True,
        True,
    )
    assert status.signing_cert.subject.native["common_name"] == SIGNER


def test_docx_is_never_signed(client, decided, signed_by):  # noqa: F811
    client.force_login(decided["staff"])

    response = client.get(f"/units/decisions/{decided['decision'].pk}/decision.docx")

    assert response.status_code == 200
    assert response.content.startswith(b"PK\x03\x04")


def test_without_a_certificate_the_pdf_is_unsigned_as_before(client, decided):  # noqa: F811
    client.force_login(decided["staff"])

    response = client.get(f"/units/decisions/{decided['decision'].pk}/decision.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert signature_count(response.content) == 0


def test_certificate_pdf_is_signed_and_the_verify_page_names_the_signer(
    client,
    decided,  # noqa: F811
    signed_by,
):
    recognition = Recognition.objects.get(certificate_code="LU-TEST000000")
    client.force_login(decided["staff"])
    pdf = client.get(f"/units/recognitions/{recognition.pk}/certificate.pdf")
    assert pyhanko_status(pdf.content, signed_by).bottom_line is True
    client.logout()

    page = client.get("/verify/LU-TEST000000/")

    assert page.status_code == 200
    assert page.context["signature"] == {"state": "valid", "signer": SIGNER}
    html = page.content.decode()
    assert f"Chữ ký số: hợp lệ — ký bởi {SIGNER}" in html
    assert "chứng thư số mà cơ quan ban hành đã đăng ký trên hệ thống này" in html


def test_verify_page_says_not_signed_without_a_certificate(client, decided):  # noqa: F811
    page = client.get("/verify/LU-TEST000000/")

    assert page.status_code == 200
    assert page.context["signature"] == {"state": "unsigned", "signer": ""}
    assert "Chữ ký số: chưa ký" in page.content.decode()
