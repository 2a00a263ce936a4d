"""The public Learning Units page lists every recognised school a page at a time (no
silent cut), and serves its figures from the cache until a recognition or a move changes
them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.models import PublicSite
from units import public
from units.models import Recognition


@pytest.fixture
def published(demo):
    site = PublicSite.load()
    site.show_learning_units = True
    site.save()
    return demo


def _year() -> int:
    return Recognition.objects.filter(revoked=False).order_by("-year").first().year


def test_every_school_of_the_year_is_listed_a_page_at_a_time(published, client, monkeypatch):
    monkeypatch.setattr(public, "PAGE_SIZE", 7)
    year = _year()
    expected = sorted(
        Recognition.objects.filter(revoked=False, year=year).values_list(
            "school__organisation__name", flat=True
        )
    )
    assert len(expected) > 14
    seen = []
    page = 1
    while True:
        response = client.get("/public/learning-units/", {"year": year, "page": page})
        assert response.status_code == 200
        rows = response.context["schools"]
        assert 0 < len(rows) <= 7
        seen += [r["school_name"] for r in rows]
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert sorted(seen) == expected
    assert page == -(-len(expected) // 7)
    first = client.get("/public/learning-units/", {"year": year}).content.decode()
    assert f"1–7 trong tổng số {len(expected)}" in first


def test_the_figures_come_from_the_cache_until_a_recognition_changes(published, client):
    year = _year()
    url = f"/public/learning-units/?year={year}"
    first = client.get(url)
    total = first.context["totals"][first.context["years"].index(year)]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.context["totals"] == first.context["totals"]
    assert not [q for q in queries.captured_queries if "units_recognition" in q["sql"]]
    # A revoked recognition leaves the public figures at once.
    revoked = Recognition.objects.filter(revoked=False, year=year).first()
    revoked.revoked = True
    revoked.save()
    after = client.get(url)
    assert after.context["totals"][after.context["years"].index(year)] == total - 1
    names = [r["school_name"] for r in after.context["schools"]]
    assert len(names) == total - 1


def test_outcomes_are_named_in_the_reader_s_language(published, client):
    year = _year()
    vi = client.get(f"/public/learning-units/?year={year}").context["schools"][0]["outcome"]
    client.cookies["django_language"] = "en"
    en = client.get(f"/public/learning-units/?year={year}").context["schools"][0]["outcome"]
    row = Recognition.objects.filter(revoked=False, year=year).select_related("outcome")
    names = {(r.outcome.name_vi, r.outcome.name_en or r.outcome.name_vi) for r in row}
    assert (vi, en) in names
    assert vi != en


def test_with_several_provinces_the_table_adds_up_per_province(published, client):
    """A national deployment's public table has a row per province (every area of the
    country is a 300 KB table); a chosen province shows its own areas and schools."""
    from accounts.areas import areas_load
    from accounts.models import AdministrativeArea
    from tests.factories.accounts import SchoolFactory
    from tests.factories.units import SchoolProfileFactory

    year = _year()
    single = client.get("/public/learning-units/", {"year": year})
    assert single.context["provinces"] == []
    areas_in_son_la = {row[0] for row in single.context["rows"]}

    areas_load(province_codes=[12])
    lai_chau = AdministrativeArea.objects.get(code="12")
    commune = AdministrativeArea.objects.filter(province=lai_chau).exclude(pk=lai_chau.pk)[0]
    school = SchoolProfileFactory(organisation=SchoolFactory(area=commune, name="Trường Lai Châu"))
    model = Recognition.objects.filter(revoked=False, year=year).first()
    Recognition.objects.create(
        school=school,
        year=year,
        framework=model.framework,
        outcome=model.outcome,
        cycle=model.cycle,
        decision_number="9/QĐ-SGDĐT",
        decision_date=model.decision_date,
        certificate_code="LU-LAICHAU001",
    )
    son_la = AdministrativeArea.objects.get(code="14")

    national = client.get("/public/learning-units/", {"year": year})
    html = national.content.decode()
    assert 'data-testid="public-by-province"' in html
    rows = {row[0]: row for row in national.context["rows"]}
    assert set(rows) == {son_la.name, lai_chau.name}
    column = national.context["years"].index(year)
    assert rows[lai_chau.name][1][column] == 1
    assert sum(r[1][column] for r in rows.values()) == national.context["totals"][column]

    chosen = client.get("/public/learning-units/", {"year": year, "province": son_la.pk})
    assert {row[0] for row in chosen.context["rows"]} == areas_in_son_la
    assert "Trường Lai Châu" not in [r["school_name"] for r in chosen.context["schools"]]
    other = client.get("/public/learning-units/", {"year": year, "province": lai_chau.pk})
    assert [r["school_name"] for r in other.context["schools"]] == ["Trường Lai Châu"]
