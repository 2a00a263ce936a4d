"""The audit trail shown on the Learning Units pages (learnsociety.audit): one query per
kind of record, whatever the number of changes."""

from __future__ import annotations

from learnsociety import audit

from .models import (
    Criterion,
    CriterionResult,
    Cycle,
    Framework,
    RecognitionDecision,
    School,
    SelfAssessment,
)


def assessment_history(assessment: SelfAssessment, limit: int = 30) -> list[audit.Entry]:
    """The self-assessment and its criterion results: the school's figures and the
    reviewer's verified values and reasons (two queries)."""
    return audit.history_entries(
        audit.Source(
            SelfAssessment.history.filter(id=assessment.pk),
            related=("created_by",),
            exclude=("cycle", "school"),
        ),
        audit.Source(
            CriterionResult.history.filter(assessment_id=assessment.pk),
            label=_criterion_label,
            related=("criterion",),
            exclude=("assessment", "criterion"),
        ),
        limit=limit,
    )


def _criterion_label(row) -> str:
    criterion: Criterion | None = row.criterion
    return criterion.code if criterion is not None else f"#{row.criterion_id}"


def decision_history(decision: RecognitionDecision) -> list[audit.Entry]:
    return audit.history_entries(
        audit.Source(
            RecognitionDecision.history.filter(id=decision.pk),
            related=("cycle", "authority", "created_by"),
        )
    )


def school_history(school: School) -> list[audit.Entry]:
    return audit.history_entries(
        audit.Source(School.history.filter(organisation_id=school.pk)), limit=10
    )


def framework_history(framework: Framework) -> list[audit.Entry]:
    return audit.history_entries(audit.Source(Framework.history.filter(id=framework.pk)), limit=10)


def cycle_history(cycle: Cycle) -> list[audit.Entry]:
    return audit.history_entries(
        audit.Source(Cycle.history.filter(id=cycle.pk), related=("framework", "authority")),
        limit=10,
    )
