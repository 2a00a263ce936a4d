"""Every write of the units app: keyword-only, atomic, checking permission and state."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.areas import organisation_tiers_of
from accounts.enums import Role, Tier
from accounts.models import Membership, Organisation
from accounts.selectors import document_template_for
from learnsociety.codes import certificate_code
from learnsociety.concurrency import check_version
from learnsociety.uploads import delete_on_commit
from learnsociety.workflow import Workflow

from . import outcomes as outcome_rules
from .enums import (
    ASSESSMENT_TRANSITIONS,
    AWAITING_REVIEW,
    SCHOOL_EDITABLE,
    AssessmentStatus,
    CriterionKind,
    CycleState,
    DenominatorSource,
    FrameworkStatus,
)
from .models import (
    AssessmentTransition,
    Criterion,
    CriterionResult,
    Cycle,
    Evidence,
    Framework,
    FrameworkOutcome,
    Recognition,
    RecognitionDecision,
    School,
    SchoolAreaHistory,
    SelfAssessment,
)
from .selectors import (
    applicable_criteria,
    dossier_place,
    figures_for,
    framework_with_structure,
)


class UnitsError(ValidationError):
    """A refused action, with a translated message for the user."""


# --- Values -----------------------------------------------------------------------------


@dataclass
class Entry:
    value: outcome_rules.Value
    justification: str = ""


def value_errors(criterion: Criterion, value: outcome_rules.Value, figures) -> list[str]:
    """What is wrong with one criterion's value (empty when it is fine or blank)."""
    errors = []
    if criterion.kind == CriterionKind.POINTS and value.points is not None:
        if value.points < 0:
            errors.append(_("Points cannot be negative."))
        elif criterion.max_points is not None and value.points > criterion.max_points:
            errors.append(
                _("At most %(max)s points for this criterion.")
                % {"max": f"{criterion.max_points.normalize():f}"}
            )
    if criterion.kind == CriterionKind.THRESHOLD:
        if (value.numerator is not None and value.numerator < 0) or (
            value.denominator is not None and value.denominator < 0
        ):
            errors.append(_("Counts cannot be negative."))
        elif value.numerator is not None and value.denominator is not None:
            if value.numerator > value.denominator:
                errors.append(
                    _(
                        "The number meeting the target (%(num)s) cannot be larger than the "
                        "total (%(den)s)."
                    )
                    % {"num": value.numerator, "den": value.denominator}
                )
            elif value.denominator == 0:
                errors.append(_("The total must be greater than zero."))
        if figures is not None and value.denominator is not None:
            if criterion.denominator_source == DenominatorSource.STAFF and (
                value.denominator != figures.staff
            ):
                errors.append(
                    _("The total must equal the school's number of staff for %(year)s (%(n)s).")
                    % {"year": figures.year, "n": figures.staff}
                )
            if criterion.denominator_source == DenominatorSource.LEARNERS and (
                value.denominator != figures.learners
            ):
                errors.append(
                    _("The total must equal the school's number of learners for %(year)s (%(n)s).")
                    % {"year": figures.year, "n": figures.learners}
                )
    return errors


# --- Transitions ------------------------------------------------------------------------


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
    by,
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


def _notify(users, *, title, url: str) -> None:
    from notifications.services import notification_create

    for user in users:
        notification_create(recipient=user, kind="units", title=title, url=url)


def _principals(assessment: SelfAssessment) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=assessment.school_id, role=Role.PRINCIPAL, is_active=True
        ).select_related("user")
    ]


def _reviewers(assessment: SelfAssessment) -> list:
    org = assessment.school.organisation
    if assessment.cycle.tier == Tier.PROVINCIAL:
        qs = Membership.objects.filter(role=Role.DEPARTMENT_STAFF, is_active=True)
    else:
        qs = Membership.objects.filter(
            role=Role.TIER_REVIEWER,
            is_active=True,
            user__is_active=True,
            organisation__is_active=True,
            organisation__area_id=assessment.area_id or org.area_id,
        )
    return [m.user for m in qs.select_related("user")]


