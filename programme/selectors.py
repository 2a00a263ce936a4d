"""Reads for the programme pages, dashboards and exports.

Every selector loads what its page shows in a fixed number of queries (prefetching
milestones, indicators and accepted values), so query counts do not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from learnsociety import audit
from learnsociety.i18n import format_number
from learnsociety.params import year_param

from . import cached
from .computed import ComputedValues
from .enums import (
    FINAL_YEAR,
    MID_TERM_YEAR,
    PERIOD_ORDER,
    CommitmentStatus,
    Direction,
    MilestoneStatus,
    PeriodKind,
    ReportStatus,
    Unit,
)
from .models import (
    YEARS,
    Commitment,
    EvidenceFile,
    Indicator,
    IndicatorValue,
    Milestone,
    Programme,
    ProgressReport,
    ReportTransition,
)

AT_RISK_RATIO = Decimal("0.85")

STATUS_RULE = gettext_lazy(
    "Status rule: Overdue when any milestone is past its due date and not done or cancelled; "
    "Done when every milestone that is not cancelled is done; At risk when an indicator's "
    "latest accepted or computed value is below 85% of its target trajectory (counts computed "
    "by LearnSociety are read for the last completed year); Not started when "
    "no milestone has begun and nothing has been reported; otherwise On track."
)


def current_programme() -> Programme | None:
    return Programme.objects.order_by("-start_year", "id").first()


def accepted_values_prefetch() -> Prefetch:
    return Prefetch(
        "values",
        queryset=IndicatorValue.objects.filter(report__status=ReportStatus.ACCEPTED).select_related(
            "report"
        ),
        to_attr="accepted_values",
    )


def commitments_with_progress() -> QuerySet[Commitment]:
    return (
        Commitment.objects.select_related("programme")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("code").prefetch_related(
                    accepted_values_prefetch()
                ),
            ),
        )
        .order_by("code")
    )


# --- actual values and the target trajectory ------------------------------------------


@dataclass
class Actual:
    value: Decimal
    year: int
    period: str


def latest_manual_actual(indicator: Indicator, *, up_to_year: int | None = None) -> Actual | None:
    """The most recent accepted value (by year, then half-year < year < reviews)."""
    best = None
    for row in indicator.accepted_values:  # type: ignore[attr-defined]  # accepted_values_prefetch()
        year = row.report.year
        if up_to_year is not None and year > up_to_year:
            continue
        key = (year, PERIOD_ORDER[PeriodKind(row.report.period)])
        if best is None or key > best[0]:
            best = (key, Actual(row.value, year, row.report.period))
    return best[1] if best else None


def manual_actual_in_year(indicator: Indicator, year: int) -> Decimal | None:
    found = latest_manual_actual(indicator, up_to_year=year)
    return found.value if found and found.year == year else None


def actual_for_year(indicator: Indicator, year: int, computed: ComputedValues) -> Decimal | None:
    if indicator.is_computed:
        return computed.get(indicator.computed_source, year)
    return manual_actual_in_year(indicator, year)


def latest_actual(indicator: Indicator, today: date, computed: ComputedValues) -> Actual | None:
    if not indicator.is_computed:
        return latest_manual_actual(indicator, up_to_year=today.year)
    # A count (commendations, self-assessments) grows through the year, so the current
    # year's partial figure is not compared with a full-year target: counts use the last
    # completed year. A share describes a state and is read for the current year first.
    years = (today.year - 1,) if indicator.unit == Unit.NUMBER else (today.year, today.year - 1)
    for year in years:
        if year in YEARS:
            value = computed.get(indicator.computed_source, year)
            if value is not None:
                return Actual(value, year, PeriodKind.YEAR)
    return None


def trajectory_target(indicator: Indicator, year: int, period: str) -> Decimal | None:
    """Where the indicator should be: the year's target, or for a half-year report the
    midpoint between the previous year's target (or the baseline) and this year's."""
    target = indicator.target_for(year)
    if target is None or period != PeriodKind.HALF_YEAR:
        return target
    previous = indicator.target_for(year - 1)
    if previous is None:
        previous = indicator.baseline_value
    if previous is None:
        return target
    return (previous + target) / 2


def achievement(
    indicator: Indicator, actual: Decimal | None, target: Decimal | None
) -> Decimal | None:
    """Actual as a share of target (1 = met), in the indicator's direction."""
    if actual is None or target is None:
        return None
    if indicator.direction == Direction.DECREASE:
        if actual <= 0:
            return Decimal(1) if target >= 0 else None
        return target / actual
    if target <= 0:
        return None
    return actual / target


