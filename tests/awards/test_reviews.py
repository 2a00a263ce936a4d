from decimal import Decimal

import pytest

from accounts.enums import Role
from awards import services
from awards.enums import NominationStatus
from awards.models import ReviewAssignment
from tests.factories.accounts import MembershipFactory, user_with_role
from tests.factories.awards import officer, seat_on_councils, submitted

pytestmark = pytest.mark.django_db


def _nomination(world, **fields):
    return submitted(round=world["round"], nominating_organisation=world["school"], **fields)


def _scores(world, a, b):
    first, second = world["round"].criteria.all()
    return {first.pk: a, second.pk: b}


@pytest.mark.django_db(transaction=True)  # the services commit: notifications go after
def test_autoassign_gives_n_reviewers_with_balanced_load_and_notifies(client, world):
    third = officer(full_name="Người thứ ba")
    seat_on_councils(world["round"], third)
    nominations = [_nomination(world) for _ in range(3)]
    client.force_login(world["manager"])
    client.post(f"/awards/rounds/{world['round'].pk}/autoassign/")
    loads = sorted(
        ReviewAssignment.objects.filter(
            reviewer__in=[world["reviewer1"], world["reviewer2"], third]
        ).values_list("reviewer_id", flat=True)
    )
    assert len(loads) == 6
    assert sorted(loads.count(r.pk) for r in (world["reviewer1"], world["reviewer2"], third)) == [
        2,
        2,
        2,
    ]
    assert all(n.assignments.count() == 2 for n in nominations)
    assert {n.status for n in nominations} == {"submitted"}  # stale objects
    assert set(type(nominations[0]).objects.values_list("status", flat=True)) == {"in_review"}
    assert world["reviewer1"].notifications.count() == 2
    assert world["reviewer1"].notifications.first().url == (
        f"/awards/nominations/{world['reviewer1'].award_assignments.order_by('-id').first().nomination_id}/review/"
    )


def test_autoassign_never_assigns_a_reviewer_from_the_nominating_organisation(world):
    # reviewer1 also works at the school: a conflict from the organisation structure.
    MembershipFactory(
        user=world["reviewer1"], organisation=world["school"], role=Role.DEPARTMENT_STAFF
    )
    nomination = _nomination(world)
    assigned, short = services.round_autoassign(by=world["manager"], round_=world["round"])
    assert (assigned, short) == (1, 1)
    assert list(nomination.assignments.values_list("reviewer_id", flat=True)) == [
        world["reviewer2"].pk
    ]


def test_hand_assignment_of_a_colleague_of_the_nominee_is_refused(world):
    colleague = officer(full_name="Đồng nghiệp")
    seat_on_councils(world["round"], colleague)
    other_org_nomination = submitted(
        round=world["round"],
        nominating_organisation=world["school"],
        nominee_organisation=colleague.memberships.get().organisation,
    )
    with pytest.raises(services.AwardsError) as error:
        services.assignment_create(
            by=world["manager"], nomination=other_org_nomination, reviewer=colleague
        )
    assert error.value.messages == [
        "Xung đột lợi ích với Đồng nghiệp: Đối tượng được đề nghị thuộc đơn vị của bạn."
    ]


def test_nomination_naming_the_reviewer_is_a_conflict(world):
    nomination = _nomination(world, nominee_name="Lò  văn Minh")
    with pytest.raises(services.AwardsError) as error:
        services.assignment_create(
            by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
        )
    assert error.value.messages == [
        "Xung đột lợi ích với Lò Văn Minh: Hồ sơ đề nghị khen thưởng chính bạn."
    ]


def test_reviewer_must_be_an_officer_of_the_round(world):
    outsider = officer()
    with pytest.raises(services.AwardsError):
        services.assignment_create(
            by=world["manager"], nomination=_nomination(world), reviewer=outsider
        )
    assert ReviewAssignment.objects.count() == 0