def no_authority_message(cycle: Cycle, names: list[str]) -> str:
    return _(
        "No recognising authority for %(schools)s on %(date)s: its area has no People's "
        "Committee of the %(tier)s. Add that committee, or move the school, first."
    ) % {
        "schools": ", ".join(names),
        "date": date_format(cycle.reference_date, "SHORT_DATE_FORMAT"),
        "tier": str(cycle.get_tier_display()).lower(),
    }


# --- Moves -------------------------------------------------------------------------------

# Schools without an area history were where their organisation says since records began.
RECORDS_BEGIN = date(2000, 1, 1)


def move_problem(*, area, effective: date, last_move: date | None) -> str | None:
    """Why a school cannot move to ``area`` on ``effective`` (None when it can)."""
    if not area.is_valid_on(effective):
        return _("%(area)s does not exist on %(date)s (it exists %(span)s).") % {
            "area": area.name,
            "date": date_format(effective, "SHORT_DATE_FORMAT"),
            "span": area_span(area),
        }
    if last_move is not None and effective <= last_move:
        return _(
            "The move is dated %(date)s, but the school's last move was on %(last)s: a move "
            "must come after it."
        ) % {
            "date": date_format(effective, "SHORT_DATE_FORMAT"),
            "last": date_format(last_move, "SHORT_DATE_FORMAT"),
        }
    return None


def area_span(area) -> str:
    start = date_format(area.valid_from, "SHORT_DATE_FORMAT") if area.valid_from else "…"
    end = date_format(area.valid_to, "SHORT_DATE_FORMAT") if area.valid_to else "…"
    return f"{start}–{end}"


def school_move(*, school: School, area, effective: date) -> bool:
    """Move a school to ``area`` from ``effective`` on: its area history closes the day
    before, so every figure and dossier of earlier days keeps the old area. Dossiers not
    yet decided whose cycle's reference date (31 December) falls on or after the move follow
    the school to its new area and authority. Returns False when the school is already
    there. Runs inside the caller's transaction (imports move many schools at once)."""
    rows = list(school.area_history.select_for_update().order_by("valid_from"))
    current = rows[-1] if rows else None
    current_area_id = current.area_id if current else school.organisation.area_id
    if current_area_id == area.pk:
        return False
    problem = move_problem(
        area=area, effective=effective, last_move=current.valid_from if current else None
    )
    if problem:
        raise UnitsError(problem)
    if current is not None:
        current.valid_to = effective - timedelta(days=1)
        current.save(update_fields=["valid_to"])
    elif school.organisation.area_id is not None:
        SchoolAreaHistory.objects.create(
            school=school,
            area_id=school.organisation.area_id,
            valid_from=min(RECORDS_BEGIN, effective - timedelta(days=1)),
            valid_to=effective - timedelta(days=1),
        )
    SchoolAreaHistory.objects.create(school=school, area=area, valid_from=effective)
    if effective <= timezone.localdate():
        school.organisation.area = area
        school.organisation.save(update_fields=["area"])
    undecided = (
        SelfAssessment.objects.filter(school=school, cycle__year__gte=effective.year)
        .exclude(status__in=[AssessmentStatus.RECOGNISED, AssessmentStatus.NOT_RECOGNISED])
        .select_related("cycle")
    )
    for assessment in undecided:
        area_id, authority = dossier_place(school=school, cycle=assessment.cycle)
        assessment.area_id, assessment.authority = area_id, authority
        assessment.save(update_fields=["area", "authority", "updated"])
    return True


@transaction.atomic
def school_move_by(*, school: School, area, effective: date, by) -> bool:
    """A manager moves one school (the form on the school's page)."""
    if not by.has_perm("units.manage"):
        raise UnitsError(_("Only department staff can move a school."))
    return school_move(school=school, area=area, effective=effective)


# --- Self-assessment --------------------------------------------------------------------


