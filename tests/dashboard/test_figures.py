"""Every dashboard figure against a direct count on the demo data, the same figures in the
page, and a constant number of queries with ten times more data."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from awards.enums import GRANTED, UNDER_REVIEW, NominationStatus
from awards.models import Commendation, Nomination, RoundForm
from dashboard import figures
from programme import selectors as ps
from programme.computed import ComputedValues
from programme.enums import CommitmentStatus, MilestoneStatus, ReportStatus
from programme.models import Milestone, ProgressReport
from units.enums import AWAITING_REVIEW, SUBMITTED_STATES, AssessmentStatus
from units.models import Recognition, School, SelfAssessment

from .conftest import multiply_demo


def vi_number(value) -> str:
    return str(value).replace(".", ",")


def _share(part, whole):
    return figures.pct(part, whole)


def _direct(year: int, area_id=None) -> dict:
    """The same figures counted plainly, row by row where that is simplest."""
    today = timezone.localdate()
    schools = School.objects.filter(organisation__is_active=True, organisation__kind="school")
    recognitions = Recognition.objects.filter(revoked=False, school__in=schools)
    assessments = SelfAssessment.objects.filter(cycle__year=year, school__in=schools)
    nominations = Nomination.objects.filter(round__year=year)
    if area_id:
        schools = schools.filter(organisation__area_id=area_id)
        recognitions = recognitions.filter(school__organisation__area_id=area_id)
        assessments = assessments.filter(school__organisation__area_id=area_id)
        nominations = nominations.filter(nominee_organisation__area_id=area_id)
    years = set(recognitions.filter(year__lte=year).values_list("year", flat=True))
    results_year = year if year in years else max(years)
    recognised = recognitions.filter(year=results_year).values("school").distinct().count()
    computed = ComputedValues()
    statuses = dict.fromkeys(CommitmentStatus.values, 0)
    for c in ps.commitments_with_progress():
        statuses[ps.commitment_progress(c, today=today, computed=computed).status] += 1
    return {
        "statuses": statuses,
        "schools": schools.count(),
        "results_year": results_year,
        "recognised": recognised,
        "share": _share(recognised, schools.count()),
        "submitted": assessments.filter(status__in=list(SUBMITTED_STATES)).count(),
        "in_review": assessments.filter(status__in=list(AWAITING_REVIEW)).count(),
        "returned": assessments.filter(status=AssessmentStatus.RETURNED).count(),
        "nominations": {
            s: nominations.filter(status=s).count()
            for s in NominationStatus.values
            if nominations.filter(status=s).exists()
        },
        "granted": nominations.filter(status__in=list(GRANTED)).count(),
        "quota": sum(rf.quota for rf in RoundForm.objects.filter(round__year=year)),
        "commended": Commendation.objects.filter(revoked=False, decision__year=year).count()
        if not area_id
        else None,
        "milestones_overdue": sum(1 for m in Milestone.objects.all() if m.is_overdue(today)),
        "reports_returned": ProgressReport.objects.filter(status=ReportStatus.RETURNED).count(),
        "reports_waiting": ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count(),
    }


def _check(data: dict, direct: dict) -> None:
    units, awards, prog = data["units"], data["awards"], data["programme"]
    assert prog["status"] == direct["statuses"]
    assert units["schools"] == direct["schools"]
    assert units["results_year"] == direct["results_year"]
    assert units["recognised"] == direct["recognised"]
    assert units["share"] == direct["share"]
    assert sum(t["schools"] for t in units["tiers"].values()) == direct["schools"]
    assert sum(t["now"] for t in units["tiers"].values()) == direct["recognised"]
    assert sum(level["now"] for level in units["levels"].values()) == direct["recognised"]
    assert units["assessments"]["submitted"] == direct["submitted"]
    assert units["assessments"]["in_review"] == direct["in_review"]
    assert units["assessments"]["returned"] == direct["returned"]
    assert {s: n for s, n in awards["by_status"].items() if n} == direct["nominations"]
    assert awards["quota_used"] == direct["granted"]
    assert awards["quota_total"] == direct["quota"]
    if direct["commended"] is not None:
        assert awards["commended"] == direct["commended"]
    assert prog["milestones"]["overdue"] == direct["milestones_overdue"]
    assert prog["reports"]["returned"] == direct["reports_returned"]
    assert prog["reports"]["waiting"] == direct["reports_waiting"]


def test_every_figure_matches_a_direct_count_and_is_not_zero(demo):
    year = figures.default_year()
    data = figures.compute(year)
    direct = _direct(year)
    _check(data, direct)
    # Every block has something to show with the demo data.
    assert sum(data["programme"]["status"].values()) == 7
    assert data["units"]["recognised"] > 0
    assert data["units"]["share"] > 0
    # The legal calendar: the running year's dossiers are submitted after it ends, so the
    # submitted ones are last year's, in review.
    assert data["units"]["assessments"]["submitted"] == 0
    last = figures.compute(year - 1)["units"]["assessments"]
    assert last["submitted"] == _direct(year - 1)["submitted"] > 0
    assert data["awards"]["submitted"] > 0
    assert data["awards"]["quota_total"] > 0
    assert data["programme"]["milestones"]["overdue"] > 0
    assert data["programme"]["reports"]["overdue"] + data["programme"]["reports"]["returned"] > 0
    # Learning-Unit share by area: the bars add up to the total.
    by_area = data["units"]["by_area"]
    assert sum(r["schools"] for r in by_area) == direct["schools"]
    assert sum(r["recognised"] for r in by_area) == direct["recognised"]


def test_figures_follow_the_area_filter(demo):
    year = figures.default_year()
    area_id = (
        School.objects.filter(recognitions__revoked=False)
        .values_list("organisation__area_id", flat=True)
        .first()
    )
    data = figures.compute(year, area_id)
    _check(data, _direct(year, area_id))
    assert data["units"]["schools"] < figures.compute(year)["units"]["schools"]


def test_overdue_self_assessments_after_the_deadline(demo):
    # Last year's cycle: its 15 January deadline has passed.
    year = figures.default_year() - 1
    data = figures.compute(year)
    cycles = {c["tier"] for c in data["units"]["cycles"]}
    schools = School.objects.filter(
        organisation__is_active=True, organisation__kind="school", organisation__tier__in=cycles
    ).count()
    submitted = SelfAssessment.objects.filter(
        cycle__year=year, status__in=list(SUBMITTED_STATES)
    ).count()
    assert data["units"]["assessments"]["overdue"] == schools - submitted


def test_overdue_reports_count_missing_reports_after_their_deadline(demo):
    from programme.models import Commitment
    from programme.reminders import DONE_REPORT

    year = figures.default_year()
    today = timezone.localdate()
    data = figures.compute(year)
    expected = 0
    for commitment in Commitment.objects.all():
        for period, (month, day) in (("half_year", (6, 30)), ("year", (12, 15))):
            if timezone.datetime(year, month, day).date() < today and not (
                ProgressReport.objects.filter(
                    commitment=commitment, period=period, year=year, status__in=DONE_REPORT
                ).exists()
            ):
                expected += 1
    assert data["programme"]["reports"]["overdue"] == expected


def test_needs_attention_lists_what_waits(demo):
    year = figures.default_year()
    today = timezone.localdate()
    cutoff = timezone.now() - timedelta(days=figures.WAITING_DAYS)
    found = figures.needs_attention(year)
    assert (
        found["milestones"]["count"]
        == Milestone.objects.filter(
            status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS], due_date__lt=today
        ).count()
    )
    assert (
        found["returned_reports"]["count"]
        == ProgressReport.objects.filter(status=ReportStatus.RETURNED).count()
    )
    assert (
        found["returned_assessments"]["count"]
        == SelfAssessment.objects.filter(status=AssessmentStatus.RETURNED).count()
    )
    assert (
        found["more_info"]["count"]
        == Nomination.objects.filter(status=NominationStatus.MORE_INFO).count()
    )
    assert (
        found["waiting_nominations"]["count"]
        == Nomination.objects.filter(
            Q(submitted_at__lt=cutoff) | Q(round__review_deadline__lt=today),
            status__in=list(UNDER_REVIEW),
        ).count()
    )
    assert found["milestones"]["count"] > 0
    assert len(found["milestones"]["items"]) == min(found["milestones"]["count"], 5)


def test_the_page_shows_the_figures_and_links_to_the_lists(demo, client):
    client.force_login(demo["staff"])
    year = figures.default_year()
    response = client.get(f"/dashboard/?year={year}")
    assert response.status_code == 200
    direct = _direct(year)
    html = response.content.decode()
    assert (
        f'data-testid="value-learning_units"><a class="link-body-emphasis text-decoration-none" href="/units/coverage/">{vi_number(direct["share"])}%'
        in html
    )
    assert f">{direct['submitted']}</a>" in html
    assert "/programme/?status=overdue" in html
    assert f"/awards/register/?year={year}" in html
    assert "/units/review/?status=returned" in html
    for key in ("coverage-area", "coverage-years", "nominations", "commendations"):
        assert f'data-testid="chart-{key}"' in html
        assert f'data-testid="chart-table-{key}"' in html
    assert "style=" not in html.split('data-testid="dashboard-panel"')[1]


def test_query_count_is_the_same_with_ten_times_more_data(demo, client, django_assert_num_queries):
    client.force_login(demo["staff"])
    year = figures.default_year()
    url = f"/dashboard/?year={year}"
    client.get(url)  # warm the per-process caches (content types, session)
    cache.clear()
    # 81: the figures, then which listed nominations the user may open (the forms the user
    # runs and the reviews assigned, then the nominations)
    with django_assert_num_queries(81):
        assert client.get(url).status_code == 200
    before = figures.compute(year)
    multiply_demo(10)
    cache.clear()
    with django_assert_num_queries(81):
        assert client.get(url).status_code == 200
    after = figures.compute(year)
    assert after["units"]["schools"] == 10 * before["units"]["schools"]
    assert after["units"]["recognised"] == 10 * before["units"]["recognised"]
    assert after["awards"]["submitted"] == 10 * before["awards"]["submitted"]
    assert after["programme"]["milestones"]["overdue"] == (
        10 * before["programme"]["milestones"]["overdue"]
    )
    _check(after, _direct(year))


def test_figures_are_cached_for_a_minute(demo, django_assert_num_queries):
    year = figures.default_year()
    first = figures.dashboard_figures(year)
    with django_assert_num_queries(0):
        assert figures.dashboard_figures(year) == first


def test_figures_wait_for_a_computation_in_progress_then_compute_anyway(db, monkeypatch):
    """A request that finds another one computing waits for its result (no stampede) and,
    if none arrives in time, computes the figures itself rather than failing."""
    from django.core.cache import cache
    from django.utils import timezone

    from dashboard import figures

    monkeypatch.setattr(figures, "LOCK_WAIT_SECONDS", 0.3)
    year = timezone.localdate().year
    key = f"dashboard:figures:all:{year}:0:0:{timezone.localdate().isoformat()}"
    cache.delete(key)
    assert cache.add(f"{key}:computing", 1, 30) is True
    try:
        found = figures.dashboard_figures(year)
    finally:
        cache.delete(f"{key}:computing")
    assert found == figures.compute(year, None, timezone.localdate())
    assert cache.get(key) == found


def test_a_second_view_within_the_minute_reads_its_figures_from_the_cache(demo, client):
    """The computed indicator figures are counts over every dossier of the country: the
    dashboard keeps them for the same minute as its other figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(demo["staff"])
    url = f"/dashboard/?year={figures.default_year()}"
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    for table in (
        "units_recognition",
        "units_selfassessment",
        "awards_nomination",
        "programme_indicator",
    ):
        assert [q for q in cold if table in q["sql"]], table
        # figures, indicator charts and the attention totals: all from the cache (only
        # which of the listed nominations the user may open is asked, by primary key)
        assert not [
            q for q in warm if table in q["sql"] and '"awards_nomination"."id" IN (' not in q["sql"]
        ], table


