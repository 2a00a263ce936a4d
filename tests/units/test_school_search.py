"""A search of the schools list counts at most SEARCH_LIMIT matches and says when there are
more (issue 18: a one-letter search over a national data set), never cutting silently."""

from __future__ import annotations

import pytest

from learnsociety import paging
from units.models import School

pytestmark = pytest.mark.django_db


def test_a_broad_search_lists_the_first_matches_and_says_there_are_more(demo, client, monkeypatch):
    client.force_login(demo["staff"])
    matching = School.objects.filter(organisation__name__icontains="Trường")
    n = matching.count()
    assert n > 4
    monkeypatch.setattr(paging, "SEARCH_LIMIT", 4)
    response = client.get("/units/schools/?q=Trường")
    page = response.context["page_obj"]
    assert page.paginator.count == 4
    assert len(page.object_list) == 4
    assert response.context["more_matches"] == 4
    html = response.content.decode()
    assert 'data-testid="more-matches"' in html
    # the first matches in the list's order
    expected = list(matching.order_by("organisation__name", "pk").values_list("pk", flat=True)[:4])
    assert [s.pk for s in page.object_list] == expected

    # a narrow search is counted exactly, with no notice
    name = matching.order_by("pk").first().organisation.name
    narrow = client.get("/units/schools/", {"q": name})
    assert narrow.context["more_matches"] is None
    assert (
        narrow.context["page_obj"].paginator.count
        == matching.filter(organisation__name__icontains=name).count()
    )
    assert 'data-testid="more-matches"' not in narrow.content.decode()


def test_without_a_search_the_list_counts_every_school(demo, client, monkeypatch):
    client.force_login(demo["staff"])
    monkeypatch.setattr(paging, "SEARCH_LIMIT", 4)
    response = client.get("/units/schools/")
    assert response.context["page_obj"].paginator.count > 4
    assert response.context["more_matches"] is None


@pytest.mark.parametrize(
    ("role", "url"),
    [("staff", "/awards/register/"), ("officer", "/awards/nominations/"), ("staff", "/honours/")],
)
def test_the_award_lists_cap_a_broad_search_the_same_way(demo, client, monkeypatch, role, url):
    """The register of commendations, the nominations list and the honour roll: a one-letter
    search counts at most SEARCH_LIMIT matches (a national register holds tens of
    thousands)."""
    client.force_login(demo[role])
    everything = client.get(url, {"q": "n"}).context["page_obj"].paginator.count
    assert everything > 2
    monkeypatch.setattr(paging, "SEARCH_LIMIT", 2)
    response = client.get(url, {"q": "n"})
    assert response.context["page_obj"].paginator.count == 2
    assert response.context["more_matches"] == 2
    assert 'data-testid="more-matches"' in response.content.decode()
    # without a search every row is counted
    unfiltered = client.get(url)
    assert unfiltered.context["more_matches"] is None
    assert unfiltered.context["page_obj"].paginator.count >= everything


def test_the_honour_roll_offers_no_export_in_its_notice(demo, client, monkeypatch):
    """The public roll has no export: its notice only asks for a narrower search."""
    client.force_login(demo["staff"])
    monkeypatch.setattr(paging, "SEARCH_LIMIT", 2)
    html = client.get("/honours/", {"q": "n"}).content.decode()
    assert "Hãy thu hẹp tìm kiếm." in html
    assert "xuất" not in html.split('data-testid="more-matches"')[1].split("</p>")[0]
