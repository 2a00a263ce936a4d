"""Pages and permissions: owner / colleague / outsider for every object view, bad input
through the forms, htmx preview, files, certificates and public verification."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import Role
from learnsociety.concurrency import version_of
from tests.factories.accounts import DocumentTemplateFactory, OrganisationFactory, user_with_role
from tests.factories.units import SchoolProfileFactory
from units import services
from units.models import CriterionResult, Evidence, SelfAssessment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _form_data(assessment, *, share=38, total=40, skip=()):
    data = {"action": "save", "version": version_of(assessment)}
    for result in assessment.results.select_related("criterion"):
        c = result.criterion
        if c.code in skip:
            continue
        key = f"c{c.id}"
        if c.kind == "yes_no":
            data[f"{key}-answer"] = "yes" if c.is_required else "no"
        else:
            data[f"{key}-numerator"], data[f"{key}-denominator"] = str(share), str(total)
        data[f"{key}-justification"] = f"Giải trình {c.code}"
    return data


@pytest.fixture
def people(filled):
    """owner = the school's principal, colleague = a principal of another school in the
    same area, outsider = the reviewer of another area."""
    school = filled["school"]
    other = SchoolProfileFactory(organisation__area=school.organisation.area)
    colleague = user_with_role(Role.PRINCIPAL, other.organisation)
    outsider = user_with_role(Role.TIER_REVIEWER, OrganisationFactory(kind="education_office"))
    return {**filled, "colleague": colleague, "outsider": outsider}


@pytest.mark.parametrize(
    ("who", "detail", "edit", "review"),
    [
        ("principal", 200, 200, 404),
        ("reviewer", 200, 302, 302),
        ("staff", 200, 302, 404),
        ("colleague", 404, 404, 404),
        ("outsider", 404, 404, 404),
    ],
)
def test_assessment_pages_per_person(client, people, who, detail, edit, review):
    assessment = people["assessment"]
    client.force_login(people[who])
    assert client.get(f"/units/assessments/{assessment.pk}/").status_code == detail
    assert client.get(f"/units/assessments/{assessment.pk}/edit/").status_code == edit
    # Not submitted yet: the reviewer is sent back to the dossier, others get 404.
    assert client.get(f"/units/assessments/{assessment.pk}/review/").status_code == review


def test_outsiders_cannot_download_evidence_or_documents(client, people):
    assessment = people["assessment"]
    evidence = services.evidence_add(
        assessment=assessment,
        by=people["principal"],
        title="Kế hoạch",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF),
        results=list(assessment.results.all()[:2]),
    )
    client.force_login(people["colleague"])
    assert client.get(f"/units/evidence/{evidence.pk}/").status_code == 404
    assert client.get(f"/units/assessments/{assessment.pk}/documents/request/").status_code == 404
    client.force_login(people["principal"])
    response = client.get(f"/units/evidence/{evidence.pk}/")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert evidence.results.count() == 2


def test_save_draft_with_invalid_counts_shows_errors_and_saves_nothing(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _form_data(assessment)
    c21 = assessment.results.get(criterion__code="2.1").criterion
    data[f"c{c21.id}-numerator"] = "45"
    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Số đạt (45) không thể lớn hơn tổng số (40)." in content
    assert 'value="45"' in content  # what was typed is shown again
    assert CriterionResult.objects.get(assessment=assessment, criterion=c21).numerator == 38


def test_submit_from_the_form_lists_blank_criteria_and_keeps_the_draft(client, setting):
    assessment = services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    client.force_login(setting["principal"])
    data = _form_data(assessment, skip=("1.2", "2.2"))
    data["action"] = "submit"
    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Các tiêu chí bắt buộc sau chưa được nhập: 1.2, 2.2." in messages
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert assessment.results.get(criterion__code="3.1").numerator == 38


def test_submit_then_edit_is_refused(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _form_data(assessment)
    data["action"] = "submit"
    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Không thể sửa bản tự đánh giá này nữa: hồ sơ đã được nộp."
    )


def test_preview_returns_the_outcome_of_the_typed_values(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _form_data(assessment, share=30)
    response = client.post(
        f"/units/assessments/{assessment.pk}/preview/", data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.context["outcome"].code == ""
    assert response.context["outcome"].unmet == {"level1": ["2.1", "2.2", "3.1"]}
    data = _form_data(assessment, share=40)
    response = client.post(f"/units/assessments/{assessment.pk}/preview/", data)
    assert response.context["outcome"].code == "level1"
    assert response.context["errors"] == []
    # Nothing was saved by the preview.
    assert assessment.results.get(criterion__code="2.1").numerator == 38


def test_forbidden_evidence_file_is_refused_with_a_message(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    result = assessment.results.first()
    response = client.post(
        f"/units/assessments/{assessment.pk}/evidence/",
        {
            "title": "Tệp lạ",
            "file": SimpleUploadedFile("tep.exe", b"MZ\x90\x00"),
            "results": [result.pk],
        },
    )
    assert response.status_code == 400
    assert "Không chấp nhận loại tệp này" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_too_large_evidence_is_refused(client, filled, settings):
    settings.UPLOAD_MAX_MB = 1
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024 + 10))
    response = client.post(
        f"/units/assessments/{assessment.pk}/evidence/",
        {"title": "Lớn", "file": big, "results": [assessment.results.first().pk]},
    )
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_review_change_without_reason_is_refused_in_the_form(client, filled):
    assessment = filled["assessment"]
    services.assessment_submit(assessment=assessment, by=filled["principal"])
    client.force_login(filled["reviewer"])
    page = client.get(f"/units/assessments/{assessment.pk}/review/")
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    c31 = assessment.results.get(criterion__code="3.1").criterion
    data[f"v{c31.id}-numerator"] = "20"
    data["action"] = "verify"
    response = client.post(f"/units/assessments/{assessment.pk}/review/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nêu lý do điều chỉnh kết quả của trường." in text
    # The banner names the criterion and links to it (the form is thousands of pixels long).
    assert "Chưa lưu được kết quả thẩm định: hãy sửa các tiêu chí 3.1 (đánh dấu đỏ)." in text
    assert f'href="#review-{c31.pk}"' in text
    assert f'id="review-{c31.pk}"' in text
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    data[f"v{c31.id}-reason"] = "Chỉ 20 người có danh hiệu."
    response = client.post(f"/units/assessments/{assessment.pk}/review/", data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.verified_outcome) == ("verified", "")


def test_second_start_from_the_home_page_shows_the_message(client, filled):
    client.force_login(filled["principal"])
    response = client.post(
        f"/units/cycles/{filled['cycle'].pk}/start/", {"school": filled["school"].pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Trường đã có bản tự đánh giá cho đợt này: hãy mở bản đó."
    ]
    assert SelfAssessment.objects.count() == 1


def test_decision_page_records_and_certificate_verifies(client, filled):
    assessment = filled["assessment"]
    services.assessment_submit(assessment=assessment, by=filled["principal"])
    services.assessment_verify(assessment=assessment, by=filled["reviewer"])
    # the certificate names its giver from the authority's document template
    DocumentTemplateFactory(organisation=filled["cycle"].authority, code="UBND")
    client.force_login(filled["staff"])
    response = client.post(
        f"/units/cycles/{filled['cycle'].pk}/decide/",
        {
            "number": "7/QĐ-UBND",
            "decided_on": "2026-02-20",
            "signer": "Lò Văn Hùng",
            f"a{assessment.pk}": "on",
            f"o{assessment.pk}": "level1",
        },
    )
    assert response.status_code == 302
    recognition = assessment.school.recognitions.get()
    pdf = client.get(f"/units/recognitions/{recognition.pk}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    client.logout()
    page = client.get(f"/verify/{recognition.certificate_code}/")
    assert page.status_code == 200
    fields = dict(page.context["certificate"]["fields"])
    assert fields["Trường học"] == assessment.school.organisation.name
    assert fields["Mức độ hoặc xếp loại"] == "Mức độ 1"
    assert fields["Quyết định"] == "7/QĐ-UBND"
    assert client.get("/verify/LU-NOTAREALONE/").status_code == 404


def test_summary_pdf_is_generated(client, filled):
    client.force_login(filled["principal"])
    response = client.get(f"/units/assessments/{filled['assessment'].pk}/summary.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_home_panel_shows_deadline_and_missing_items(client, setting):
    services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    client.force_login(setting["principal"])
    response = client.get("/")
    panel = next(p for p in response.context["panels"] if p["template"].startswith("units/"))
    item = panel["principal_items"][0]
    assert item["cycle"] == setting["cycle"]
    assert item["days_left"] == (date(2026, 1, 15) - date(2025, 12, 1)).days
    assert item["missing"]["blank"] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "3.1",
        "3.3",
        "3.4",
    ]
    assert "Hạn nộp hồ sơ" in response.content.decode()


def test_lists_are_404_for_principals(client, setting):
    client.force_login(setting["principal"])
    for url in (
        "/units/review/",
        "/units/schools/",
        "/units/coverage/",
        "/units/cycles/",
        "/units/schools/import/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["reviewer", "staff"])
def test_lists_open_for_reviewers_and_staff(client, setting, who):
    client.force_login(setting[who])
    for url in (
        "/units/review/",
        "/units/schools/",
        "/units/coverage/",
        "/units/cycles/",
        "/units/frameworks/",
    ):
        assert client.get(url).status_code == 200, url


def test_coverage_counts_earlier_cycles_in_the_area_of_the_time(client, setting):
    from tests.factories.accounts import AreaFactory
    from units.models import SchoolAreaHistory

    school = setting["school"]
    old_district = AreaFactory(name="Huyện Cũ")
    SchoolAreaHistory.objects.create(
        school=school, area=old_district, valid_from=date(2020, 1, 1), valid_to=date(2025, 6, 30)
    )
    SchoolAreaHistory.objects.create(
        school=school, area=school.organisation.area, valid_from=date(2025, 7, 1)
    )
    from tests.factories.units import CycleFactory

    CycleFactory(year=2024, state="closed")
    client.force_login(setting["staff"])
    areas_2024 = [r["area"] for r in client.get("/units/coverage/?year=2024").context["rows"]]
    areas_2025 = [r["area"] for r in client.get("/units/coverage/?year=2025").context["rows"]]
    assert areas_2024 == ["Huyện Cũ"]
    assert areas_2025 == [school.organisation.area.name]


def test_used_framework_is_read_only_in_the_administration(client, setting):
    from accounts.models import User
    from tests.factories.units import framework

    admin = User.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    used, unused = framework("TT24-2023"), framework("TT22-2020")
    response = client.post(f"/admin/units/framework/{used.pk}/change/", {"name_vi": "Đổi"})
    assert response.status_code == 403
    used.refresh_from_db()
    assert used.name_vi == "Tiêu chí đơn vị học tập theo Thông tư 24/2023/TT-BGDĐT"
    assert client.get(f"/admin/units/framework/{unused.pk}/change/").status_code == 200


def test_cycle_form_defaults_the_deadline_to_15_january(client, setting):
    from tests.factories.units import framework
    from units.models import Cycle

    client.force_login(setting["staff"])
    response = client.post(
        "/units/cycles/new/",
        {
            "year": 2026,
            "tier": "provincial",
            "framework": framework().pk,
            "opens_on": "2026-01-01",
            "submission_deadline": "",
            "review_deadline": "2027-02-28",
            "authority": setting["cycle"].authority.pk,
            "state": "upcoming",
        },
    )
    assert response.status_code == 302
    assert Cycle.objects.get(year=2026).submission_deadline == date(2027, 1, 15)


def test_not_recognised_is_recorded_with_a_reason(client, filled):
    assessment = filled["assessment"]
    services.assessment_submit(assessment=assessment, by=filled["principal"])
    services.assessment_verify(assessment=assessment, by=filled["reviewer"])
    client.force_login(filled["staff"])
    response = client.post(
        f"/units/assessments/{assessment.pk}/not-recognised/", {"comment": ""}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Hãy nêu lý do không công nhận trường."
    ]
    client.post(
        f"/units/assessments/{assessment.pk}/not-recognised/", {"comment": "Thiếu minh chứng."}
    )
    assessment.refresh_from_db()
    assert assessment.status == "not_recognised"


@pytest.mark.parametrize(
    ("who", "target"),
    [("reviewer", "/units/review/"), ("staff", "/units/review/"), ("principal", "/#units-panel")],
)
def test_units_index_sends_each_role_to_its_starting_page(client, setting, who, target):
    client.force_login(setting[who])
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"] == target


def test_units_index_sends_an_officer_to_the_schools(client, setting):
    from accounts.enums import Role
    from tests.factories.accounts import user_with_role

    client.force_login(user_with_role(Role.ASSOCIATION_OFFICER))
    response = client.get("/units/")
    assert (response.status_code, response["Location"]) == (302, "/units/schools/")


def test_result_values_use_the_languages_decimal_separator():
    from decimal import Decimal
    from types import SimpleNamespace

    from django.utils import translation

    from units.templatetags.units_tags import result_value

    threshold = SimpleNamespace(
        criterion=SimpleNamespace(kind="threshold"), numerator=55, denominator=61
    )
    points = SimpleNamespace(
        criterion=SimpleNamespace(kind="points", max_points=Decimal("10")), points=Decimal("7.5")
    )
    with translation.override("vi"):
        assert result_value(threshold, percent=Decimal("90.2")) == "55 / 61 (90,2%)"
        assert result_value(points) == "7,5 / 10"
    with translation.override("en"):
        assert result_value(threshold, percent=Decimal("90.2")) == "55 / 61 (90.2%)"
