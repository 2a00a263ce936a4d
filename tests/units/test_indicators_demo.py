"""Figures for the programme app, and the demo data each role starts from."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.enums import Tier
from demo.units import open_year
from tests.factories.units import CycleFactory, SchoolProfileFactory, framework
from units import indicators
from units.enums import AWAITING_REVIEW
from units.models import AssessmentTransition, Cycle, Recognition, SelfAssessment

pytestmark = pytest.mark.django_db


def test_indicators_are_none_without_a_cycle(db):
    assert indicators.recognised_share(2019) is None
    assert indicators.assessments_submitted(2019) is None


def test_indicators_count_recognised_and_submitted_schools(db):
    cycle = CycleFactory(year=2024)
    schools = [SchoolProfileFactory() for _i in range(4)]
    SchoolProfileFactory(organisation__is_active=False)
    outcome = cycle.framework.outcomes.get(code="level1")
    from tests.factories.accounts import user_with_role

    user = user_with_role("principal", schools[0].organisation)
    for school, submitted in zip(schools[:3], (True, True, False), strict=True):
        SelfAssessment.objects.create(
            cycle=cycle,
            school=school,
            created_by=user,
            status="verified" if submitted else "draft",
            submitted_at="2025-01-10T09:00:00+07:00" if submitted else None,
        )
    Recognition.objects.create(
        school=schools[0],
        year=2024,
        framework=cycle.framework,
        outcome=outcome,
        cycle=cycle,
        decision_number="1",
        decision_date=date(2025, 2, 1),
        certificate_code="LU-AAAAAAAAAA",
    )
    assert indicators.recognised_share(2024) == Decimal("25.0")
    assert indicators.recognised_share(2024, tier=Tier.DISTRICT) == Decimal("25.0")
    assert indicators.recognised_share(2024, tier=Tier.PROVINCIAL) is None
    assert indicators.assessments_submitted(2024) == 2


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 1, 14), 2025), (date(2026, 1, 15), 2026), (date(2026, 11, 29), 2026)],
)
def test_demo_open_cycle_year_follows_the_15_january_deadline(today, year):
    assert open_year(today) == year


def test_demo_gives_every_role_something_to_do_and_is_idempotent(demo):
    # The units tests run on 1 December 2025 (see conftest): the 2025 cycle is open.
    open_cycle = Cycle.objects.get(year=2025, tier=Tier.COMMUNE)
    assert (open_cycle.state, open_cycle.framework.code) == ("open", "TT24-2023")
    assert open_cycle.submission_deadline == date(2026, 1, 15)
    mine = SelfAssessment.objects.get(
        cycle=open_cycle, school__organisation__code="SL-THCS-CHIENGLE"
    )
    assert (mine.status, mine.submitted_at) == ("draft", None)
    statuses = set(SelfAssessment.objects.values_list("status", flat=True))
    assert statuses == {
        "draft",
        "submitted",
        "in_review",
        "returned",
        "resubmitted",
        "verified",
        "recognised",
        "not_recognised",
    }
    past = Recognition.objects.get(school__organisation__code="SL-THCS-CHIENGLE", year=2024)
    assert past.decision is not None
    assert past.certificate_code.startswith("LU-")
    assert Recognition.objects.filter(school__organisation__code="SL-THCS-CHIENGLE").count() == 3
    counts = (SelfAssessment.objects.count(), Recognition.objects.count(), Cycle.objects.count())
    call_command("load_demo", "--force", verbosity=0)
    assert (
        SelfAssessment.objects.count(),
        Recognition.objects.count(),
        Cycle.objects.count(),
    ) == counts
    assert framework("TT22-2020").cycles.count() == 4  # 2022 and 2023, both tiers


def test_demo_dossiers_follow_the_legal_calendar(demo):
    """No dossier of a year is submitted before that year ends: the running year's cycle
    holds drafts only; last year's dossiers were submitted between 1 and 15 January, or
    later only with the reviewer's recorded permission (late dossiers still in review once
    the review season is over); decisions are dated 20 February; nothing lies in the
    future."""
    today = timezone.localdate()
    running = SelfAssessment.objects.filter(cycle__year=today.year)
    assert running.exists()
    assert set(running.values_list("status", flat=True)) == {"draft"}
    submitted = SelfAssessment.objects.filter(submitted_at__isnull=False).select_related("cycle")
    assert submitted.count() >= 8
    late = 0
    for dossier in submitted:
        day = timezone.localtime(dossier.submitted_at).date()
        assert date(dossier.cycle.year + 1, 1, 1) <= day
        if day > dossier.cycle.submission_deadline:
            late += 1
            assert dossier.late_allowed_until is not None
            assert day <= dossier.late_allowed_until
            assert dossier.transitions.filter(comment__startswith="Cho phép nộp muộn").exists()
            assert dossier.status in AWAITING_REVIEW | {"returned", "verified"}
    # The units tests run on 1 December 2025, after the 2024 review season: the dossiers
    # still in review are late ones.
    assert late >= 5
    for row in AssessmentTransition.objects.select_related("assessment__cycle"):
        day = timezone.localtime(row.at).date()
        cycle = row.assessment.cycle
        if row.to_status in ("submitted", "resubmitted"):
            assert date(cycle.year + 1, 1, 1) <= day
        if row.to_status in ("recognised", "not_recognised"):
            assert day == date(cycle.year + 1, 2, 20)
    assert not AssessmentTransition.objects.filter(at__gt=timezone.now()).exists()
    # Last year's cycle is in review while dossiers wait, its deadline passed.
    last = Cycle.objects.exclude(tier=Tier.PROVINCIAL).get(year=today.year - 1)
    assert (last.state, last.submission_deadline) == ("in_review", date(today.year, 1, 15))


def test_demo_has_a_school_verified_as_not_met_absent_from_its_decision_form(demo, client):
    not_met = SelfAssessment.objects.select_related("cycle").get(
        school__organisation__code="SL-TH-CHIENGSINH", cycle__state="in_review"
    )
    assert (not_met.status, not_met.verified_outcome) == ("verified", "")
    client.force_login(demo["staff"])
    authority = not_met.authority_id or not_met.cycle.authority_id
    response = client.get(f"/units/cycles/{not_met.cycle.pk}/decide/?authority={authority}")
    assert response.status_code == 200
    offered = {a.school.organisation.code for a in response.context["form"].assessments}
    assert "SL-TH-CHIENGSINH" not in offered
    assert "SL-TH-QUYETTHANG" in offered  # verified at a level, in the same authority
    assert "Trường Tiểu học Chiềng Sinh" not in response.content.decode()
