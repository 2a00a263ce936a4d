"""The recognition decision written by the app (Decree 30/2020/NĐ-CP): PDF, DOCX, preview."""

from datetime import date

import pytest

from accounts.enums import Role
from learnsociety.documents import decision_number
from tests.documents import docx_text, english_words, flat, pdf_text
from tests.factories.accounts import DocumentTemplateFactory, SchoolFactory, user_with_role
from tests.factories.units import SchoolProfileFactory
from units.models import CertificateBundle, Recognition, RecognitionDecision
from units.services import state_number

pytestmark = pytest.mark.django_db

COMMITTEE_TEMPLATE = {
    "governing_body": "",
    "issuing_body": "ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA",
    "code": "UBND",
    "deciding_authority": "ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA",
    "signer_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_title": "CHỦ TỊCH",
    "giver_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA",
}


@pytest.fixture
def decided(setting):
    """Decision 45 of 5 January 2026 recognising three schools at Level 1 or Level 2."""
    cycle = setting["cycle"]
    DocumentTemplateFactory(organisation=cycle.authority, **COMMITTEE_TEMPLATE)
    decision = RecognitionDecision.objects.create(
        cycle=cycle,
        authority=cycle.authority,
        number="45",
        decided_on=date(2026, 1, 5),
        signer="Lò Văn Hùng",
        created_by=setting["staff"],
    )
    outcomes = {o.code: o for o in cycle.framework.outcomes.all()}
    names = [
        ("Trường Mầm non Hoa Ban", "level2"),
        ("Trường THCS Chiềng Lề", "level1"),
        ("Trường Tiểu học Tô Hiệu", "level1"),
    ]
    for index, (name, level) in enumerate(names):
        school = SchoolProfileFactory(organisation=SchoolFactory(name=name))
        Recognition.objects.create(
            school=school,
            year=2025,
            framework=cycle.framework,
            outcome=outcomes[level],
            cycle=cycle,
            decision=decision,
            decision_number="45",
            decision_date=date(2026, 1, 5),
            certificate_code=f"LU-TEST{index:06d}",
        )
    return {**setting, "decision": decision}


