"""Commendation decisions and certificates are signed for an issuer that has a signing
certificate; the verification page checks the stored certificate's signature."""

import pytest

from accounts.enums import Role
from accounts.models import SigningCertificate
from accounts.services import signing_certificate_upload
from awards import services
from tests.factories.accounts import user_with_role
from tests.signing import PASSWORD, make_pkcs12, pyhanko_status, signature_count

from .test_decision_documents import decision  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SIGNER = "Hội Khuyến học tỉnh Sơn La"


@pytest.fixture
def signed_by(world):
    data, cert = make_pkcs12(common_name=SIGNER)
    signing_certificate_upload(
        organisation=world["association"],
        by=user_with_role(Role.ADMINISTRATOR),
        content=data,
        password=PASSWORD,
    )
    return cert


def test_commendation_decision_pdf_is_signed(client, world, decision, signed_by):  # noqa: F811
    client.force_login(world["manager"])

    response = client.get(f"/awards/decisions/{decision.pk}/decision.pdf")

    assert response.status_code == 200
    status = pyhanko_status(response.content, signed_by)
    assert (status.bottom_line, status.signing_cert.subject.native["common_name"]) == (
        True,
        SIGNER,
    )


def test_stored_certificate_is_signed_and_verified(client, world, decision, signed_by):  # noqa: F811
    commendation = decision.commendations.order_by("pk").first()
    services.commendation_certificate(commendation=commendation)
    commendation.refresh_from_db()
    with commendation.certificate.open("rb") as handle:
        assert pyhanko_status(handle.read(), signed_by).bottom_line is True

    page = client.get(f"/verify/{commendation.code}/")

    assert page.status_code == 200
    assert page.context["signature"] == {"state": "valid", "signer": SIGNER}
    assert f"Chữ ký số: hợp lệ — ký bởi {SIGNER}" in page.content.decode()


def test_a_certificate_signed_before_its_key_was_replaced_still_verifies(
    client,
    world,
    decision,  # noqa: F811
    signed_by,
):
    commendation = decision.commendations.order_by("pk").first()
    services.commendation_certificate(commendation=commendation)
    data, _cert = make_pkcs12(common_name="Chứng thư mới")
    signing_certificate_upload(
        organisation=world["association"],
        by=user_with_role(Role.ADMINISTRATOR),
        content=data,
        password=PASSWORD,
    )
    assert SigningCertificate.objects.filter(active=True).get().common_name == "Chứng thư mới"

    page = client.get(f"/verify/{commendation.code}/")

    assert page.context["signature"] == {"state": "valid", "signer": SIGNER}


def test_without_a_certificate_nothing_is_signed(client, world, decision):  # noqa: F811
    commendation = decision.commendations.order_by("pk").first()
    services.commendation_certificate(commendation=commendation)
    commendation.refresh_from_db()
    with commendation.certificate.open("rb") as handle:
        assert signature_count(handle.read()) == 0
    client.force_login(world["manager"])
    assert signature_count(client.get(f"/awards/decisions/{decision.pk}/decision.pdf").content) == 0

    page = client.get(f"/verify/{commendation.code}/")

    assert page.context["signature"] == {"state": "unsigned", "signer": ""}