def check_framework_covers(*, framework: Framework, school: School) -> None:
    """Every kind of institution is assessed against its own criteria: a college is never
    assessed against upper-secondary ones. Refuse when the cycle's criteria do not cover the
    school's kind, saying whether any published criteria do."""
    if framework.covers(school.education_level):
        return
    kind = school.get_education_level_display()
    others = [
        f.name
        for f in Framework.objects.filter(status=FrameworkStatus.PUBLISHED).exclude(pk=framework.pk)
        if f.covers(school.education_level)
    ]
    if others:
        raise UnitsError(
            _(
                "The criteria of this cycle (%(framework)s) do not cover this kind of "
                "institution (%(kind)s); the criteria that do (%(others)s) are not used by "
                "this cycle. Ask the Department of Education and Training."
            )
            % {"framework": framework.name, "kind": kind, "others": "; ".join(others)}
        )
    raise UnitsError(
        _(
            "No criteria cover this kind of institution (%(kind)s) yet, so it cannot open a "
            "self-assessment: it must not be assessed against the criteria of another kind. "
            "The Department of Education and Training must first publish criteria for it."
        )
        % {"kind": kind}
    )


@transaction.atomic
def assessment_start(*, school: School, cycle: Cycle, by) -> SelfAssessment:
    """Open the school's self-assessment for a cycle, with one row per applicable criterion."""
    if school.pk not in roles.organisation_ids(by, Role.PRINCIPAL):
        raise UnitsError(_("Only the school's principal can start its self-assessment."))
    if cycle.state != CycleState.OPEN:
        raise UnitsError(_("This cycle is not open for self-assessments."))
    if school.organisation.tier not in organisation_tiers_of(cycle.tier):
        raise UnitsError(_("This cycle is for another tier of schools."))
    check_framework_covers(framework=cycle.framework, school=school)
    if SelfAssessment.objects.filter(cycle=cycle, school=school).exists():
        raise UnitsError(
            _("The school already has a self-assessment for this cycle: open it instead.")
        )
    area_id, authority = dossier_place(school=school, cycle=cycle)
    if authority is None:
        raise UnitsError(no_authority_message(cycle, [str(school)]))
    try:
        with transaction.atomic():
            assessment = SelfAssessment.objects.create(
                cycle=cycle,
                school=school,
                created_by=by,
                area_id=area_id,
                authority=authority,
            )
    except IntegrityError:
        raise UnitsError(
            _("The school already has a self-assessment for this cycle: open it instead.")
        ) from None
    framework = framework_with_structure(cycle.framework_id)
    CriterionResult.objects.bulk_create(
        CriterionResult(assessment=assessment, criterion=c)
        for c in applicable_criteria(framework, school.education_level)
    )
    AssessmentTransition.objects.create(
        assessment=assessment, from_status="", to_status=AssessmentStatus.DRAFT, by=by
    )
    return assessment


def _check_editable(assessment: SelfAssessment, by) -> None:
    if not by.has_perm("units.edit_assessment", assessment):
        if assessment.status not in SCHOOL_EDITABLE:
            raise UnitsError(
                _("This self-assessment can no longer be changed: it has been submitted.")
            )
        raise UnitsError(_("Only the school's principal can change its self-assessment."))


def compute_self(
    assessment: SelfAssessment, results: list[CriterionResult], framework=None
) -> outcome_rules.Outcome:
    framework = framework or framework_with_structure(assessment.cycle.framework_id)
    by_id = {c.id: c for c in applicable_criteria(framework, assessment.school.education_level)}
    values = {r.criterion_id: r.self_value for r in results}
    return outcome_rules.compute(framework, [by_id[i] for i in by_id], values)


