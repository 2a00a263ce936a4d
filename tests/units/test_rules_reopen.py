"""``units.reopen_assessment``: the area's reviewer lets a school submit late, for a draft
or returned dossier, once the cycle's deadline has passed."""

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
