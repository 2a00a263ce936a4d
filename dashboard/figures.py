"""The department dashboard's figures: database aggregates only, in a fixed number of
queries whatever the amount of data, cached for a minute.

``compute(year, area_id)`` returns plain numbers (cacheable); ``dashboard_figures`` adds the
cache. The year is the reporting year (the open cycle and round by default); the area
filter applies to schools, self-assessments, recognitions, nominations and commendations
(the school's or nominee organisation's current area). Programme commitments are
province-wide and follow the year only.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.utils import timezone

from accounts import roles
from accounts.areas import organisation_tiers_of
from accounts.enums import OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea, Membership
from accounts.selectors import areas_for_filters
from awards.enums import GRANTED, UNDER_REVIEW, NominationStatus
from awards.models import AwardForm, Commendation, Nomination, NominationRound, RoundForm
from learnsociety.cache import compute_once, note_read, read_lately
from programme import selectors as ps
from programme.computed import ComputedValues
from programme.enums import CommitmentStatus, MilestoneStatus, ReportStatus
from programme.models import Commitment, Indicator, Milestone, ProgressReport
from programme.reminders import DONE_REPORT, REPORT_DEADLINES
from society import selectors as ss
from society.enums import ReturnStatus
from society.models import CommuneReturn
from units import selectors as us
from units.enums import AWAITING_REVIEW, SUBMITTED_STATES, AssessmentStatus
from units.models import Cycle, Recognition, School, SelfAssessment
from units.selectors import area_in_year

CACHE_SECONDS = 60
LOCK_SECONDS = 30
LOCK_WAIT_SECONDS = 10

WAITING_DAYS = 14
ATTENTION_LIMIT = 5
# Above this many areas the coverage chart adds them up per parent area.
AREA_LIMIT = 40
# National targets (DOMAIN.md §1): share of units holding the Learning Unit title.
NATIONAL_TARGETS = {2025: 80, 2030: 90}
YEARS = tuple(range(2024, 2031))


def open_year(today: date) -> int:
    """The year whose self-assessment cycle is open: last year's until 15 January."""
    return today.year - 1 if today < date(today.year, 1, 15) else today.year


def default_year(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return min(max(open_year(today), YEARS[0]), YEARS[-1])


# The provinces a set of figures covers: None for every province, else a sorted tuple.
Provinces = tuple[int, ...] | None


def scope_of(user) -> Provinces:
    """The provinces of the user's dashboard (issue 18): their organisations' province for
    department staff and officers, every province for administrators and national viewers."""
    scope = roles.province_scope(user)
    return None if scope is None else tuple(sorted(scope))


def mark_viewed(provinces: Provinces) -> None:
    """Note that a province's dashboard is being read (every province's always is: the
    public page and the administrators read it)."""
    note_read("dashboard", provinces)


def viewed_provinces() -> list[int]:
    """The provinces with staff or officers whose dashboard was opened lately."""
    return read_lately("dashboard", dashboard_provinces())


def dashboard_provinces() -> list[int]:
    """The provinces whose department staff or officers have a dashboard."""
    return sorted(
        province
        for province in Membership.objects.filter(
            role__in=[Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER],
            is_active=True,
            organisation__province__isnull=False,
        )
        .values_list("organisation__province_id", flat=True)
        .distinct()
        if province is not None
    )


def area_choices(user=None):
    return areas_for_filters(user)


def pct(part, whole, places: str = "0.1") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


# --- programme ---------------------------------------------------------------------------


def commitment_statuses(today: date, computed=None) -> dict[str, int]:
    """Commitments by the programme's status rule (programme.selectors.STATUS_RULE), with
    the milestone tests done by the database (counts per commitment) and the indicator
    test on the few indicators and their accepted values."""

    open_states = [MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS]
    commitments = (
        Commitment.objects.annotate(
            n_active=Count("milestones", filter=~Q(milestones__status=MilestoneStatus.CANCELLED)),
            n_done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE)),
            n_started=Count(
                "milestones",
                filter=Q(
                    milestones__status__in=[MilestoneStatus.IN_PROGRESS, MilestoneStatus.DONE]
                ),
            ),
            n_overdue=Count(
                "milestones",
                filter=Q(milestones__status__in=open_states, milestones__due_date__lt=today),
            ),
        )
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("code").prefetch_related(
                    ps.accepted_values_prefetch()
                ),
            )
        )
        .order_by("code")
    )
    computed = computed or ComputedValues()
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for c in commitments:
        if c.n_overdue:
            status = CommitmentStatus.OVERDUE
        elif c.n_active and c.n_done == c.n_active:
            status = CommitmentStatus.DONE
        else:
            status = _status_from_indicators(c, today, computed)
        counts[status] += 1
    return counts