@transaction.atomic
def assessment_save_results(
    *, assessment: SelfAssessment, by, entries: dict[int, Entry], version: str | None = None
) -> outcome_rules.Outcome:
    """Save the school's own results (a draft can be saved at any time, blanks allowed).
    Refuses the whole save if any value is invalid, so nothing half-written remains.
    ``version`` (from the edit form) is checked under the row lock: results changed by
    someone else since the form was opened are not overwritten."""
    assessment = (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=assessment.pk)
    )
    _check_editable(assessment, by)
    if version is not None:
        check_version(assessment, version, error=UnitsError)
    framework = framework_with_structure(assessment.cycle.framework_id)
    figures = figures_for(assessment.school_id, assessment.cycle.year)
    results = list(assessment.results.select_related("criterion"))
    problems = {}
    fields = ["points", "numerator", "denominator", "answer", "justification"]
    changed = []
    for result in results:
        entry = entries.get(result.criterion_id)
        if entry is None:
            continue
        errors = value_errors(result.criterion, entry.value, figures)
        if errors:
            problems[result.criterion.code] = errors
        before = [getattr(result, f) for f in fields]
        result.points = entry.value.points
        result.numerator = entry.value.numerator
        result.denominator = entry.value.denominator
        result.answer = entry.value.answer
        result.justification = entry.justification
        if [getattr(result, f) for f in fields] != before:
            changed.append(result)
    if problems:
        raise UnitsError(
            _("Some results are not valid: %(codes)s.") % {"codes": ", ".join(problems)}
        )
    # Only what changed is written: the audit trail keeps one record per real change.
    for result in changed:
        result.save(update_fields=fields)
    outcome = compute_self(assessment, results, framework)
    assessment.self_outcome = outcome.code
    assessment.self_points = outcome.points
    assessment.save(update_fields=["self_outcome", "self_points", "updated"])
    return outcome


def previous_assessment(assessment: SelfAssessment) -> SelfAssessment | None:
    """The school's latest dossier of an earlier year, if any."""
    return (
        SelfAssessment.objects.filter(
            school_id=assessment.school_id, cycle__year__lt=assessment.cycle.year
        )
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )


def is_blank(result: CriterionResult) -> bool:
    return (
        result.points is None
        and result.numerator is None
        and result.denominator is None
        and result.answer is None
        and not result.justification
    )


@transaction.atomic
def assessment_copy_previous(*, assessment: SelfAssessment, by) -> tuple[int, int]:
    """Start from last year: each criterion still blank takes the earlier dossier's answer
    and justification (matched by code and kind; a value this year's figures refuse is
    left out, its justification kept), and the earlier evidence is copied (files
    included) unless a piece with the same title is already there. Returns (criteria,
    evidence) copied. Nothing filled in is ever overwritten."""
    assessment = (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=assessment.pk)
    )
    _check_editable(assessment, by)
    previous = previous_assessment(assessment)
    if previous is None:
        raise UnitsError(_("The school has no dossier of an earlier year to copy from."))
    figures = figures_for(assessment.school_id, assessment.cycle.year)
    earlier = {r.criterion.code: r for r in previous.results.select_related("criterion")}
    results = list(assessment.results.select_related("criterion"))
    matched: dict[int, CriterionResult] = {}
    fields = ["points", "numerator", "denominator", "answer", "justification"]
    copied = 0
    for result in results:
        old = earlier.get(result.criterion.code)
        if old is None or old.criterion.kind != result.criterion.kind:
            continue
        matched[old.pk] = result
        if not is_blank(result):
            continue
        if not value_errors(result.criterion, old.self_value, figures):
            result.points, result.numerator = old.points, old.numerator
            result.denominator, result.answer = old.denominator, old.answer
        result.justification = old.justification
        if not is_blank(result):
            result.save(update_fields=fields)
            copied += 1
    titles = set(assessment.evidence.values_list("title", flat=True))
    evidence_copied = 0
    for item in previous.evidence.prefetch_related("results"):
        if item.title in titles or not item.file:
            continue
        copy = Evidence(assessment=assessment, title=item.title, uploaded_by=by)
        with item.file.open("rb") as handle:
            copy.file.save(posixpath.basename(item.file.name), File(handle), save=False)
        copy.save()
        copy.results.set([matched[r.pk] for r in item.results.all() if r.pk in matched])
        evidence_copied += 1
    outcome = compute_self(assessment, results)
    assessment.self_outcome = outcome.code
    assessment.self_points = outcome.points
    assessment.save(update_fields=["self_outcome", "self_points", "updated"])
    return copied, evidence_copied


