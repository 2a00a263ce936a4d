"""What each list page exports: the app's own FilterSet on the rows the user may see, and
the columns. Rows are read in chunks and streamed by learnsociety.exports."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import roles
from accounts.access import require_perm_or_404
from accounts.enums import Role, Tier
from awards import selectors as awards_selectors
from awards.forms import CommendationFilter, NominationFilter
from awards.models import DisciplineFlag
from learnsociety.exports import XLSX_TYPE, Column, export_response
from programme import selectors as programme_selectors
from programme.computed import ComputedValues
from programme.filters import CommitmentFilter, ReportFilter
from units import selectors as units_selectors
from units.enums import AWAITING_REVIEW, EducationLevel
from units.forms import QueueFilter, SchoolFilter
from units.models import Cycle

__all__ = ["SPECS", "XLSX_TYPE", "respond"]


def _bound(filterset):
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


# --- commitments (few rows; their status is derived by the programme's rule) -------------


def commitments(request):

    filterset = CommitmentFilter(
        request.GET, queryset=programme_selectors.commitments_with_progress()
    )
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    year = int(data["year"]) if data.get("year") else None
    status = data.get("status") or None
    today = timezone.localdate()
    computed = ComputedValues()
    rows = []
    for commitment in _bound(filterset):
        progress = programme_selectors.commitment_progress(
            commitment, today=today, computed=computed, year=year
        )
        if status and progress.status != status:
            continue
        rows.append((commitment, progress))
    return rows


COMMITMENT_COLUMNS = [
    (gettext_noop("Code"), lambda r: r[0].code, 8),
    (gettext_noop("Title"), lambda r: r[0].title, 60),
    (gettext_noop("Thematic area"), lambda r: r[0].get_area_display(), 30),
    (gettext_noop("Lead party"), lambda r: r[0].get_lead_party_display(), 24),
    (gettext_noop("Status"), lambda r: r[1].label, 14),
    (gettext_noop("Milestones done"), lambda r: r[1].milestones_done, 10),
    (gettext_noop("Milestones"), lambda r: r[1].milestones_total, 10),
]


# --- schools -----------------------------------------------------------------------------


def schools(request):

    require_perm_or_404(request, "units.list_schools")
    return _bound(
        SchoolFilter(request.GET, request=request, queryset=units_selectors.schools_list())
    ).order_by("organisation__name", "pk")


SCHOOL_COLUMNS = [
    (gettext_noop("Official code"), lambda s: s.organisation.code, 16),
    (gettext_noop("School"), lambda s: s.organisation.name, 50),
    (
        gettext_noop("Area"),
        lambda s: s.organisation.area.name if s.organisation.area_id else "",
        24,
    ),
    (gettext_noop("Tier"), lambda s: s.organisation.get_tier_display(), 16),
    (gettext_noop("Education level"), lambda s: s.get_education_level_display(), 26),
    (gettext_noop("Active"), lambda s: s.organisation.is_active, 8),
]


# --- self-assessments --------------------------------------------------------------------


def assessments(request):

    user = request.user
    if request.GET.get("queue"):
        # From the review queue page: the same rows as the page (the user's queue and,
        # without a chosen state, what waits for review).
        require_perm_or_404(request, "units.review_queue")
        scoped = units_selectors.review_queue_for(user)
        if not request.GET.get("status"):
            scoped = scoped.filter(status__in=list(AWAITING_REVIEW))
        return _bound(QueueFilter(request.GET, request=request, queryset=scoped)).order_by(
            "submitted_at", "pk"
        )
    role_set = roles.roles(user)
    base = units_selectors.assessments_list()
    if role_set & {
        Role.DEPARTMENT_STAFF,
        Role.ASSOCIATION_OFFICER,
        Role.ADMINISTRATOR,
        Role.NATIONAL_VIEWER,
    }:
        scoped = roles.scoped(base, user)
    else:
        own = roles.organisation_ids(user)
        condition = Q(school_id__in=own)
        if Role.TIER_REVIEWER in role_set:
            condition |= Q(pk__in=units_selectors.review_queue_for(user).values("pk"))
        if not own and Role.TIER_REVIEWER not in role_set:
            require_perm_or_404(request, "units.review_queue")
        scoped = base.filter(condition)
    return _bound(QueueFilter(request.GET, request=request, queryset=scoped)).order_by(
        "-cycle__year", "school__organisation__name", "pk"
    )


ASSESSMENT_COLUMNS = [
    (gettext_noop("Year"), lambda a: a.cycle.year, 8),
    (gettext_noop("Tier"), lambda a: a.cycle.get_tier_display(), 16),
    (gettext_noop("School"), lambda a: a.school.organisation.name, 50),
    # The area of the dossier's year (kept on the dossier), not the school's area today.
    (
        "Area",
        lambda a: (
            a.area.name
            if a.area_id
            else (a.school.organisation.area.name if a.school.organisation.area_id else "")
        ),
        24,
    ),
    (gettext_noop("Education level"), lambda a: a.school.get_education_level_display(), 24),
    (gettext_noop("Status"), lambda a: a.get_status_display(), 20),
    (gettext_noop("Submitted"), lambda a: a.submitted_at, 16),
    (gettext_noop("Self-assessed outcome"), lambda a: a.self_outcome, 14),
    (gettext_noop("Verified outcome"), lambda a: a.verified_outcome, 14),
]


# --- nominations -------------------------------------------------------------------------


def nominations(request):

    queryset = awards_selectors.nominations_visible_to(request.user).order_by("-created", "-id")
    return _bound(NominationFilter(request.GET, queryset=queryset))


NOMINATION_COLUMNS = [
    (gettext_noop("Round"), lambda n: n.round.title, 36),
    (gettext_noop("Award form"), lambda n: n.form.name, 40),
    (gettext_noop("Nominee"), lambda n: n.get_nominee_kind_display(), 12),
    (gettext_noop("Name"), lambda n: n.nominee_name, 30),
    (gettext_noop("Organisation"), lambda n: n.nominee_organisation.name, 40),
    (gettext_noop("Nominating organisation"), lambda n: n.nominating_organisation.name, 40),
    (gettext_noop("Status"), lambda n: n.get_status_display(), 20),
    (gettext_noop("Submitted"), lambda n: n.submitted_at, 16),
]


# --- commendations -----------------------------------------------------------------------


def commendations(request):

    require_perm_or_404(request, "awards.view_register")
    return _bound(
        CommendationFilter(request.GET, queryset=awards_selectors.commendations_for(request.user))
    )


COMMENDATION_COLUMNS = [
    (gettext_noop("Year"), lambda c: c.decision.year, 8),
    (gettext_noop("Award form"), lambda c: c.form.name, 40),
    (gettext_noop("Nominee"), lambda c: c.get_nominee_kind_display(), 12),
    (gettext_noop("Name"), lambda c: c.nominee_name, 30),
    (gettext_noop("Organisation"), lambda c: c.organisation_name, 40),
    (gettext_noop("Decision"), lambda c: c.decision.label, 14),
    (gettext_noop("Decision date"), lambda c: c.decision.date, 14),
    (gettext_noop("Issuing organisation"), lambda c: c.decision.issuing_organisation.name, 36),
    (gettext_noop("Verification code"), lambda c: c.code, 14),
]


# --- progress reports ----------------------------------------------------------------------


def reports(request):

    # The same rows as the reports page (open to every signed-in user, like the programme).
    queryset = (
        programme_selectors.reports_for_list()
        .select_related("reviewed_by")
        .order_by("-year", "-id")
    )
    return _bound(ReportFilter(request.GET, queryset=queryset))


REPORT_COLUMNS = [
    (gettext_noop("Commitment"), lambda r: r.commitment.code, 10),
    (gettext_noop("Commitment title"), lambda r: r.commitment.title, 50),
    (gettext_noop("Reporting period"), lambda r: r.get_period_display(), 18),
    (gettext_noop("Year"), lambda r: r.year, 8),
    (gettext_noop("Status"), lambda r: r.get_status_display(), 18),
    (gettext_noop("Author's party"), lambda r: r.get_author_party_display(), 20),
    (gettext_noop("Written by"), lambda r: r.created_by.get_full_name(), 28),
    (gettext_noop("Submitted"), lambda r: r.submitted_at, 16),
    (
        gettext_noop("Reviewed by"),
        lambda r: r.reviewed_by.get_full_name() if r.reviewed_by_id else "",
        28,
    ),
    (gettext_noop("Reviewed"), lambda r: r.reviewed_at, 16),
]


# --- assessment cycles and their coverage ---------------------------------------------------


def cycles(request):

    require_perm_or_404(request, "units.view_coverage")
    cycles = list(units_selectors.cycles_list())
    return units_selectors.with_counts(cycles, roles.province_scope(request.user))


CYCLE_COLUMNS = [
    (gettext_noop("Year"), lambda c: c.year, 8),
    (gettext_noop("Tier"), lambda c: c.get_tier_display(), 16),
    (gettext_noop("Framework"), lambda c: str(c.framework), 40),
    (
        gettext_noop("Recognising authority"),
        lambda c: c.authority.name if c.authority_id else "",
        36,
    ),
    (gettext_noop("Opening date"), lambda c: c.opens_on, 14),
    (gettext_noop("Submission deadline"), lambda c: c.submission_deadline, 14),
    (gettext_noop("Review deadline"), lambda c: c.review_deadline, 14),
    (gettext_noop("State"), lambda c: c.get_state_display(), 14),
    (gettext_noop("Dossiers"), lambda c: c.assessment_count, 10),
    (gettext_noop("Submitted"), lambda c: c.submitted_count, 10),
    (gettext_noop("Recognised"), lambda c: c.recognised_count, 10),
]


def coverage(request):

    require_perm_or_404(request, "units.view_coverage")
    year, _years = units_selectors.coverage_year(request.GET.get("year"))
    cycles = list(Cycle.objects.filter(year=year))
    scope, _chosen = units_selectors.coverage_scope(request.user, request.GET.get("province"))
    rows = units_selectors.coverage(cycles, timezone.localdate(), scope)
    return [{**row, "year": year} for row in rows]


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _share(part: int, whole: int):

    return (Decimal(100 * part) / whole).quantize(Decimal("0.1")) if whole else None


def _coverage_columns():

    return [
        (gettext_noop("Year"), lambda r: r["year"], 8),
        (gettext_noop("Area"), lambda r: r["area"], 30),
        (gettext_noop("Tier"), lambda r: _label(Tier, r["tier"]), 16),
        (gettext_noop("Education level"), lambda r: _label(EducationLevel, r["level"]), 26),
        (gettext_noop("Schools"), lambda r: r["schools"], 10),
        (gettext_noop("Submitted"), lambda r: r["submitted"], 10),
        (gettext_noop("Recognised"), lambda r: r["recognised"], 10),
        (gettext_noop("Recognised (%)"), lambda r: _share(r["recognised"], r["schools"]), 12),
        (gettext_noop("Overdue"), lambda r: r["overdue"], 10),
    ]


# --- discipline register ---------------------------------------------------------------------


def discipline(request):

    require_perm_or_404(request, "awards.manage_discipline")
    return DisciplineFlag.objects.select_related("organisation", "created_by").order_by(
        "-is_active", "-created", "-pk"
    )


DISCIPLINE_COLUMNS = [
    (gettext_noop("Organisation"), lambda f: f.organisation.name, 40),
    (gettext_noop("Person"), lambda f: f.person_name, 30),
    (gettext_noop("Date of birth"), lambda f: f.date_of_birth, 14),
    (gettext_noop("Reason"), lambda f: f.reason, 50),
    (gettext_noop("Active"), lambda f: f.is_active, 8),
    (gettext_noop("Recorded by"), lambda f: f.created_by.get_full_name(), 28),
    (gettext_noop("Recorded"), lambda f: f.created, 16),
]


SPECS = {
    "commitments": commitments,
    "reports": reports,
    "cycles": cycles,
    "coverage": coverage,
    "discipline": discipline,
    "schools": schools,
    "assessments": assessments,
    "nominations": nominations,
    "commendations": commendations,
}
COLUMNS = {
    "commitments": COMMITMENT_COLUMNS,
    "reports": REPORT_COLUMNS,
    "cycles": CYCLE_COLUMNS,
    "coverage": _coverage_columns(),
    "discipline": DISCIPLINE_COLUMNS,
    "schools": SCHOOL_COLUMNS,
    "assessments": ASSESSMENT_COLUMNS,
    "nominations": NOMINATION_COLUMNS,
    "commendations": COMMENDATION_COLUMNS,
}
TITLES = {
    "commitments": gettext_noop("Commitments"),
    "reports": gettext_noop("Progress reports"),
    "cycles": gettext_noop("Assessment cycles"),
    "coverage": gettext_noop("Coverage"),
    "discipline": gettext_noop("Discipline register"),
    "schools": gettext_noop("Schools"),
    "assessments": gettext_noop("Self-assessments"),
    "nominations": gettext_noop("Nominations"),
    "commendations": gettext_noop("Commendations"),
}


def columns(name: str) -> list[Column]:
    # Headers are marked with gettext_noop and translated when the export runs.
    return [Column(_(header), value, width) for header, value, width in COLUMNS[name]]


def respond(fmt: str, name: str, rows, request=None):
    return export_response(fmt, rows, columns(name), name, _(TITLES[name]), request=request)
