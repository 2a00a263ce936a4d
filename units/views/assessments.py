"""The school's side: start, fill, attach evidence and documents, submit."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import autosave
from learnsociety.concurrency import version_of
from learnsociety.errors import error_messages
from learnsociety.pdf import pdf_response
from learnsociety.uploads import serve_upload

from .. import outcomes as outcome_rules
from .. import selectors, services
from ..enums import AWAITING_REVIEW, AssessmentStatus
from ..forms import DocumentsForm, EvidenceForm, ReopenForm, ResultsForm
from ..history import assessment_history
from ..models import Cycle, Evidence, School, SelfAssessment


def _get_assessment(request, pk: int, perm: str = "units.view_assessment") -> SelfAssessment:
    return get_for_user_or_404(
        selectors.assessment_detail(pk), user=request.user, perm=perm, request=request, pk=pk
    )


def _structure(assessment: SelfAssessment):
    framework = selectors.framework_with_structure(assessment.cycle.framework_id)
    criteria = selectors.applicable_criteria(framework, assessment.school.education_level)
    return framework, criteria


def _self_values(results) -> dict[int, outcome_rules.Value]:
    return {r.criterion_id: r.self_value for r in results}


@require_POST
def assessment_start(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle.objects.select_related("framework"), pk=cycle_pk)
    school_pk = request.POST.get("school")
    school = get_object_or_404(School.objects.select_related("organisation"), pk=school_pk)
    if not request.user.has_perm("units.view_school", school):
        raise Http404
    try:
        assessment = services.assessment_start(school=school, cycle=cycle, by=request.user)
    except services.UnitsError as error:
        error_messages(request, error)
        existing = SelfAssessment.objects.filter(cycle=cycle, school=school).first()
        return redirect(existing or "home")
    messages.success(request, _("The self-assessment is open. Fill it in and save as you go."))
    return redirect("units:assessment-edit", assessment.pk)


def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment(request, pk)
    framework, criteria = _structure(assessment)
    results = selectors.assessment_results(assessment)
    user = request.user
    can_edit = user.has_perm("units.edit_assessment", assessment)
    can_review = user.has_perm("units.review_assessment", assessment)
    rows = []
    for result in results:
        rows.append(
            {
                "result": result,
                "criterion": result.criterion,
                "self_percent": outcome_rules.percent(result.numerator, result.denominator),
                "verified_percent": outcome_rules.percent(
                    result.verified_numerator, result.verified_denominator
                ),
                "changed": bool(result.change_reason),
            }
        )
    history = assessment_history(assessment)

    return render(
        request,
        "units/assessment_detail.html",
        {
            "assessment": assessment,
            "framework": framework,
            "rows": rows,
            "self_label": outcome_rules.outcome_label(framework, assessment.self_outcome),
            "verified_label": outcome_rules.outcome_label(framework, assessment.verified_outcome),
            "transitions": selectors.assessment_transitions(assessment),
            "history": history,
            "can_edit": can_edit,
            "can_review": can_review,
            "awaiting_review": assessment.status in AWAITING_REVIEW,
            "can_decide": assessment.status == AssessmentStatus.VERIFIED
            and user.has_perm("units.recognise", assessment),
            # The rule itself: has_perm lets a superuser through whatever the state and date.
            "can_reopen": rules.has_perm("units.reopen_assessment", user, assessment),
            "reopen_form": ReopenForm(),
            "gap_count": sum(1 for r in rows if r["changed"]),
            "recognition": getattr(assessment, "recognition", None)
            if hasattr(assessment, "recognition")
            else None,
        },
    )


def _edit_context(request, assessment, *, form=None, evidence_form=None, documents_form=None):
    framework, criteria = _structure(assessment)
    results = selectors.assessment_results(assessment)
    figures = selectors.figures_for(assessment.school_id, assessment.cycle.year)
    if form is None:
        form = ResultsForm(
            assessment=assessment,
            criteria=criteria,
            figures=figures,
            initial_values=_self_values(results),
            justifications={r.criterion_id: r.justification for r in results},
        )
    outcome = outcome_rules.compute(framework, criteria, _self_values(results))
    evidence = list(assessment.evidence.prefetch_related("results__criterion"))
    evidence_by_criterion: dict[int, list] = {}
    for item in evidence:
        for result in item.results.all():
            evidence_by_criterion.setdefault(result.criterion_id, []).append(item)
    returned = assessment.status == AssessmentStatus.RETURNED
    by_criterion = {r.criterion_id: r for r in results}
    rows = [
        {
            "review": by_criterion.get(c.id) if returned else None,
            "criterion": c,
            "fields": fields,
            "justification": form[f"c{c.id}-justification"],
            "evidence": evidence_by_criterion.get(c.id, []),
        }
        for c, fields in form.rows()
    ]
    missing = services.missing_for_submission(assessment, results)
    return {
        "assessment": assessment,
        "framework": framework,
        "form": form,
        "rows": rows,
        "outcome": outcome,
        "figures": figures,
        "evidence": evidence,
        "evidence_form": evidence_form or EvidenceForm(results=results),
        "documents_form": documents_form or DocumentsForm(instance=assessment),
        "missing": missing,
        "deadline_open": services.submission_open(assessment, timezone.localdate()),
        # last year's dossier, offered while some criterion is still blank
        "previous": services.previous_assessment(assessment)
        if any(services.is_blank(r) for r in results)
        else None,
    }


def _autosave_refused(assessment, messages_: list[str], *, stale: bool, status: int):
    """A refused autosave: the page keeps what was typed and shows why; a stale version
    offers the current saved dossier (reload) instead of overwriting it."""
    return autosave.refused(
        messages_,
        stale=stale,
        status=status,
        reload=reverse("units:assessment-edit", args=[assessment.pk]),
    )


def _autosave_answer(assessment, form, error=None) -> JsonResponse:
    if error is not None:
        stale = getattr(error, "code", None) == "stale"
        return _autosave_refused(
            assessment, getattr(error, "messages", [str(error)]), stale=stale, status=409
        )
    stale = form.has_error(NON_FIELD_ERRORS)
    if stale:
        return _autosave_refused(assessment, form.non_field_errors(), stale=True, status=409)
    invalid = [
        (criterion.code, message)
        for criterion in form.criteria
        for name in form.fields
        if name.startswith(f"c{criterion.id}-")
        for message in form.errors.get(name, [])
    ]
    codes = ", ".join(dict.fromkeys(code for code, _message in invalid))
    return _autosave_refused(
        assessment,
        [
            _("Some results are not valid: %(codes)s.") % {"codes": codes},
            *(f"{code}: {message}" for code, message in invalid),
        ],
        stale=False,
        status=400,
    )


def assessment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment(request, pk)
    # the page's script saves the draft as the principal types: same form, same checks,
    # answered in JSON so that the page stays as it is
    is_autosave = autosave.is_autosave(request)
    if not request.user.has_perm("units.edit_assessment", assessment):
        if is_autosave:
            return _autosave_refused(
                assessment,
                [_("This self-assessment can no longer be changed: it has been submitted.")],
                stale=False,
                status=403,
            )
        if request.method == "POST":
            messages.error(
                request, _("This self-assessment can no longer be changed: it has been submitted.")
            )
        return redirect(assessment)
    if request.method == "POST":
        framework, criteria = _structure(assessment)
        figures = selectors.figures_for(assessment.school_id, assessment.cycle.year)
        form = ResultsForm(request.POST, assessment=assessment, criteria=criteria, figures=figures)
        if not form.is_valid() and is_autosave:
            return _autosave_answer(assessment, form)
        if not form.is_valid():
            # a stale or versionless form says so; otherwise the fields are marked in red
            for message in form.non_field_errors() or [
                _(
                    "Some results are not valid. Nothing was saved: correct the fields marked in red."
                )
            ]:
                messages.error(request, str(message))
            context = _edit_context(request, assessment, form=form)
            return render(request, "units/assessment_edit.html", context, status=400)
        try:
            services.assessment_save_results(
                assessment=assessment,
                by=request.user,
                entries=form.entries(),
                version=form.version,
            )
        except services.UnitsError as error:
            if is_autosave:
                return _autosave_answer(assessment, form, error)
            error_messages(request, error)
            return render(
                request,
                "units/assessment_edit.html",
                _edit_context(request, assessment, form=form),
                status=400,
            )
        if is_autosave:
            assessment.refresh_from_db()
            return autosave.saved(version_of(assessment))
        if request.POST.get("action") == "submit":
            try:
                services.assessment_submit(assessment=assessment, by=request.user)
            except services.UnitsError as error:
                messages.warning(
                    request, _("Your draft was saved, but it cannot be submitted yet.")
                )
                error_messages(request, error)
                return redirect("units:assessment-edit", assessment.pk)
            messages.success(request, _("The self-assessment was submitted to the reviewer."))
            return redirect(assessment)
        messages.success(request, _("Draft saved."))
        return redirect("units:assessment-edit", assessment.pk)
    return render(request, "units/assessment_edit.html", _edit_context(request, assessment))


@require_POST
def assessment_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The outcome the values being typed would give (htmx), without saving."""
    assessment = _get_assessment(request, pk)
    framework, criteria = _structure(assessment)
    figures = selectors.figures_for(assessment.school_id, assessment.cycle.year)
    form = ResultsForm(request.POST, criteria=criteria, figures=figures)
    form.is_valid()
    values = getattr(form, "values", {})
    outcome = outcome_rules.compute(framework, criteria, values)
    errors = [
        (criterion.code, message)
        for criterion in criteria
        for message in form.errors.get(form.first_field(criterion), [])
    ]
    return render(
        request,
        "units/_outcome.html",
        {
            "outcome": outcome,
            "framework": framework,
            "errors": errors,
            "live": True,
        },
    )