def _status_from_indicators(
    commitment: Commitment, today: date, computed: ComputedValues
) -> CommitmentStatus:
    """At risk when an indicator's latest value falls short of its trajectory; otherwise
    not started (no milestone started, no value reported) or on track."""
    any_actual = False
    for indicator in commitment.indicators.all():
        actual = ps.latest_actual(indicator, today, computed)
        if actual is None:
            continue
        any_actual = True
        target = ps.trajectory_target(indicator, actual.year, actual.period)
        ratio = ps.achievement(indicator, actual.value, target)
        if ratio is not None and ratio < ps.AT_RISK_RATIO:
            return CommitmentStatus.AT_RISK
    if not commitment.n_started and not any_actual:  # type: ignore[attr-defined]  # annotated
        return CommitmentStatus.NOT_STARTED
    return CommitmentStatus.ON_TRACK


def _programme(year: int, today: date) -> dict:

    open_states = [MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS]
    milestones = Milestone.objects.aggregate(
        overdue=Count("id", filter=Q(status__in=open_states, due_date__lt=today)),
        due_year=Count("id", filter=Q(due_date__year=year) & ~Q(status=MilestoneStatus.CANCELLED)),
        done_year=Count("id", filter=Q(due_date__year=year, status=MilestoneStatus.DONE)),
        done_previous=Count("id", filter=Q(due_date__year=year - 1, status=MilestoneStatus.DONE)),
    )
    reports = ProgressReport.objects.aggregate(
        returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
        waiting=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
        accepted_year=Count("id", filter=Q(status=ReportStatus.ACCEPTED, year=year)),
    )
    # A report is overdue when its deadline (30/06 for the half-year, 15/12 for the year)
    # has passed and the commitment has not submitted it.
    past = [
        (period, year)
        for period, (month, day) in REPORT_DEADLINES.items()
        if date(year, month, day) < today
    ]
    overdue_reports = 0
    if past:
        condition = Q()
        for period, y in past:
            condition |= Q(period=period, year=y)
        n_commitments = Commitment.objects.count()
        done = (
            ProgressReport.objects.filter(condition, status__in=DONE_REPORT)
            .values("commitment", "period", "year")
            .distinct()
            .count()
        )
        overdue_reports = n_commitments * len(past) - done

    # Computed indicator values depend on the year asked, not on the day: one memo serves
    # both dates.
    computed = ComputedValues()
    end = min(today, date(year, 12, 31))
    previous_end = min(today, date(year - 1, 12, 31))
    return {
        "status": commitment_statuses(end, computed),
        "status_previous": commitment_statuses(previous_end, computed),
        "milestones": milestones,
        "reports": {**reports, "overdue": overdue_reports},
    }


# --- Learning Units ----------------------------------------------------------------------


def _school_q(area_id: int | None, prefix: str = "", provinces: Provinces = None) -> Q:
    q = Q(
        **{
            f"{prefix}organisation__is_active": True,
            f"{prefix}organisation__kind": OrganisationKind.SCHOOL,
        }
    )
    if provinces is not None:
        q &= Q(**{f"{prefix}organisation__province_id__in": provinces})
    if area_id:
        q &= Q(**{f"{prefix}organisation__area_id": area_id})
    return q


def _groups(by_group: list, recognised_groups: list, results_year: int) -> tuple:
    """Schools, and recognised schools now and the year before, per tier and per level;
    with the two totals of recognised schools."""
    tiers: dict[str, dict] = {}
    levels: dict[str, dict] = {}
    for row in by_group:
        tier = tiers.setdefault(row["organisation__tier"], {"schools": 0, "now": 0, "before": 0})
        tier["schools"] += row["n"]
        level = levels.setdefault(row["education_level"], {"schools": 0, "now": 0, "before": 0})
        level["schools"] += row["n"]
    recognised = previous = 0
    for row in recognised_groups:
        key = "now" if row["year"] == results_year else "before"
        tier = tiers.setdefault(
            row["school__organisation__tier"], {"schools": 0, "now": 0, "before": 0}
        )
        tier[key] += row["n"]
        level = levels.setdefault(
            row["school__education_level"], {"schools": 0, "now": 0, "before": 0}
        )
        level[key] += row["n"]
        if key == "now":
            recognised += row["n"]
        else:
            previous += row["n"]
    return tiers, levels, recognised, previous


