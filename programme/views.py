from __future__ import annotations

from itertools import groupby

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404
from accounts.security_log import permission_denied
from learnsociety import paging
from learnsociety.i18n import format_number
from learnsociety.pdf import pdf_response
from learnsociety.uploads import serve_upload

from . import selectors, services
from .charts import indicator_chart
from .computed import ComputedValues
from .enums import (
    STATUS_BADGE,
    THEME_GROUP,
    Area,
    CommitmentStatus,
    ComputedSource,
    FeatureGroup,
    FeatureStatus,
    FeatureTheme,
    PeriodKind,
)
from .filters import CommitmentFilter, ReportFilter
from .forms import (
    CommitmentForm,
    FeatureForm,
    IndicatorForm,
    MilestoneForm,
    ProgrammeForm,
    ReportForm,
    ReviewForm,
)
from .models import (
    YEARS,
    Commitment,
    EvidenceFile,
    Indicator,
    LearningCityFeature,
    Milestone,
    Programme,
    ProgressReport,
)
from .rules import reviews_report

PAGE_SIZE = 25


def _programme_or_404() -> Programme:
    programme = selectors.current_programme()
    if programme is None:
        raise Http404
    return programme


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it concerns (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- overview -------------------------------------------------------------------------------


def overview(request: HttpRequest) -> HttpResponse:
    programme = selectors.current_programme()
    filterset = CommitmentFilter(
        request.GET or None, queryset=selectors.commitments_with_progress()
    )
    commitments = list(
        filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    )
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    year = int(data["year"]) if data.get("year") else None
    status = data.get("status") or None
    today = timezone.localdate()
    computed = ComputedValues()
    rows = []
    for commitment in commitments:
        progress = selectors.commitment_progress(
            commitment, today=today, computed=computed, year=year
        )
        if status and progress.status != status:
            continue
        rows.append(
            {"commitment": commitment, "progress": progress, "badge": STATUS_BADGE[progress.status]}
        )
    page_obj = paging.paginate(request, rows, PAGE_SIZE)
    area_order = {value: index for index, value in enumerate(Area.values)}
    ordered = sorted(
        page_obj.object_list,
        key=lambda r: (area_order.get(r["commitment"].area, 99), r["commitment"].code),
    )
    groups = [
        (Area(area).label, list(items))
        for area, items in groupby(ordered, key=lambda r: r["commitment"].area)
    ]
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for row in rows:
        counts[row["progress"].status] += 1
    return render(
        request,
        "programme/overview.html",
        {
            "programme": programme,
            "filter": filterset,
            "groups": groups,
            "page_obj": page_obj,
            "status_counts": [
                (CommitmentStatus(s).label, STATUS_BADGE[s], n) for s, n in counts.items()
            ],
            "status_rule": selectors.STATUS_RULE,
            "can_add": request.user.has_perm("programme.add_commitment"),
            "can_manage": request.user.has_perm("programme.manage_programme"),
            "year": year,
        },
    )


# --- commitments -------------------------------------------------------------------------


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(selectors.commitment_detail(pk))
    today = timezone.localdate()
    computed = ComputedValues()
    progress = selectors.commitment_progress(commitment, today=today, computed=computed)
    series = []
    for indicator in commitment.indicators.all():
        item = selectors.indicator_series(indicator, computed, today)
        series.append({"series": item, "chart": indicator_chart(item)})
    milestones = [
        {"milestone": m, "overdue": m.is_overdue(today)} for m in commitment.milestones.all()
    ]
    return render(
        request,
        "programme/commitment_detail.html",
        {
            "commitment": commitment,
            "progress": progress,
            "badge": STATUS_BADGE[progress.status],
            "status_rule": selectors.STATUS_RULE,
            "milestones": milestones,
            "series": series,
            "reports": commitment.reports.all(),
            "history": selectors.commitment_history(commitment),
            "can_edit": request.user.has_perm("programme.change_commitment", commitment),
            "has_learning_city": commitment.indicators.all()
            and any(
                i.computed_source == ComputedSource.LEARNING_CITY_SHARE
                for i in commitment.indicators.all()
            ),
            "years": YEARS,
            "this_year": today.year,
        },
    )


def _form_page(request, *, form, title: str, cancel_url: str, multipart=False) -> HttpResponse:
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "multipart": multipart},
    )


