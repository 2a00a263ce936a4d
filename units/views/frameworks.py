"""Criteria frameworks: the catalogue everyone may read, and the editor department staff
use to create, copy, edit, preview and publish a draft version."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety.errors import error_messages
from learnsociety.params import id_param

from .. import frameworks as editor
from .. import selectors
from ..enums import FrameworkStatus
from ..forms import ResultsForm
from ..framework_forms import (
    CriterionForm,
    FrameworkForm,
    GroupFormSet,
    OutcomeFormSet,
    PreviewForm,
    group_rows,
    outcome_rows,
)
from ..history import framework_history
from ..models import Criterion, Framework


def _visible(request, pk: int) -> Framework:
    """A published framework for anyone signed in; a draft only for department staff."""
    framework = get_object_or_404(Framework, pk=pk)
    if framework.status == FrameworkStatus.DRAFT and not request.user.has_perm("units.manage"):
        raise Http404
    return framework


def _draft(request, pk: int) -> Framework | None:
    """The framework for an editing page (404 unless the user manages frameworks); None,
    with a message, when it is published and so locked."""
    require_perm_or_404(request, "units.manage")
    framework = get_object_or_404(Framework, pk=pk)
    if framework.status != FrameworkStatus.DRAFT:
        messages.error(
            request,
            _("This framework is published and locked. Copy it to a new version to make changes."),
        )
        return None
    return framework


def framework_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "units.view_coverage")
    can_manage = request.user.has_perm("units.manage")
    frameworks = Framework.objects.annotate(cycle_count=Count("cycles")).order_by(
        "-valid_from", "code", "-version"
    )
    if not can_manage:
        frameworks = frameworks.filter(status=FrameworkStatus.PUBLISHED)
    return render(
        request,
        "units/framework_list.html",
        {"frameworks": frameworks, "can_manage": can_manage},
    )


def framework_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_with_structure(_visible(request, pk).pk)
    is_draft = framework.status == FrameworkStatus.DRAFT
    return render(
        request,
        "units/framework_detail.html",
        {
            "framework": framework,
            "is_used": framework.is_used,
            "is_draft": is_draft,
            "problems": editor.framework_problems(framework) if is_draft else [],
            "can_manage": request.user.has_perm("units.manage"),
            "points_total": editor.framework_points_total(framework),
            "history": framework_history(framework),
        },
    )


def _framework_form(request: AuthenticatedRequest, framework: Framework | None) -> HttpResponse:
    form = FrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        try:
            if framework is None:
                saved = editor.framework_create(
                    by=request.user, code=form.cleaned_data["code"], data=form.framework_data()
                )
                messages.success(
                    request, _("The draft framework was created: add its levels and criteria.")
                )
            else:
                saved = editor.framework_update(
                    framework=framework,
                    by=request.user,
                    data=form.framework_data(),
                    version=form.version,
                )
                messages.success(request, _("The framework was saved."))
        except editor.UnitsError as error:
            error_messages(request, error)
        else:
            return redirect(saved)
    return render(
        request,
        "units/framework_form.html",
        {"form": form, "framework": framework},
        status=400 if request.method == "POST" else 200,
    )


def framework_create(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "units.manage")
    return _framework_form(request, None)


def framework_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = _draft(request, pk)
    if framework is None:
        return redirect("units:framework-detail", pk=pk)
    return _framework_form(request, framework)


def _rows_page(request, pk: int, *, formset_class, initial, save, template: str, title: str):
    framework = _draft(request, pk)
    if framework is None:
        return redirect("units:framework-detail", pk=pk)
    formset = formset_class(request.POST or None, initial=initial(framework))
    if request.method == "POST" and formset.is_valid():
        try:
            save(framework, formset)
        except editor.UnitsError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(framework)
    return render(
        request,
        template,
        {"framework": framework, "formset": formset, "title": title},
        status=400 if request.method == "POST" else 200,
    )


def framework_outcomes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _rows_page(
        request,
        pk,
        formset_class=OutcomeFormSet,
        initial=lambda f: [
            {
                "id": o.pk,
                "code": o.code,
                "name_vi": o.name_vi,
                "name_en": o.name_en,
                "rank": o.rank,
                "min_points": o.min_points,
            }
            for o in f.outcomes.order_by("rank")
        ],
        save=lambda f, formset: editor.framework_save_outcomes(
            framework=f, by=request.user, rows=outcome_rows(formset)
        ),
        template="units/framework_rows.html",
        title=_("Levels and grades"),
    )


def framework_groups(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _rows_page(
        request,
        pk,
        formset_class=GroupFormSet,
        initial=lambda f: [
            {"id": g.pk, "number": g.number, "name_vi": g.name_vi, "name_en": g.name_en}
            for g in f.groups.order_by("number")
        ],
        save=lambda f, formset: editor.framework_save_groups(
            framework=f, by=request.user, rows=group_rows(formset)
        ),
        template="units/framework_rows.html",
        title=_("Criterion groups"),
    )


def criterion_edit(request: AuthenticatedRequest, pk: int, cid: int | None = None) -> HttpResponse:
    draft = _draft(request, pk)
    if draft is None:
        return redirect("units:framework-detail", pk=pk)
    framework = selectors.framework_with_structure(draft.pk)
    criterion = None
    if cid is not None:
        criterion = get_object_or_404(
            Criterion.objects.prefetch_related("requirements"), pk=cid, group__framework=framework
        )
    initial = {}
    group = id_param(request.GET.get("group"))
    if criterion is None and group is not None:
        initial["group"] = group
    form = CriterionForm(
        request.POST or None, framework=framework, criterion=criterion, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            editor.criterion_save(
                framework=framework,
                by=request.user,
                criterion=criterion,
                data=form.criterion_data(),
            )
        except editor.UnitsError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect(framework)
    return render(
        request,
        "units/criterion_form.html",
        {"framework": framework, "criterion": criterion, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def criterion_delete(request: AuthenticatedRequest, pk: int, cid: int) -> HttpResponse:
    framework = _draft(request, pk)
    if framework is None:
        return redirect("units:framework-detail", pk=pk)
    criterion = get_object_or_404(Criterion, pk=cid, group__framework=framework)
    try:
        editor.criterion_delete(framework=framework, by=request.user, criterion=criterion)
    except editor.UnitsError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The criterion was deleted."))
    return redirect(framework)


def framework_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The self-assessment form a school of the chosen kind would fill in."""
    require_perm_or_404(request, "units.manage")
    framework = selectors.framework_with_structure(get_object_or_404(Framework, pk=pk).pk)
    choice = PreviewForm(request.GET or None)
    level = choice.cleaned_data["level"] if choice.is_valid() else None
    if level is None and framework.education_levels:
        level = framework.education_levels[0]
        choice = PreviewForm(initial={"level": level})
    covered = level is not None and framework.covers(level)
    criteria = selectors.applicable_criteria(framework, level) if level and covered else []
    form = ResultsForm(criteria=criteria, figures=None)
    rows = [
        {"criterion": c, "fields": fields, "justification": form[f"c{c.id}-justification"]}
        for c, fields in form.rows()
    ]
    return render(
        request,
        "units/framework_preview.html",
        {
            "framework": framework,
            "choice": choice,
            "level": level,
            "covered": covered,
            "rows": rows,
        },
    )


@require_POST
def framework_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "units.manage")
    framework = get_object_or_404(Framework, pk=pk)
    try:
        copy = editor.framework_copy(framework=framework, by=request.user)
    except editor.UnitsError as error:
        error_messages(request, error)
        return redirect(framework)
    messages.success(
        request,
        _("Version %(v)s was created as a draft: edit it, then publish it.") % {"v": copy.version},
    )
    return redirect(copy)


@require_POST
def framework_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = _draft(request, pk)
    if framework is None:
        return redirect("units:framework-detail", pk=pk)
    try:
        editor.framework_publish(framework=framework, by=request.user)
    except editor.UnitsError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The framework was published. Cycles can use it; it can no longer change.")
        )
    return redirect(framework)


@require_POST
def framework_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = _draft(request, pk)
    if framework is None:
        return redirect("units:framework-detail", pk=pk)
    try:
        editor.framework_delete(framework=framework, by=request.user)
    except editor.UnitsError as error:
        error_messages(request, error)
        return redirect(framework)
    messages.success(request, _("The draft was deleted."))
    return redirect("units:framework-list")
