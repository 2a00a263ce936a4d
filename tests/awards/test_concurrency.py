"""Two officers acting at once (PostgreSQL: SQLite serialises writers anyway)."""

import html
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone, translation

from awards import services
from awards.enums import NominationStatus
from awards.models import Decision, Nomination, NominationTransition
from tests.factories.awards import PDF, submitted
from tests.parallel_http import Browser, race

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

    results = race([decide(first), decide(second)])
    errors = [r for r in results if isinstance(r, services.AwardsError)]
    assert len(errors) == 1
    assert errors[0].messages == ["Số quyết định 1 năm 2026 của Hội Khuyến học đã được sử dụng."]
    assert list(Decision.objects.values_list("number", flat=True)) == [1]
    assert sorted(Nomination.objects.values_list("status", flat=True)) == ["approved", "commended"]


def test_twenty_parallel_approvals_give_one_outcome(world):
    nomination = _reviewed(world, "A")
    results = race(
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
    results = race(
        [
            lambda n=n: services.nomination_approve(by=world["manager"], nomination=n)
            for n in nominations
        ]
    )
    assert sum(1 for r in results if isinstance(r, Nomination)) == 1
    assert Nomination.objects.filter(status=NominationStatus.APPROVED).count() == 1


# --- Through the real stack: 20 people clicking at the same instant -------------------


def _vi(message: str, **values) -> str:
    with translation.override("vi"):
        return translation.gettext(message) % values if values else translation.gettext(message)


def test_twenty_parallel_approve_clicks_give_one_approval_and_clear_refusals(world, live_server):
    nomination = _reviewed(world, "A")
    manager = Browser(live_server, world["manager"])
    manager.open(f"/awards/nominations/{nomination.pk}/")

    outcomes = race(
        [lambda: manager.post(f"/awards/nominations/{nomination.pk}/act/approve/", {})] * 20
    )

    assert [o.statuses for o in outcomes] == [[302, 200]] * 20
    alerts = sorted(alert for o in outcomes for alert in o.alerts)
    with translation.override("vi"):
        approved = str(NominationStatus.APPROVED.label)
    refused = _vi(
        "Only a nomination under review can be approved (it is now: %(status)s).",
        status=approved,
    )
    assert alerts == [("danger", refused)] * 19 + [("success", _vi("Nomination approved."))]
    assert (
        NominationTransition.objects.filter(
            nomination=nomination, to_status=NominationStatus.APPROVED
        ).count()
        == 1
    )


def test_twenty_officers_taking_the_proposed_number_at_once_get_unique_numbers(world, live_server):
    world["round"].round_forms.update(quota=20)
    nominations = [
        submitted(
            round=world["round"],
            nominating_organisation=world["school"],
            nominee_name=f"Người {i}",
            status=NominationStatus.APPROVED,
        )
        for i in range(20)
    ]
    path = f"/awards/rounds/{world['round'].pk}/decide/{world['association'].pk}/"
    manager = Browser(live_server, world["manager"])
    page = manager.open(path)
    assert 'name="number" value="1"' in page  # every officer is offered number 1
    today = timezone.localdate()

    def decide(nomination):
        return lambda: manager.post(
            path,
            {
                "nominations": [nomination.pk],
                "number": "1",
                "date": today.isoformat(),
                "signer": "Chủ tịch Hội",
            },
            files={"scanned_document": ("qd.pdf", PDF, "application/pdf")},
        )

    scans_before = _scans()
    outcomes = race([decide(n) for n in nominations])

    won = [o for o in outcomes if o.statuses == [302, 200]]
    lost = [o for o in outcomes if o.statuses == [200]]
    assert (len(won), len(lost)) == (1, 19)
    reused = _vi(
        "Decision number %(number)s of %(year)s is already used by %(org)s.",
        number=1,
        year=today.year,
        org="Hội Khuyến học",
    )
    next_free = _vi("Next free number: %(suggestion)s", suggestion=2)
    for outcome in lost:
        assert reused in html.unescape(outcome.text)
        assert next_free in html.unescape(outcome.text)
    assert list(Decision.objects.values_list("number", flat=True)) == [1]
    assert Nomination.objects.filter(status=NominationStatus.COMMENDED).count() == 1
    # the losers' scans are not left behind in the upload folder
    assert _scans() == scans_before | {Decision.objects.get().scanned_document.path}


def _scans() -> set[str]:
    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / "awards" / "decisions"
    return {str(p) for p in folder.rglob("*") if p.is_file()}
