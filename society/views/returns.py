"""The secretary's pages: their commune's returns, filled for the commune or village by
village or uploaded as the Excel template; saving keeps a draft whatever rule it breaks."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import require_perm_or_404
from accounts.enums import Role
from accounts.http import AuthenticatedRequest
from accounts.models import AdministrativeArea
from learnsociety.audit import Source, history_entries
from learnsociety.concurrency import version_of
from learnsociety.errors import error_messages

from .. import checks, selectors, services, workbook
from ..filters import ReturnFilter
from ..forms import ReopenForm, ReturnValuesForm, UploadForm, VillageForm, VillageValuesForm
from ..models import CollectionRound, CommuneReturn, ReturnValue
from ._common import (
    field_code_of,
    get_for_user_or_404,
    paginate,
)


def _clean(value: Decimal | None):
    if value is None:
        return None
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def _get_return(
    request: AuthenticatedRequest, pk: int, perm: str = "society.view_return"
) -> CommuneReturn:
    return get_for_user_or_404(
        CommuneReturn.objects.select_related("round", "area__parent", "round__commune_form"),
        user=request.user,
        perm=perm,
        request=request,
        pk=pk,
    )


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "society.use")
    role_set = roles.roles(request.user)
    if {Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR} & role_set:
        return redirect("society:completeness")
    return redirect("society:return-list")


@login_required
def return_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "society.use")
    years = list(CollectionRound.objects.order_by("-year").values_list("year", flat=True))
    filterset = ReturnFilter(
        request.GET or None,
        queryset=selectors.returns_for(request.user).order_by("-round__year", "area__name", "pk"),
        years=years,
    )
    page = paginate(request, filterset.qs)
    # the secretary's communes, with the open round's return or a button to start it
    starts = []
    current = selectors.current_round()
    if current is not None and Role.COMMUNE_SECRETARY in roles.roles(request.user):
        existing = dict(
            CommuneReturn.objects.filter(
                round=current, area__in=selectors.secretary_communes(request.user)
            ).values_list("area_id", "pk")
        )
        for area in selectors.secretary_communes(request.user):
            starts.append({"area": area, "return_id": existing.get(area.pk)})
    return render(
        request,
        "society/return_list.html",
        {
            "page_obj": page,
            "filter": filterset,
            "year": filterset.chosen_year,
            "current": current,
            "starts": starts,
        },
    )


@login_required
@require_POST
def return_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(CollectionRound, pk=pk)

    area = get_object_or_404(AdministrativeArea, pk=request.POST.get("area") or 0)
    try:
        ret = services.return_start(by=request.user, round_=round_, area=area)
    except services.SocietyError as error:
        if getattr(error, "code", None) == "permission":
            raise Http404 from error
        error_messages(request, error)
        return redirect("society:return-list")
    return redirect("society:return-edit", pk=ret.pk)


def _context(ret: CommuneReturn, user) -> dict:
    parts = selectors.form_parts(ret.round.commune_form)
    stored = selectors.values_of(ret)
    issues = services.issues_of(ret)
    by_field: dict = {}
    for issue in issues:
        if issue.village_id is None:
            by_field.setdefault(issue.field, []).append(issue)
    previous = selectors.previous_values(ret)
    rows = []
    section = None
    for f in parts.fields:
        rows.append(
            {
                "field": f,
                "new_section": f.section != section,
                "value": _clean(stored.values.get(f.code)),
                "previous": _clean(previous.get(f.code)),
                "note": stored.notes.get(f.code, ""),
                "comment": stored.comments.get(f.code, ""),
                "issues": by_field.get(f.code, []),
            }
        )
        section = f.section
    return {
        "ret": ret,
        "parts": parts,
        "stored": stored,
        "rows": rows,
        "issues": issues,
        "blocking": checks.blocking(issues),
        "errors": [i for i in issues if i.severity == "error"],
        "unexplained": [i for i in issues if i.is_warning and not i.explained],
        "badge": ret.status_badge,
        "can_edit": ret.can_be_edited and user.has_perm("society.change_return", ret),
        "can_review": ret.can_be_reviewed and user.has_perm("society.review_return", ret),
        "can_reopen": ret.is_accepted
        and (
            user.has_perm("society.change_return", ret)
            or user.has_perm("society.review_return", ret)
        ),
    }


@login_required
def return_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk)
    context = _context(ret, request.user)
    context["transitions"] = list(ret.transitions.select_related("by").order_by("at", "id"))
    context["reopen_form"] = ReopenForm()
    context["history"] = history_entries(
        Source(ret.history.all(), exclude=("created_by",)),
        Source(
            ReturnValue.history.filter(ret_id=ret.pk, village_id__isnull=True).select_related(
                "field"
            ),
            label=field_code_of,
            related=("field",),
            only=("value", "note", "review_comment"),
        ),
    )
    return render(request, "society/return_detail.html", context)


@login_required
def return_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk, "society.change_return")
    if not ret.can_be_edited:
        messages.info(request, _("This return cannot be changed in its state."))
        return redirect(ret)
    context = _context(ret, request.user)
    parts = context["parts"]
    initial = {}
    for row in context["rows"]:
        initial[f"v_{row['field'].code}"] = row["value"]
        initial[f"n_{row['field'].code}"] = row["note"]
    if request.method == "POST":
        form = ReturnValuesForm(request.POST, parts=parts, computed=ret.by_village, initial=initial)
        by_village = ret.by_village and "commune_mode" not in request.POST
        answer = _save_posted(
            request,
            ret,
            form,
            lambda: {
                "values": form.values(),
                "notes": form.notes(),
                "village_values": (
                    dict(context["stored"].villages.items()) if by_village else None
                ),
            },
        )
        if answer is not None:
            return answer
    else:
        form = ReturnValuesForm(parts=parts, computed=ret.by_village, initial=initial)
    bound = {f.code: (form[f"v_{f.code}"], form[f"n_{f.code}"]) for f in parts.fields}
    for row in context["rows"]:
        row["input"], row["note_input"] = bound[row["field"].code]
    context.update({"form": form, "version": version_of(ret)})
    return render(request, "society/return_edit.html", context)


def _save_posted(request, ret: CommuneReturn, form, figures) -> HttpResponse | None:
    """Save the figures of a posted ``form`` (``figures()``, once the form is valid, gives
    ``return_save``'s values, notes and village values): the answer after the save, or
    None to show the form again with what went wrong."""
    if not form.is_valid():
        messages.error(request, _("Some figures are not numbers: correct them below."))
        return None
    try:
        issues = services.return_save(
            by=request.user, ret=ret, version=request.POST.get("version"), **figures()
        )
    except services.SocietyError as error:
        error_messages(request, error)
        return None
    return _after_save(request, ret, issues)


def _after_save(request, ret: CommuneReturn, issues) -> HttpResponse:
    problems = checks.blocking(issues)
    if "submit" in request.POST:
        if problems:
            messages.error(
                request,
                _(
                    "Saved as a draft. It cannot be submitted yet: %(count)s rule(s) "
                    "broken (shown at their fields)."
                )
                % {"count": len(problems)},
            )
            return redirect("society:return-edit", pk=ret.pk)
        return _submit(request, ret)
    if problems:
        messages.warning(
            request,
            _("Saved as a draft. %(count)s rule(s) are broken: see the fields marked below.")
            % {"count": len(problems)},
        )
    else:
        messages.success(request, _("Saved. The return can be submitted."))
    match = request.resolver_match
    if "villages" in request.POST or (match is not None and match.url_name == "return-villages"):
        return redirect("society:return-villages", pk=ret.pk)
    return redirect("society:return-edit", pk=ret.pk)


@login_required
def return_villages(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Fill the return village by village; the commune fields marked so are computed."""
    ret = _get_return(request, pk, "society.change_return")
    if not ret.can_be_edited:
        messages.info(request, _("This return cannot be changed in its state."))
        return redirect(ret)
    village_parts = selectors.form_parts(ret.round.village_form)
    if village_parts is None:
        messages.error(request, _("This round has no village form."))
        return redirect("society:return-edit", pk=ret.pk)
    villages = list(selectors.villages_of(ret.area_id))
    context = _context(ret, request.user)
    stored = context["stored"]
    initial = {
        f"x_{v.pk}_{f.code}": _clean(stored.villages.get((v.pk, f.code)))
        for v in villages
        for f in village_parts.fields
    }
    if request.method == "POST":
        form = VillageValuesForm(
            request.POST, parts=village_parts, villages=villages, initial=initial
        )
        answer = _save_posted(
            request,
            ret,
            form,
            lambda: {
                "values": {f.code: stored.values.get(f.code) for f in context["parts"].fields},
                "notes": stored.notes,
                "village_values": form.values(),
            },
        )
        if answer is not None:
            return answer
    else:
        form = VillageValuesForm(parts=village_parts, villages=villages, initial=initial)
    village_issues: dict = {}
    for issue in context["issues"]:
        if issue.village_id is not None:
            village_issues.setdefault((issue.village_id, issue.field), []).append(issue)
    grid = []
    for village, cells in form.grid():
        grid.append(
            (
                village,
                [
                    (cell, village_issues.get((village.pk, f.code), []))
                    for cell, f in zip(cells, village_parts.fields, strict=True)
                ],
            )
        )
    context.update(
        {
            "form": form,
            "village_parts": village_parts,
            "grid": grid,
            "villages": villages,
            "village_form": VillageForm(),
            "version": version_of(ret),
            "commune_issues": [i for i in context["issues"] if i.village_id is None],
        }
    )
    return render(request, "society/return_villages.html", context)


@login_required
@require_POST
def village_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk, "society.change_return")
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            services.village_add(
                by=request.user,
                area=ret.area,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except services.SocietyError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Village added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect("society:return-villages", pk=ret.pk)


@login_required
@require_POST
def return_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk, "society.change_return")
    return _submit(request, ret)


