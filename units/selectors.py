"""Reads reused by views, dashboards, exports and indicators."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import roles
from accounts.areas import counted_area, organisation_tiers_of
from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea, Membership, Organisation, User
from accounts.selectors import has_several_provinces
from learnsociety.cache import compute_once, note_read, read_lately
from learnsociety.params import id_param, year_param

from .cached import cycle_counts
from .enums import AWAITING_REVIEW, SUBMITTED_STATES, AssessmentStatus, CycleState
from .models import (
    AssessmentTransition,
    Criterion,
    CriterionGroup,
    CriterionResult,
    Cycle,
    Framework,
    Recognition,
    School,
    SchoolAreaHistory,
    SchoolYearFigures,
    SelfAssessment,
)
from .rules import can_see_all, reviewed_area_ids


def framework_with_structure(framework_id: int) -> Framework:
    return Framework.objects.prefetch_related(
        "outcomes",
        Prefetch(
            "groups",
            queryset=CriterionGroup.objects.prefetch_related(
                Prefetch(
                    "criteria",
                    queryset=Criterion.objects.prefetch_related("requirements__outcome"),
                )
            ),
        ),
    ).get(pk=framework_id)


def applicable_criteria(framework: Framework, education_level: str) -> list[Criterion]:
    return [
        criterion
        for group in framework.groups.all()
        for criterion in group.criteria.all()
        if criterion.applies_to(education_level)
    ]


def schools_list() -> QuerySet[School]:
    return School.objects.select_related("organisation", "organisation__area").order_by(
        "organisation__name"
    )


def schools_for(user) -> QuerySet[School]:
    """The schools list a user may open each row of: their province's for department staff
    and officers, every province's for administrators and national viewers; for a tier
    reviewer, the district- and commune-tier schools of the reviewer's areas (as
    ``units.view_school`` allows)."""

    qs = schools_list()
    if can_see_all.test(user):
        return roles.scoped(qs, user, "organisation__")
    # What is_area_reviewer allows, as a query: provincial-tier schools are the DOET's.
    return qs.filter(organisation__area_id__in=reviewed_area_ids(user)).exclude(
        organisation__tier=Tier.PROVINCIAL
    )


def school_principals(school_id: int) -> list[User]:
    """The school's active principals (one query)."""
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=school_id, role=Role.PRINCIPAL, is_active=True
        ).select_related("user")
    ]


def figures_for(school_id: int, year: int) -> SchoolYearFigures | None:
    return SchoolYearFigures.objects.filter(school_id=school_id, year=year).first()


def assessment_detail(pk: int) -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.select_related(
        "cycle",
        "cycle__framework",
        "cycle__authority",
        "area",
        "authority",
        "school",
        "school__organisation",
        "school__organisation__area",
    ).filter(pk=pk)


def assessment_results(assessment: SelfAssessment) -> list[CriterionResult]:
    return list(
        assessment.results.select_related("criterion", "criterion__group").prefetch_related(
            "evidence"
        )
    )


def assessment_transitions(assessment: SelfAssessment) -> QuerySet[AssessmentTransition]:
    return assessment.transitions.select_related("by")


def assessments_list() -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.select_related(
        "cycle",
        "cycle__framework",
        "area",
        "school",
        "school__organisation",
        "school__organisation__area",
    )


def review_queue_for(user) -> QuerySet[SelfAssessment]:
    """Dossiers the user may review: their area's district/commune-tier schools for a tier
    reviewer, provincial-tier schools of their province for DOET staff, everything for an
    administrator."""
    qs = assessments_list()
    if roles.has_role(user, Role.ADMINISTRATOR):
        return qs
    condition = Q(pk__in=[])
    areas = roles.area_ids(user, Role.TIER_REVIEWER)
    if areas:
        # The dossier's area is the school's area on the cycle's reference date, set when
        # the dossier opens (units.services.assessment_start): a commune's culture and
        # society office never sees the schools of another commune, nor the district-tier
        # dossiers of the years before its commune existed. One column, so one index.
        condition |= Q(area_id__in=areas) & ~Q(cycle__tier=Tier.PROVINCIAL)
    if roles.has_role(user, Role.DEPARTMENT_STAFF):
        # Province first: the index assessment_province_idx starts with it.
        condition |= Q(province_id__in=roles.province_ids(user), cycle__tier=Tier.PROVINCIAL)
    return qs.filter(condition)


