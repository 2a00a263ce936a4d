"""Home panels by role, reports (page, PDF, Excel) matching the dashboard, public pages and
their publication switch."""

import io

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from dashboard import figures
from dashboard.models import PublicSite
from units.enums import AWAITING_REVIEW


def test_home_panels_by_role(demo, client):
    for username in ("staff", "officer", "admin"):
        client.force_login(demo[username])
        html = client.get("/").content.decode()
        assert 'data-testid="dashboard-panel"' in html, username
        assert 'data-testid="reviewer-oldest"' not in html
    client.force_login(demo["principal"])
    html = client.get("/").content.decode()
    assert 'data-testid="dashboard-panel"' not in html
    assert 'data-testid="reviewer-oldest"' not in html

    client.force_login(demo["reviewer"])
    response = client.get("/")
    html = response.content.decode()
    assert 'data-testid="dashboard-panel"' not in html
    from units.selectors import review_queue_for

    waiting = review_queue_for(demo["reviewer"]).filter(status__in=list(AWAITING_REVIEW))
    assert response.context["panels"][0]["count"] == waiting.count()
    oldest = list(waiting.order_by("submitted_at", "pk")[:5])
    assert response.context["panels"][0]["items"] == oldest
    # The dashboard itself is for the programme's parties only.
    assert client.get("/dashboard/").status_code == 404
    assert client.get("/dashboard/report/").status_code == 404


def test_annual_report_pdf_and_excel_match_the_dashboard(demo, client):
    client.force_login(demo["staff"])
    year = figures.default_year()
    data = figures.dashboard_figures(year)
    cache.clear()

    page = client.get(f"/dashboard/report/?period={year}&lang=en")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Annual report of the programme, {year}" in html
    assert f'data-testid="report-assessments">{data["units"]["assessments"]["submitted"]}<' in html

    pdf = client.get(f"/dashboard/report.pdf?period={year}&lang=vi")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    response = client.get(f"/dashboard/report.xlsx?period={year}&lang=en")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    units = data["units"]
    # Figures are numbers in the workbook, not text that looks like one.
    assert summary[f"Schools recognised as Learning Units in {units['results_year']}"] == float(
        units["share"]
    )
    assert summary[f"Self-assessments of the {year} cycle"] == units["assessments"]["submitted"]
    assert summary[f"Nominations in the {year} rounds"] == data["awards"]["submitted"]
    assert summary["Commitments by status"] == sum(data["programme"]["status"].values())
    assert summary["  Overdue milestones"] == data["programme"]["milestones"]["overdue"]
    assert summary["  Recognised schools"] == f"{units['recognised']}/{units['schools']}"
    assert "Targets and actuals" in book.sheetnames

    review = client.get("/dashboard/report/?period=mid_term&lang=vi")
    assert review.status_code == 200
    assert "2027" in review.content.decode()
    final = client.get("/dashboard/report.xlsx?period=final&lang=vi")
    assert final.status_code == 200


def test_public_pages_follow_the_switch(demo, client):
    assert client.get("/public/").status_code == 404
    for url in ("/public/progress/", "/public/learning-units/", "/public/verify/"):
        assert client.get(url).status_code == 404

    # Only administrators reach the switch.
    client.force_login(demo["staff"])
    assert client.get("/dashboard/public-pages/").status_code == 404
    client.force_login(demo["admin"])
    assert client.get("/dashboard/public-pages/").status_code == 200
    response = client.post(
        "/dashboard/public-pages/",
        {"show_progress": "on", "show_learning_units": "on", "show_verification": "on"},
    )
    assert response.status_code == 302
    site = PublicSite.load()
    assert (site.show_progress, site.show_learning_units, site.show_honours) == (True, True, False)
    client.logout()

    index = client.get("/public/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "/public/progress/" in html
    assert "/public/learning-units/" in html
    assert "/honours/" not in html.split("<main", 1)[-1]
    progress = client.get("/public/progress/")
    assert progress.status_code == 200
    assert 'data-testid="chart-coverage-years"' in progress.content.decode()
    units = client.get("/public/learning-units/")
    assert units.status_code == 200
    from units.models import Recognition

    latest = Recognition.objects.filter(revoked=False).order_by("-year").first()
    assert latest.school.organisation.name in units.content.decode()
    # No personal data: principals' names are not on public pages.
    assert demo["principal"].full_name not in units.content.decode()
    assert demo["principal"].full_name not in progress.content.decode()

    response = client.get("/public/verify/?code=LU-NOTHING")
    assert response.status_code == 302
    assert response["Location"] == "/verify/LU-NOTHING/"


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
def test_unpublished_public_pages_answer_the_sites_translated_404(db, client, settings, debug):
    settings.DEBUG = debug
    urls = ["/public/", "/public/progress/", "/public/learning-units/", "/public/verify/"]
    for url in [*urls, "/honours/", "/honours/?page=2"]:
        response = client.get(url)
        html = response.content.decode()
        assert (response.status_code, '<h1 class="h3">Không tìm thấy trang</h1>' in html) == (
            404,
            True,
        ), url
        assert "Django" not in html
        assert "URLconf" not in html
    client.cookies["django_language"] = "en"
    english = client.get("/honours/").content.decode()
    assert '<h1 class="h3">Page not found</h1>' in english


def test_honour_roll_follows_its_own_switch(db, client):
    site = PublicSite.load()
    site.show_progress = True
    site.save()
    assert client.get("/honours/").status_code == 404
    assert client.get("/public/").status_code == 200
    site.show_honours = True
    site.save()
    assert client.get("/honours/").status_code == 200
    assert 'href="/honours/"' in client.get("/public/").content.decode()


def test_area_bars_wrap_names_and_speak_the_pages_language():
    from decimal import Decimal

    from django.utils import translation

    from learnsociety.charts import bar_list

    areas = ["Huyện Quỳnh Nhai", "Thành phố Sơn La"]
    with translation.override("vi"):
        html = str(bar_list(areas, [Decimal("16.7"), None], label="x", percent=True))
    assert '<span class="hbar-name">Huyện Quỳnh Nhai</span>' in html
    assert '<span class="hbar-value">16,7%</span>' in html
    assert '<span class="hbar-value">—</span>' in html
    assert '<rect class="chart-s0" width="16.7" height="10"/>' in html
    with translation.override("en"):
        html = str(bar_list(areas, [Decimal("16.7"), None], label="x", percent=True))
    assert '<span class="hbar-value">16.7%</span>' in html


def test_programme_parties_preview_the_unpublished_honour_roll(demo, client):
    """Before publication, staff, officers and administrators open the honour roll marked as
    a preview (their menu links it); principals, reviewers and the public get 404 and no
    link."""
    for username in ("staff", "officer", "admin"):
        client.force_login(demo[username])
        page = client.get("/honours/")
        assert page.status_code == 200, username
        assert 'data-testid="preview-banner"' in page.content.decode()
        assert 'href="/honours/"' in client.get("/").content.decode(), username
    for username in ("principal", "reviewer", "commune"):
        client.force_login(demo[username])
        assert client.get("/honours/").status_code == 404, username
        assert 'href="/honours/"' not in client.get("/").content.decode(), username
    site = PublicSite.load()
    site.show_honours = True
    site.save()
    client.force_login(demo["staff"])
    assert 'data-testid="preview-banner"' not in client.get("/honours/").content.decode()
