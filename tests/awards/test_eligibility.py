from datetime import date
from decimal import Decimal

import pytest

from awards import eligibility, services
from awards.enums import NominationStatus
from awards.models import DisciplineFlag, Nomination
from tests.factories.awards import NominationFactory, RoundFactory, submitted

pytestmark = pytest.mark.django_db


def _commended(world, **fields):
    return submitted(
        round=world["round"],
        nominating_organisation=world["school"],
        nominee_name="Lường Thị Hoa",
        date_of_birth=date(1988, 6, 15),
        achievement_start=date(2024, 1, 1),
        achievement_end=date(2024, 12, 31),
        status=NominationStatus.COMMENDED,
        **fields,
    )


def _draft(world, **fields):
    from tests.factories.awards import add_documents

    fields.setdefault("nominee_name", "lường  thị HOA")
    fields.setdefault("date_of_birth", date(1988, 6, 15))
    nomination = NominationFactory(
        round=world["round"],
        nominating_organisation=world["school"],
        created_by=world["principal"],
        **fields,
    )
    add_documents(nomination)
    return nomination


def test_same_nominee_commended_for_overlapping_period_is_refused(client, world):
    _commended(world, form=world["form"])
    nomination = _draft(
        world,
        form=world["form"],
        achievement_start=date(2024, 6, 1),
        achievement_end=date(2025, 5, 31),
    )
    client.force_login(world["principal"])
    response = client.post(f"/awards/nominations/{nomination.pk}/act/submit/", follow=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    message = str(list(response.context["messages"])[0])
    assert message.startswith(
        "Một thành tích chỉ được khen thưởng một lần (Luật 06/2022/QH15): thành tích này đã "
        "được khen thưởng bằng “"
    )
    page = client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert 'data-code="already_commended"' in page


def test_new_achievement_of_the_same_person_is_eligible(world):
    _commended(world)
    nomination = _draft(
        world, achievement_start=date(2025, 1, 1), achievement_end=date(2025, 12, 31)
    )
    services.nomination_submit(by=world["principal"], nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_same_name_with_another_birth_date_is_another_person(world):
    _commended(world)
    nomination = _draft(world, date_of_birth=date(1990, 1, 1), achievement_start=date(2024, 6, 1))
    assert eligibility.findings(nomination) == [
        eligibility.Finding("priority", "priority", "Ưu tiên: đối tượng là nữ.")
    ]


def test_discipline_register_refuses_submission(client, world):
    services.discipline_flag_create(
        by=world["manager"],
        organisation=world["school"],
        person_name="Lường Thị Hoa",
        date_of_birth=None,
        reason="Đang bị điều tra",
    )
    nomination = _draft(world)
    with pytest.raises(services.AwardsError) as error:
        services.nomination_submit(by=world["principal"], nomination=nomination)
    assert error.value.messages == [
        "Người được đề nghị có tên trong sổ theo dõi kỷ luật (Đang bị điều tra, ghi nhận tại "
        f"{world['school'].name}): người đang bị kỷ luật, điều tra hoặc có khiếu nại chưa "
        "giải quyết thì không được khen thưởng."
    ]
    DisciplineFlag.objects.update(is_active=False)
    services.nomination_submit(by=world["principal"], nomination=nomination)
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.SUBMITTED


def test_discipline_register_page_is_for_officers_only(client, world):
    client.force_login(world["principal"])
    assert client.get("/awards/discipline/").status_code == 404
    client.force_login(world["manager"])
    client.post(
        "/awards/discipline/",
        {"organisation": world["school"].pk, "person_name": "Vì Văn Dũng", "reason": "Kỷ luật"},
    )
    assert list(DisciplineFlag.objects.values_list("normalised_name", "is_active")) == [
        ("vì văn dũng", True)
    ]


def test_nominated_twice_in_the_round_is_flagged_not_refused(world):
    submitted(
        round=world["round"],
        nominating_organisation=world["school"],
        nominee_name="Lường Thị Hoa",
        date_of_birth=date(1988, 6, 15),
    )
    nomination = _draft(world)
    services.nomination_submit(by=world["principal"], nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.flags == [
        {"code": "nominated_twice", "level": "flag"},
        {"code": "priority", "level": "priority"},
    ]


def test_collective_priority_from_share_of_women(world):
    group = NominationFactory(
        round=world["round"],
        nominee_kind="collective",
        collective_kind="group",
        gender="",
        date_of_birth=None,
        nominee_name="Tổ Ngữ văn",
        women_percent=Decimal("70"),
    )
    assert [f.code for f in eligibility.findings(group)] == ["priority"]
    group.women_percent = Decimal("69.9")
    assert eligibility.findings(group) == []


def test_collective_same_nominee_is_the_organisation(world):
    a = NominationFactory(
        round=world["round"],
        nominee_kind="collective",
        collective_kind="organisation",
        nominee_name="X",
        gender="",
    )
    b = NominationFactory(
        round=RoundFactory(),
        form=a.form,
        nominee_kind="collective",
        collective_kind="organisation",
        nominee_name="Y",
        gender="",
        nominating_organisation=a.nominating_organisation,
    )
    assert a.nominee_key == b.nominee_key == f"c:{a.nominee_organisation_id}"


def _reviewed(world, n):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], nominee_name=f"Người {n}"
    )
    criteria = list(world["round"].criteria.all())
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
    return nomination


def test_approval_beyond_quota_is_refused_until_another_is_rejected(client, world):
    first, second, third = (_reviewed(world, n) for n in range(3))
    client.force_login(world["manager"])
    for nomination in (first, second, third):
        client.post(f"/awards/nominations/{nomination.pk}/act/approve/")
    statuses = [Nomination.objects.get(pk=n.pk).status for n in (first, second, third)]
    assert statuses == ["approved", "approved", "in_review"]
    response = client.post(f"/awards/nominations/{third.pk}/act/approve/", follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        f"Đã hết chỉ tiêu 2 của “{world['form'].name_vi}” trong đợt này: cần hủy duyệt một "
        "hồ sơ khác trước."
    )
    client.post(f"/awards/nominations/{first.pk}/act/reject/", {"comment": "Chưa tiêu biểu"})
    client.post(f"/awards/nominations/{third.pk}/act/approve/")
    assert Nomination.objects.get(pk=third.pk).status == "approved"


def test_approval_needs_the_required_reviews(world):
    nomination = submitted(round=world["round"], nominating_organisation=world["school"])
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    with pytest.raises(services.AwardsError) as error:
        services.nomination_approve(by=world["manager"], nomination=nomination)
    assert error.value.messages == ["Cần 2 phiếu chấm để duyệt; hiện mới có 0."]