def area_in_year(year: int, prefix: str = ""):
    """Expression for a query over schools (``prefix=""``) or rows pointing at a school
    (``prefix="school__"``): the area the school belonged to on 31 December of ``year``
    (an old commune counts under its district), from its area history, else its current
    area. Figures of a past year group by it, so that a later move never changes them."""
    day = date(year, 12, 31)
    ref = f"{prefix[:-2]}_id" if prefix else "pk"
    return Coalesce(
        Subquery(
            SchoolAreaHistory.objects.filter(school_id=OuterRef(ref), valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .order_by("-valid_from")
            .values(key=counted_area())[:1]
        ),
        F(f"{prefix}organisation__area_id"),
        output_field=IntegerField(),
    )


def area_name_in_row_year(prefix: str = "school__", year_field: str = "year"):
    """Expression for rows that carry a school and a year (recognitions): the name of the
    area the school belonged to on 31 December of the row's own year."""
    year = OuterRef(year_field)
    return Coalesce(
        Subquery(
            SchoolAreaHistory.objects.filter(
                school_id=OuterRef(f"{prefix[:-2]}_id"), valid_from__year__lte=year
            )
            .filter(
                Q(valid_to__isnull=True)
                | Q(valid_to__year__gt=year)
                | Q(valid_to__year=year, valid_to__month=12, valid_to__day=31)
            )
            .order_by("-valid_from")
            .values(key=counted_area(field="name"))[:1]
        ),
        F(f"{prefix}organisation__area__name"),
        Value(""),
    )


def areas_on(day: date, school_ids: list[int] | None = None) -> dict[int, int | None]:
    """The area each school is counted under on ``day``: from its area history (an old
    commune counts under its district, see accounts.areas.counted_area), else its current
    area. Two queries whatever the number of schools."""
    schools = School.objects.all()
    history = SchoolAreaHistory.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
        history = history.filter(school_id__in=school_ids)
    found: dict[int, int | None] = dict(schools.values_list("pk", "organisation__area_id"))
    rows = history.order_by("valid_from").values_list("school_id", counted_area())
    for school_id, area_id in rows:
        found[school_id] = area_id
    return found


def authorities_by_area(tier: str, area_ids) -> dict[int, Organisation]:
    """The People's Committee of each area for a district- or commune-tier cycle."""
    committees = Organisation.objects.filter(
        kind=OrganisationKind.PEOPLES_COMMITTEE, tier=tier, area_id__in=set(area_ids) - {None}
    ).order_by("-is_active", "pk")
    found: dict[int, Organisation] = {}
    for committee in committees:
        if committee.area_id is not None:  # the query asks for an area
            found.setdefault(committee.area_id, committee)
    return found


def dossier_place(*, school: School, cycle: Cycle) -> tuple[int | None, Organisation | None]:
    """The area a school's dossier belongs to in a cycle, and who recognises it there."""
    area_id = areas_on(cycle.reference_date, [school.pk]).get(school.pk)
    if cycle.tier == Tier.PROVINCIAL or cycle.authority_id is not None:
        return area_id, cycle.authority
    if area_id is None:
        return None, None
    return area_id, authorities_by_area(cycle.tier, [area_id]).get(area_id)


def schools_without_authority(cycle: Cycle) -> list[str]:
    """Names of active schools of a district- or commune-tier cycle whose area on the
    cycle's reference date has no People's Committee to recognise them."""
    if cycle.tier == Tier.PROVINCIAL or cycle.authority_id is not None:
        return []
    schools = dict(
        School.objects.filter(
            organisation__is_active=True,
            organisation__kind=OrganisationKind.SCHOOL,
            organisation__tier__in=organisation_tiers_of(cycle.tier),
        ).values_list("pk", "organisation__name")
    )
    places = areas_on(cycle.reference_date, list(schools))
    committees = authorities_by_area(cycle.tier, places.values())
    return sorted(name for pk, name in schools.items() if places.get(pk) not in committees)


# What the queue's counters show: work in progress, not the years of closed dossiers.
QUEUE_COUNTED = AWAITING_REVIEW | {
    AssessmentStatus.DRAFT,
    AssessmentStatus.RETURNED,
    AssessmentStatus.VERIFIED,
}


def queue_counts(qs: QuerySet[SelfAssessment]) -> dict[str, int]:
    """Dossiers in progress per state, plus ``waiting`` (all states awaiting review)."""
    # COUNT(*), not COUNT(id): the count reads the (status, province) index only
    rows = qs.filter(status__in=QUEUE_COUNTED).order_by().values("status").annotate(n=Count("*"))
    counts = {row["status"]: row["n"] for row in rows}
    counts["waiting"] = sum(counts.get(s, 0) for s in AWAITING_REVIEW)
    return counts


def current_cycle(tier: str, today: date) -> Cycle | None:
    """The open cycle of a tier, else the most recent one."""
    qs = Cycle.objects.select_related("framework", "authority").filter(
        tier__in=organisation_tiers_of(tier)
    )
    return (
        qs.filter(state=CycleState.OPEN).order_by("-year").first() or qs.order_by("-year").first()
    )


def recognition_history(school: School) -> QuerySet[Recognition]:
    return school.recognitions.select_related("framework", "outcome", "decision").order_by("-year")


def cycles_list() -> QuerySet[Cycle]:
    """Every cycle, latest year first (cycles page, export); counts by ``with_counts``."""
    return Cycle.objects.select_related("framework", "authority").order_by("-year", "tier", "pk")


def with_counts(cycles: list[Cycle], scope: set[int] | None = None) -> list[Cycle]:
    """Give each of ``cycles`` its dossiers, submitted and recognised counts in the
    provinces of ``scope`` (None: every province). One grouped query over the (cycle,
    status) index for all of them, reading each dossier's index entry once (a national
    data set holds 50,000 dossiers a cycle), kept in the cache until a dossier moves
    (``units.cached``; issue 18)."""
    by_cycle = cycle_counts([c.pk for c in cycles], scope)
    for cycle in cycles:
        counts = by_cycle[cycle.pk]
        cycle.assessment_count = sum(counts.values())  # type: ignore[attr-defined]
        cycle.submitted_count = sum(counts.get(s, 0) for s in SUBMITTED_STATES)  # type: ignore[attr-defined]
        cycle.recognised_count = counts.get(AssessmentStatus.RECOGNISED, 0)  # type: ignore[attr-defined]
    return cycles


def coverage_year(requested: str | None) -> tuple[int, list[int]]:
    """The year the coverage page shows (``?year=`` if it has cycles, else the open
    cycles' latest year, else the latest) and every year with cycles."""
    years = list(Cycle.objects.order_by("-year").values_list("year", flat=True).distinct())
    year = year_param(requested)
    if year not in years:
        open_years = Cycle.objects.filter(state=CycleState.OPEN).values_list("year", flat=True)
        year = max(open_years, default=years[0] if years else 0)
    return year, years


# How long the coverage report's figures are kept: they group every school of the scope (a
# national viewer's: the whole country, 2 s), and the page is a report, not a work list.
# Beat renews every province's before they expire (``refresh_coverage``).
COVERAGE_CACHE_SECONDS = 60


def coverage_figures(
    cycles: list[Cycle], year: int, scope: set[int] | None, *, refresh: bool = False
) -> dict:
    """The coverage rows and review gaps of a year and province scope, kept for
    COVERAGE_CACHE_SECONDS (issue 18); ``refresh`` computes them now."""
    today = timezone.localdate()
    # Every province's figures are added up per province when there are several.
    by_province = scope is None and has_several_provinces()
    key = f"units:coverage:{year}:{roles.scope_key(scope)}:{today.isoformat()}"

    def make() -> dict:
        return {
            "rows": coverage(cycles, today, scope, by_province=by_province),
            "gaps": gap_by_area([c.pk for c in cycles], scope),
        }

    return compute_once(key, make, timeout=COVERAGE_CACHE_SECONDS, refresh=refresh)


def mark_coverage_viewed(scope: set[int] | None) -> None:
    """Note that one province's coverage report is being read (``refresh_coverage``)."""
    note_read("units:coverage", scope)


def refresh_coverage() -> None:
    """Compute the coverage report of all provinces together (administrators' and national
    viewers') and that of each province read in the last quarter of an hour, of the year it
    opens with, again before they expire (beat, with the dashboard's figures): nobody who
    opens it waits for its figures (a province's took 150-330 ms at 50,000 schools, paid by
    whoever came after each expiry)."""
    year, _years = coverage_year(None)
    cycles = list(Cycle.objects.filter(year=year))
    coverage_figures(cycles, year, None, refresh=True)
    provinces = list(
        AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE).values_list("pk", flat=True)
    )
    for province in read_lately("units:coverage", provinces):
        coverage_figures(cycles, year, {province}, refresh=True)