def _assessment_figures(
    year: int,
    area_id: int | None,
    by_today: bool,
    today: date,
    tiers: dict,
    provinces: Provinces = None,
) -> tuple[list, dict]:
    """The year's cycles, and its self-assessments by state (with last year's submitted
    ones and the schools overdue where a deadline has passed)."""

    # Self-assessments of the year's cycles.
    cycles = list(
        Cycle.objects.filter(year__in=[year, year - 1]).values(
            "id", "year", "tier", "submission_deadline", "state"
        )
    )
    this_cycles = [c for c in cycles if c["year"] == year]
    assessments = SelfAssessment.objects.filter(
        _school_q(None, "school__"), cycle__year__in=[year, year - 1]
    )
    if provinces is not None:
        # A dossier keeps the province of its cycle's year (one indexed column).
        assessments = assessments.filter(province_id__in=provinces)
    if area_id and by_today:
        assessments = assessments.filter(school__organisation__area_id=area_id)
    elif area_id:
        # A dossier keeps the area of its cycle's year.
        assessments = assessments.filter(area_id=area_id)
    status_rows = list(
        assessments.values("cycle__year", "status").annotate(n=Count("id")).order_by()
    )
    statuses = {r["status"]: r["n"] for r in status_rows if r["cycle__year"] == year}
    submitted = sum(statuses.get(s, 0) for s in SUBMITTED_STATES)
    submitted_previous = sum(
        r["n"]
        for r in status_rows
        if r["cycle__year"] == year - 1 and r["status"] in SUBMITTED_STATES
    )
    late_tiers = [c["tier"] for c in this_cycles if c["submission_deadline"] < today]
    overdue = 0
    if late_tiers:
        late_org_tiers = {o for t in late_tiers for o in organisation_tiers_of(t)}
        late_schools = sum(tiers.get(t, {}).get("schools", 0) for t in late_org_tiers)
        submitted_late_tiers = assessments.filter(
            cycle__year=year,
            cycle__tier__in=late_tiers,
            status__in=list(SUBMITTED_STATES),
        ).count()
        overdue = late_schools - submitted_late_tiers
    return this_cycles, {
        "started": sum(statuses.values()),
        "submitted": submitted,
        "submitted_previous": submitted_previous,
        "in_review": sum(statuses.get(s, 0) for s in AWAITING_REVIEW),
        "returned": statuses.get(AssessmentStatus.RETURNED, 0),
        "verified": statuses.get(AssessmentStatus.VERIFIED, 0),
        "recognised": statuses.get(AssessmentStatus.RECOGNISED, 0),
        "overdue": overdue,
    }


