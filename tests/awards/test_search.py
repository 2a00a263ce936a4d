"""Search-as-you-type for the long organisation pickers: only what the form accepts,
filtered on the server; the page carries only the chosen option once the list is long."""

import re

import pytest

from accounts.enums import OrganisationKind
from accounts.widgets import SEARCH_LIMIT
from tests.factories.accounts import OrganisationFactory


@pytest.fixture
def many(world):
    return [
        OrganisationFactory(kind=OrganisationKind.SCHOOL, name=f"Trường Tiểu học Bản {i:03d}")
        for i in range(SEARCH_LIMIT + 5)
    ]


def test_principal_finds_only_their_own_school(client, world, many):
    client.force_login(world["principal"])
    data = client.get("/awards/organisations/nominee/?q=").json()
    assert data == {
        "results": [{"id": world["school"].pk, "text": world["school"].name}],
        "more": False,
    }
    assert client.get("/awards/organisations/nominee/?q=Bản 001").json()["results"] == []


def test_officer_searches_every_active_organisation(client, world, many):
    client.force_login(world["manager"])
    found = client.get("/awards/organisations/nominee/?q=Bản 01").json()
    assert [r["text"] for r in found["results"]] == [
        f"Trường Tiểu học Bản {i:03d}" for i in range(10, 20)
    ]
    assert found["more"] is False
    everything = client.get("/awards/organisations/nominee/").json()
    assert (len(everything["results"]), everything["more"]) == (SEARCH_LIMIT, True)
    many[0].is_active = False
    many[0].save()
    assert client.get("/awards/organisations/nominee/?q=Bản 000").json()["results"] == []


def test_discipline_search_needs_the_register_permission(client, world, many):
    client.force_login(world["principal"])
    assert client.get("/awards/organisations/discipline/?q=Bản").status_code == 404
    assert client.get("/awards/organisations/other/?q=Bản").status_code == 404
    client.force_login(world["manager"])
    assert len(client.get("/awards/organisations/discipline/?q=Bản 00").json()["results"]) == 10


def test_long_picker_sends_only_the_chosen_option(client, world, many):
    client.force_login(world["manager"])
    html = client.get("/awards/discipline/").content.decode()
    select = re.search(r'<select name="organisation".*?</select>', html, re.S).group(0)
    assert 'data-search-url="/awards/organisations/discipline/"' in select
    assert select.count("<option") == 1  # the empty choice only
    # A choice found by the search is accepted and kept when the form re-renders.
    response = client.post(
        "/awards/discipline/", {"organisation": many[3].pk, "person_name": "", "reason": ""}
    )
    select = re.search(
        r'<select name="organisation".*?</select>', response.content.decode(), re.S
    ).group(0)
    assert select.count("<option") == 2
    assert many[3].name in select


@pytest.mark.parametrize("count", [1, 30])
def test_search_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    for i in range(count):
        OrganisationFactory(kind=OrganisationKind.SCHOOL, name=f"Trường Bản {i}")
    client.force_login(world["manager"])
    client.get("/awards/organisations/nominee/?q=Bản")
    # the same count whatever the number of organisations
    with django_assert_num_queries(7):
        client.get("/awards/organisations/nominee/?q=Bản")


def test_long_picker_re_renders_a_tampered_choice_as_an_error(client, world, many):
    client.force_login(world["manager"])
    response = client.post(
        "/awards/discipline/",
        {"organisation": "<script>alert(1)</script>", "person_name": "Lò Văn Kỷ", "reason": "x"},
    )
    select = re.search(
        r'<select name="organisation".*?</select>', response.content.decode(), re.S
    ).group(0)
    assert (response.status_code, select.count("<option")) == (200, 1)
    assert len(response.context["form"].errors["organisation"]) == 1