# --- commitment status ----------------------------------------------------------------


@dataclass
class Progress:
    status: str
    reason: str
    milestones_done: int = 0
    milestones_total: int = 0
    next_milestone: Milestone | None = None
    overdue: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.milestones_total:
            return 0
        return round(100 * self.milestones_done / self.milestones_total)

    @property
    def label(self) -> str:
        return str(CommitmentStatus(self.status).label)


def _milestone_progress(active: list, year: int | None) -> Progress:
    """On track so far, with the milestones of ``year`` (all years when None) counted."""
    shown = [m for m in active if year is None or m.due_date.year == year]
    open_ones = [m for m in shown if m.status != MilestoneStatus.DONE]
    return Progress(
        status=CommitmentStatus.ON_TRACK,
        reason="",
        milestones_done=sum(1 for m in shown if m.status == MilestoneStatus.DONE),
        milestones_total=len(shown),
        next_milestone=open_ones[0] if open_ones else None,
    )


def _indicator_at_risk(
    commitment: Commitment, today: date, computed: ComputedValues
) -> tuple[str, bool]:
    """Why the first indicator below 85 % of its trajectory puts the commitment at risk
    ("" when none does), and whether any indicator has been reported at all."""
    any_actual = False
    for indicator in commitment.indicators.all():
        actual = latest_actual(indicator, today, computed)
        if actual is None:
            continue
        any_actual = True
        target = trajectory_target(indicator, actual.year, actual.period)
        ratio = achievement(indicator, actual.value, target)
        if ratio is not None and ratio < AT_RISK_RATIO:
            return _(
                "%(indicator)s: %(actual)s against a target of %(target)s in %(year)s (%(pct)s%%)"
            ) % {
                "indicator": indicator.code,
                "actual": format_number(actual.value),
                "target": format_number(target),
                "year": actual.year,
                "pct": format_number(ratio * 100, places=0),
            }, True
    return "", any_actual


def commitment_progress(
    commitment: Commitment,
    *,
    today: date | None = None,
    computed: ComputedValues | None = None,
    year: int | None = None,
) -> Progress:
    """The documented status rule (see STATUS_RULE), on prefetched rows only."""
    today = today or timezone.localdate()
    computed = computed or ComputedValues()
    active = [m for m in commitment.milestones.all() if m.status != MilestoneStatus.CANCELLED]
    progress = _milestone_progress(active, year)
    progress.overdue = [m for m in active if m.is_overdue(today)]
    if progress.overdue:
        progress.status = CommitmentStatus.OVERDUE
        progress.reason = ngettext(
            "%(count)s milestone overdue, due %(date)s",
            "%(count)s milestones overdue, the first due %(date)s",
            len(progress.overdue),
        ) % {
            "count": len(progress.overdue),
            "date": progress.overdue[0].due_date.strftime("%d/%m/%Y"),
        }
        return progress
    if active and all(m.status == MilestoneStatus.DONE for m in active):
        progress.status = CommitmentStatus.DONE
        progress.reason = _("All %(count)s milestones done") % {"count": len(active)}
        return progress
    at_risk, any_actual = _indicator_at_risk(commitment, today, computed)
    if at_risk:
        progress.status = CommitmentStatus.AT_RISK
        progress.reason = at_risk
        return progress
    started = any(m.status in (MilestoneStatus.IN_PROGRESS, MilestoneStatus.DONE) for m in active)
    if not started and not any_actual:
        progress.status = CommitmentStatus.NOT_STARTED
        progress.reason = _("No milestone has begun and nothing has been reported yet")
        return progress
    progress.reason = _(
        "No milestone overdue and every reported indicator at 85% of its target or better"
    )
    return progress


# --- pages -------------------------------------------------------------------------------


def commitment_detail(pk: int) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(pk=pk)
        .select_related("programme")
        .prefetch_related(
            "partners",
            "responsible",
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("owner").order_by("due_date", "id"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("code").prefetch_related(
                    accepted_values_prefetch()
                ),
            ),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("created_by")
                .prefetch_related("evidence")
                .order_by("-year", "-id"),
            ),
        )
    )


@dataclass
class IndicatorSeries:
    indicator: Indicator
    points: list  # (year, target, actual)
    mid_term_actual: Decimal | None
    final_actual: Decimal | None


def indicator_series(
    indicator: Indicator, computed: ComputedValues, today: date | None = None
) -> IndicatorSeries:
    today = today or timezone.localdate()
    points = []
    for year in YEARS:
        actual = actual_for_year(indicator, year, computed) if year <= today.year else None
        points.append((year, indicator.target_for(year), actual))
    by_year = {year: actual for year, _t, actual in points}
    return IndicatorSeries(indicator, points, by_year.get(MID_TERM_YEAR), by_year.get(FINAL_YEAR))


