"""The reviewer's side of a self-assessment: verified results, return, verify, reopen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from .. import outcomes as outcome_rules
from ..enums import (
    AWAITING_REVIEW,
    SCHOOL_EDITABLE,
    AssessmentStatus,
)
from ..models import (
    AssessmentTransition,
    CriterionResult,
    SelfAssessment,
)
from ..selectors import (
    applicable_criteria,
    figures_for,
    framework_with_structure,
    school_principals,
)
from .base import (
    UnitsError,
    assessment_locked,
    assessment_transition,
    notify,
    value_differs,
    value_errors,
)


@dataclass
class ReviewEntry:
    value: outcome_rules.Value
    reason: str = ""
    comment: str = ""


def _check_reviewer(assessment: SelfAssessment, by: User) -> None:
    if not by.has_perm("units.review_assessment", assessment):
        raise UnitsError(_("You do not review this school's self-assessments."))
    if assessment.status not in AWAITING_REVIEW:
        raise UnitsError(_("This self-assessment is not waiting for review."))


VERIFIED_FIELDS = (
    "verified_points",
    "verified_numerator",
    "verified_denominator",
    "verified_answer",
)


def _set_verified(result: CriterionResult, value: outcome_rules.Value) -> None:
    """Write ``value`` as the result's verified value (the fields ``VERIFIED_FIELDS`` saves)."""
    result.verified_points = value.points
    result.verified_numerator = value.numerator
    result.verified_denominator = value.denominator
    result.verified_answer = value.answer


def compute_verified(
    assessment: SelfAssessment, results: list[CriterionResult], framework=None
) -> outcome_rules.Outcome:
    framework = framework or framework_with_structure(assessment.cycle.framework_id)
    criteria = applicable_criteria(framework, assessment.school.education_level)
    values = {r.criterion_id: r.verified_value for r in results}
    return outcome_rules.compute(framework, criteria, values)


@transaction.atomic
def assessment_review_save(
    *, assessment: SelfAssessment, by: User, entries: dict[int, ReviewEntry], comment: str = ""
) -> outcome_rules.Outcome:
    """Record the reviewer's verified result per criterion. A verified result that differs
    from the school's own needs a reason; the whole save is refused otherwise."""
    assessment = assessment_locked(assessment.pk)
    _check_reviewer(assessment, by)
    figures = figures_for(assessment.school_id, assessment.cycle.year)
    results = list(assessment.results.select_related("criterion"))
    problems = []
    for result in results:
        entry = entries.get(result.criterion_id)
        if entry is None:
            continue
        value = entry.value
        if value_errors(result.criterion, value, figures):
            problems.append(result.criterion.code)
        changed = value_differs(result.criterion, result.self_value, value)
        if changed and not entry.reason.strip():
            problems.append(result.criterion.code)
        _set_verified(result, value)
        result.change_reason = entry.reason.strip() if changed else ""
        result.reviewer_comment = entry.comment.strip()
    if problems:
        raise UnitsError(
            _(
                "Check these criteria: every changed result needs a reason and valid values "
                "(%(codes)s)."
            )
            % {"codes": ", ".join(dict.fromkeys(problems))}
        )
    for result in results:
        result.save(update_fields=[*VERIFIED_FIELDS, "change_reason", "reviewer_comment"])
    outcome = compute_verified(assessment, results)
    assessment.verified_outcome = outcome.code
    assessment.verified_points = outcome.points
    assessment.reviewer_comment = comment.strip()
    fields = ("verified_outcome", "verified_points", "reviewer_comment")
    if assessment.status != AssessmentStatus.IN_REVIEW:
        assessment_transition(obj=assessment, to=AssessmentStatus.IN_REVIEW, by=by, fields=fields)
    else:
        assessment.save(update_fields=[*fields, "updated"])
    return outcome


@transaction.atomic
def assessment_return(*, assessment: SelfAssessment, by: User, comment: str) -> None:
    assessment = assessment_locked(assessment.pk)
    _check_reviewer(assessment, by)
    has_criterion_comment = assessment.results.exclude(reviewer_comment="").exists()
    if not comment.strip() and not has_criterion_comment:
        raise UnitsError(_("Say what the school must correct before returning the dossier."))
    assessment.reviewer_comment = comment.strip() or assessment.reviewer_comment
    url = assessment.get_absolute_url()
    principals = school_principals(assessment.school_id)
    assessment_transition(
        obj=assessment,
        to=AssessmentStatus.RETURNED,
        by=by,
        comment=comment.strip(),
        fields=("reviewer_comment",),
        notify=notify(
            principals,
            title=gettext_lazy("Your self-assessment was returned for corrections"),
            url=url,
        ),
    )


@transaction.atomic
def assessment_verify(*, assessment: SelfAssessment, by: User, comment: str = "") -> None:
    """Close the review with the verified outcome. Criteria the reviewer did not change (with
    a reason) take the school's current result."""
    assessment = assessment_locked(assessment.pk)
    _check_reviewer(assessment, by)
    results = list(assessment.results.select_related("criterion"))
    for result in results:
        own = result.self_value
        if result.change_reason and value_differs(result.criterion, own, result.verified_value):
            continue
        # Untouched (or corrected by the school to the reviewer's value): the school's own.
        _set_verified(result, own)
        result.change_reason = ""
        result.save(update_fields=[*VERIFIED_FIELDS, "change_reason"])
    outcome = compute_verified(assessment, results)
    assessment.verified_outcome = outcome.code
    assessment.verified_points = outcome.points
    assessment.verified_at = timezone.now()
    url = assessment.get_absolute_url()
    principals = school_principals(assessment.school_id)
    assessment_transition(
        obj=assessment,
        to=AssessmentStatus.VERIFIED,
        by=by,
        comment=comment.strip(),
        fields=("verified_outcome", "verified_points", "verified_at"),
        notify=notify(principals, title=gettext_lazy("Your self-assessment was verified"), url=url),
    )


@transaction.atomic
def assessment_reopen(*, assessment: SelfAssessment, by: User, until: date) -> None:
    """Let one school submit after the deadline."""
    if not by.has_perm("units.review_assessment", assessment):
        raise UnitsError(_("You do not review this school's self-assessments."))
    if assessment.status not in SCHOOL_EDITABLE:
        raise UnitsError(_("Only a draft or returned self-assessment can be reopened."))
    if until < timezone.localdate():
        raise UnitsError(_("Choose a date from today on."))
    assessment.late_allowed_until = until
    assessment.save(update_fields=["late_allowed_until", "updated"])
    AssessmentTransition.objects.create(
        assessment=assessment,
        from_status=assessment.status,
        to_status=assessment.status,
        by=by,
        comment=late_permission_comment(until),
    )


def late_permission_comment(until: date) -> str:
    """What a dossier's history says when its reviewer allows a late submission."""
    return _("Late submission allowed until %(day)s.") % {"day": until.strftime("%d/%m/%Y")}