def test_unassigned_or_conflicted_reviewer_gets_404_on_the_review_form(client, world):
    nomination = _nomination(world)
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    url = f"/awards/nominations/{nomination.pk}/review/"
    client.force_login(world["reviewer2"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"recommendation": "approve"}).status_code == 404
    client.force_login(world["reviewer1"])
    assert client.get(url).status_code == 200
    # Joining the nominating school later makes it a conflict: the form disappears.
    MembershipFactory(
        user=world["reviewer1"], organisation=world["school"], role=Role.DEPARTMENT_STAFF
    )
    from accounts import roles

    roles.forget(world["reviewer1"])
    assert client.get(url).status_code == 404
    assert (
        client.get(f"/awards/nominations/{nomination.pk}/").status_code == 200
    )  # as nominator's staff


def test_declared_conflict_removes_the_nomination_from_the_queue(client, world):
    nomination = _nomination(world)
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    client.force_login(world["reviewer1"])
    client.post(f"/awards/nominations/{nomination.pk}/conflict/", {"reason": "Người thân"})
    assignment = ReviewAssignment.objects.get()
    assert (assignment.conflict_declared, assignment.conflict_reason) == (True, "Người thân")
    assert client.get(f"/awards/nominations/{nomination.pk}/review/").status_code == 404
    assert client.get("/awards/reviews/").context["pending"] == 0
    # Auto-assignment now picks another reviewer.
    services.round_autoassign(by=world["manager"], round_=world["round"])
    assert sorted(
        nomination.assignments.filter(conflict_declared=False).values_list("reviewer_id", flat=True)
    ) == [world["reviewer2"].pk]


