"""The units domain error and what the services of every workflow share: values' checks,
the self-assessment's transition function, its row lock and notifications."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from learnsociety.workflow import Workflow
from notifications.services import notifications_after_commit

from .. import outcomes as outcome_rules
from ..enums import (
    ASSESSMENT_TRANSITIONS,
    AssessmentStatus,
    CriterionKind,
    DenominatorSource,
)
from ..models import (
    AssessmentTransition,
    Criterion,
    SelfAssessment,
)


class UnitsError(ValidationError):
    """A refused action, with a translated message for the user."""


def _points_errors(criterion: Criterion, value: outcome_rules.Value) -> list[str]:
    if value.points is None:
        return []
    if value.points < 0:
        return [_("Points cannot be negative.")]
    if criterion.max_points is not None and value.points > criterion.max_points:
        return [
            _("At most %(max)s points for this criterion.")
            % {"max": f"{criterion.max_points.normalize():f}"}
        ]
    return []


def _count_errors(value: outcome_rules.Value) -> list[str]:
    """Whether the two counts of a percentage criterion can be counts of one group."""
    numerator, denominator = value.numerator, value.denominator
    if (numerator is not None and numerator < 0) or (denominator is not None and denominator < 0):
        return [_("Counts cannot be negative.")]
    if numerator is None or denominator is None:
        return []
    if numerator > denominator:
        return [
            _("The number meeting the target (%(num)s) cannot be larger than the total (%(den)s).")
            % {"num": numerator, "den": denominator}
        ]
    if denominator == 0:
        return [_("The total must be greater than zero.")]
    return []


def _total_errors(criterion: Criterion, value: outcome_rules.Value, figures) -> list[str]:
    """A total that must be the school's own figure for the year (staff or learners)."""
    if figures is None or value.denominator is None:
        return []
    if criterion.denominator_source == DenominatorSource.STAFF and (
        value.denominator != figures.staff
    ):
        return [
            _("The total must equal the school's number of staff for %(year)s (%(n)s).")
            % {"year": figures.year, "n": figures.staff}
        ]
    if criterion.denominator_source == DenominatorSource.LEARNERS and (
        value.denominator != figures.learners
    ):
        return [
            _("The total must equal the school's number of learners for %(year)s (%(n)s).")
            % {"year": figures.year, "n": figures.learners}
        ]
    return []


def value_errors(criterion: Criterion, value: outcome_rules.Value, figures) -> list[str]:
    """What is wrong with one criterion's value (empty when it is fine or blank)."""
    if criterion.kind == CriterionKind.POINTS:
        return _points_errors(criterion, value)
    if criterion.kind == CriterionKind.THRESHOLD:
        return _count_errors(value) + _total_errors(criterion, value, figures)
    return []


def value_differs(
    criterion: Criterion, own: outcome_rules.Value, verified: outcome_rules.Value
) -> bool:
    if criterion.kind == CriterionKind.POINTS:
        return own.points != verified.points
    if criterion.kind == CriterionKind.THRESHOLD:
        return (own.numerator, own.denominator) != (verified.numerator, verified.denominator)
    return own.answer != verified.answer


ASSESSMENT_WORKFLOW = Workflow(
    transitions=ASSESSMENT_TRANSITIONS,
    error=UnitsError,
    record=lambda assessment, **row: AssessmentTransition.objects.create(
        assessment=assessment, **row
    ),
    refusals={
        AssessmentStatus.SUBMITTED: gettext_lazy(
            "This self-assessment can no longer be changed: it has been submitted."
        ),
        AssessmentStatus.RESUBMITTED: gettext_lazy(
            "This self-assessment can no longer be changed: it has been submitted."
        ),
        AssessmentStatus.IN_REVIEW: gettext_lazy("This self-assessment is not waiting for review."),
        AssessmentStatus.RETURNED: gettext_lazy("This self-assessment is not waiting for review."),
        AssessmentStatus.VERIFIED: gettext_lazy("This self-assessment is not waiting for review."),
        AssessmentStatus.RECOGNISED: gettext_lazy(
            "Only a verified self-assessment can be decided."
        ),
        AssessmentStatus.NOT_RECOGNISED: gettext_lazy(
            "Only a verified self-assessment can be decided."
        ),
    },
)


def assessment_transition(
    *,
    obj: SelfAssessment,
    to: str,
    by: User,
    comment: str = "",
    fields: tuple[str, ...] = (),
    notify=None,
) -> SelfAssessment:
    """The one way a self-assessment changes state: locks it, refuses a move
    ``ASSESSMENT_TRANSITIONS`` does not allow, saves the state and ``fields``, records an
    :class:`AssessmentTransition` and sends ``notify`` after the commit."""
    return ASSESSMENT_WORKFLOW.move(
        obj=obj, to=to, by=by, comment=comment, fields=fields, notify=notify
    )


def assessment_locked(pk: int) -> SelfAssessment:
    """The self-assessment, locked for the rest of the transaction with what every service
    reads of it (school, organisation, cycle): two people acting on the same dossier at once
    are served one after the other."""
    return (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=pk)
    )


def notify(users, *, title, url: str) -> Callable[[], None]:
    """What a move sends after its commit (``notifications_after_commit``)."""
    return notifications_after_commit(users, kind="units", title=title, url=url)