def coverage_scope(user, requested: str | None) -> tuple[set[int] | None, int | None]:
    """The provinces a coverage report covers, and the province chosen: the user's own;
    a user who sees every province may choose one (``?province=``) to read its areas by
    tier and education level."""
    scope = roles.province_scope(user)
    chosen = id_param(requested)
    if (
        scope is None
        and chosen is not None
        and AdministrativeArea.objects.filter(pk=chosen, level=AreaLevel.PROVINCE).exists()
    ):
        return {chosen}, chosen
    return scope, None


def coverage(
    cycles: list[Cycle], today: date, scope: set[int] | None = None, *, by_province: bool = False
) -> list[dict]:
    """Per area, tier and education level: schools, submitted, recognised, overdue; of the
    provinces of ``scope`` (None: every province). ``by_province``: per province instead of
    per area (a national view: thousands of communes would make a table nobody reads).

    One grouped query: the database counts, Python only computes the percentages (the
    country has tens of thousands of schools)."""
    year_end = date(max((c.year for c in cycles), default=today.year), 12, 31)
    # Earlier cycles are counted in the area the school belonged to at the time (districts
    # were dissolved on 1 July 2025), from the area history when there is one.
    area_then = (
        SchoolAreaHistory.objects.filter(school_id=OuterRef("pk"), valid_from__lte=year_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year_end))
        .order_by("-valid_from")
        .values(key=counted_area(field="name"))[:1]
    )

    # The school's dossier in the cycle of its own tier (a school takes part in one cycle
    # a year: the provincial one, or the lower tier's, district or commune).
    # Which cycles are whose is known here: each school's lookup is one probe of the
    # (cycle, school) index, without joining the cycles and organisations 50,000 times.
    def status_in(tier_cycles: list[int]) -> Value | Subquery:
        if not tier_cycles:
            return Value(None, output_field=CharField())
        return Subquery(
            SelfAssessment.objects.filter(school_id=OuterRef("pk"), cycle_id__in=tier_cycles)
            .order_by()
            .values("status")[:1]
        )

    status: Value | Case = Value("")
    if cycles:
        status = Case(
            When(
                organisation__tier=Tier.PROVINCIAL,
                then=status_in([c.pk for c in cycles if c.tier == Tier.PROVINCIAL]),
            ),
            default=status_in([c.pk for c in cycles if c.tier != Tier.PROVINCIAL]),
        )
    late_tiers = [
        t for c in cycles if c.submission_deadline < today for t in organisation_tiers_of(c.tier)
    ]
    submitted = Q(status__in=SUBMITTED_STATES)
    schools = School.objects.filter(organisation__is_active=True)
    if scope is not None:
        schools = schools.filter(organisation__province_id__in=scope)
    rows = (
        schools.annotate(
            status=status,
            area=Coalesce(F("organisation__province__name"), Value(""))
            if by_province
            else Coalesce(area_then, F("organisation__area__name"), Value("")),
            tier=F("organisation__tier"),
            level=F("education_level"),
        )
        .order_by()
        .values("area", "tier", "level")
        .annotate(
            schools=Count("pk"),
            submitted=Count("pk", filter=submitted),
            recognised=Count("pk", filter=Q(status=AssessmentStatus.RECOGNISED)),
            overdue=Count(
                "pk",
                filter=Q(organisation__tier__in=late_tiers) & ~Q(submitted, status__isnull=False),
            ),
        )
    )
    result: list[dict[str, Any]] = sorted(
        (dict(row) for row in rows), key=lambda r: (r["area"], r["tier"], r["level"])
    )
    for row in result:
        n = row["schools"] or 1
        row["recognised_pct"] = round(100 * row["recognised"] / n)
        row["submitted_pct"] = round(100 * row["submitted"] / n)
        row["overdue_pct"] = round(100 * row["overdue"] / n)
    return result


def gap_by_area(cycle_ids: list[int], scope: set[int] | None = None) -> list[dict]:
    """Criteria where the verified result differs from the school's own, per area, in the
    provinces of ``scope`` (None: every province)."""
    results = CriterionResult.objects.all()
    if scope is not None:
        results = results.filter(assessment__province_id__in=scope)
    rows = (
        results.filter(
            assessment__cycle_id__in=cycle_ids,
            assessment__status__in=[
                AssessmentStatus.VERIFIED,
                AssessmentStatus.RECOGNISED,
                AssessmentStatus.NOT_RECOGNISED,
            ],
        )
        .exclude(change_reason="")
        .values("assessment__school__organisation__area__name")
        .annotate(changed=Count("id"), schools=Count("assessment", distinct=True))
        .order_by("assessment__school__organisation__area__name")
    )
    return [
        {
            "area": r["assessment__school__organisation__area__name"],
            "changed": r["changed"],
            "schools": r["schools"],
        }
        for r in rows
    ]
