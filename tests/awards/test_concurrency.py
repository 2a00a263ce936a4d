"""Two officers acting at once (PostgreSQL: SQLite serialises writers anyway)."""

import threading
from datetime import date

import pytest
from django.db import connection

from awards import services
from awards.enums import NominationStatus
from awards.models import Decision, Nomination, NominationTransition
from tests.factories.awards import submitted

from .conftest import upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _reviewed(world, name):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], nominee_name=name
    )
    criteria = list(world["round"].criteria.all())
    for reviewer in (world["reviewer1"], world["reviewer2"]):
        a = services.assignment_create(
            by=world["manager"], nomination=nomination, reviewer=reviewer
        )
        services.review_submit(
            by=reviewer,
            assignment=a,
            scores={c.pk: 8 for c in criteria},
            recommendation="approve",
            comment="",
        )
    return nomination


def _race(workers):
    """Run the callables at the same instant; return their results or errors."""
    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(i, work):
        try:
            barrier.wait()
            results[i] = work()
        except services.AwardsError as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_concurrent_decisions_never_share_a_number(world):
    world["round"].round_forms.update(quota=10)
    first, second = _reviewed(world, "A"), _reviewed(world, "B")
    for n in (first, second):
        services.nomination_approve(by=world["manager"], nomination=n)
    number = services.decision_next_number(issuing_organisation=world["association"], year=2026)

    def decide(nomination):
        return lambda: services.decision_record(
            by=world["manager"],
            round_=world["round"],
            issuing_organisation=world["association"],
            number=number,
            day=date(2026, 4, 1),
            signer="A",
            scanned_document=upload(),
            nominations=[nomination],
        )

    results = _race([decide(first), decide(second)])
    errors = [r for r in results if isinstance(r, services.AwardsError)]
    assert len(errors) == 1
    assert errors[0].messages == ["Số quyết định 1 năm 2026 của Hội Khuyến học đã được sử dụng."]
    assert list(Decision.objects.values_list("number", flat=True)) == [1]
    assert sorted(Nomination.objects.values_list("status", flat=True)) == ["approved", "commended"]


def test_twenty_parallel_approvals_give_one_outcome(world):
    nomination = _reviewed(world, "A")
    results = _race(
        [lambda: services.nomination_approve(by=world["manager"], nomination=nomination)] * 20
    )
    assert sum(1 for r in results if isinstance(r, Nomination)) == 1
    assert sum(1 for r in results if isinstance(r, services.AwardsError)) == 19
    assert (
        NominationTransition.objects.filter(
            nomination=nomination, to_status=NominationStatus.APPROVED
        ).count()
        == 1
    )


def test_parallel_approvals_never_exceed_the_quota(world):
    world["round"].round_forms.update(quota=1)
    nominations = [_reviewed(world, name) for name in ("A", "B", "C")]
    results = _race(
        [
            lambda n=n: services.nomination_approve(by=world["manager"], nomination=n)
            for n in nominations
        ]
    )
    assert sum(1 for r in results if isinstance(r, Nomination)) == 1
    assert Nomination.objects.filter(status=NominationStatus.APPROVED).count() == 1
