"""The coverage report counts in the database; check its figures against a count made by
hand over the same schools, with dossiers in every state, two tiers, a late and an open
cycle, and schools without a dossier."""

from datetime import date

import pytest

from accounts.enums import Tier
from tests.factories.accounts import AreaFactory, SchoolFactory, UserFactory
from tests.factories.units import CycleFactory, SchoolProfileFactory
from units import selectors
from units.enums import SUBMITTED_STATES, AssessmentStatus
from units.models import SelfAssessment


@pytest.fixture
def province(db):
    from demo.units import ensure_frameworks

    ensure_frameworks()
    today = date(2026, 2, 1)
    late = CycleFactory(tier=Tier.DISTRICT, submission_deadline=date(2026, 1, 15))
    open_ = CycleFactory(tier=Tier.PROVINCIAL, submission_deadline=date(2026, 3, 15))
    areas = [AreaFactory(name="Mộc Châu"), AreaFactory(name="Yên Châu")]
    author = UserFactory()
    statuses = [None, *AssessmentStatus.values]
    schools = []
    for n, status in enumerate(statuses * 2):
        tier = Tier.DISTRICT if n % 2 else Tier.PROVINCIAL
        level = "primary" if n % 3 else "upper_secondary"
        org = SchoolFactory(tier=tier, area=areas[n % 2])
        school = SchoolProfileFactory(organisation=org, education_level=level)
        if status is not None:
            SelfAssessment.objects.create(
                school=school,
                cycle=late if tier == Tier.DISTRICT else open_,
                status=status,
                created_by=author,
            )
        # a dossier in the other tier's cycle must not count
        if n % 5 == 0:
            SelfAssessment.objects.create(
                school=school,
                cycle=open_ if tier == Tier.DISTRICT else late,
                status=AssessmentStatus.RECOGNISED,
                created_by=author,
            )
        schools.append((org.area.name, tier, level, status))
    # an inactive school is left out
    SchoolProfileFactory(organisation=SchoolFactory(area=areas[0], is_active=False))
    return [late, open_], today, schools


def test_coverage_figures_match_a_count_by_hand(province):
    cycles, today, schools = province
    expected: dict[tuple, dict] = {}
    for area, tier, level, status in schools:
        row = expected.setdefault(
            (area, tier, level), {"schools": 0, "submitted": 0, "recognised": 0, "overdue": 0}
        )
        row["schools"] += 1
        row["submitted"] += status in SUBMITTED_STATES
        row["recognised"] += status == AssessmentStatus.RECOGNISED
        row["overdue"] += tier == Tier.DISTRICT and status not in SUBMITTED_STATES

    rows = selectors.coverage(cycles, today)

    got = {
        (r["area"], r["tier"], r["level"]): {
            k: r[k] for k in ("schools", "submitted", "recognised", "overdue")
        }
        for r in rows
    }
    assert got == expected
    assert [(r["area"], r["tier"], r["level"]) for r in rows] == sorted(expected)
    assert sum(r["overdue"] for r in rows) > 0
    for r in rows:
        assert r["submitted_pct"] == round(100 * r["submitted"] / r["schools"])


def test_coverage_without_cycles_counts_schools_only(province):
    _cycles, today, schools = province
    rows = selectors.coverage([], today)
    assert sum(r["schools"] for r in rows) == len(schools)
    assert sum(r["submitted"] + r["recognised"] + r["overdue"] for r in rows) == 0
