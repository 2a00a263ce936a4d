"""The commitment form's partners picker at national scale (issue 18): past SEARCH_LIMIT
eligible organisations (a national deployment has a People's Committee and a culture and
society office in each of ~3,300 communes) the page carries only the chosen partners and the
picker searches the server as one types."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind
from accounts.widgets import SEARCH_LIMIT
from tests.factories.accounts import OrganisationFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committees(db):
    return [
        OrganisationFactory(
            kind=OrganisationKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân xã Mẫu {n:03d}"
        )
        for n in range(SEARCH_LIMIT + 5)
    ]


def _partner_options(html: str) -> list[str]:
    select = re.search(r'<select name="partners".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="(\d+)"', select.group(0))


def test_a_long_partner_list_is_searched_not_sent(client, programme, staff, committees):
    client.force_login(staff)
    html = client.get(reverse("programme:commitment-create")).content.decode()
    assert f'data-search-url="/programme/commitments/partners/?programme={programme.pk}"' in html
    assert _partner_options(html) == []

    url = reverse("programme:partner-search")
    found = client.get(url, {"q": "Mẫu 01"}).json()
    assert [r["text"] for r in found["results"]] == [
        f"Ủy ban nhân dân xã Mẫu {n:03d}" for n in range(10, 20)
    ]
    # schools and education offices are never partners
    school = SchoolFactory(name="Trường THCS Mẫu 015")
    assert school.pk not in [r["id"] for r in client.get(url, {"q": "Mẫu 015"}).json()["results"]]

    chosen = [committees[3], committees[40]]
    response = client.post(
        reverse("programme:commitment-create"),
        {
            "code": "9",
            "title": "Phối hợp với các xã",
            "area": "education",
            "lead_party": "joint",
            "partners": [str(o.pk) for o in chosen],
        },
    )
    assert response.status_code == 302
    commitment = programme.commitments.get(code="9")
    assert set(commitment.partners.all()) == set(chosen)
    # editing shows the chosen partners (selected), and only them
    edit = client.get(reverse("programme:commitment-edit", args=[commitment.pk]))
    assert sorted(_partner_options(edit.content.decode())) == sorted(str(o.pk) for o in chosen)
    assert edit.content.decode().count("selected") >= 2


def test_only_commitment_editors_search_partners(client, principal, committees):
    client.force_login(principal)
    assert client.get(reverse("programme:partner-search"), {"q": "Mẫu"}).status_code == 404
