"""``programme.submit_report``: the lead party's people send a draft or a returned report;
nobody sends one that is already in, and nobody else sends it."""

import pytest

from programme.enums import Party, ReportStatus
from tests.factories.programme import CommitmentFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (ReportStatus.DRAFT, True),
        (ReportStatus.RETURNED, True),
        (ReportStatus.SUBMITTED, False),
        (ReportStatus.ACCEPTED, False),
    ],
)
def test_submit_report_lead_party_sends_only_drafts_and_returned_reports(staff, status, allowed):
    report = ProgressReportFactory(
        commitment=CommitmentFactory(lead_party=Party.DOET), status=status
    )

    assert staff.has_perm("programme.submit_report", report) is allowed


def test_submit_report_other_party_and_outsiders_may_not(officer, principal):
    report = ProgressReportFactory(commitment=CommitmentFactory(lead_party=Party.DOET))

    assert officer.has_perm("programme.submit_report", report) is False
    assert principal.has_perm("programme.submit_report", report) is False
