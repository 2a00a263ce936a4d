"""``units.reopen_assessment`` (the area's reviewer lets a school submit late, for a draft
or returned dossier, once the deadline has passed) and the schools a reviewer reviews."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from units.enums import AssessmentStatus

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _on(day):
    return time_machine.travel(datetime.combine(day, time(9), tzinfo=HCM), tick=False)


def test_reopen_assessment_area_reviewer_after_the_deadline(filled):
    assessment = filled["assessment"]
    deadline = assessment.cycle.submission_deadline

    with _on(deadline):
        on_deadline = filled["reviewer"].has_perm("units.reopen_assessment", assessment)
    with _on(deadline + timedelta(days=1)):
        after = filled["reviewer"].has_perm("units.reopen_assessment", assessment)
        by_principal = filled["principal"].has_perm("units.reopen_assessment", assessment)

    assert (on_deadline, after, by_principal) == (False, True, False)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (AssessmentStatus.DRAFT, True),
        (AssessmentStatus.RETURNED, True),
        (AssessmentStatus.SUBMITTED, False),
        (AssessmentStatus.VERIFIED, False),
    ],
)
def test_reopen_assessment_only_a_dossier_the_school_may_still_change(filled, status, allowed):
    assessment = filled["assessment"]
    assessment.status = status

    with _on(assessment.cycle.submission_deadline + timedelta(days=1)):
        assert filled["reviewer"].has_perm("units.reopen_assessment", assessment) is allowed


def test_schools_for_a_tier_reviewer_are_the_schools_is_area_reviewer_allows(db):
    from accounts.enums import Tier
    from tests.factories.accounts import SchoolFactory
    from tests.factories.units import SchoolProfileFactory, school_with_people
    from units.models import School
    from units.rules import is_area_reviewer
    from units.selectors import schools_for

    mine, _principal, reviewer = school_with_people()
    provincial_here = SchoolProfileFactory(
        organisation=SchoolFactory(tier=Tier.PROVINCIAL, area=mine.organisation.area)
    )
    elsewhere, _other_principal, _other_reviewer = school_with_people()

    listed = set(schools_for(reviewer))

    assert listed == {mine}
    assert {s for s in School.objects.all() if is_area_reviewer(reviewer, s)} == listed
    assert provincial_here not in listed
    assert elsewhere not in listed