def commitment_create(request: HttpRequest) -> HttpResponse:
    programme = _programme_or_404()
    if not request.user.has_perm("programme.add_commitment"):
        raise Http404
    form = CommitmentForm(request.POST or None, user=request.user, programme=programme)
    if request.method == "POST" and form.is_valid():
        commitment = form.save(commit=False)
        commitment.programme = programme
        try:
            services.commitment_save(
                by=request.user,
                commitment=commitment,
                partners=form.cleaned_data["partners"],
                responsible=form.cleaned_data["responsible"],
                version=form.version,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect(commitment)
    return _form_page(request, form=form, title=_("New commitment"), cancel_url=reverse_overview())


def reverse_overview() -> str:
    from django.urls import reverse

    return reverse("programme:overview")


def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_for_user_or_404(
        Commitment.objects.select_related("programme"),
        user=request.user,
        perm="programme.change_commitment",
        request=request,
        pk=pk,
    )
    form = CommitmentForm(
        request.POST or None, instance=commitment, user=request.user, programme=commitment.programme
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(
                by=request.user,
                commitment=form.save(commit=False),
                partners=form.cleaned_data["partners"],
                responsible=form.cleaned_data["responsible"],
                version=form.version,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect(commitment)
    return _form_page(
        request,
        form=form,
        title=_("Edit commitment %(code)s") % {"code": commitment.code},
        cancel_url=commitment.get_absolute_url(),
    )


def _editable_commitment(request, pk: int) -> Commitment:
    return get_for_user_or_404(
        Commitment.objects.select_related("programme"),
        user=request.user,
        perm="programme.change_commitment",
        request=request,
        pk=pk,
    )


def _child_form(request, *, commitment, instance, form_class, save, title, multipart=False):
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        commitment=commitment,
    )
    if request.method == "POST" and form.is_valid():
        try:
            extra = {"version": form.version} if hasattr(form, "version") else {}
            save(by=request.user, **{instance._meta.model_name: form.save(commit=False)}, **extra)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return None
    return _form_page(
        request,
        form=form,
        title=title,
        cancel_url=commitment.get_absolute_url(),
        multipart=multipart,
    )


def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _editable_commitment(request, pk)
    page = _child_form(
        request,
        commitment=commitment,
        instance=Indicator(commitment=commitment),
        form_class=IndicatorForm,
        save=services.indicator_save,
        title=_("New indicator for %(code)s") % {"code": commitment.code},
    )
    return page or redirect(commitment)


def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_for_user_or_404(
        Indicator.objects.select_related("commitment__programme"),
        user=request.user,
        perm="programme.change_commitment",
        request=request,
        pk=pk,
    )
    page = _child_form(
        request,
        commitment=indicator.commitment,
        instance=indicator,
        form_class=IndicatorForm,
        save=services.indicator_save,
        title=_("Edit indicator %(code)s") % {"code": indicator.code},
    )
    return page or redirect(indicator.commitment)


def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _editable_commitment(request, pk)
    page = _child_form(
        request,
        commitment=commitment,
        instance=Milestone(commitment=commitment),
        form_class=MilestoneForm,
        save=services.milestone_save,
        title=_("New milestone for %(code)s") % {"code": commitment.code},
    )
    return page or redirect(commitment)


def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_for_user_or_404(
        Milestone.objects.select_related("commitment__programme"),
        user=request.user,
        perm="programme.change_commitment",
        request=request,
        pk=pk,
    )
    page = _child_form(
        request,
        commitment=milestone.commitment,
        instance=milestone,
        form_class=MilestoneForm,
        save=services.milestone_save,
        title=_("Edit milestone"),
    )
    return page or redirect(milestone.commitment)


# --- progress reports ----------------------------------------------------------------------


def report_list(request: HttpRequest) -> HttpResponse:
    filterset = ReportFilter(
        request.GET or None, queryset=selectors.reports_for_list().order_by("-year", "-id")
    )
    page_obj = paging.paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request, "programme/report_list.html", {"filter": filterset, "page_obj": page_obj}
    )


def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_for_user_or_404(
        Commitment.objects.select_related("programme").prefetch_related("indicators"),
        user=request.user,
        perm="programme.change_report",
        request=request,
        pk=pk,
    )
    initial = {"year": timezone.localdate().year, "period": PeriodKind.HALF_YEAR}
    if request.GET.get("period") in PeriodKind.values:
        initial["period"] = request.GET["period"]
    form = ReportForm(
        request.POST or None, request.FILES or None, commitment=commitment, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                by=request.user,
                commitment=commitment,
                period=form.cleaned_data["period"],
                year=form.cleaned_data["year"],
                narrative=form.cleaned_data["narrative"],
                values=form.value_inputs(),
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Report saved as a draft. Submit it when it is complete."))
            return redirect(report)
    return render(
        request,
        "programme/report_form.html",
        {"form": form, "commitment": commitment, "report": None},
    )


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_detail(pk))
    if not request.user.has_perm("programme.change_report", report.commitment):
        permission_denied(
            request, f"programme.change_report on programme.ProgressReport:{report.pk}"
        )
        raise Http404
    if report.can_be_reviewed:
        messages.error(request, _("A submitted report is waiting for review and cannot be edited."))
        return redirect(report)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        commitment=report.commitment,
        report=report,
    )
    if request.method == "POST" and form.is_valid():
        correction = report.is_accepted
        try:
            services.report_update(
                by=request.user,
                report=report,
                narrative=form.cleaned_data["narrative"],
                values=form.value_inputs(),
                files=form.cleaned_data["files"],
                reason=form.cleaned_data.get("reason", ""),
                version=form.version,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if correction:
                messages.success(
                    request, _("Correction saved. The report is waiting for acceptance again.")
                )
            else:
                messages.success(request, _("Report saved."))
            return redirect(report)
    return render(
        request,
        "programme/report_form.html",
        {"form": form, "commitment": report.commitment, "report": report},
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_detail(pk))
    user = request.user
    can_edit = user.has_perm("programme.change_report", report.commitment)
    # The predicate itself: has_perm lets a superuser through, separation of duties not.
    can_review = report.can_be_reviewed and reviews_report.test(user, report)
    values = sorted(report.values.all(), key=lambda v: v.indicator.code)
    return render(
        request,
        "programme/report_detail.html",
        {
            "report": report,
            "values": values,
            "can_edit": can_edit and report.can_be_edited,
            "can_correct": can_edit and report.is_accepted,
            # The rule itself, as for reviewing: has_perm lets a superuser through any state.
            "can_submit": rules.has_perm("programme.submit_report", user, report),
            "can_review": can_review,
            "review_form": ReviewForm(),
            "history": selectors.report_history(report),
        },
    )


@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProgressReport.objects.select_related("commitment"), pk=pk)
    try:
        services.report_submit(by=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Report submitted for review."))
    return redirect(report)


@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_detail(pk))
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.report_accept(by=request.user, report=report, comment=comment)
            messages.success(request, _("Report accepted. It is now locked."))
        elif action == "return":
            services.report_return(by=request.user, report=report, comment=comment)
            messages.success(request, _("Report returned with your comment."))
        else:
            raise Http404
    except ValidationError as exc:
        if not reviews_report.test(request.user, report):
            raise Http404 from None
        _apply_errors(form, exc)
        values = sorted(report.values.all(), key=lambda v: v.indicator.code)
        return render(
            request,
            "programme/report_detail.html",
            {"report": report, "values": values, "can_review": True, "review_form": form},
            status=400,
        )
    return redirect(report)


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(
        EvidenceFile.objects.all(), user=request.user, perm="programme.view_evidence", pk=pk
    )
    return serve_upload(evidence.file)