def missing_for_submission(assessment: SelfAssessment, results: list[CriterionResult]) -> dict:
    """What still stops the school from submitting: blank required criteria (codes) and
    missing dossier documents (labels)."""
    blank = [
        r.criterion.code
        for r in results
        if r.criterion.is_required and r.self_value.is_blank(r.criterion.kind)
    ]
    unjustified = [
        r.criterion.code
        for r in results
        if not r.self_value.is_blank(r.criterion.kind) and not r.justification.strip()
    ]
    documents = []
    if not assessment.request_document:
        documents.append(str(gettext_lazy("request for recognition")))
    if not assessment.report_document:
        documents.append(str(gettext_lazy("self-assessment report")))
    return {"blank": blank, "unjustified": unjustified, "documents": documents}


def submission_open(assessment: SelfAssessment, today: date) -> bool:
    if today <= assessment.cycle.submission_deadline:
        return True
    return assessment.late_allowed_until is not None and today <= assessment.late_allowed_until


@transaction.atomic
def assessment_submit(*, assessment: SelfAssessment, by, today: date | None = None) -> None:
    """Send the dossier to the reviewer: draft → submitted, returned → resubmitted."""
    today = today or timezone.localdate()
    assessment = (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=assessment.pk)
    )
    _check_editable(assessment, by)
    if not submission_open(assessment, today):
        raise UnitsError(
            _(
                "The submission deadline (%(day)s) has passed. Ask your reviewer to reopen "
                "the submission for your school."
            )
            % {"day": assessment.cycle.submission_deadline.strftime("%d/%m/%Y")}
        )
    results = list(assessment.results.select_related("criterion"))
    missing = missing_for_submission(assessment, results)
    messages = []
    if missing["blank"]:
        messages.append(
            _("These required criteria are blank: %(codes)s.")
            % {"codes": ", ".join(missing["blank"])}
        )
    if missing["unjustified"]:
        messages.append(
            _("These criteria need a justification: %(codes)s.")
            % {"codes": ", ".join(missing["unjustified"])}
        )
    if missing["documents"]:
        messages.append(
            _("These documents are missing: %(docs)s.") % {"docs": ", ".join(missing["documents"])}
        )
    figures = figures_for(assessment.school_id, assessment.cycle.year)
    invalid = [
        r.criterion.code for r in results if value_errors(r.criterion, r.self_value, figures)
    ]
    if invalid:
        messages.append(
            _("These criteria have invalid values: %(codes)s.") % {"codes": ", ".join(invalid)}
        )
    if messages:
        raise UnitsError(messages)
    outcome = compute_self(assessment, results)
    assessment.self_outcome = outcome.code
    assessment.self_points = outcome.points
    assessment.submitted_at = timezone.now()
    to = (
        AssessmentStatus.RESUBMITTED
        if assessment.status == AssessmentStatus.RETURNED
        else AssessmentStatus.SUBMITTED
    )
    url = reverse("units:assessment-review", args=[assessment.pk])
    reviewers = _reviewers(assessment)
    assessment_transition(
        obj=assessment,
        to=to,
        by=by,
        fields=("self_outcome", "self_points", "submitted_at"),
        notify=lambda: _notify(
            reviewers,
            title=gettext_lazy("A self-assessment is waiting for your review"),
            url=url,
        ),
    )


@transaction.atomic
def evidence_add(
    *, assessment: SelfAssessment, by, title: str, file, results: list[CriterionResult]
) -> Evidence:
    _check_editable(assessment, by)
    if any(r.assessment_id != assessment.pk for r in results):
        raise UnitsError(_("Evidence can only support criteria of the same self-assessment."))
    evidence = Evidence(assessment=assessment, title=title, file=file, uploaded_by=by)
    evidence.full_clean(exclude=["results"])
    evidence.save()
    evidence.results.set(results)
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by) -> None:
    _check_editable(evidence.assessment, by)
    delete_on_commit(evidence.file)  # after the commit: a rollback keeps row and file
    evidence.delete()


@transaction.atomic
def assessment_attach_documents(
    *, assessment: SelfAssessment, by, request_document=None, report_document=None
) -> None:
    _check_editable(assessment, by)
    fields = []
    if request_document:
        assessment.request_document = request_document
        fields.append("request_document")
    if report_document:
        assessment.report_document = report_document
        fields.append("report_document")
    if fields:
        assessment.full_clean(
            exclude=[f.name for f in SelfAssessment._meta.fields if f.name not in fields]
        )
        assessment.save(update_fields=[*fields, "updated"])