@require_POST
def evidence_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment(request, pk)
    results = selectors.assessment_results(assessment)
    form = EvidenceForm(request.POST, request.FILES, results=results)
    if form.is_valid():
        try:
            services.evidence_add(
                assessment=assessment,
                by=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                results=form.selected_results(),
            )
        except services.UnitsError as error:
            error_messages(request, error)
            return autosave.after_upload(request, assessment)
        messages.success(request, _("Evidence added."))
        return autosave.after_upload(request, "units:assessment-edit", assessment.pk)
    if not request.user.has_perm("units.edit_assessment", assessment):
        return autosave.after_upload(request, assessment)
    messages.error(request, _("The evidence was not added: see the errors below."))
    context = _edit_context(request, assessment, evidence_form=form)
    return render(request, "units/assessment_edit.html", context, status=400)


@require_POST
def evidence_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("assessment"), pk=pk)
    assessment = _get_assessment(request, evidence.assessment_id)
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except services.UnitsError as error:
        error_messages(request, error)
        return redirect(assessment)
    messages.success(request, _("Evidence removed."))
    return redirect("units:assessment-edit", assessment.pk)


def evidence_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    evidence = get_object_or_404(Evidence, pk=pk)
    _get_assessment(request, evidence.assessment_id)
    return serve_upload(evidence.file)


