"""The school's side of a self-assessment: start, results, evidence, documents, submission."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date

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
from accounts.models import Membership, User
from learnsociety.concurrency import check_version
from learnsociety.uploads import delete_on_commit

from .. import outcomes as outcome_rules
from ..enums import (
    SCHOOL_EDITABLE,
    AssessmentStatus,
    CycleState,
    FrameworkStatus,
)
from ..models import (
    AssessmentTransition,
    CriterionResult,
    Cycle,
    Evidence,
    Framework,
    School,
    SelfAssessment,
)
from ..selectors import (
    applicable_criteria,
    dossier_place,
    figures_for,
    framework_with_structure,
)
from .base import UnitsError, assessment_locked, assessment_transition, notify, value_errors


@dataclass
class Entry:
    value: outcome_rules.Value
    justification: str = ""


def no_authority_message(cycle: Cycle, names: list[str]) -> str:
    return _(
        "No recognising authority for %(schools)s on %(date)s: its area has no People's "
        "Committee of the %(tier)s. Add that committee, or move the school, first."
    ) % {
        "schools": ", ".join(names),
        "date": date_format(cycle.reference_date, "SHORT_DATE_FORMAT"),
        "tier": str(cycle.get_tier_display()).lower(),
    }


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
def assessment_start(*, school: School, cycle: Cycle, by: User) -> SelfAssessment:
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


def _check_editable(assessment: SelfAssessment, by: User) -> None:
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
    *, assessment: SelfAssessment, by: User, entries: dict[int, Entry], version: str | None = None
) -> outcome_rules.Outcome:
    """Save the school's own results (a draft can be saved at any time, blanks allowed).
    Refuses the whole save if any value is invalid, so nothing half-written remains.
    ``version`` (from the edit form) is checked under the row lock: results changed by
    someone else since the form was opened are not overwritten."""
    assessment = assessment_locked(assessment.pk)
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
def assessment_copy_previous(*, assessment: SelfAssessment, by: User) -> tuple[int, int]:
    """Start from last year: each criterion still blank takes the earlier dossier's answer
    and justification (matched by code and kind; a value this year's figures refuse is
    left out, its justification kept), and the earlier evidence is copied (files
    included) unless a piece with the same title is already there. Returns (criteria,
    evidence) copied. Nothing filled in is ever overwritten."""
    assessment = assessment_locked(assessment.pk)
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
        if item.title in titles or not item.file.name:  # FieldFile is falsy without a name
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


@transaction.atomic
def assessment_submit(*, assessment: SelfAssessment, by: User, today: date | None = None) -> None:
    """Send the dossier to the reviewer: draft → submitted, returned → resubmitted."""
    today = today or timezone.localdate()
    assessment = assessment_locked(assessment.pk)
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
        notify=notify(
            reviewers,
            title=gettext_lazy("A self-assessment is waiting for your review"),
            url=url,
        ),
    )


@transaction.atomic
def evidence_add(
    *, assessment: SelfAssessment, by: User, title: str, file, results: list[CriterionResult]
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
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    _check_editable(evidence.assessment, by)
    delete_on_commit(evidence.file)  # after the commit: a rollback keeps row and file
    evidence.delete()


@transaction.atomic
def assessment_attach_documents(
    *, assessment: SelfAssessment, by: User, request_document=None, report_document=None
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