def test_review_scores_outside_the_scale_are_refused(client, world):
    nomination = _nomination(world)
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    first, second = world["round"].criteria.all()
    client.force_login(world["reviewer1"])
    response = client.post(
        f"/awards/nominations/{nomination.pk}/review/",
        {f"score_{first.pk}": "11", f"score_{second.pk}": "-1", "recommendation": "approve"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {f"score_{first.pk}", f"score_{second.pk}"}
    assert ReviewAssignment.objects.get().submitted_at is None
    with pytest.raises(services.AwardsError) as error:
        services.review_submit(
            by=world["reviewer1"],
            assignment=ReviewAssignment.objects.get(),
            scores=_scores(world, 12, 5),
            recommendation="approve",
            comment="",
        )
    assert error.value.messages == ["Điểm tiêu chí “Thành tích” phải từ 0 đến 10."]


def test_review_weighted_score_and_next_button(client, world):
    first_nom, second_nom = _nomination(world), _nomination(world)
    for n in (first_nom, second_nom):
        services.assignment_create(by=world["manager"], nomination=n, reviewer=world["reviewer1"])
    client.force_login(world["reviewer1"])
    assert (
        client.get("/awards/reviews/next/")["Location"]
        == f"/awards/nominations/{first_nom.pk}/review/"
    )
    first, second = world["round"].criteria.all()
    response = client.post(
        f"/awards/nominations/{first_nom.pk}/review/",
        {
            f"score_{first.pk}": "9",
            f"score_{second.pk}": "6",
            "recommendation": "approve",
            "comment": "Tốt",
            "next": "1",
        },
    )
    assert response["Location"] == "/awards/reviews/next/"
    assert ReviewAssignment.objects.get(nomination=first_nom).weighted_score == Decimal("8.00")
    assert (
        client.get("/awards/reviews/next/")["Location"]
        == f"/awards/nominations/{second_nom.pk}/review/"
    )


def test_reviewers_see_other_reviews_only_after_submitting(client, world):
    nomination = _nomination(world)
    for r in (world["reviewer1"], world["reviewer2"]):
        services.assignment_create(by=world["manager"], nomination=nomination, reviewer=r)
    services.review_submit(
        by=world["reviewer1"],
        assignment=nomination.assignments.get(reviewer=world["reviewer1"]),
        scores=_scores(world, 7, 7),
        recommendation="approve",
        comment="Nhận xét của Minh",
    )
    client.force_login(world["reviewer2"])
    page = client.get(f"/awards/nominations/{nomination.pk}/")
    assert page.context["show_reviews"] is False
    assert "Nhận xét của Minh" not in page.content.decode()
    services.review_submit(
        by=world["reviewer2"],
        assignment=nomination.assignments.get(reviewer=world["reviewer2"]),
        scores=_scores(world, 5, 5),
        recommendation="reject",
        comment="",
    )
    page = client.get(f"/awards/nominations/{nomination.pk}/")
    assert "Nhận xét của Minh" in page.content.decode()


def test_ranked_table_orders_by_mean_with_median_and_spread(client, world):
    high, low = _nomination(world, nominee_name="Cao"), _nomination(world, nominee_name="Thấp")
    for n, (a, b) in ((high, (9, 7)), (low, (5, 3))):
        for reviewer, score in ((world["reviewer1"], a), (world["reviewer2"], b)):
            assignment = services.assignment_create(
                by=world["manager"], nomination=n, reviewer=reviewer
            )
            services.review_submit(
                by=reviewer,
                assignment=assignment,
                scores=_scores(world, score, score),
                recommendation="approve",
                comment="",
            )
    client.force_login(world["manager"])
    table = client.get(f"/awards/rounds/{world['round'].pk}/ranking/").context["tables"][0]
    rows = [
        (r["nomination"].nominee_name, r["mean"], r["median"], r["spread"]) for r in table["rows"]
    ]
    assert rows == [
        ("Cao", Decimal("8.00"), Decimal("8.00"), Decimal("2.00")),
        ("Thấp", Decimal("4.00"), Decimal("4.00"), Decimal("2.00")),
    ]
    assert (table["used"], table["quota"]) == (0, 2)
    client.force_login(world["reviewer1"])
    assert client.get(f"/awards/rounds/{world['round'].pk}/ranking/").status_code == 200
    client.force_login(world["principal"])
    assert client.get(f"/awards/rounds/{world['round'].pk}/ranking/").status_code == 404


def test_principal_cannot_open_review_queue(client, world):
    client.force_login(world["principal"])
    assert client.get("/awards/reviews/").status_code == 404
    assert user_with_role(Role.TIER_REVIEWER).has_perm("awards.review_any") is False


@pytest.mark.django_db(transaction=True)  # the services commit: notifications go after
def test_resubmitted_nomination_can_be_reviewed(world):
    nomination = _nomination(world)
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    services.nomination_request_info(by=world["manager"], nomination=nomination, comment="Thiếu")
    services.nomination_submit(by=world["principal"], nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RESUBMITTED
    assert world["reviewer1"].notifications.count() == 2
    services.review_submit(
        by=world["reviewer1"],
        assignment=nomination.assignments.get(),
        scores=_scores(world, 8, 8),
        recommendation="approve",
        comment="",
    )


@pytest.mark.parametrize("inline", [200, 0])
def test_a_council_member_sees_the_nominations_assigned_to_them_once_and_not_after_a_conflict(
    client, world, monkeypatch, inline
):
    """Someone outside the Association (no officer role) who sits on the council sees
    only what is assigned to them, once each, and nothing after declaring a conflict;
    the same whether their assignments are few (a list in the query) or many (a subquery:
    ``inline`` 0 puts any number past the limit)."""
    from awards import selectors

    monkeypatch.setattr(selectors, "ASSIGNED_INLINE", inline)
    from tests.factories.accounts import UserFactory

    member = UserFactory()
    mine, conflicted, other, draft = (_nomination(world) for _ in range(4))
    type(draft).objects.filter(pk=draft.pk).update(status=NominationStatus.DRAFT)
    for nomination, reviewer, conflict in (
        (mine, member, False),
        (mine, world["reviewer2"], False),
        (conflicted, member, True),
        (other, world["reviewer2"], False),
        (draft, member, False),
    ):
        ReviewAssignment.objects.create(
            nomination=nomination,
            reviewer=reviewer,
            assigned_by=world["manager"],
            conflict_declared=conflict,
        )
    assert list(selectors.nominations_visible_to(member)) == [mine]
    client.force_login(member)
    assert client.get(f"/awards/nominations/{mine.pk}/").status_code == 200
    for hidden in (other, conflicted, draft):
        assert client.get(f"/awards/nominations/{hidden.pk}/").status_code == 404