def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(
        Programme.objects.all(), user=request.user, perm="programme.manage_programme", pk=pk
    )
    form = ProgrammeForm(request.POST or None, request.FILES or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.programme_save(by=request.user, programme=form.save(commit=False))
                form.save_m2m()
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("programme:overview")
    return _form_page(
        request,
        form=form,
        title=_("Edit programme"),
        cancel_url=reverse_overview(),
        multipart=True,
    )


def signed_document(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    return serve_upload(programme.signed_document)


# --- learning-city checklist ---------------------------------------------------------------


def _learning_city_commitment() -> Commitment:
    found = (
        Commitment.objects.filter(area=Area.LEARNING_CITY)
        .select_related("programme")
        .order_by("code")
        .first()
    )
    if found is None:
        raise Http404
    return found


def learning_city(request: HttpRequest) -> HttpResponse:
    commitment = _learning_city_commitment()
    features = list(commitment.learning_city_features.all())
    by_theme = {theme: [] for theme in FeatureTheme.values}
    for feature in features:
        by_theme[feature.theme].append(feature)
    groups = []
    for group in FeatureGroup:
        themes = [
            (FeatureTheme(theme).label, items)
            for theme, items in by_theme.items()
            if THEME_GROUP[FeatureTheme(theme)] == group
        ]
        groups.append((group.label, themes))
    in_place = sum(1 for f in features if f.status == FeatureStatus.IN_PLACE)
    share = round(100 * in_place / len(features)) if features else None
    return render(
        request,
        "programme/learning_city.html",
        {
            "commitment": commitment,
            "groups": groups,
            "total": len(features),
            "in_place": in_place,
            "share": share,
            "can_edit": request.user.has_perm("programme.change_commitment", commitment),
        },
    )


def feature_create(request: HttpRequest) -> HttpResponse:
    commitment = _learning_city_commitment()
    if not request.user.has_perm("programme.change_commitment", commitment):
        raise Http404
    initial_theme = request.GET.get("theme")
    instance = LearningCityFeature(commitment=commitment)
    if initial_theme in FeatureTheme.values and request.method != "POST":
        instance.theme = initial_theme
    page = _child_form(
        request,
        commitment=commitment,
        instance=instance,
        form_class=FeatureForm,
        save=_feature_save,
        title=_("New learning-city key feature"),
        multipart=True,
    )
    return page or redirect("programme:learning-city")


def _feature_save(*, by, learningcityfeature):
    return services.feature_save(by=by, feature=learningcityfeature)


def feature_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_for_user_or_404(
        LearningCityFeature.objects.select_related("commitment__programme"),
        user=request.user,
        perm="programme.change_commitment",
        request=request,
        pk=pk,
    )
    page = _child_form(
        request,
        commitment=feature.commitment,
        instance=feature,
        form_class=FeatureForm,
        save=_feature_save,
        title=_("Edit learning-city key feature"),
        multipart=True,
    )
    return page or redirect("programme:learning-city")


def feature_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(LearningCityFeature, pk=pk)
    return serve_upload(feature.evidence_file)


# --- target vs actual ----------------------------------------------------------------------

RATING_BADGES = {
    "met": "text-bg-success",
    "close": "text-bg-primary",
    "below": "text-bg-warning",
    "no_data": "text-bg-light",
    "no_target": "text-bg-light",
}


def _rating_label(rating: str) -> str:
    return {
        "met": _("Target met"),
        "close": _("Within 85% of the target"),
        "below": _("Below 85% of the target"),
        "no_data": _("No data yet"),
        "no_target": _("No target"),
    }[rating]


def _tva_context(request) -> dict:
    kind, year = selectors.parse_period(request.GET.get("period"))
    rows = selectors.target_vs_actual(kind, year)
    if kind == PeriodKind.MID_TERM:
        period_label = _("Mid-term review (%(year)s)") % {"year": year}
    elif kind == PeriodKind.FINAL:
        period_label = _("Final review (%(year)s)") % {"year": year}
    else:
        period_label = _("Year %(year)s") % {"year": year}
    choices = [(str(y), str(y)) for y in YEARS] + [
        (PeriodKind.MID_TERM.value, _("Mid-term review (%(year)s)") % {"year": 2027}),
        (PeriodKind.FINAL.value, _("Final review (%(year)s)") % {"year": 2030}),
    ]
    selected = kind if kind != PeriodKind.YEAR else str(year)
    table = [
        {
            "row": row,
            "badge": RATING_BADGES[row.rating],
            "rating": _rating_label(row.rating),
            "target": format_number(row.target),
            "actual": format_number(row.actual),
            "baseline": format_number(row.indicator.baseline_value),
        }
        for row in rows
    ]
    groups = [
        (commitment, list(items))
        for commitment, items in groupby(table, key=lambda r: r["row"].commitment)
    ]
    return {
        "programme": selectors.current_programme(),
        "groups": groups,
        "rows": table,
        "period_label": period_label,
        "choices": choices,
        "selected": selected,
        "generated": timezone.localtime(),
        "kind": kind,
        "year": year,
    }


def target_vs_actual(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/target_vs_actual.html", _tva_context(request))


def target_vs_actual_pdf(request: HttpRequest) -> HttpResponse:
    context = _tva_context(request)
    return pdf_response(
        "programme/target_vs_actual_pdf.html",
        context,
        request,
        f"target-vs-actual-{context['selected']}.pdf",
    )


def target_vs_actual_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    context = _tva_context(request)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Target vs actual")[:31]
    programme = context["programme"]
    sheet.append([programme.title if programme else _("Programme")])
    sheet.append([_("Period"), context["period_label"]])
    sheet.append([])
    header = [
        _("Commitment"),
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Source"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Achievement (%)"),
        _("Rating"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for item in context["rows"]:
        row = item["row"]
        sheet.append(
            [
                str(row.commitment),
                row.indicator.code,
                row.indicator.name,
                row.indicator.get_unit_display(),
                row.indicator.get_source_display(),
                row.indicator.baseline_value,
                row.target,
                row.actual if row.actual is not None else _("no data yet"),
                row.percent,
                item["rating"],
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (40, 10, 50, 12, 22, 10, 10, 12, 14, 26), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=5):
        for cell in cells[:3]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    from learnsociety.exports import workbook_response

    return workbook_response(book, f"target-vs-actual-{context['selected']}.xlsx")
