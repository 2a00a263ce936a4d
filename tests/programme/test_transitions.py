"""The progress report's one transition function: the moves declared beside its enum are
the only ones it makes, it writes only what changed, records each move and tells people
only after the commit."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programme import services
from programme.enums import ReportStatus
from programme.models import ProgressReport, ReportTransition
from tests.factories.programme import ProgressReportFactory

pytestmark = pytest.mark.django_db


def _set_columns(queries) -> list[str]:
    [update] = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assignments = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return sorted(part.split("=")[0].strip().strip('"') for part in assignments.split(", "))


def test_report_transition_refuses_an_illegal_move_with_its_message(staff):
    report = ProgressReportFactory()

    with pytest.raises(ValidationError) as error:
        services.report_transition(obj=report, to=ReportStatus.ACCEPTED, by=staff)

    assert error.value.messages == ["Chỉ báo cáo đã gửi mới có thể xem xét."]
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    assert ReportTransition.objects.filter(report=report).count() == 0


def test_report_transition_saves_only_changed_fields_and_records_the_move(
    staff, django_capture_on_commit_callbacks
):
    report = ProgressReportFactory(status=ReportStatus.ACCEPTED)
    report.submitted_at = timezone.now()
    report.narrative = "Sửa trong bộ nhớ, không được ghi."
    sent = []

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        services.report_transition(
            obj=report,
            to=ReportStatus.SUBMITTED,
            by=staff,
            comment="Sửa số liệu",
            correction=True,
            fields=("submitted_at",),
            notify=lambda: sent.append("reviewers"),
        )

    assert _set_columns(queries.captured_queries) == ["status", "submitted_at"]
    assert sent == []  # nobody is told before the commit
    for callback in callbacks:  # the commit: the reviewers are told (and caches renewed)
        callback()
    assert sent == ["reviewers"]
    saved = ProgressReport.objects.get(pk=report.pk)
    assert (saved.status, saved.narrative) == (ReportStatus.SUBMITTED, "Báo cáo tiến độ.")
    assert list(
        ReportTransition.objects.filter(report=report).values_list(
            "from_status", "to_status", "by", "comment", "is_correction"
        )
    ) == [("accepted", "submitted", staff.pk, "Sửa số liệu", True)]