def commitment_history(commitment: Commitment, limit: int = 40) -> list[audit.Entry]:
    """Recent changes to the commitment, its milestones, indicators and reports, newest
    first, each field before and after (four queries, kept in the cache until a programme
    record changes: ``programme.cached``)."""
    return cached.history(commitment.pk, lambda: _commitment_history(commitment, limit), limit)


def _commitment_history(commitment: Commitment, limit: int) -> list[audit.Entry]:
    return audit.history_entries(
        audit.Source(
            Commitment.history.filter(id=commitment.pk), label=_code, exclude=("programme",)
        ),
        audit.Source(
            Milestone.history.filter(commitment_id=commitment.pk),
            label=_title,
            related=("owner",),
            exclude=("commitment",),
        ),
        audit.Source(
            Indicator.history.filter(commitment_id=commitment.pk),
            label=_code,
            exclude=("commitment",),
        ),
        audit.Source(
            ProgressReport.history.filter(commitment_id=commitment.pk),
            # the report's own fields only: its __str__ would query the commitment
            label=lambda row: row.instance.period_label,
            related=("created_by", "reviewed_by"),
            exclude=("commitment",),
        ),
        limit=limit,
    )


def report_history(report: ProgressReport, limit: int = 40) -> list[audit.Entry]:
    """Recent changes to a progress report and its indicator values (two queries)."""
    return audit.history_entries(
        audit.Source(
            ProgressReport.history.filter(id=report.pk),
            label=lambda row: row.instance.period_label,
            related=("created_by", "reviewed_by"),
            exclude=("commitment",),
        ),
        audit.Source(
            IndicatorValue.history.filter(report_id=report.pk),
            label=lambda row: row.indicator.code if row.indicator else "",
            related=("indicator",),
            exclude=("report",),
        ),
        limit=limit,
    )


def _code(row) -> str:
    return row.code


def _title(row) -> str:
    return row.title


def report_detail(pk: int) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(pk=pk)
        .select_related("commitment", "commitment__programme", "created_by", "reviewed_by")
        .prefetch_related(
            Prefetch("evidence", queryset=EvidenceFile.objects.select_related("uploaded_by")),
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.select_related("indicator").prefetch_related(
                    "evidence"
                ),
            ),
            Prefetch("transitions", queryset=ReportTransition.objects.select_related("by")),
        )
    )


def reports_for_list(filters: Q | None = None) -> QuerySet[ProgressReport]:
    qs = ProgressReport.objects.select_related("commitment", "created_by")
    return qs.filter(filters) if filters is not None else qs


# --- target vs actual ------------------------------------------------------------------


@dataclass
class ReportRow:
    commitment: Commitment
    indicator: Indicator
    target: Decimal | None
    actual: Decimal | None
    ratio: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        return None if self.ratio is None else (self.ratio * 100).quantize(Decimal(1))

    @property
    def rating(self) -> str:
        if self.actual is None:
            return "no_data"
        if self.ratio is None:
            return "no_target"
        if self.ratio >= 1:
            return "met"
        if self.ratio >= AT_RISK_RATIO:
            return "close"
        return "below"


def parse_period(value: str | None, today: date | None = None) -> tuple[str, int]:
    """``"2025"``, ``"mid_term"`` or ``"final"`` -> (kind, year); default: last year."""
    today = today or timezone.localdate()
    if value == PeriodKind.MID_TERM:
        return PeriodKind.MID_TERM, MID_TERM_YEAR
    if value == PeriodKind.FINAL:
        return PeriodKind.FINAL, FINAL_YEAR
    year = year_param(value)
    if year not in YEARS:
        year = min(max(today.year - 1, YEARS[0]), YEARS[-1])
    return PeriodKind.YEAR, year


def target_vs_actual(
    kind: str, year: int, computed: ComputedValues | None = None
) -> list[ReportRow]:
    computed = computed or ComputedValues()
    rows = []
    for commitment in commitments_with_progress():
        for indicator in commitment.indicators.all():
            if kind == PeriodKind.MID_TERM:
                target = indicator.target_mid_term
            elif kind == PeriodKind.FINAL:
                target = indicator.target_final
            else:
                target = indicator.target_for(year)
            actual = actual_for_year(indicator, year, computed)
            rows.append(
                ReportRow(
                    commitment, indicator, target, actual, achievement(indicator, actual, target)
                )
            )
    return rows
