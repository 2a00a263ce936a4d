"""Department staff build criteria frameworks in the product's own pages: create or copy a
draft, edit its settings, levels, groups and criteria, check it, preview the school's form
and publish it, after which it is locked."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.enums import Role
from tests.factories.accounts import user_with_role
from tests.factories.units import framework
from units import frameworks as editor
from units.enums import FrameworkStatus
from units.models import Criterion, CriterionRequirement, Framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(setting):
    return setting["staff"]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _create(client, **extra):
    data = {
        "code": "DVHT-NGHE",
        "name_vi": "Tiêu chí đơn vị học tập cho cơ sở giáo dục nghề nghiệp",
        "name_en": "Learning Unit criteria for vocational institutions",
        "kind": "threshold",
        "legal_basis": "Thông tư 24/2023/TT-BGDĐT",
        "valid_from": "2026-01-01",
        "tiers": ["provincial"],
        "education_levels": ["vocational"],
        **extra,
    }
    return client.post("/units/frameworks/new/", data)


def _rows(prefix: str, rows: list[dict]) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


def test_staff_build_and_publish_a_framework_through_the_pages(client, staff):
    client.force_login(staff)
    response = _create(client)
    fw = Framework.objects.get(code="DVHT-NGHE")
    assert response.status_code == 302
    assert response["Location"] == f"/units/frameworks/{fw.pk}/"
    assert (fw.version, fw.status, fw.education_levels) == (1, "draft", ["vocational"])

    # A draft is checked before it can be published.
    page = client.get(f"/units/frameworks/{fw.pk}/")
    assert page.context["problems"] == [
        "Hãy thêm ít nhất một mức độ hoặc xếp loại.",
        "Hãy thêm ít nhất một tiêu chí.",
    ]

    response = client.post(
        f"/units/frameworks/{fw.pk}/levels/",
        _rows(
            "form",
            [
                {"code": "level1", "name_vi": "Mức độ 1", "name_en": "Level 1", "rank": "1"},
                {"code": "level2", "name_vi": "Mức độ 2", "name_en": "Level 2", "rank": "2"},
            ],
        ),
    )
    assert response.status_code == 302
    assert list(fw.outcomes.order_by("rank").values_list("code", flat=True)) == [
        "level1",
        "level2",
    ]
    response = client.post(
        f"/units/frameworks/{fw.pk}/groups/",
        _rows("form", [{"number": "1", "name_vi": "Tác động", "name_en": "Effects"}]),
    )
    assert response.status_code == 302
    group = fw.groups.get()
    level1, level2 = fw.outcomes.order_by("rank")
    response = client.post(
        f"/units/frameworks/{fw.pk}/criteria/new/",
        {
            "group": group.pk,
            "code": "3.2",
            "order": "0",
            "name_vi": "Tỷ lệ người học đạt danh hiệu “Công dân học tập”",
            "kind": "threshold",
            "denominator_source": "learners",
            "is_required": "on",
            f"need{level1.pk}": "on",
            f"pct{level1.pk}": "95",
            f"need{level2.pk}": "on",
            f"pct{level2.pk}": "97",
        },
    )
    assert response.status_code == 302
    criterion = Criterion.objects.get(group=group)
    assert sorted(criterion.requirements.values_list("outcome__code", "min_percent")) == [
        ("level1", Decimal("95.00")),
        ("level2", Decimal("97.00")),
    ]
    assert client.get(f"/units/frameworks/{fw.pk}/").context["problems"] == []

    response = client.post(f"/units/frameworks/{fw.pk}/publish/", follow=True)
    assert _messages(response) == [
        "Bộ tiêu chí đã được ban hành. Các đợt đánh giá có thể sử dụng; bộ tiêu chí không "
        "thể thay đổi nữa."
    ]
    fw.refresh_from_db()
    assert (fw.status, fw.published_by) == ("published", staff)

    # Published: locked, in the pages and in the services.
    response = client.get(f"/units/frameworks/{fw.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/units/frameworks/{fw.pk}/", 302)]
    assert _messages(response) == [
        "Bộ tiêu chí này đã được ban hành và bị khóa. Hãy sao chép thành phiên bản mới để thay đổi."
    ]
    response = client.post(f"/units/frameworks/{fw.pk}/criteria/{criterion.pk}/delete/")
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    with pytest.raises(ValidationError):
        editor.criterion_delete(framework=fw, by=staff, criterion=criterion)


def test_threshold_outside_0_to_100_is_refused_with_the_input_kept(client, staff):
    client.force_login(staff)
    fw = editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    criterion = Criterion.objects.get(group__framework=fw, code="3.1")
    level1, level2 = fw.outcomes.order_by("rank")
    response = client.post(
        f"/units/frameworks/{fw.pk}/criteria/{criterion.pk}/",
        {
            "group": criterion.group_id,
            "code": "3.1",
            "order": "0",
            "name_vi": criterion.name_vi,
            "kind": "threshold",
            "denominator_source": "staff",
            "is_required": "on",
            f"need{level1.pk}": "on",
            f"pct{level1.pk}": "120",
            f"need{level2.pk}": "on",
            f"pct{level2.pk}": "95",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {f"pct{level1.pk}": ["Tỷ lệ phải từ 0 đến 100."]}
    assert form[f"pct{level1.pk}"].value() == "120"
    assert CriterionRequirement.objects.get(criterion=criterion, outcome=level1).min_percent == 90


def test_levels_must_be_cumulative(staff):
    fw = editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    criterion = Criterion.objects.get(group__framework=fw, code="3.1")
    level1, level2 = fw.outcomes.order_by("rank")
    data = editor.CriterionData(
        group_id=criterion.group_id,
        code="3.1",
        name_vi=criterion.name_vi,
        kind="threshold",
        denominator_source="staff",
        requirements={level1.pk: Decimal(95), level2.pk: Decimal(90)},
    )
    editor.criterion_save(framework=fw, by=staff, data=data, criterion=criterion)
    data.code, data.requirements = "9.9", {level1.pk: Decimal(90)}
    editor.criterion_save(framework=fw, by=staff, data=data)
    with pytest.raises(ValidationError) as error:
        editor.framework_publish(framework=fw, by=staff)
    assert error.value.messages == [
        "Các mức độ có tính kế thừa: tiêu chí 3.1 yêu cầu 90% cho Mức độ 2, thấp hơn 95% "
        "của Mức độ 1.",
        "Các mức độ có tính kế thừa: tiêu chí 9.9 được yêu cầu cho Mức độ 1 nên cũng phải "
        "được yêu cầu cho Mức độ 2.",
    ]
    fw.refresh_from_db()
    assert fw.status == "draft"


def test_points_must_add_up_to_the_maximum(client, staff):
    fw = editor.framework_copy(framework=framework("TT22-2020"), by=staff)
    criterion = Criterion.objects.get(group__framework=fw, code="3.3")
    data = editor.CriterionData(
        group_id=criterion.group_id,
        code="3.3",
        name_vi=criterion.name_vi,
        kind="points",
        max_points=Decimal(10),
    )
    editor.criterion_save(framework=fw, by=staff, data=data, criterion=criterion)
    client.force_login(staff)
    response = client.post(f"/units/frameworks/{fw.pk}/publish/", follow=True)
    assert _messages(response) == [
        "Tổng điểm các tiêu chí là 105, không bằng điểm tối đa 100 của bộ tiêu chí."
    ]
    assert client.get(f"/units/frameworks/{fw.pk}/").context["problems"] == [
        "Tổng điểm các tiêu chí là 105, không bằng điểm tối đa 100 của bộ tiêu chí."
    ]


def test_shipped_frameworks_pass_the_checks(staff):
    from units.selectors import framework_with_structure

    for code in ("TT24-2023", "TT22-2020"):
        assert editor.framework_problems(framework_with_structure(framework(code).pk)) == []


def test_copy_is_a_draft_with_the_kinds_of_institution(client, staff):
    client.force_login(staff)
    source = framework("TT24-2023")
    response = client.post(f"/units/frameworks/{source.pk}/copy/")
    copy = Framework.objects.get(code="TT24-2023", version=2)
    assert response["Location"] == f"/units/frameworks/{copy.pk}/"
    assert (copy.status, copy.education_levels) == ("draft", source.education_levels)
    assert "vocational" not in copy.education_levels


def test_preview_shows_the_form_of_one_kind_of_institution(client, staff):
    client.force_login(staff)
    fw = framework("TT24-2023")
    upper = client.get(f"/units/frameworks/{fw.pk}/preview/?level=upper_secondary")
    assert [r["criterion"].code for r in upper.context["rows"]][-6:] == [
        "3.2",
        "3.3",
        "3.4",
        "3.5",
        "3.6",
        "3.7",
    ]
    college = client.get(f"/units/frameworks/{fw.pk}/preview/?level=vocational")
    assert (college.context["covered"], college.context["rows"]) == (False, [])
    assert 'data-testid="preview-not-covered"' in college.content.decode()


def test_edit_settings_keeps_the_input_on_error_and_checks_the_version(client, staff):
    client.force_login(staff)
    fw = editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    page = client.get(f"/units/frameworks/{fw.pk}/edit/")
    version = page.context["form"]["version"].value()
    data = {
        "name_vi": "Bản sửa",
        "kind": "threshold",
        "valid_from": "2026-01-01",
        "valid_to": "2025-01-01",
        "tiers": ["provincial"],
        "education_levels": ["upper_secondary"],
        "version": version,
    }
    response = client.post(f"/units/frameworks/{fw.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "valid_to": ["Ngày hết hiệu lực không thể trước ngày bắt đầu hiệu lực."]
    }
    assert response.context["form"]["name_vi"].value() == "Bản sửa"
    data["valid_to"] = ""
    assert client.post(f"/units/frameworks/{fw.pk}/edit/", data).status_code == 302
    fw.refresh_from_db()
    assert (fw.name_vi, fw.education_levels) == ("Bản sửa", ["upper_secondary"])
    # The same (now stale) version again: refused.
    data["name_vi"] = "Ghi đè"
    assert client.post(f"/units/frameworks/{fw.pk}/edit/", data).status_code == 400
    fw.refresh_from_db()
    assert fw.name_vi == "Bản sửa"


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.TIER_REVIEWER, Role.ASSOCIATION_OFFICER])
def test_only_department_staff_edit_frameworks_and_see_drafts(client, staff, role):
    draft = editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    client.force_login(user_with_role(role))
    for url in (
        "/units/frameworks/new/",
        f"/units/frameworks/{draft.pk}/",
        f"/units/frameworks/{draft.pk}/edit/",
        f"/units/frameworks/{draft.pk}/levels/",
        f"/units/frameworks/{draft.pk}/groups/",
        f"/units/frameworks/{draft.pk}/criteria/new/",
        f"/units/frameworks/{draft.pk}/preview/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/units/frameworks/{draft.pk}/publish/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT
    assert client.get(f"/units/frameworks/{framework('TT24-2023').pk}/").status_code == 200
    with pytest.raises(ValidationError):
        editor.framework_publish(framework=draft, by=user_with_role(role))


def test_cycle_form_offers_published_frameworks_only(client, staff):
    draft = editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    client.force_login(staff)
    form = client.get("/units/cycles/new/").context["form"]
    offered = set(form.fields["framework"].queryset.values_list("pk", flat=True))
    assert offered == set(Framework.objects.filter(status="published").values_list("pk", flat=True))
    assert draft.pk not in offered


def test_framework_list_query_count_does_not_grow(client, staff, django_assert_num_queries):
    client.force_login(staff)
    client.get("/units/frameworks/")  # warm caches (session, permissions)
    with django_assert_num_queries(8):
        client.get("/units/frameworks/")
    for _i in range(5):
        editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    with django_assert_num_queries(8):
        response = client.get("/units/frameworks/")
    assert len(response.context["frameworks"]) == 7


# --- Every kind of institution gets its own criteria (issue point 3) -------------------


def _college(setting):
    from tests.factories.units import CycleFactory, school_with_people

    school, principal, _reviewer = school_with_people(level="vocational", tier="provincial")
    cycle = CycleFactory(tier="provincial", authority=setting["cycle"].authority)
    return school, principal, cycle


def test_a_college_cannot_open_a_self_assessment_against_school_criteria(client, setting):
    from units.models import SelfAssessment

    school, principal, cycle = _college(setting)
    client.force_login(principal)
    home = client.get("/")
    assert 'data-testid="units-not-covered"' in home.content.decode()
    assert 'data-testid="units-start"' not in home.content.decode()
    response = client.post(f"/units/cycles/{cycle.pk}/start/", {"school": school.pk}, follow=True)
    assert _messages(response) == [
        "Chưa có bộ tiêu chí nào áp dụng cho loại hình cơ sở này (Trường trung cấp, cao đẳng) "
        "nên chưa thể mở bản tự đánh giá: không được đánh giá theo tiêu chí của loại hình khác. "
        "Sở Giáo dục và Đào tạo cần ban hành bộ tiêu chí cho loại hình này trước."
    ]
    assert SelfAssessment.objects.count() == 0


def test_published_criteria_for_colleges_that_the_cycle_does_not_use_are_named(setting):
    from units import services

    school, principal, cycle = _college(setting)
    staff = setting["staff"]
    own = editor.framework_copy(framework=framework("TT24-2023"), by=staff)
    Framework.objects.filter(pk=own.pk).update(
        education_levels=["vocational"], name_vi="Tiêu chí cho trường cao đẳng"
    )
    editor.framework_publish(framework=own, by=staff)
    with pytest.raises(ValidationError) as error:
        services.assessment_start(school=school, cycle=cycle, by=principal)
    assert error.value.messages == [
        "Bộ tiêu chí của đợt này (Tiêu chí đơn vị học tập theo Thông tư 24/2023/TT-BGDĐT) "
        "không áp dụng cho loại hình cơ sở này (Trường trung cấp, cao đẳng); bộ tiêu chí áp "
        "dụng cho loại hình này (Tiêu chí cho trường cao đẳng) không được dùng trong đợt. "
        "Hãy liên hệ Sở Giáo dục và Đào tạo."
    ]
    # With the college criteria as the cycle's framework, the college is assessed by them.
    own.refresh_from_db()
    cycle.framework = own
    cycle.save()
    assessment = services.assessment_start(school=school, cycle=cycle, by=principal)
    assert sorted(assessment.results.values_list("criterion__code", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
    ]


def test_shipped_criteria_cover_schools_but_not_colleges_or_universities():
    for code in ("TT24-2023", "TT22-2020"):
        fw = framework(code)
        assert fw.status == "published"
        assert fw.education_levels == [
            "preschool",
            "primary",
            "primary_lower_secondary",
            "lower_secondary",
            "lower_upper_secondary",
            "upper_secondary",
            "multi_level",
            "ethnic_boarding",
            "continuing_education",
        ]


# --- The legal calendar (issue point 4) ------------------------------------------------


def _cycle_post(client, setting, **extra):
    from units.models import Framework as Fw

    data = {
        "year": "2027",
        "tier": "provincial",
        "framework": Fw.objects.get(code="TT24-2023", version=1).pk,
        "opens_on": "",
        "submission_deadline": "",
        "review_deadline": "2028-02-28",
        "authority": setting["cycle"].authority.pk,
        "state": "upcoming",
        **extra,
    }
    return client.post("/units/cycles/new/", data)


def test_a_new_cycle_follows_the_legal_calendar_by_default(client, setting):
    from datetime import date

    from units.models import Cycle

    client.force_login(setting["staff"])
    assert _cycle_post(client, setting).status_code == 302
    cycle = Cycle.objects.get(year=2027)
    assert (cycle.opens_on, cycle.submission_deadline) == (date(2027, 1, 1), date(2028, 1, 15))


def test_a_deadline_before_the_year_ends_is_refused(client, setting):
    client.force_login(setting["staff"])
    response = _cycle_post(client, setting, submission_deadline="2027-11-30", opens_on="2026-12-01")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "opens_on": ["Đợt đánh giá mở trong chính năm được đánh giá (2027)."],
        "submission_deadline": [
            "Hồ sơ báo cáo cả năm 2027: hạn nộp phải sau ngày 31 tháng 12 năm 2027 (theo quy "
            "định chậm nhất là ngày 15 tháng 01 năm 2028)."
        ],
    }
