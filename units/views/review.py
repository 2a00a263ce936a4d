"""The reviewer's side: queue, side-by-side review, return, verify, reopen; coverage."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import get_for_user_or_404, require_perm_or_404
from accounts.enums import AreaLevel, Tier
from accounts.http import AuthenticatedRequest
from accounts.models import AdministrativeArea
from accounts.selectors import has_several_provinces
from learnsociety.errors import error_messages

from .. import outcomes as outcome_rules
from .. import selectors, services
from ..enums import AWAITING_REVIEW, EducationLevel
from ..forms import QueueFilter, ReopenForm, ReviewForm
from ..models import Cycle
from ._common import paginate


def index(request: AuthenticatedRequest) -> HttpResponse:
    """``/units/``: where each role starts (the queue for reviewers and DOET staff, the
    schools for other viewers, the school's own panel on the home page for principals)."""
    if request.user.has_perm("units.review_queue"):
        return redirect("units:review-queue")
    if request.user.has_perm("units.view_coverage"):
        return redirect("units:school-list")
    return redirect(reverse("home") + "#units-panel")


def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "units.review_queue")
    base = selectors.review_queue_for(request.user)
    queryset = base.order_by("submitted_at", "pk")
    if not request.GET.get("status"):
        # By default the queue holds what waits for the reviewer.
        queryset = queryset.filter(status__in=AWAITING_REVIEW)
    filterset = QueueFilter(request.GET, request=request, queryset=queryset)
    counts = selectors.queue_counts(base)
    page = paginate(request, filterset.qs, count=_known_total(filterset, counts))
    return render(
        request,
        "units/review_queue.html",
        {"filter": filterset, "page_obj": page, "counts": counts, "now": timezone.now()},
    )


def _known_total(filterset: QueueFilter, counts: dict[str, int]) -> int | None:
    """The length of the filtered queue when the counters already hold it (no filter but
    the state): one COUNT less over a national queue."""
    if not filterset.is_valid():
        return None
    data = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
    status = data.pop("status", None)
    if data:
        return None
    if status is None:
        return counts["waiting"]
    return counts.get(status, 0) if status in selectors.QUEUE_COUNTED else None


def _reviewable_or_404(request: AuthenticatedRequest, pk: int):
    """The dossier, for a user who reviews it; 404 to everyone else."""
    return get_for_user_or_404(
        selectors.assessment_detail(pk),
        user=request.user,
        perm="units.review_assessment",
        request=request,
        pk=pk,
    )


def _verified_values(results):
    """What the review form starts from: the reviewer's value where they changed the
    result (with a reason), else the school's current result."""
    return {r.criterion_id: r.verified_value if r.change_reason else r.self_value for r in results}


