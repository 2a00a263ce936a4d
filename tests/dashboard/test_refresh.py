"""The dashboard's cached figures are renewed in the background before they expire, so that
no request waits for their recomputation (issue 18)."""

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard import figures
from dashboard.tasks import refresh_dashboard
from tests.dashboard.conftest import multiply_demo


def _queries_of_home(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_beat_renews_the_figures_before_they_expire():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dashboard"]
    assert entry["task"] == "dashboard.tasks.refresh_dashboard"
    assert 0 < entry["schedule"] < figures.CACHE_SECONDS


def test_after_the_refresh_the_staff_home_computes_no_figures(demo, client):
    client.force_login(demo["staff"])
    _queries_of_home(client)  # warm the per-process caches (content types, session)
    default_cache.clear()
    cold = _queries_of_home(client)
    default_cache.clear()
    # The staff member opened it in the last quarter of an hour: the refresh renews it.
    figures.mark_viewed(figures.scope_of(demo["staff"]))
    refresh_dashboard.delay()  # eager here; beat runs it on a worker in production
    warm = _queries_of_home(client)
    # the figures (seventy queries) were read from the cache; the rest of the home is live
    assert cold - warm > 60
    # Nobody of the province has opened a dashboard lately: the refresh leaves its
    # figures out (only every province's, which the public page and administrators read).
    default_cache.clear()
    refresh_dashboard.delay()
    assert _queries_of_home(client) - warm > 50
    # in English too: the charts were drawn for every language
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    demo["staff"].language = "en"
    demo["staff"].save(update_fields=["language"])
    assert _queries_of_home(client) <= warm + 2


def test_the_refresh_replaces_the_cached_figures_with_new_ones(demo):
    year = figures.default_year()
    before = figures.dashboard_figures(year)
    multiply_demo(2)
    assert figures.dashboard_figures(year) == before  # still the cached minute
    refresh_dashboard.delay()
    after = figures.dashboard_figures(year)
    assert after["units"]["schools"] == 2 * before["units"]["schools"]
    assert after == figures.compute(year)


def test_the_public_progress_page_draws_its_charts_once_a_minute(demo, client):
    from dashboard.models import PublicSite

    site = PublicSite.load()
    site.show_progress = True
    site.save()
    default_cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/public/progress/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        again = client.get("/public/progress/")
    assert again.status_code == 200
    # the figures and the charts (their indicators) come from the cache the second time
    assert len(second) < len(first) - 20
    assert 'data-testid="chart-' in again.content.decode()
    default_cache.clear()
    refresh_dashboard.delay()
    with CaptureQueriesContext(connection) as refreshed:
        assert client.get("/public/progress/").status_code == 200
    assert len(refreshed) == len(second)


def test_the_refresh_renews_every_provinces_coverage_report(demo, client):
    """A national viewer's coverage report groups every school of the country (2 s at
    national scale): beat computes it before it expires, so no viewer waits for it."""
    from accounts.models import User

    client.force_login(User.objects.get(username="national"))
    client.get("/units/coverage/")  # warm the per-process caches

    def dossier_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/units/coverage/").status_code == 200
        return len([q for q in queries if "units_selfassessment" in q["sql"]])

    default_cache.clear()
    assert dossier_queries() > 0
    default_cache.clear()
    refresh_dashboard.delay()
    assert dossier_queries() == 0


def test_the_refresh_renews_a_provinces_coverage_report_while_its_staff_read_it(demo, client):
    """A province's report is renewed in the background once its staff have opened it, so
    that who comes after the figures expire does not compute them; a province nobody reads
    is left alone."""
    from django.utils import timezone

    from accounts.models import User
    from units.selectors import coverage_year

    staff = User.objects.get(username="staff")
    own = staff.memberships.get().organisation.province_id
    year, _years = coverage_year(None)
    today = timezone.localdate().isoformat()

    def key(province: int) -> str:
        return f"units:coverage:{year}:{province}:{today}"

    client.force_login(staff)

    def dossier_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/units/coverage/").status_code == 200
        return len([q for q in queries if "units_selfassessment" in q["sql"]])

    default_cache.clear()
    assert dossier_queries() > 0  # computed, and the province noted as read
    default_cache.delete(key(own))  # the figures expire; the note stays
    assert dossier_queries() > 0
    default_cache.delete(key(own))
    refresh_dashboard.delay()
    assert default_cache.get(key(own)) is not None
    assert dossier_queries() == 0
    # a quarter of an hour later nobody of the province has read it: left to expire
    default_cache.delete(f"units:coverage:viewed:{own}")
    default_cache.delete(key(own))
    refresh_dashboard.delay()
    assert default_cache.get(key(own)) is None


def _queries_of_report(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/report/")
    assert response.status_code == 200
    assert 'class="report-chart' in response.content.decode()
    return len(queries)


def test_after_the_refresh_the_report_draws_no_chart(demo, client):
    """The programme report draws every indicator's chart: beat draws them too for the
    provinces whose dashboard or report was opened lately, so its reader waits for none."""
    officer = demo["officer"]
    client.force_login(officer)
    _queries_of_report(client)  # warm the per-process caches (content types, session)
    default_cache.clear()
    cold = _queries_of_report(client)
    # opening the report marks its province as read lately
    assert list(figures.scope_of(officer) or ()) == figures.viewed_provinces()
    cached = _queries_of_report(client)  # everything drawn is in the cache
    assert cached < cold
    default_cache.clear()
    figures.mark_viewed(figures.scope_of(officer))
    refresh_dashboard.delay()
    # the figures and every chart were drawn by the refresh: nothing more is read
    assert _queries_of_report(client) == cached
