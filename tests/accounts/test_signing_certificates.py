"""Organisations' signing certificates: uploaded by administrators as PKCS#12, checked
before anything is saved, kept encrypted, replaced and removed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import signing
from accounts.enums import OrganisationKind, Role
from accounts.models import SigningCertificate
from accounts.selectors import signing_certificate_for
from tests.factories.accounts import OrganisationFactory, user_with_role
from tests.signing import PASSWORD, SIGNER, make_pkcs12, pyhanko_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMINISTRATOR)


@pytest.fixture
def doet(db):
    return OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="Sở GD&ĐT Sơn La")


def upload(client, organisation, data: bytes, password: str = PASSWORD, name="so-gddt.p12"):
    return client.post(
        f"/accounts/signing-certificates/{organisation.pk}/",
        {"file": SimpleUploadedFile(name, data, "application/x-pkcs12"), "password": password},
    )


def errors(response) -> list[str]:
    return response.context["form"].non_field_errors() + response.context["form"].errors.get(
        "file", []
    )


def test_admin_uploads_a_certificate_kept_encrypted(client, admin, doet):
    data, cert = make_pkcs12()
    client.force_login(admin)

    response = upload(client, doet, data)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/signing-certificates/{doet.pk}/"
    saved = SigningCertificate.objects.get()
    assert (saved.organisation, saved.common_name, saved.active, saved.uploaded_by) == (
        doet,
        SIGNER,
        True,
        admin,
    )
    assert (saved.valid_from, saved.valid_to) == (
        cert.not_valid_before_utc,
        cert.not_valid_after_utc,
    )
    assert data not in bytes(saved.pkcs12)
    assert PASSWORD.encode() not in bytes(saved.password)
    assert signing.decrypt(saved.pkcs12) == data
    assert signing.decrypt(saved.password) == PASSWORD.encode()
    page = client.get(f"/accounts/signing-certificates/{doet.pk}/")
    assert page.context["active"] == saved
    assert SIGNER in page.content.decode()
    listing = client.get("/accounts/signing-certificates/")
    assert list(listing.context["page_obj"].object_list) == [saved]


def test_a_wrong_password_is_refused_with_a_message_and_nothing_saved(client, admin, doet):
    data, _cert = make_pkcs12()
    client.force_login(admin)

    response = upload(client, doet, data, password="sai-mat-khau")

    assert response.status_code == 400
    assert errors(response) == ["Mật khẩu của chứng thư số không đúng."]
    assert SigningCertificate.objects.count() == 0


def test_an_expired_certificate_is_refused(client, admin, doet):
    data, _cert = make_pkcs12(
        valid_from=datetime(2024, 1, 1, tzinfo=UTC), valid_to=datetime(2025, 1, 31, tzinfo=UTC)
    )
    client.force_login(admin)

    response = upload(client, doet, data)

    assert response.status_code == 400
    assert errors(response) == ["Chứng thư số đã hết hạn ngày 31/01/2025."]
    assert SigningCertificate.objects.count() == 0


def test_a_certificate_not_valid_yet_is_refused(client, admin, doet):
    start = datetime.now(UTC) + timedelta(days=10)
    data, _cert = make_pkcs12(valid_from=start, valid_to=start + timedelta(days=365))
    client.force_login(admin)

    response = upload(client, doet, data)

    assert response.status_code == 400
    day = timezone.localtime(start).strftime("%d/%m/%Y")
    assert errors(response) == [f"Chứng thư số chưa có hiệu lực: có hiệu lực từ ngày {day}."]
    assert SigningCertificate.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", b"\x30\x03\x02\x01\x03", b"x" * 10],
)
def test_a_file_that_is_not_pkcs12_is_refused(client, admin, doet, content):
    client.force_login(admin)

    response = upload(client, doet, content, name="quyet-dinh.pfx")

    assert response.status_code == 400
    assert errors(response) == [
        "Tệp này không phải là chứng thư số định dạng PKCS#12 (.p12 hoặc .pfx)."
    ]
    assert SigningCertificate.objects.count() == 0


def test_a_pkcs12_without_its_private_key_is_refused(client, admin, doet):
    data, _cert = make_pkcs12(with_key=False)
    client.force_login(admin)

    response = upload(client, doet, data)

    assert response.status_code == 400
    assert errors(response) == [
        "Tệp không chứa khóa bí mật kèm chứng thư: hãy xuất chứng thư số cùng với khóa bí "
        "mật của nó."
    ]
    assert SigningCertificate.objects.count() == 0


def test_a_new_certificate_replaces_the_old_one_which_loses_its_key(client, admin, doet):
    first, _ = make_pkcs12(common_name="Chứng thư cũ")
    second, _ = make_pkcs12(common_name="Chứng thư mới")
    client.force_login(admin)
    upload(client, doet, first)

    response = upload(client, doet, second)

    assert response.status_code == 302
    rows = list(SigningCertificate.objects.order_by("pk").values_list("common_name", "active"))
    assert rows == [("Chứng thư cũ", False), ("Chứng thư mới", True)]
    old = SigningCertificate.objects.get(common_name="Chứng thư cũ")
    assert (bytes(old.pkcs12), bytes(old.password), old.removed_at is not None) == (
        b"",
        b"",
        True,
    )
    assert signing_certificate_for(doet).common_name == "Chứng thư mới"


def test_removing_the_certificate_stops_signing(client, admin, doet):
    data, _ = make_pkcs12()
    client.force_login(admin)
    upload(client, doet, data)

    response = client.post(f"/accounts/signing-certificates/{doet.pk}/remove/")

    assert response.status_code == 302
    assert signing_certificate_for(doet) is None
    assert SigningCertificate.objects.get().active is False


def test_a_certificate_that_expired_after_upload_signs_nothing(admin, doet):
    from accounts.services import signing_certificate_upload

    data, cert = make_pkcs12()
    signing_certificate_upload(organisation=doet, by=admin, content=data, password=PASSWORD)

    assert signing_certificate_for(doet, at=cert.not_valid_after_utc + timedelta(seconds=1)) is None
    assert signing.sign_issued_pdf(b"%PDF-1.7", issuer_id=None) == b"%PDF-1.7"


def test_sign_pdf_makes_a_signature_pyhanko_validates(admin, doet):
    from weasyprint import HTML

    from accounts.services import signing_certificate_upload

    data, cert = make_pkcs12()
    signing_certificate_upload(organisation=doet, by=admin, content=data, password=PASSWORD)
    pdf = HTML(string="<p>Quyết định</p>").write_pdf()

    signed = signing.sign_issued_pdf(pdf, issuer_id=doet.pk)

    status = pyhanko_status(signed, cert)
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
        True,
        True,
        True,
        True,
    )
    assert status.signing_cert.subject.native["common_name"] == SIGNER
    assert signing.check_signature(signed, issuer_id=doet.pk) == signing.SignatureCheck(
        "valid", SIGNER
    )
    assert signing.check_signature(pdf, issuer_id=doet.pk) == signing.SignatureCheck("unsigned")
    # another organisation's certificate is not a trust anchor for this one's PDFs
    other = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    assert signing.check_signature(signed, issuer_id=other.pk) == signing.SignatureCheck(
        "invalid", SIGNER
    )
    tampered = signed.replace(b"/Producer", b"/Producex", 1)
    assert tampered != signed
    assert signing.check_signature(tampered, issuer_id=doet.pk).state == "invalid"


@pytest.mark.parametrize("role", [Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER])
def test_non_administrators_get_404_and_save_nothing(client, doet, role):
    data, _ = make_pkcs12()
    client.force_login(user_with_role(role))

    assert client.get("/accounts/signing-certificates/").status_code == 404
    assert client.get(f"/accounts/signing-certificates/{doet.pk}/").status_code == 404
    assert upload(client, doet, data).status_code == 404
    assert client.post(f"/accounts/signing-certificates/{doet.pk}/remove/").status_code == 404
    assert SigningCertificate.objects.count() == 0


def test_signing_certificate_list_queries_do_not_grow(client, admin, django_assert_num_queries):
    from accounts.services import signing_certificate_upload

    client.force_login(admin)
    organisations = [OrganisationFactory(kind=OrganisationKind.DEPARTMENT) for _ in range(3)]
    data, _ = make_pkcs12()
    signing_certificate_upload(
        organisation=organisations[0], by=admin, content=data, password=PASSWORD
    )
    client.get("/accounts/signing-certificates/")  # warm the session and role caches
    with CaptureQueriesContext(connection) as first:
        client.get("/accounts/signing-certificates/")
    for organisation in organisations[1:]:
        signing_certificate_upload(
            organisation=organisation, by=admin, content=data, password=PASSWORD
        )
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/accounts/signing-certificates/")
    assert len(response.context["page_obj"].object_list) == 3


def test_stored_secrets_survive_a_secret_key_change_with_the_old_key_as_fallback(settings):
    settings.SECRET_KEY = "o" * 25 + "ld-secret-key-for-the-signing-tests-0123"
    token = signing.encrypt(b"pkcs12")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "n" * 25 + "ew-secret-key-for-the-signing-tests-4567"

    assert signing.decrypt(token) == b"pkcs12"