def assessment_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _reviewable_or_404(request, pk)
    if assessment.status not in AWAITING_REVIEW:
        messages.info(request, _("This self-assessment is not waiting for review."))
        return redirect(assessment)
    framework = selectors.framework_with_structure(assessment.cycle.framework_id)
    criteria = selectors.applicable_criteria(framework, assessment.school.education_level)
    results = selectors.assessment_results(assessment)
    figures = selectors.figures_for(assessment.school_id, assessment.cycle.year)
    kwargs = {"criteria": criteria, "figures": figures, "results": results}
    if request.method == "POST":
        form = ReviewForm(request.POST, **kwargs)
        action = request.POST.get("action", "save")
        if form.is_valid():
            try:
                services.assessment_review_save(
                    assessment=assessment,
                    by=request.user,
                    entries=form.entries(),
                    comment=form.cleaned_data["comment"],
                )
                closing = {
                    "return": (
                        services.assessment_return,
                        _("The dossier was returned to the school."),
                    ),
                    "verify": (services.assessment_verify, _("The self-assessment was verified.")),
                }
                if action in closing:
                    close, done = closing[action]
                    close(
                        assessment=assessment,
                        by=request.user,
                        comment=form.cleaned_data["comment"],
                    )
                    messages.success(request, done)
                    return redirect(assessment)
                messages.success(request, _("Review saved."))
                return redirect("units:assessment-review", assessment.pk)
            except services.UnitsError as error:
                error_messages(request, error)
        else:
            wrong = [
                criterion.code
                for criterion, fields in form.rows()
                if any(f.errors for f in fields) or form[f"v{criterion.id}-reason"].errors
            ]
            if wrong:
                messages.error(
                    request,
                    _("The review was not saved: correct criteria %(codes)s (marked in red).")
                    % {"codes": ", ".join(wrong)},
                )
            else:
                messages.error(
                    request, _("The review was not saved: correct the fields marked in red.")
                )
        status = 400
    else:
        form = ReviewForm(
            initial={"comment": assessment.reviewer_comment},
            initial_values=_verified_values(results),
            **kwargs,
        )
        status = 200
    by_criterion = {r.criterion_id: r for r in results}
    rows = []
    for criterion, fields in form.rows():
        result = by_criterion[criterion.id]
        rows.append(
            {
                "criterion": criterion,
                "result": result,
                "self_percent": outcome_rules.percent(result.numerator, result.denominator),
                "fields": fields,
                "reason": form[f"v{criterion.id}-reason"],
                "comment": form[f"v{criterion.id}-comment"],
                "has_errors": any(f.errors for f in fields)
                or bool(form[f"v{criterion.id}-reason"].errors),
            }
        )
    verified = outcome_rules.compute(framework, criteria, _verified_values(results))
    return render(
        request,
        "units/assessment_review.html",
        {
            "assessment": assessment,
            "framework": framework,
            "form": form,
            "rows": rows,
            "rows_with_errors": [row for row in rows if row["has_errors"]],
            "self_label": outcome_rules.outcome_label(framework, assessment.self_outcome),
            "verified": verified,
            "figures": figures,
        },
        status=status,
    )


@require_POST
def assessment_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _reviewable_or_404(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_reopen(
                assessment=assessment, by=request.user, until=form.cleaned_data["until"]
            )
            messages.success(request, _("The school may now submit late."))
        except services.UnitsError as error:
            error_messages(request, error)
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect(assessment)


def coverage(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "units.view_coverage")
    year, years = selectors.coverage_year(request.GET.get("year"))
    cycles = list(Cycle.objects.filter(year=year).select_related("framework"))
    scope, chosen = selectors.coverage_scope(request.user, request.GET.get("province"))
    figures = selectors.coverage_figures(cycles, year, scope)
    if not request.GET.get("year"):  # the year it opens with: renewed in the background
        selectors.mark_coverage_viewed(scope)
    rows = figures["rows"]
    # Users who see every province choose one for its areas by tier and level: every
    # province's rows (62 provinces × tiers × levels) would be a 200 KB table nobody reads;
    # the export has them all.
    provinces = (
        list(
            AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE)
            .order_by("name")
            .values_list("pk", "name")
        )
        if roles.province_scope(request.user) is None and has_several_provinces()
        else []
    )
    totals = {
        key: sum(r[key] for r in rows) for key in ("schools", "submitted", "recognised", "overdue")
    }
    n = totals["schools"] or 1
    totals.update(
        {
            "recognised_pct": round(100 * totals["recognised"] / n),
            "submitted_pct": round(100 * totals["submitted"] / n),
            "overdue_pct": round(100 * totals["overdue"] / n),
        }
    )
    areas: dict[str, dict] = {}
    for row in rows:
        area = areas.setdefault(
            row["area"],
            {"area": row["area"], "schools": 0, "submitted": 0, "recognised": 0, "overdue": 0},
        )
        for key in ("schools", "submitted", "recognised", "overdue"):
            area[key] += row[key]
    chart = []
    for area in areas.values():
        m = area["schools"] or 1
        area["recognised_pct"] = round(100 * area["recognised"] / m)
        area["submitted_pct"] = round(100 * area["submitted"] / m)
        chart.append(area)

    for row in rows:
        row["level_label"] = EducationLevel(row["level"]).label if row["level"] else ""
        row["tier_label"] = Tier(row["tier"]).label if row["tier"] else ""
    return render(
        request,
        "units/coverage.html",
        {
            "year": year,
            "years": years,
            "cycles": cycles,
            "rows": rows,
            "totals": totals,
            "chart": chart,
            "gaps": figures["gaps"],
            "provinces": provinces,
            "chosen_province": chosen,
            "rows_by_province": bool(provinces) and chosen is None,
        },
    )
