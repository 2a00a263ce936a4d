"""The self-assessment's one transition function: the moves declared beside its enum are
the only ones it makes, it writes only what changed and records each move."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from units import services
from units.enums import AssessmentStatus
from units.models import AssessmentTransition, SelfAssessment

pytestmark = pytest.mark.django_db


def _draft(setting) -> SelfAssessment:
    return services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )


def _set_columns(queries) -> list[str]:
    [update] = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assignments = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return sorted(part.split("=")[0].strip().strip('"') for part in assignments.split(", "))


def test_assessment_transition_refuses_an_illegal_move_and_saves_nothing(setting):
    assessment = _draft(setting)
    before = SelfAssessment.objects.values_list("status", "updated").get(pk=assessment.pk)

    with pytest.raises(ValidationError) as error:
        services.assessment_transition(
            obj=assessment, to=AssessmentStatus.VERIFIED, by=setting["reviewer"]
        )

    assert error.value.messages == ["Bản tự đánh giá này không ở trạng thái chờ thẩm định."]
    assert SelfAssessment.objects.values_list("status", "updated").get(pk=assessment.pk) == before
    assert AssessmentTransition.objects.filter(assessment=assessment).count() == 1


def test_assessment_transition_reads_the_state_under_the_lock(setting):
    assessment = _draft(setting)
    stale = SelfAssessment.objects.get(pk=assessment.pk)
    stale.status = AssessmentStatus.VERIFIED  # what an out-of-date copy might believe

    with pytest.raises(ValidationError) as error:
        services.assessment_transition(
            obj=stale, to=AssessmentStatus.RECOGNISED, by=setting["staff"]
        )

    assert error.value.messages == [
        "Chỉ có thể ra quyết định đối với bản tự đánh giá đã được thẩm định."
    ]
    assert SelfAssessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT


def test_assessment_transition_saves_only_changed_fields_and_records_the_move(
    setting, django_capture_on_commit_callbacks
):
    assessment = _draft(setting)
    assessment.submitted_at = timezone.now()
    assessment.self_points = 99  # changed in memory but not named: must not be written
    sent = []

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        services.assessment_transition(
            obj=assessment,
            to=AssessmentStatus.SUBMITTED,
            by=setting["principal"],
            comment="Nộp hồ sơ",
            fields=("submitted_at",),
            notify=lambda: sent.append("reviewers"),
        )

    assert _set_columns(queries.captured_queries) == ["status", "submitted_at", "updated"]
    assert sent == []  # nobody is told before the commit
    for callback in callbacks:  # the notification, and the cycles' counts renewed
        callback()
    assert sent == ["reviewers"]
    saved = SelfAssessment.objects.get(pk=assessment.pk)
    assert (saved.status, saved.self_points) == (AssessmentStatus.SUBMITTED, None)
    assert list(
        AssessmentTransition.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("from_status", "to_status", "by", "comment")
    ) == [
        ("", "draft", setting["principal"].pk, ""),
        ("draft", "submitted", setting["principal"].pk, "Nộp hồ sơ"),
    ]
