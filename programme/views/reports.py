"""Progress reports: list, drafting, submission and review, with their evidence."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404
from accounts.http import AuthenticatedRequest
from accounts.security_log import permission_denied
from learnsociety import paging
from learnsociety.errors import apply_errors, error_text
from learnsociety.uploads import serve_upload

from .. import selectors, services
from ..enums import (
    PeriodKind,
)
from ..filters import ReportFilter
from ..forms import (
    ReportForm,
    ReviewForm,
)
from ..models import (
    Commitment,
    EvidenceFile,
    ProgressReport,
)
from ..rules import reviews_report
from .base import PAGE_SIZE


def report_list(request: AuthenticatedRequest) -> HttpResponse:
    filterset = ReportFilter(
        request.GET or None, queryset=selectors.reports_for_list().order_by("-year", "-id")
    )
    page_obj = paging.paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request, "programme/report_list.html", {"filter": filterset, "page_obj": page_obj}
    )


def report_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
            apply_errors(form, exc)
        else:
            messages.success(request, _("Report saved as a draft. Submit it when it is complete."))
            return redirect(report)
    return render(
        request,
        "programme/report_form.html",
        {"form": form, "commitment": commitment, "report": None},
    )


def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
            apply_errors(form, exc)
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


def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def report_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProgressReport.objects.select_related("commitment"), pk=pk)
    try:
        services.report_submit(by=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Report submitted for review."))
    return redirect(report)


@require_POST
def report_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
        apply_errors(form, exc)
        values = sorted(report.values.all(), key=lambda v: v.indicator.code)
        return render(
            request,
            "programme/report_detail.html",
            {"report": report, "values": values, "can_review": True, "review_form": form},
            status=400,
        )
    return redirect(report)


def evidence_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    evidence = get_for_user_or_404(
        EvidenceFile.objects.all(), user=request.user, perm="programme.view_evidence", pk=pk
    )
    return serve_upload(evidence.file)
