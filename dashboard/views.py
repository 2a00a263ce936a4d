"""The department dashboard, programme reports, streamed exports of the list pages, and
the public pages with their publication switch."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedRequest
from accounts.rules import is_administrator, is_national_viewer, is_programme_party
from accounts.security_log import permission_denied
from learnsociety.charts import for_pdf
from learnsociety.documents import DocumentError, download_response
from learnsociety.errors import error_text
from learnsociety.exports import cell_value, save_workbook
from learnsociety.params import id_param, year_param
from learnsociety.pdf import pdf_response
from programme.enums import STATUS_BADGE, CommitmentStatus, PeriodKind
from programme.selectors import current_programme, format_number, parse_period, target_vs_actual
from units import public

from . import exports_spec, figures, yearly
from .models import PublicSite, YearlyReport
from .panel import cards, dashboard_context, parse_filters, public_charts, report_charts

LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Who reads the dashboard and the programme reports: the parties, and national viewers.
reads_dashboard = is_programme_party | is_national_viewer


def _require(request: HttpRequest, predicate) -> None:
    if not predicate(request.user):
        permission_denied(request, "dashboard")
        raise Http404


# --- dashboard -------------------------------------------------------------------------


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, reads_dashboard)
    year, area_id = parse_filters(request.GET)
    panel = dashboard_context(request, year=year, area_id=area_id)
    return render(request, "dashboard/dashboard.html", {"panel": panel})


# --- reports ---------------------------------------------------------------------------


def _report_period(request: HttpRequest) -> tuple[str, int]:

    value = request.GET.get("period") or str(figures.default_year())
    return parse_period(value)


def _report_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang")
    return lang if lang in LANGUAGES else (translation.get_language() or "vi")


def report_context(kind: str, year: int, provinces: figures.Provinces = None) -> dict:
    """The programme report of ``year`` with the figures of ``provinces`` (None: all)."""
    data = figures.dashboard_figures(year, None, provinces=provinces)
    titles: dict[str, str | Promise] = {
        PeriodKind.MID_TERM: _("Mid-term review report of the programme (%(year)s)"),
        PeriodKind.FINAL: _("Final review report of the programme (%(year)s)"),
    }
    title = titles.get(kind, _("Annual report of the programme, %(year)s")) % {"year": year}
    rows = []
    for row in target_vs_actual(kind, year):
        rows.append(
            {
                "commitment": row.commitment.code,
                "indicator": f"{row.indicator.code} {row.indicator.name}",
                "unit": row.indicator.get_unit_display(),
                "target": format_number(row.target),
                "actual": format_number(row.actual),
                "percent": row.percent,
            }
        )
    return {
        "title": title,
        "kind": kind,
        "year": year,
        "cards": cards(data),
        "charts": report_charts(data, year, provinces),
        "tva": rows,
        "figures": data,
        "generated": timezone.localtime(),
        "periods": [(str(y), str(y)) for y in figures.YEARS]
        + [
            (PeriodKind.MID_TERM, _("Mid-term review (2027)")),
            (PeriodKind.FINAL, _("Final review (2030)")),
        ],
        "period_value": kind if kind != PeriodKind.YEAR else str(year),
    }


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    _require(request, reads_dashboard)
    kind, year = _report_period(request)
    provinces = figures.scope_of(request.user)
    figures.mark_viewed(provinces)  # its figures and charts are renewed in the background
    with translation.override(_report_language(request)):
        context = report_context(kind, year, provinces)
        context["lang"] = translation.get_language()
        return render(request, "dashboard/report.html", context)


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    _require(request, reads_dashboard)
    kind, year = _report_period(request)
    lang = _report_language(request)
    with translation.override(lang):
        context = report_context(kind, year, figures.scope_of(request.user))
        context["lang"] = lang
        for chart in context["charts"]:
            chart.svg = for_pdf(chart.svg)
        return pdf_response(
            "dashboard/report_pdf.html",
            context,
            request,
            f"learnsociety-report-{context['period_value']}-{lang}.pdf",
        )


def _number(value):
    """A figure as the workbook should hold it: numbers as numbers, text as text (the
    exports' typing), an empty figure as an empty cell."""

    return None if value is None else cell_value(value)


def report_workbook(context: dict) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 (heavy library, loaded on first use)
    from openpyxl.styles import Font  # noqa: PLC0415 (heavy library, loaded on first use)

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheet.append([context["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for card in context["cards"]:
        sheet.append([card.title, _number(card.value)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        if card.percent:
            # a share stays a number (sums and charts work), shown with its % sign
            sheet.cell(row=sheet.max_row, column=2).number_format = '0.0"%"'
        if card.change is not None:
            sheet.append([card.change_label, _number(card.change)])
        for line in card.lines:
            sheet.append([f"  {line.label}", _number(line.value), line.note])
        sheet.append([])
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 14

    tva = book.create_sheet(_("Targets and actuals")[:31])
    tva.append([_("Commitment"), _("Indicator"), _("Unit"), _("Target"), _("Actual"), "%"])
    for cell in tva[1]:
        cell.font = bold
    for row in context["tva"]:
        tva.append(
            [
                row["commitment"],
                row["indicator"],
                str(row["unit"]),
                row["target"],
                row["actual"],
                row["percent"],
            ]
        )
    tva.column_dimensions["B"].width = 60
    for chart in context["charts"]:
        if chart.key.startswith("indicator-"):
            continue
        ws = book.create_sheet(str(chart.title)[:31].replace("/", "-").replace(":", ""))
        ws.append([str(c) for c in chart.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in chart.rows:
            ws.append([_number(v) for v in row])
        ws.column_dimensions["A"].width = 30
    return save_workbook(book)


@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    _require(request, reads_dashboard)
    kind, year = _report_period(request)
    lang = _report_language(request)
    with translation.override(lang):
        context = report_context(kind, year, figures.scope_of(request.user))
        content = report_workbook(context)
    response = HttpResponse(content, content_type=exports_spec.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="learnsociety-report-{context["period_value"]}-{lang}.xlsx"'
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


# --- exports of the list pages -----------------------------------------------------------


@require_GET
def export(request: HttpRequest, name: str) -> HttpResponse:
    spec = exports_spec.SPECS.get(name)
    if spec is None:
        raise Http404
    rows = spec(request)  # raises Http404 for users who may not see the list
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return exports_spec.respond(fmt, name, rows, request=request)


# --- public pages ----------------------------------------------------------------------


class PublicSiteForm(forms.ModelForm):
    class Meta:
        model = PublicSite
        fields = ["show_progress", "show_learning_units", "show_honours", "show_verification"]


def public_settings(request: HttpRequest) -> HttpResponse:
    _require(request, is_administrator)
    site = PublicSite.load()
    form = PublicSiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Public pages saved."))
        return redirect("dashboard:public-settings")
    return render(request, "dashboard/public_settings.html", {"form": form, "site": site})


def public_page(flag: str | None, preview=None) -> Callable[[Callable], Callable]:
    """A page anyone may open once an administrator has published it (``flag`` is the
    PublicSite switch; ``None``: any public page). Before that it answers the site's own
    translated 404, also with DEBUG on, where raising Http404 would show Django's technical
    page, except to the users the ``preview`` predicate allows (they see it marked as not
    yet published). The loaded switches are kept on ``request.public_site``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            site = PublicSite.load()
            published = site.any_published if flag is None else getattr(site, flag)
            previewing = not published and preview is not None and preview.test(request.user)
            if not published and not previewing:
                return render(request, "404.html", status=404)
            request.public_site = site  # type: ignore[attr-defined]
            request.public_preview = previewing  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return login_not_required(wrapped)

    return decorator


def _published(request: HttpRequest) -> PublicSite:
    return request.public_site  # type: ignore[attr-defined]


@public_page(None)
@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    site = _published(request)
    return render(request, "dashboard/public/index.html", {"site": site})


@public_page("show_progress")
@require_GET
def public_progress(request: HttpRequest) -> HttpResponse:

    site = _published(request)
    data = figures.dashboard_figures(figures.default_year(), None)
    charts = public_charts(data)
    statuses = [
        (CommitmentStatus(s).label, STATUS_BADGE[s], n)
        for s, n in data["programme"]["status"].items()
    ]
    return render(
        request,
        "dashboard/public/progress.html",
        {
            "site": site,
            "programme": current_programme(),
            "statuses": statuses,
            "units": data["units"],
            "commended": data["awards"]["commended"],
            "year": data["year"],
            "charts": charts,
        },
    )


@public_page("show_learning_units")
@require_GET
def public_learning_units(request: HttpRequest) -> HttpResponse:

    site = _published(request)
    by_today = request.GET.get("areas") == "today"
    # Each year's recognitions in the areas of that year (a school that moved later is
    # still counted where it was), or all of them in today's areas; cached until the next
    # recognition or move (units.public).
    # A national deployment's table adds up per province; a visitor chooses a province to
    # read its areas (and its schools).
    provinces = public.provinces()
    chosen = id_param(request.GET.get("province"))
    if chosen not in {pk for pk, _name in provinces}:
        chosen = None
    by_province = bool(provinces) and chosen is None
    table = public.table(by_today=by_today, province=chosen, by_province=by_province)
    years = table["years"]
    year = year_param(request.GET.get("year"))
    if year not in years:
        year = years[-1] if years else None
    # Every school of the year, a page at a time (the count is the table's total).
    count = table["totals"][years.index(year)] if year else 0
    paginator = Paginator(range(count), public.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    schools = (
        public.schools_page(year=year, page=page_obj.number, by_today=by_today, province=chosen)
        if year
        else []
    )
    english = (translation.get_language() or "vi").startswith("en")
    for row in schools:
        row["outcome"] = (row["outcome_en"] if english else "") or row["outcome_vi"]
    return render(
        request,
        "dashboard/public/learning_units.html",
        {
            "site": site,
            "years": years,
            "year": year,
            "by_today": by_today,
            "provinces": provinces,
            "chosen_province": chosen,
            "by_province": by_province,
            "rows": table["rows"],
            "totals": table["totals"],
            "schools": schools,
            "page_obj": page_obj,
        },
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+$",
                gettext_lazy(
                    "Enter the code as printed on the certificate: letters, digits and dashes."
                ),
            )
        ],
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "placeholder": "LU-… / AW-…"}
        ),
    )


@public_page("show_verification")
@require_GET
def public_verify(request: HttpRequest) -> HttpResponse:
    site = _published(request)
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"].strip()
        return redirect(reverse("verify-certificate", args=[code]))
    return render(request, "dashboard/public/verify.html", {"site": site, "form": form})


# --- yearly summary report (Decree 30 format) -------------------------------------------


class YearlyReportForm(forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields = ["number", "results", "shortcomings", "directions"]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 5}),
            "shortcomings": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "results": gettext_lazy("One paragraph per line."),
            "shortcomings": gettext_lazy("One paragraph per line."),
            "directions": gettext_lazy("One paragraph per line."),
        }


def _yearly_setup(request: HttpRequest):
    _require(request, is_programme_party)
    organisation = yearly.reporting_organisation(request.user)
    if organisation is None:
        raise Http404
    year = year_param(request.GET.get("year"))
    if year not in figures.YEARS:
        year = figures.default_year()
    report = YearlyReport.objects.filter(organisation=organisation, year=year).first()
    return organisation, year, report


def _yearly_document(organisation, year, report):
    try:
        return yearly.yearly_report_document(organisation=organisation, year=year, report=report)
    except DocumentError as error:
        return error


def yearly_report(request: AuthenticatedRequest) -> HttpResponse:
    """Staff write the narrative of their organisation's yearly report and see the whole
    report as it will print, with PDF and DOCX downloads."""
    organisation, year, report = _yearly_setup(request)
    form = YearlyReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            yearly.yearly_report_save(
                organisation=organisation, year=year, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The report was saved."))
            return redirect(f"{reverse('dashboard:yearly-report')}?year={year}")
    document = _yearly_document(organisation, year, report)
    query = f"?year={year}"
    return render(
        request,
        "dashboard/yearly_report.html",
        {
            "organisation": organisation,
            "year": year,
            "years": figures.YEARS,
            "form": form,
            "doc": None if isinstance(document, DocumentError) else document,
            "error": " ".join(document.messages) if isinstance(document, DocumentError) else "",
            "pdf_url": reverse("dashboard:yearly-report-pdf") + query,
            "docx_url": reverse("dashboard:yearly-report-docx") + query,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def yearly_report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    organisation, year, report = _yearly_setup(request)
    return download_response(
        request,
        _yearly_document(organisation, year, report),
        fmt,
        f"{reverse('dashboard:yearly-report')}?year={year}",
    )