@require_POST
def assessment_documents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment(request, pk)
    form = DocumentsForm(request.POST, request.FILES, instance=assessment)
    if not request.user.has_perm("units.edit_assessment", assessment):
        messages.error(
            request, _("This self-assessment can no longer be changed: it has been submitted.")
        )
        return autosave.after_upload(request, assessment)
    if form.is_valid():
        services.assessment_attach_documents(
            assessment=assessment,
            by=request.user,
            request_document=request.FILES.get("request_document"),
            report_document=request.FILES.get("report_document"),
        )
        messages.success(request, _("Documents saved."))
        return autosave.after_upload(request, "units:assessment-edit", assessment.pk)
    assessment.refresh_from_db()
    messages.error(request, _("The documents were not saved: see the errors below."))
    context = _edit_context(request, assessment, documents_form=form)
    return render(request, "units/assessment_edit.html", context, status=400)


def assessment_document(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponseBase:
    assessment = _get_assessment(request, pk)
    field = {"request": assessment.request_document, "report": assessment.report_document}.get(kind)
    if field is None:
        raise Http404
    return serve_upload(field)


def assessment_summary_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The summary table of criteria, generated from the school's own results."""
    assessment = _get_assessment(request, pk)
    framework, _criteria = _structure(assessment)
    results = selectors.assessment_results(assessment)
    rows = [
        {
            "result": r,
            "criterion": r.criterion,
            "percent": outcome_rules.percent(r.numerator, r.denominator),
        }
        for r in results
    ]
    return pdf_response(
        "units/pdf/summary.html",
        {
            "assessment": assessment,
            "framework": framework,
            "rows": rows,
            "self_label": outcome_rules.outcome_label(framework, assessment.self_outcome),
            "today": timezone.localdate(),
        },
        request,
        f"summary-{assessment.school.organisation.code}-{assessment.cycle.year}.pdf",
    )


@require_POST
def assessment_copy_previous(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Fill the blank criteria and the evidence from the school's previous dossier."""
    assessment = _get_assessment(request, pk)
    try:
        criteria, evidence = services.assessment_copy_previous(
            assessment=assessment, by=request.user
        )
    except services.UnitsError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _(
                "Copied from last year: %(criteria)s criteria and %(evidence)s pieces of "
                "evidence. Check each one against this year before submitting."
            )
            % {"criteria": criteria, "evidence": evidence},
        )
    return redirect("units:assessment-edit", assessment.pk)