# --- Review -----------------------------------------------------------------------------


@dataclass
class ReviewEntry:
    value: outcome_rules.Value
    reason: str = ""
    comment: str = ""


def _check_reviewer(assessment: SelfAssessment, by) -> None:
    if not by.has_perm("units.review_assessment", assessment):
        raise UnitsError(_("You do not review this school's self-assessments."))
    if assessment.status not in AWAITING_REVIEW:
        raise UnitsError(_("This self-assessment is not waiting for review."))


def _differs(criterion: Criterion, own: outcome_rules.Value, verified: outcome_rules.Value) -> bool:
    if criterion.kind == CriterionKind.POINTS:
        return own.points != verified.points
    if criterion.kind == CriterionKind.THRESHOLD:
        return (own.numerator, own.denominator) != (verified.numerator, verified.denominator)
    return own.answer != verified.answer


def compute_verified(
    assessment: SelfAssessment, results: list[CriterionResult], framework=None
) -> outcome_rules.Outcome:
    framework = framework or framework_with_structure(assessment.cycle.framework_id)
    criteria = applicable_criteria(framework, assessment.school.education_level)
    values = {r.criterion_id: r.verified_value for r in results}
    return outcome_rules.compute(framework, criteria, values)


@transaction.atomic
def assessment_review_save(
    *, assessment: SelfAssessment, by, entries: dict[int, ReviewEntry], comment: str = ""
) -> outcome_rules.Outcome:
    """Record the reviewer's verified result per criterion. A verified result that differs
    from the school's own needs a reason; the whole save is refused otherwise."""
    assessment = (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=assessment.pk)
    )
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
        changed = _differs(result.criterion, result.self_value, value)
        if changed and not entry.reason.strip():
            problems.append(result.criterion.code)
        result.verified_points = value.points
        result.verified_numerator = value.numerator
        result.verified_denominator = value.denominator
        result.verified_answer = value.answer
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
        result.save(
            update_fields=[
                "verified_points",
                "verified_numerator",
                "verified_denominator",
                "verified_answer",
                "change_reason",
                "reviewer_comment",
            ]
        )
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
def assessment_return(*, assessment: SelfAssessment, by, comment: str) -> None:
    assessment = (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=assessment.pk)
    )
    _check_reviewer(assessment, by)
    has_criterion_comment = assessment.results.exclude(reviewer_comment="").exists()
    if not comment.strip() and not has_criterion_comment:
        raise UnitsError(_("Say what the school must correct before returning the dossier."))
    assessment.reviewer_comment = comment.strip() or assessment.reviewer_comment
    url = assessment.get_absolute_url()
    principals = _principals(assessment)
    assessment_transition(
        obj=assessment,
        to=AssessmentStatus.RETURNED,
        by=by,
        comment=comment.strip(),
        fields=("reviewer_comment",),
        notify=lambda: _notify(
            principals,
            title=gettext_lazy("Your self-assessment was returned for corrections"),
            url=url,
        ),
    )


@transaction.atomic
def assessment_verify(*, assessment: SelfAssessment, by, comment: str = "") -> None:
    """Close the review with the verified outcome. Criteria the reviewer did not change (with
    a reason) take the school's current result."""
    assessment = (
        SelfAssessment.objects.select_for_update()
        .select_related("school", "school__organisation", "cycle")
        .get(pk=assessment.pk)
    )
    _check_reviewer(assessment, by)
    results = list(assessment.results.select_related("criterion"))
    for result in results:
        own = result.self_value
        if result.change_reason and _differs(result.criterion, own, result.verified_value):
            continue
        # Untouched (or corrected by the school to the reviewer's value): the school's own.
        result.verified_points = result.points
        result.verified_numerator = result.numerator
        result.verified_denominator = result.denominator
        result.verified_answer = result.answer
        result.change_reason = ""
        result.save(
            update_fields=[
                "verified_points",
                "verified_numerator",
                "verified_denominator",
                "verified_answer",
                "change_reason",
            ]
        )
    outcome = compute_verified(assessment, results)
    assessment.verified_outcome = outcome.code
    assessment.verified_points = outcome.points
    assessment.verified_at = timezone.now()
    url = assessment.get_absolute_url()
    principals = _principals(assessment)
    assessment_transition(
        obj=assessment,
        to=AssessmentStatus.VERIFIED,
        by=by,
        comment=comment.strip(),
        fields=("verified_outcome", "verified_points", "verified_at"),
        notify=lambda: _notify(
            principals, title=gettext_lazy("Your self-assessment was verified"), url=url
        ),
    )