def _units(
    year: int,
    area_id: int | None,
    today: date,
    by_today: bool = False,
    provinces: Provinces = None,
) -> dict:
    """Learning-Unit figures of ``year``. Schools are counted in the area they belonged to
    on 31 December of that year (``by_today``: in today's area), so a school that moved
    later never changes a past year's figures."""

    if by_today:
        school_area, rec_area = F("organisation__area_id"), F("school__organisation__area_id")
    else:
        school_area, rec_area = area_in_year(year), area_in_year(year, "school__")
    schools = School.objects.filter(_school_q(None, "", provinces)).annotate(area_key=school_area)
    recognitions = Recognition.objects.filter(
        _school_q(None, "school__", provinces), revoked=False, year__lte=year
    ).annotate(area_key=rec_area)
    if area_id:
        schools = schools.filter(area_key=area_id)
        recognitions = recognitions.filter(area_key=area_id)
    by_group = list(
        schools.values("organisation__tier", "education_level").annotate(n=Count("pk")).order_by()
    )
    by_year = {
        row["year"]: row["n"]
        for row in recognitions.values("year").annotate(n=Count("school", distinct=True)).order_by()
    }
    # Recognition follows the year: before the decisions of ``year`` exist, the figures
    # are those of the latest year with decisions.
    results_year = year if by_year.get(year) else max((y for y in by_year), default=year)
    recognised_groups = list(
        recognitions.filter(year__in=[results_year, results_year - 1])
        .values("year", "school__organisation__tier", "school__education_level")
        .annotate(n=Count("school", distinct=True))
        .order_by()
    )
    school_counts = {
        row["area_key"]: row["n"]
        for row in schools.values("area_key").annotate(n=Count("pk")).order_by()
    }
    area_names = dict(
        AdministrativeArea.objects.filter(pk__in=[k for k in school_counts if k]).values_list(
            "pk", "name"
        )
    )
    by_area_schools = {key: (area_names.get(key, ""), n) for key, n in school_counts.items()}
    by_area_recognised = {
        row["area_key"]: row["n"]
        for row in recognitions.filter(year=results_year)
        .values("area_key")
        .annotate(n=Count("school", distinct=True))
        .order_by()
    }
    total = sum(row["n"] for row in by_group)
    tiers, levels, recognised, previous = _groups(by_group, recognised_groups, results_year)

    this_cycles, assessment_figures = _assessment_figures(
        year, area_id, by_today, today, tiers, provinces
    )
    return {
        "schools": total,
        "results_year": results_year,
        "recognised": recognised,
        "recognised_previous": previous,
        "share": pct(recognised, total),
        "share_previous": pct(previous, total),
        "tiers": tiers,
        "levels": levels,
        "by_year": {y: by_year.get(y, 0) for y in YEARS},
        **_by_area(by_area_schools, by_area_recognised),
        "cycles": [{"id": c["id"], "tier": c["tier"], "state": c["state"]} for c in this_cycles],
        "assessments": assessment_figures,
    }


def _by_area(schools: dict, recognised: dict) -> dict:
    """Schools and recognitions per area; above AREA_LIMIT areas they are added up per
    province when they lie in several (every province's figures: 62 rows, not 600
    districts), else per parent area, so that the chart and its table stay readable."""

    grouped = len(schools) > AREA_LIMIT
    if grouped:
        rows = list(
            AdministrativeArea.objects.filter(pk__in=list(schools)).values(
                "pk", "parent_id", "parent__name", "province_id", "province__name"
            )
        )
        by_province = len({r["province_id"] for r in rows}) > 1
        parents = {
            r["pk"]: (r["province_id"], r["province__name"])
            if by_province
            else (r["parent_id"], r["parent__name"])
            for r in rows
        }
        rolled: dict = {}
        for key, (name, n) in schools.items():
            parent, parent_name = parents.get(key, (None, None))
            parent_key = parent if parent is not None else key
            _name, total, done = rolled.get(parent_key, (parent_name or name, 0, 0))
            rolled[parent_key] = (_name, total + n, done + recognised.get(key, 0))
    else:
        rolled = {key: (name, n, recognised.get(key, 0)) for key, (name, n) in schools.items()}
    return {
        "by_area_grouped": grouped,
        "by_area": [
            {
                "area_id": key,
                "area": name or "",
                "schools": n,
                "recognised": done,
                "share": pct(done, n),
            }
            for key, (name, n, done) in sorted(rolled.items(), key=lambda i: i[1][0] or "")
        ],
    }


# --- awards -------------------------------------------------------------------------------


