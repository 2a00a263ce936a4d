"""N+1 guards: each list page runs the same number of queries with 1 and with many rows."""

from datetime import date

import pytest

from awards import services
from awards.models import Commendation, DisciplineFlag
from tests.factories.awards import submitted

from .conftest import upload

pytestmark = pytest.mark.django_db


def _nominations(world, count):
    made = []
    for i in range(count):
        n = submitted(
            round=world["round"],
            nominating_organisation=world["school"],
            nominee_name=f"Người {i}",
            created_by=world["principal"],
        )
        criteria = list(world["round"].criteria.all())
        for reviewer in (world["reviewer1"], world["reviewer2"]):
            a = services.assignment_create(by=world["manager"], nomination=n, reviewer=reviewer)
            services.review_submit(
                by=reviewer,
                assignment=a,
                scores={c.pk: 8 for c in criteria},
                recommendation="approve",
                comment="",
            )
        made.append(n)
    return made


def _commend(world, nominations, number):
    world["round"].round_forms.update(quota=100)
    for n in nominations:
        services.nomination_approve(by=world["manager"], nomination=n)
    services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=number,
        day=date(2026, 3, 1),
        signer="A",
        scanned_document=upload(),
        nominations=nominations,
    )


@pytest.mark.parametrize("count", [1, 6])
def test_nomination_list_queries(client, world, django_assert_num_queries, count):
    _nominations(world, count)
    client.force_login(world["manager"])
    # 13: + the forms the manager runs and the reviews assigned to them (nominations_visible_to)
    with django_assert_num_queries(13):
        response = client.get("/awards/nominations/")
    assert response.context["page_obj"].paginator.count == count


@pytest.mark.parametrize("count", [1, 6])
def test_nomination_list_queries_for_principal(client, world, django_assert_num_queries, count):
    _nominations(world, count)
    client.force_login(world["principal"])
    with django_assert_num_queries(12):
        response = client.get("/awards/nominations/")
    assert response.context["page_obj"].paginator.count == count


@pytest.mark.parametrize("count", [1, 6])
def test_review_queue_queries(client, world, django_assert_num_queries, count):
    _nominations(world, count)
    client.force_login(world["reviewer1"])
    with django_assert_num_queries(10):
        response = client.get("/awards/reviews/")
    assert response.context["page_obj"].paginator.count == count


@pytest.mark.parametrize("count", [1, 6])
def test_ranking_queries(client, world, django_assert_num_queries, count):
    _nominations(world, count)
    client.force_login(world["manager"])
    with django_assert_num_queries(11):
        response = client.get(f"/awards/rounds/{world['round'].pk}/ranking/")
    assert len(response.context["tables"][0]["rows"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_round_list_and_detail_queries(client, world, django_assert_num_queries, count):
    _nominations(world, count)
    client.force_login(world["manager"])
    with django_assert_num_queries(10):
        client.get("/awards/rounds/")
    # 15: the round's counts, the councils that review its forms, with their members
    with django_assert_num_queries(15):
        client.get(f"/awards/rounds/{world['round'].pk}/")


@pytest.mark.parametrize("count", [1, 6])
def test_honour_roll_and_register_queries(
    client, world, django_assert_num_queries, count, honours_published
):
    _commend(world, _nominations(world, count), number=1)
    # the nominees consented to appear on the public roll
    Commendation.objects.update(on_honour_roll=True)
    with django_assert_num_queries(5):
        response = client.get("/honours/")
    assert response.context["page_obj"].paginator.count == count
    decision_years = {c.decision.year for c in response.context["page_obj"]}
    assert response.context["filter"].form.fields["year"].choices[1:] == [
        (y, y) for y in sorted(decision_years, reverse=True)
    ]
    client.force_login(world["manager"])
    with django_assert_num_queries(11):
        response = client.get("/awards/register/")
    assert response.context["page_obj"].paginator.count == count


@pytest.mark.parametrize("count", [1, 6])
def test_decision_detail_queries(client, world, django_assert_num_queries, count):
    _commend(world, _nominations(world, count), number=1)
    decision = world["association"].award_decisions.get()
    client.force_login(world["manager"])
    # 10: one reads the decision's audit trail
    with django_assert_num_queries(10):
        client.get(f"/awards/decisions/{decision.pk}/")


@pytest.mark.parametrize("count", [1, 6])
def test_discipline_list_queries(client, world, django_assert_num_queries, count):
    for i in range(count):
        DisciplineFlag.objects.create(
            organisation=world["school"],
            person_name=f"P{i}",
            reason="x",
            created_by=world["manager"],
        )
    client.force_login(world["manager"])
    # + counting the organisations (past 50 the picker searches instead of listing them)
    with django_assert_num_queries(11):
        client.get("/awards/discipline/")