def test_recognition_decision_pdf_has_the_decree_30_parts(client, decided):
    client.force_login(decided["staff"])

    response = client.get(f"/units/decisions/{decided['decision'].pk}/decision.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 45/QĐ-UBND" in text
    assert "Sơn La, ngày 05 tháng 01 năm 2026" in text
    assert "QUYẾT ĐỊNH Về việc công nhận “Đơn vị học tập” năm 2025" in text
    assert "Căn cứ Thông tư 24/2023/TT-BGDĐT;" in text
    assert "Điều 1. Công nhận 3 đơn vị đạt danh hiệu “Đơn vị học tập” năm 2025" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "CHỦ TỊCH" in text
    assert "Lò Văn Hùng" in text
    assert "Nơi nhận:" in text
    assert "- Như Điều 3;" in text
    assert "- Lưu: VT." in text
    assert "(Kèm theo Quyết định số 45/QĐ-UBND ngày 05 tháng 01 năm 2026)" in text
    schools = Recognition.objects.filter(decision=decided["decision"]).order_by(
        "school__organisation__name"
    )
    rows = [
        f"{i} {r.school.organisation.name} {r.school.organisation.area.name} {r.outcome.name_vi}"
        for i, r in enumerate(schools, start=1)
    ]
    assert (
        rows[0] == f"1 Trường Mầm non Hoa Ban {schools[0].school.organisation.area.name} Mức độ 2"
    )
    for row in rows:
        assert row in text
    assert english_words(text) == set()


def test_recognition_decision_docx_is_editable_and_says_the_same(client, decided):
    client.force_login(decided["staff"])

    response = client.get(f"/units/decisions/{decided['decision'].pk}/decision.docx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="quyet-dinh-{decided["decision"].pk}.docx"'
    )
    text = docx_text(response.content)
    assert text.splitlines()[0] == "ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in text
    assert "Số: 45/QĐ-UBND" in text
    assert "Sơn La, ngày 05 tháng 01 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in text
    assert "1 | Trường Mầm non Hoa Ban" in text
    assert text.count("Mức độ 1") == 2
    assert english_words(text) == set()


def test_recognition_decision_preview_shows_the_document_with_downloads(client, decided):
    reviewer = user_with_role(Role.TIER_REVIEWER)
    client.force_login(reviewer)
    pk = decided["decision"].pk

    response = client.get(f"/units/decisions/{pk}/decision/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Số: 45/QĐ-UBND" in page
    assert f'href="/units/decisions/{pk}/decision.pdf"' in page
    assert f'href="/units/decisions/{pk}/decision.docx"' in page


def test_outsiders_get_404_for_the_decision_document(client, decided):
    client.force_login(decided["principal"])
    pk = decided["decision"].pk

    for url in (
        f"/units/decisions/{pk}/decision/",
        f"/units/decisions/{pk}/decision.pdf",
        f"/units/decisions/{pk}/decision.docx",
    ):
        assert client.get(url).status_code == 404


def test_authority_without_template_gets_a_clear_message_and_no_file(client, setting):
    cycle = setting["cycle"]
    decision = RecognitionDecision.objects.create(
        cycle=cycle,
        authority=cycle.authority,
        number="46",
        decided_on=date(2026, 1, 6),
        signer="Lò Văn Hùng",
        created_by=setting["staff"],
    )
    client.force_login(setting["staff"])

    response = client.get(f"/units/decisions/{decision.pk}/decision.pdf")

    assert response.status_code == 409
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.context["message"] == (
        f"{cycle.authority.name} chưa có mẫu văn bản: quản trị viên cần đặt mã văn bản, phần "
        "đầu và người ký tại mục Mẫu văn bản."
    )


@pytest.mark.parametrize(
    ("site_url", "host", "expected"),
    [
        ("", "127.0.0.1:8123", "http://127.0.0.1:8123/verify/LU-TEST000000/"),
        ("https://ls.example.vn", "127.0.0.1:8123", "https://ls.example.vn/verify/LU-TEST000000/"),
    ],
)
def test_certificate_qr_link_uses_site_url_or_the_requests_address(
    client, decided, settings, site_url, host, expected
):
    settings.SITE_URL = site_url
    recognition = Recognition.objects.get(certificate_code="LU-TEST000000")
    client.force_login(decided["staff"])

    response = client.get(f"/units/recognitions/{recognition.pk}/certificate.pdf", HTTP_HOST=host)

    assert response.status_code == 200
    assert expected in flat(pdf_text(response.content))


def test_learning_unit_certificate_in_its_conventional_form(client, decided):
    recognition = Recognition.objects.get(certificate_code="LU-TEST000000")
    client.force_login(decided["staff"])

    response = client.get(f"/units/recognitions/{recognition.pk}/certificate.pdf")

    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    area = recognition.school.organisation.area.name
    assert text.startswith(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ SƠN LA CẤP GIẤY CÔNG NHẬN "
        f"Trường Mầm non Hoa Ban {area} Đạt danh hiệu “Đơn vị học tập” năm 2025 Mức độ 2"
    )
    assert "Quyết định số 45/QĐ-UBND ngày 05 tháng 01 năm 2026" in text
    assert "Sơn La, ngày 05 tháng 01 năm 2026 TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    assert text.endswith("Lò Văn Hùng")
    assert "Mã xác thực: LU-TEST000000" in text
    assert "Người ký" not in text
    assert english_words(text) == set()


def test_all_certificates_of_a_decision_in_one_pdf_made_in_the_background(
    client, decided, django_capture_on_commit_callbacks
):
    decision = decided["decision"]
    client.force_login(decided["staff"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/units/decisions/{decision.pk}/certificates/")

    assert response.status_code == 302
    # The job went through the outbox on commit (and its PDF file was kept on the job's
    # own commit): nothing is left waiting.
    from learnsociety.models import DeferredTask

    assert callbacks
    assert not DeferredTask.objects.exists()
    bundle = CertificateBundle.objects.get(decision=decision)
    assert (bundle.total, bundle.done, bundle.running, bundle.error) == (3, 3, False, "")
    fragment = client.get(f"/units/decisions/{decision.pk}/certificates/progress/")
    assert 'data-testid="bundle-download"' in fragment.content.decode()
    download = client.get(f"/units/decisions/{decision.pk}/certificates.pdf")
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    text = pdf_text(pdf)
    pages = [flat(page) for page in text.split("\f") if page.strip()]
    assert [page.split(" CẤP GIẤY CÔNG NHẬN ")[1].split(" Đạt danh hiệu")[0] for page in pages] == [
        f"Trường Mầm non Hoa Ban {_area('Trường Mầm non Hoa Ban')}",
        f"Trường THCS Chiềng Lề {_area('Trường THCS Chiềng Lề')}",
        f"Trường Tiểu học Tô Hiệu {_area('Trường Tiểu học Tô Hiệu')}",
    ]


def _area(name: str) -> str:
    return Recognition.objects.get(school__organisation__name=name).school.organisation.area.name


def test_bundle_is_refused_with_a_reason_when_the_authority_has_no_template(client, setting):
    cycle = setting["cycle"]
    decision = RecognitionDecision.objects.create(
        cycle=cycle,
        authority=cycle.authority,
        number="47",
        decided_on=date(2026, 1, 6),
        signer="Lò Văn Hùng",
        created_by=setting["staff"],
    )
    client.force_login(setting["staff"])

    response = client.post(f"/units/decisions/{decision.pk}/certificates/", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"{cycle.authority.name} chưa có mẫu văn bản: quản trị viên cần đặt mã văn bản, phần "
        "đầu và người ký tại mục Mẫu văn bản."
    ]
    assert CertificateBundle.objects.count() == 0
    assert client.get(f"/units/decisions/{decision.pk}/certificates.pdf").status_code == 404


def test_only_the_authority_starts_a_bundle(client, decided):
    reviewer = user_with_role(Role.TIER_REVIEWER)
    client.force_login(reviewer)

    response = client.post(f"/units/decisions/{decided['decision'].pk}/certificates/")

    assert response.status_code == 404
    assert CertificateBundle.objects.count() == 0


def test_decision_numbers_follow_the_state_format(decided):
    authority = decided["decision"].authority
    # a number typed alone takes the authority's code; one typed in full stays as signed
    assert state_number(" 45 ", authority) == "45/QĐ-UBND"
    assert state_number("45/QĐ-UBND", authority) == "45/QĐ-UBND"
    assert state_number("7", SchoolFactory()) == "7"
    assert decision_number("45/QĐ-UBND", "SGDĐT") == "45/QĐ-UBND"
    assert decision_number("045", "SGDĐT") == "45/QĐ-SGDĐT"
    assert decision_number("12/BC-SGDĐT", "SGDĐT", "BC") == "12/BC-SGDĐT"