@transaction.atomic
def assessment_reopen(*, assessment: SelfAssessment, by, until: date) -> None:
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


# --- Recognition ------------------------------------------------------------------------


def new_certificate_code() -> str:
    return certificate_code("LU")


def may_recognise_for(user, authority: Organisation) -> bool:
    """Who records a decision of ``authority``: its members, the tier reviewer of its area
    (a commune's culture and society office prepares and enters its People's Committee's
    decisions), DOET staff and administrators."""
    if roles.has_role(user, Role.DEPARTMENT_STAFF) or roles.has_role(user, Role.ADMINISTRATOR):
        return True
    if authority.pk in roles.organisation_ids(user):
        return True
    return (
        authority.tier != Tier.PROVINCIAL
        and authority.area_id is not None
        and authority.area_id in roles.area_ids(user, Role.TIER_REVIEWER)
    )


def decision_problems(
    *,
    cycle: Cycle,
    locked: dict[int, SelfAssessment],
    outcomes: dict[str, FrameworkOutcome],
    entries: list[tuple[int, str]],
    reasons: dict[int, str],
) -> list[str]:
    """Why each chosen dossier cannot be recognised at the chosen level, one translated
    message per dossier. A decision follows the review: only a verified outcome that meets a
    level can be recognised, at that level or (with a reason) a lower one."""
    problems = []
    for assessment_id, code in entries:
        assessment = locked.get(assessment_id)
        if assessment is None or assessment.cycle_id != cycle.pk:
            problems.append(
                _("Dossier %(id)s is not a self-assessment of this cycle.") % {"id": assessment_id}
            )
            continue
        school = str(assessment.school)
        if assessment.status != AssessmentStatus.VERIFIED:
            problems.append(
                _(
                    "%(school)s cannot be recognised: its self-assessment is not waiting for a "
                    "decision (%(state)s)."
                )
                % {"school": school, "state": assessment.get_status_display()}
            )
            continue
        verified = outcomes.get(assessment.verified_outcome)
        if verified is None:
            problems.append(
                _("%(school)s cannot be recognised: the review verified that it meets no level.")
                % {"school": school}
            )
            continue
        chosen = outcomes.get(code)
        if chosen is None:
            problems.append(
                _("Choose a level of the cycle's criteria for %(school)s.") % {"school": school}
            )
        elif chosen.rank > verified.rank:
            problems.append(
                _(
                    "%(school)s cannot be recognised at %(chosen)s: the review verified "
                    "%(verified)s. A decision may give the verified level or a lower one."
                )
                % {"school": school, "chosen": chosen.name, "verified": verified.name}
            )
        elif chosen.rank < verified.rank and not reasons.get(assessment_id, "").strip():
            problems.append(
                _(
                    "%(school)s would be recognised at %(chosen)s, below the verified "
                    "%(verified)s: give the reason."
                )
                % {"school": school, "chosen": chosen.name, "verified": verified.name}
            )
    return problems


def state_number(number: str, authority: Organisation) -> str:
    """The decision number in the State's format (Decree 30/2020): a number typed alone
    ("45") gets the type and the authority's code from its document template
    ("45/QĐ-UBND"); a number typed in full is kept as the signed decision bears it."""
    number = (number or "").strip()
    if number.isdigit():
        template = document_template_for(authority)
        if template is not None and template.code:
            return f"{int(number)}/QĐ-{template.code}"
    return number