def test_area_filter_offers_the_users_areas_only(demo, client):
    from accounts.models import AdministrativeArea
    from tests.factories.accounts import AreaFactory

    elsewhere = AreaFactory(name="Xã Ở Tỉnh Khác")
    client.force_login(demo["staff"])
    html = client.get("/dashboard/").content.decode()
    own = AdministrativeArea.objects.filter(parent__level="province").first()
    assert own.name in html
    assert elsewhere.name not in html


def test_coverage_by_area_is_added_up_per_province_above_the_limit(demo):
    from accounts.enums import AreaLevel
    from tests.factories.accounts import AreaFactory, SchoolFactory
    from tests.factories.units import SchoolProfileFactory

    year = figures.default_year()
    before = figures.compute(year)["units"]
    assert before["by_area_grouped"] is False
    assert len(before["by_area"]) <= figures.AREA_LIMIT
    other = AreaFactory(name="Tỉnh Khác", level=AreaLevel.PROVINCE)
    for n in range(figures.AREA_LIMIT):
        area = AreaFactory(name=f"Xã Khác {n}", parent=other)
        SchoolProfileFactory(organisation=SchoolFactory(area=area))

    after = figures.compute(year)["units"]

    assert after["by_area_grouped"] is True
    rows = {r["area"]: r for r in after["by_area"]}
    assert rows["Tỉnh Khác"]["schools"] == figures.AREA_LIMIT
    assert sum(r["schools"] for r in after["by_area"]) == after["schools"]
    assert sum(r["recognised"] for r in after["by_area"]) == sum(
        r["recognised"] for r in before["by_area"]
    )
    assert len(after["by_area"]) < len(before["by_area"]) + figures.AREA_LIMIT