def _awards(year: int, area_id: int | None, today: date, provinces: Provinces = None) -> dict:

    nominations = Nomination.objects.all()
    commendations = Commendation.objects.filter(revoked=False)
    if provinces is not None:
        nominations = nominations.filter(nominee_organisation__province_id__in=provinces)
        commendations = commendations.filter(
            nomination__nominee_organisation__province_id__in=provinces
        )
    if area_id:
        nominations = nominations.filter(nominee_organisation__area_id=area_id)
        commendations = commendations.filter(nomination__nominee_organisation__area_id=area_id)
    rounds = list(
        NominationRound.objects.filter(year=year)
        .order_by("opening_date")
        .values("id", "title", "review_deadline")
    )
    by_status = {
        r["status"]: r["n"]
        for r in nominations.filter(round__year=year)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    }
    quota_rows = list(
        RoundForm.objects.filter(round__year=year)
        .values("form_id", "form__code", "form__name_vi", "form__name_en")
        .annotate(quota=Sum("quota"))
        .order_by("form__code")
    )
    granted = {
        r["form_id"]: r["n"]
        for r in nominations.filter(round__year=year, status__in=list(GRANTED))
        .values("form_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    by_form_year = list(
        nominations.exclude(status=NominationStatus.DRAFT)
        .values("round__year", "form__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    commended_form_year = list(
        commendations.values("decision__year", "form__code").annotate(n=Count("id")).order_by()
    )
    commended = commendations.aggregate(
        now=Count("id", filter=Q(decision__year=year)),
        before=Count("id", filter=Q(decision__year=year - 1)),
    )
    submitted_previous = (
        nominations.filter(round__year=year - 1).exclude(status=NominationStatus.DRAFT).count()
    )
    form_names = {
        r["code"]: {"vi": r["name_vi"], "en": r["name_en"] or r["name_vi"]}
        for r in AwardForm.objects.values("code", "name_vi", "name_en")
    }
    return {
        "form_names": form_names,
        "rounds": rounds,
        "by_status": by_status,
        "submitted": sum(n for s, n in by_status.items() if s != NominationStatus.DRAFT),
        "submitted_previous": submitted_previous,
        "quota": [
            {
                "form_id": r["form_id"],
                "code": r["form__code"],
                "name_vi": r["form__name_vi"],
                "name_en": r["form__name_en"] or r["form__name_vi"],
                "quota": r["quota"] or 0,
                "used": granted.get(r["form_id"], 0),
            }
            for r in quota_rows
        ],
        "quota_total": sum(r["quota"] or 0 for r in quota_rows),
        "quota_used": sum(granted.values()),
        "nominations_by_form_year": [
            (r["round__year"], r["form__code"], r["n"]) for r in by_form_year
        ],
        "commendations_by_form_year": [
            (r["decision__year"], r["form__code"], r["n"]) for r in commended_form_year
        ],
        "commended": commended["now"],
        "commended_previous": commended["before"],
    }


# --- learning society (the communes' yearly returns) -------------------------------------


def _society(year: int, area_id: int | None = None, provinces: Provinces = None) -> dict:
    """The shares of the learning-society models from the latest year, up to ``year``, with
    accepted returns, and their change since the year before (society's roll-up: aggregate
    queries), for the province or, with the dashboard's area filter, that area's communes."""

    accepted = CommuneReturn.objects.filter(status=ReturnStatus.ACCEPTED, round__year__lte=year)
    if provinces is not None:
        accepted = accepted.filter(area__province_id__in=provinces)
    latest = accepted.aggregate(y=Max("round__year"))["y"]
    if latest is None:
        return {"results_year": None}
    now = ss.rollup(latest, area_id=area_id, within=provinces)["total"]
    if now is None:
        return {"results_year": None}
    before = ss.rollup(latest - 1, area_id=area_id, within=provinces)["total"]
    return {
        "results_year": latest,
        "shares": now["shares"],
        "shares_previous": before["shares"] if before else {},
        "citizens": now["citizens"],
        "citizens_previous": before["citizens"] if before else None,
        "returns": now["returns"],
        "targets": ss.TARGETS_2025,
    }


def compute(
    year: int,
    area_id: int | None = None,
    today: date | None = None,
    by_today: bool = False,
    provinces: Provinces = None,
) -> dict:
    """Every figure of the dashboard for ``year``, of the provinces of ``provinces`` (None:
    every province) or of one area of them. The programme is the deployment's own."""
    today = today or timezone.localdate()
    return {
        "year": year,
        "area_id": area_id,
        "by_today": by_today,
        "today": today,
        "provinces": provinces,
        "programme": _programme(year, today),
        "units": _units(year, area_id, today, by_today, provinces),
        "awards": _awards(year, area_id, today, provinces),
        "society": _society(year, area_id, provinces),
        "national_targets": NATIONAL_TARGETS,
    }


def dashboard_figures(
    year: int,
    area_id: int | None = None,
    by_today: bool = False,
    *,
    provinces: Provinces = None,
    refresh: bool = False,
) -> dict:
    today = timezone.localdate()
    key = ":".join(
        [
            "dashboard:figures",
            roles.scope_key(provinces),
            str(year),
            str(area_id or 0),
            str(int(by_today)),
            today.isoformat(),
        ]
    )
    return cached(key, lambda: compute(year, area_id, today, by_today, provinces), refresh=refresh)


def dashboard_attention(
    year: int,
    area_id: int | None = None,
    *,
    provinces: Provinces = None,
    refresh: bool = False,
) -> dict:
    """``needs_attention`` kept for the same minute as the figures: its totals count over
    every dossier of the scope (a tenth of a second at national scale, on every view). The
    lists themselves (review queues, report and nomination lists) are always live."""
    today = timezone.localdate()
    key = ":".join(
        [
            "dashboard:attention",
            roles.scope_key(provinces),
            str(year),
            str(area_id or 0),
            today.isoformat(),
        ]
    )
    return cached(key, lambda: needs_attention(year, area_id, today, provinces), refresh=refresh)


def cached(key: str, make, *, refresh: bool = False):
    """``make()`` kept in the cache for CACHE_SECONDS; one process computes it while the
    others wait for its result (nobody waits when the cache is down). ``refresh`` computes
    it now and replaces what the cache holds (the background refresh, see
    ``dashboard.tasks``)."""
    return compute_once(
        key,
        make,
        timeout=CACHE_SECONDS,
        lock_seconds=LOCK_SECONDS,
        wait_seconds=LOCK_WAIT_SECONDS,
        refresh=refresh,
    )


# --- needs attention ---------------------------------------------------------------------


def needs_attention(
    year: int,
    area_id: int | None = None,
    today: date | None = None,
    provinces: Provinces = None,
) -> dict:
    """The oldest items that wait on someone, each list with its total (fixed queries)."""

    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=WAITING_DAYS)
    overdue = Milestone.objects.filter(
        status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS], due_date__lt=today
    ).select_related("commitment")
    returned_reports = ProgressReport.objects.filter(status=ReportStatus.RETURNED).select_related(
        "commitment"
    )
    waiting_reports = ProgressReport.objects.filter(
        status=ReportStatus.SUBMITTED, submitted_at__lt=cutoff
    ).select_related("commitment")
    assessments = SelfAssessment.objects.filter(_school_q(area_id, "school__")).select_related(
        "school__organisation", "cycle"
    )
    if provinces is not None:
        assessments = assessments.filter(province_id__in=provinces)
    returned_assessments = assessments.filter(status=AssessmentStatus.RETURNED)
    waiting_assessments = assessments.filter(
        status__in=list(AWAITING_REVIEW), submitted_at__lt=cutoff
    )
    nominations = Nomination.objects.select_related("round", "nominee_organisation")
    if provinces is not None:
        nominations = nominations.filter(nominee_organisation__province_id__in=provinces)
    if area_id:
        nominations = nominations.filter(nominee_organisation__area_id=area_id)
    more_info = nominations.filter(status=NominationStatus.MORE_INFO)
    waiting_nominations = nominations.filter(
        Q(submitted_at__lt=cutoff) | Q(round__review_deadline__lt=today),
        status__in=list(UNDER_REVIEW),
    )
    lists = {
        "milestones": overdue.order_by("due_date", "id"),
        "returned_reports": returned_reports.order_by("year", "id"),
        "waiting_reports": waiting_reports.order_by("submitted_at", "id"),
        "returned_assessments": returned_assessments.order_by("updated", "id"),
        "waiting_assessments": waiting_assessments.order_by("submitted_at", "id"),
        "more_info": more_info.order_by("updated", "id"),
        "waiting_nominations": waiting_nominations.order_by("submitted_at", "id"),
    }
    return {
        name: {"items": list(qs[:ATTENTION_LIMIT]), "count": qs.count()}
        for name, qs in lists.items()
    }


def oldest_waiting_for_reviewer(user, limit: int = 5) -> dict:
    """A tier reviewer's queue: how many wait and the oldest first."""

    queue = us.review_queue_for(user).filter(status__in=list(AWAITING_REVIEW))
    return {
        "items": list(queue.order_by("submitted_at", "pk")[:limit]),
        "count": queue.count(),
    }


def tier_label(code: str) -> str:
    try:
        return str(Tier(code).label)
    except ValueError:
        return code