@transaction.atomic
def decision_record(
    *,
    cycle: Cycle,
    by,
    number: str,
    decided_on: date,
    signer: str,
    document=None,
    entries: list[tuple[int, str]],
    authority: Organisation | None = None,
    reasons: dict[int, str] | None = None,
) -> RecognitionDecision:
    """Record a numbered decision of one recognising authority (a People's Committee of a
    district or commune, or the provincial authority) recognising verified schools of a
    cycle whose dossiers it decides, each with its level or grade, in one action. Numbers
    are unique per authority and year. Locks the dossiers so that a school is never
    recognised twice in a cycle, even by two people at the same moment.

    Each school gets its verified level, or a lower one with a reason (``reasons`` by
    assessment id) that the audit trail keeps; a higher level, or a school verified as
    meeting no level, refuses the whole decision."""
    authority = authority or cycle.authority
    if authority is None or not may_recognise_for(by, authority):
        raise UnitsError(_("Only the recognising authority can record a decision."))
    number = state_number(number, authority)
    if not entries:
        raise UnitsError(_("Choose at least one verified school."))
    reasons = reasons or {}
    ids = [assessment_id for assessment_id, _code in entries]
    locked = {
        a.pk: a
        for a in SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("school", "school__organisation")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    outcomes = {o.code: o for o in FrameworkOutcome.objects.filter(framework_id=cycle.framework_id)}
    problems = decision_problems(
        cycle=cycle, locked=locked, outcomes=outcomes, entries=entries, reasons=reasons
    )
    if problems:
        raise UnitsError(problems)
    others = [
        str(a.school) for a in locked.values() if (a.authority_id or authority.pk) != authority.pk
    ]
    if others:
        raise UnitsError(
            _("%(authority)s does not recognise these schools: %(names)s.")
            % {"authority": authority, "names": ", ".join(others)}
        )
    if RecognitionDecision.objects.filter(
        authority=authority, number=number, decided_on__year=decided_on.year
    ).exists():
        raise UnitsError(_("A decision with this number already exists."))
    decision = RecognitionDecision(
        cycle=cycle,
        authority=authority,
        number=number,
        decided_on=decided_on,
        signer=signer,
        created_by=by,
    )
    if document:
        decision.document = document
        decision.full_clean(exclude=["cycle", "authority", "created_by"])
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # Another person recorded this number between our check and our insert.
        if decision.document:
            decision.document.delete(save=False)
        raise UnitsError(_("A decision with this number already exists.")) from None
    for assessment_id, code in entries:
        assessment = locked[assessment_id]
        try:
            with transaction.atomic():
                Recognition.objects.create(
                    school_id=assessment.school_id,
                    year=cycle.year,
                    framework_id=cycle.framework_id,
                    outcome=outcomes[code],
                    cycle=cycle,
                    assessment=assessment,
                    decision=decision,
                    decision_number=number,
                    decision_date=decided_on,
                    certificate_code=new_certificate_code(),
                )
        except IntegrityError:
            raise UnitsError(
                _("%(school)s is already recognised in this cycle.") % {"school": assessment.school}
            ) from None
        comment = _("Decision %(number)s") % {"number": number}
        verified = outcomes[assessment.verified_outcome]
        if outcomes[code].rank < verified.rank:
            comment = _(
                "Decision %(number)s: recognised at %(chosen)s, below the verified "
                "%(verified)s. Reason: %(reason)s"
            ) % {
                "number": number,
                "chosen": outcomes[code].name,
                "verified": verified.name,
                "reason": reasons[assessment_id].strip(),
            }
        assessment_transition(
            obj=assessment, to=AssessmentStatus.RECOGNISED, by=by, comment=comment
        )
    return decision


@transaction.atomic
def assessment_not_recognise(*, assessment: SelfAssessment, by, comment: str) -> None:
    if not by.has_perm("units.recognise", assessment):
        raise UnitsError(_("Only the recognising authority can record a decision."))
    ASSESSMENT_WORKFLOW.check(assessment, AssessmentStatus.NOT_RECOGNISED)
    if not comment.strip():
        raise UnitsError(_("Give the reason for not recognising the school."))
    assessment_transition(
        obj=assessment, to=AssessmentStatus.NOT_RECOGNISED, by=by, comment=comment.strip()
    )