def test_every_provinces_coverage_adds_communes_under_districts_up_per_province(demo):
    """A national data set's communes lie under districts before the 2025 reform: every
    province's chart adds them up per province (62 rows), not per district (600)."""
    from accounts.enums import AreaLevel
    from tests.factories.accounts import AreaFactory, SchoolFactory
    from tests.factories.units import SchoolProfileFactory

    year = figures.default_year()
    other = AreaFactory(name="Tỉnh Ba", level=AreaLevel.PROVINCE)
    for d in range(3):
        district = AreaFactory(name=f"Huyện Ba {d}", parent=other, level=AreaLevel.DISTRICT)
        for n in range(figures.AREA_LIMIT // 2):
            area = AreaFactory(name=f"Xã Ba {d}-{n}", parent=district, level=AreaLevel.COMMUNE)
            SchoolProfileFactory(organisation=SchoolFactory(area=area))

    units = figures.compute(year)["units"]

    assert units["by_area_grouped"] is True
    rows = {r["area"]: r for r in units["by_area"]}
    assert rows["Tỉnh Ba"]["schools"] == 3 * (figures.AREA_LIMIT // 2)
    assert not [name for name in rows if name.startswith(("Huyện Ba", "Xã Ba"))]
    assert sum(r["schools"] for r in units["by_area"]) == units["schools"]


def test_a_second_report_within_the_minute_draws_nothing_again(demo, client, monkeypatch):
    """The programme report draws every indicator's chart: they are kept for the minute of
    the figures they are drawn from, and its computed indicators come from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboard import panel

    drawn = []
    draw = panel.indicator_chart
    monkeypatch.setattr(panel, "indicator_chart", lambda series: drawn.append(1) or draw(series))
    client.force_login(demo["staff"])
    url = "/dashboard/report/"
    client.get(url)
    cache.clear()
    drawn.clear()
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    assert drawn
    drawn.clear()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url)
    assert drawn == []
    assert first.status_code == second.status_code == 200
    assert [c.svg for c in first.context["charts"]] == [c.svg for c in second.context["charts"]]
    for table in ("units_recognition", "units_selfassessment", "awards_commendation"):
        assert [q for q in cold if table in q["sql"]], table
        assert not [q for q in warm if table in q["sql"]], table


def test_the_learning_citizens_card_line_is_a_whole_number(demo):
    """People are counted in whole numbers: "362.894", never "362.894,00" (PostgreSQL's sum
    of the two-decimal values keeps the decimals)."""
    from decimal import Decimal

    from django.utils import translation

    from dashboard import panel

    data = dict(figures.compute(figures.default_year()))
    data["society"] = {**data["society"], "citizens": Decimal("362894.00")}
    with translation.override("vi"):
        lines = [line for card in panel.cards(data) for line in card.lines]
    values = [line.value for line in lines if str(line.label) == "Công dân học tập"]
    assert values == ["362.894"]