def _submit(request, ret: CommuneReturn) -> HttpResponse:
    """Submit the return to the provincial Association, or go back to its form with why
    not."""
    try:
        services.return_submit(by=request.user, ret=ret)
    except services.SocietyError as error:
        error_messages(request, error)
        return redirect("society:return-edit", pk=ret.pk)
    messages.success(request, _("The return was submitted to the provincial Association."))
    return redirect(ret)


@login_required
@require_POST
def return_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Explain why the accepted return is being corrected."))
        return redirect(ret)
    try:
        services.return_reopen(by=request.user, ret=ret, reason=form.cleaned_data["reason"])
    except services.SocietyError as error:
        error_messages(request, error)
        return redirect(ret)
    messages.success(
        request, _("The return is open for correction; it must be submitted and accepted again.")
    )
    return redirect(ret)


@login_required
def return_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk)
    village_parts = selectors.form_parts(ret.round.village_form)
    content = workbook.build(
        ret=ret,
        commune=selectors.form_parts(ret.round.commune_form),
        village_parts=village_parts,
        villages=list(selectors.villages_of(ret.area_id)),
        stored=selectors.values_of(ret),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="phieu-xhht-{ret.area.code}-{ret.round.year}.xlsx"'
    )
    return response


@login_required
def return_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk, "society.change_return")
    if not ret.can_be_edited:
        messages.info(request, _("This return cannot be changed in its state."))
        return redirect(ret)
    cell_errors: list = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            village_parts = selectors.form_parts(ret.round.village_form)
            parsed = workbook.read(
                form.cleaned_data["file"].read(),
                ret=ret,
                commune=selectors.form_parts(ret.round.commune_form),
                village_parts=village_parts,
                villages=list(selectors.villages_of(ret.area_id)),
            )
            cell_errors = parsed.errors
            if not cell_errors:
                try:
                    issues = services.return_save(
                        by=request.user,
                        ret=ret,
                        values=parsed.values,
                        notes=parsed.notes,
                        village_values=parsed.village_values,
                    )
                except services.SocietyError as error:
                    error_messages(request, error)
                else:
                    messages.success(request, _("The template was read: every figure was saved."))
                    problems = checks.blocking(issues)
                    if problems:
                        messages.warning(
                            request,
                            _(
                                "Saved as a draft. %(count)s rule(s) are broken: see the fields marked below."
                            )
                            % {"count": len(problems)},
                        )
                    return redirect("society:return-edit", pk=ret.pk)
            else:
                messages.error(
                    request,
                    _(
                        "The file was refused as a whole: nothing was saved. Correct the cells below."
                    ),
                )
    else:
        form = UploadForm()
    return render(
        request,
        "society/return_upload.html",
        {"ret": ret, "form": form, "cell_errors": cell_errors},
    )
