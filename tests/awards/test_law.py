"""One achievement one award, women first on a tie, the discipline register follows the
person, minors and personal data (issue 12, points 9–12)."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from awards import services
from awards.enums import AchievementKind, NominationStatus
from awards.models import Commendation, Decision, DisciplineFlag
from dashboard.models import PublicSite
from tests.factories.awards import (
    AwardFormFactory,
    NominationFactory,
    add_documents,
    pdf_file,
    submitted,
)

pytestmark = pytest.mark.django_db

TEACHER = {"nominee_name": "Lường Thị Hoa", "date_of_birth": date(1980, 6, 15)}


def _form(world, code, kind):
    form = AwardFormFactory(
        issuing_organisation=world["association"], code=code, achievement_kind=kind
    )
    world["round"].round_forms.create(form=form, quota=5)
    return form


def _decision(world, number=12):
    decision = Decision(
        round=world["round"],
        issuing_organisation=world["association"],
        year=2025,
        number=number,
        code="HKH",
        date=date(2025, 8, 20),
        signer="Lò Văn Minh",
        created_by=world["manager"],
    )
    decision.scanned_document.save("qd.pdf", pdf_file(), save=False)
    decision.save()
    return decision


def _commended(world, form, start, end, **fields):
    nomination = submitted(
        round=world["round"],
        form=form,
        nominating_organisation=world["school"],
        achievement_start=start,
        achievement_end=end,
        status=NominationStatus.COMMENDED,
        **{**TEACHER, **fields},
    )
    Commendation.objects.create(
        nomination=nomination,
        decision=_decision(world, number=12 + Commendation.objects.count()),
        code=services.new_certificate_code(),
        nominee_name=nomination.nominee_name,
        nominee_kind=nomination.nominee_kind,
        organisation_name=nomination.nominee_organisation.name,
        form=form,
        achievement=nomination.summary,
        **services.public_snapshot(nomination),
    )
    return nomination


def _draft(world, form, start, end, school=None, principal=None, **fields):
    school = school or world["school"]
    nomination = NominationFactory(
        round=world["round"],
        form=form,
        nominating_organisation=school,
        created_by=principal or world["principal"],
        achievement_start=start,
        achievement_end=end,
        **{**TEACHER, **fields},
    )
    add_documents(nomination)
    return nomination


def _submit(client, user, nomination):
    client.force_login(user)
    response = client.post(f"/awards/nominations/{nomination.pk}/act/submit/", follow=True)
    nomination.refresh_from_db()
    return [str(m) for m in response.context["messages"]]


def test_the_same_achievement_is_refused_naming_the_earlier_decision(client, world):
    yearly = _form(world, "YEARLY-1", AchievementKind.YEARLY)
    other_yearly = _form(world, "SGD-GK", AchievementKind.YEARLY)
    _commended(world, yearly, date(2024, 9, 1), date(2025, 5, 31))
    nomination = _draft(world, other_yearly, date(2024, 9, 1), date(2025, 5, 31))
    messages = _submit(client, world["principal"], nomination)
    assert nomination.status == NominationStatus.DRAFT
    assert messages == [
        f"Một thành tích chỉ được khen thưởng một lần (Luật 06/2022/QH15): thành tích này đã "
        f"được khen thưởng bằng “{yearly.name_vi}” cho giai đoạn 01/09/2024–31/05/2025, "
        f"quyết định 12/QĐ-HKH của Hội Khuyến học."
    ]


def test_moving_school_does_not_make_an_achievement_new(client, world):
    yearly = _form(world, "YEARLY-1", AchievementKind.YEARLY)
    _commended(world, yearly, date(2024, 9, 1), date(2025, 5, 31))
    new_school = world["other_school"]
    nomination = _draft(
        world,
        yearly,
        date(2024, 9, 1),
        date(2025, 5, 31),
        school=new_school,
        principal=world["other_principal"],
    )
    messages = _submit(client, world["other_principal"], nomination)
    assert nomination.status == NominationStatus.DRAFT
    assert "quyết định 12/QĐ-HKH" in messages[0]


def test_a_long_service_medal_does_not_conflict_with_a_yearly_award(client, world):
    yearly = _form(world, "SGD-GK", AchievementKind.YEARLY)
    medal = _form(world, "KNC-KH", AchievementKind.SERVICE)
    _commended(world, yearly, date(2024, 9, 1), date(2025, 5, 31))
    nomination = _draft(world, medal, date(2010, 1, 1), date(2026, 5, 31))
    messages = _submit(client, world["principal"], nomination)
    assert nomination.status == NominationStatus.SUBMITTED
    assert messages == ["Đã nộp hồ sơ đề nghị."]


def test_an_overlapping_different_achievement_waits_for_the_councils_reason(client, world):
    yearly = _form(world, "YEARLY-1", AchievementKind.YEARLY)
    prize = _form(world, "GT-KT", AchievementKind.OCCASIONAL)
    _commended(world, yearly, date(2024, 9, 1), date(2025, 5, 31))
    nomination = _draft(world, prize, date(2025, 3, 1), date(2025, 3, 31))
    assert _submit(client, world["principal"], nomination) == ["Đã nộp hồ sơ đề nghị."]
    criteria = list(world["round"].criteria.all())
    for reviewer in (world["reviewer1"], world["reviewer2"]):
        assignment = services.assignment_create(
            by=world["manager"], nomination=nomination, reviewer=reviewer
        )
        services.review_submit(
            by=reviewer,
            assignment=assignment,
            scores={c.pk: 9 for c in criteria},
            recommendation="approve",
            comment="",
        )
    client.force_login(world["manager"])
    page = client.get(f"/awards/nominations/{nomination.pk}/")
    assert [f.code for f in page.context["findings"]] == ["overlap", "nominated_twice", "priority"]
    assert page.context["overlap_to_resolve"] is True
    # a crafted approval is refused until the council records its reason
    response = client.post(f"/awards/nominations/{nomination.pk}/act/approve/", follow=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.IN_REVIEW
    assert [str(m) for m in response.context["messages"]] == [
        f"Trùng thời gian với “{yearly.name_vi}” cho giai đoạn 01/09/2024–31/05/2025, quyết "
        "định 12/QĐ-HKH của Hội Khuyến học, cho một loại thành tích khác: hội đồng phải ghi "
        "rõ vì sao đây là một thành tích khác trước khi duyệt."
    ]
    client.post(
        f"/awards/nominations/{nomination.pk}/act/resolve-overlap/",
        {"comment": "Giải thưởng cuộc thi cấp tỉnh tháng 3, khác thành tích năm học."},
    )
    client.post(f"/awards/nominations/{nomination.pk}/act/approve/")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.overlap_reason, nomination.overlap_resolved_by) == (
        NominationStatus.APPROVED,
        "Giải thưởng cuộc thi cấp tỉnh tháng 3, khác thành tích năm học.",
        world["manager"],
    )
    assert nomination.history.filter(
        overlap_reason="Giải thưởng cuộc thi cấp tỉnh tháng 3, khác thành tích năm học."
    ).exists()


def test_ranking_puts_women_first_on_equal_scores_and_says_so(client, world):
    criteria = list(world["round"].criteria.all())
    man = submitted(
        round=world["round"],
        nominating_organisation=world["school"],
        nominee_name="Tòng Văn Nam",
        gender="male",
    )
    woman = submitted(
        round=world["round"],
        nominating_organisation=world["school"],
        nominee_name="Cầm Thị Lan Anh",
        gender="female",
    )
    for nomination in (man, woman):
        for reviewer in (world["reviewer1"], world["reviewer2"]):
            assignment = services.assignment_create(
                by=world["manager"], nomination=nomination, reviewer=reviewer
            )
            services.review_submit(
                by=reviewer,
                assignment=assignment,
                scores={c.pk: 8 for c in criteria},
                recommendation="approve",
                comment="",
            )
    client.force_login(world["manager"])
    response = client.get(f"/awards/rounds/{world['round'].pk}/ranking/")
    rows = response.context["tables"][0]["rows"]
    assert [(r["nomination"].nominee_name, r["mean"], r["tie_priority"]) for r in rows] == [
        ("Cầm Thị Lan Anh", Decimal("8.00"), True),
        ("Tòng Văn Nam", Decimal("8.00"), False),
    ]
    assert (
        "Khi bằng điểm, nữ và tập thể có từ 70% nữ trở lên được xếp trước"
        in response.content.decode()
    )


def test_the_discipline_register_follows_the_person_to_another_school(client, world):
    form = world["form"]
    DisciplineFlag.objects.create(
        organisation=world["other_school"],
        person_name="Lường Thị Hoa",
        normalised_name="lường thị hoa",
        date_of_birth=date(1980, 6, 15),
        reason="Đang bị xem xét kỷ luật",
        created_by=world["manager"],
    )
    moved = _draft(world, form, date(2025, 9, 1), date(2026, 5, 31))
    messages = _submit(client, world["principal"], moved)
    assert moved.status == NominationStatus.DRAFT
    assert messages == [
        "Người được đề nghị có tên trong sổ theo dõi kỷ luật (Đang bị xem xét kỷ luật, ghi "
        f"nhận tại {world['other_school'].name}): người đang bị kỷ luật, điều tra hoặc có "
        "khiếu nại chưa giải quyết thì không được khen thưởng."
    ]
    namesake = _draft(
        world, form, date(2025, 9, 1), date(2026, 5, 31), date_of_birth=date(1992, 1, 1)
    )
    assert _submit(client, world["principal"], namesake) == ["Đã nộp hồ sơ đề nghị."]


def test_an_identity_number_matches_whatever_the_spelling(client, world):
    client.force_login(world["manager"])
    client.post(
        "/awards/discipline/",
        {
            "organisation": world["other_school"].pk,
            "person_name": "Lương Thi Hoa",
            "date_of_birth": "",
            "identity_number": "014180001234",
            "reason": "Đang bị điều tra",
        },
    )
    assert DisciplineFlag.objects.get().identity_number == "014180001234"
    nomination = _draft(
        world, world["form"], date(2025, 9, 1), date(2026, 5, 31), identity_number="014180001234"
    )
    messages = _submit(client, world["principal"], nomination)
    assert nomination.status == NominationStatus.DRAFT
    assert "Đang bị điều tra" in messages[-1]


def test_public_pages_never_name_a_pupil_and_name_adults_only_with_consent(client, world):
    PublicSite.objects.update_or_create(
        pk=1, defaults={"show_honours": True, "show_verification": True}
    )
    scholarship = _form(world, "HB-KH", AchievementKind.STUDY)
    pupil = _commended(
        world,
        scholarship,
        date(2025, 9, 1),
        date(2026, 5, 31),
        nominee_name="Vì Thị Mai Anh",
        date_of_birth=date(2011, 9, 1),
        is_pupil=True,
        grade=9,
        identity_number="014311000001",
        summary="Vượt khó học tốt.",
    )
    adult = _commended(
        world, world["form"], date(2024, 1, 1), date(2024, 12, 31), nominee_name="Bạc Thị Thu"
    )
    consenting = _commended(
        world,
        world["form"],
        date(2024, 1, 1),
        date(2024, 12, 31),
        nominee_name="Lò Thị Xuân",
        public_consent=True,
    )
    page = client.get("/honours/").content.decode()
    school = world["school"].name
    assert f"một học sinh lớp 9, {school}" in page
    assert "Vì Thị Mai Anh" not in page
    assert "Bạc Thị Thu" not in page
    assert "Lò Thị Xuân" in page
    for secret in ("2011", "014311000001", "1980"):
        assert secret not in page
    # a search for the pupil's name finds nothing
    found = client.get("/honours/", {"q": "Mai Anh"}).context["page_obj"].object_list
    assert list(found) == []
    code = pupil.commendation.code
    check = client.get(f"/verify/{code}/").content.decode()
    assert "Vì Thị Mai Anh" not in check
    assert f"một học sinh lớp 9, {school}" in check
    assert adult.commendation.on_honour_roll is False
    assert consenting.commendation.on_honour_roll is True


def test_certificates_fit_the_nominee(world):
    collective = submitted(
        round=world["round"],
        nominating_organisation=world["school"],
        nominee_kind="collective",
        collective_kind="organisation",
        nominee_name=world["school"].name,
        gender="",
        date_of_birth=None,
        status=NominationStatus.COMMENDED,
    )
    decision = _decision(world)
    commendation = Commendation.objects.create(
        nomination=collective,
        decision=decision,
        code="AW-TEST0001",
        nominee_name=collective.nominee_name,
        nominee_kind="collective",
        organisation_name=world["school"].name,
        form=world["form"],
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    with translation.override("vi"):
        html = render_to_string(
            "awards/certificate.html", services.certificate_context(commendation)
        )
    assert html.count(world["school"].name) == 1
    pupil = Commendation(
        decision=decision,
        nominee_name="Vì Thị Mai Anh",
        nominee_kind="individual",
        nominee_is_pupil=True,
        nominee_grade=9,
        organisation_name=world["school"].name,
        form=world["form"],
        achievement="Vượt khó học tốt.",
        code="AW-TEST0002",
    )
    with translation.override("vi"):
        html = render_to_string("awards/certificate.html", services.certificate_context(pupil))
    assert "Đã có nỗ lực và kết quả tốt trong học tập: Vượt khó học tốt." in html
    assert "thành tích xuất sắc" not in html


def test_a_pupil_is_never_given_public_consent(client, world):
    nomination = _draft(
        world,
        world["form"],
        date(2025, 9, 1),
        date(2026, 5, 31),
        nominee_name="Vì Văn Pọm",
        date_of_birth=date(2012, 1, 1),
    )
    services.nomination_save(
        by=world["principal"],
        nomination=nomination,
        data=services.NominationData(
            **{
                **{f: getattr(nomination, f) for f in services.NOMINATION_FIELDS},
                "is_pupil": True,
                "grade": 8,
                "public_consent": True,
            }
        ),
    )
    nomination.refresh_from_db()
    assert (nomination.is_pupil, nomination.grade, nomination.public_consent) == (True, 8, False)
