"""A programme is signed by one province's DOET and Association (issue 18): in a national
deployment its commitments name that province's people as responsible, its milestones that
province's people as owners, and its partners among that province's bodies and the central
ones, never another province's. A person or partner already named stays valid."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.enums import AreaLevel, OrganisationKind, Role
from programme.enums import Party
from programme.models import Commitment, Milestone
from tests.factories.accounts import AreaFactory, OrganisationFactory, user_with_role
from tests.factories.programme import CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(programme):
    """The programme signed by the test province's DOET and Association; Lai Chau's bodies
    and people beside them, and a central body."""
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="Sở GD&ĐT Thử")
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Hội KH Thử")
    programme.parties.set([doet, association])
    lai_chau = AreaFactory(level=AreaLevel.PROVINCE, code="P-12", name="Tỉnh Lai Châu")
    district = AreaFactory(parent=lai_chau)
    their_doet = OrganisationFactory(
        kind=OrganisationKind.DEPARTMENT, name="Sở GD&ĐT Lai Châu", area=lai_chau
    )
    return {
        "staff": user_with_role(Role.DEPARTMENT_STAFF, doet, full_name="A Chuyên viên Sở"),
        "officer": user_with_role(Role.ASSOCIATION_OFFICER, association, full_name="B Cán bộ"),
        "admin": user_with_role(Role.ADMINISTRATOR, doet, full_name="C Quản trị"),
        "stranger": user_with_role(
            Role.DEPARTMENT_STAFF, their_doet, full_name="D Chuyên viên Lai Châu"
        ),
        "committee": OrganisationFactory(
            kind=OrganisationKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân xã Mẫu Thử"
        ),
        "their_committee": OrganisationFactory(
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            name="Ủy ban nhân dân xã Mẫu Lai",
            area=district,
        ),
        "ministry": OrganisationFactory(
            kind=OrganisationKind.MINISTRY, name="Bộ Giáo dục và Đào tạo Mẫu", area=None
        ),
    }


def _options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def _ids(*users) -> set[str]:
    return {str(u.pk) for u in users}


def test_responsible_people_are_the_programmes_parties_people(client, programme, country):
    client.force_login(country["staff"])
    html = client.get(reverse("programme:commitment-create")).content.decode()
    mine = _ids(country["staff"], country["officer"], country["admin"])
    assert _options(html, "responsible") == mine

    data = {
        "code": "9",
        "title": "Phối hợp với Lai Châu",
        "area": "education",
        "lead_party": Party.DOET,
        "responsible": [str(country["staff"].pk), str(country["stranger"].pk)],
    }
    refused = client.post(reverse("programme:commitment-create"), data)
    assert refused.status_code == 200
    assert "responsible" in refused.context["form"].errors
    assert 'value="Phối hợp với Lai Châu"' in refused.content.decode()
    assert not Commitment.objects.filter(code="9").exists()

    data["responsible"] = [str(country["staff"].pk), str(country["officer"].pk)]
    assert client.post(reverse("programme:commitment-create"), data).status_code == 302
    commitment = Commitment.objects.get(code="9")
    assert set(commitment.responsible.all()) == {country["staff"], country["officer"]}

    # the officer leaves the Association: not offered to a new commitment, still valid on
    # the one that names them
    country["officer"].memberships.update(is_active=False)
    new = client.get(reverse("programme:commitment-create")).content.decode()
    assert _options(new, "responsible") == _ids(country["staff"], country["admin"])
    edit_url = reverse("programme:commitment-edit", args=[commitment.pk])
    assert _options(client.get(edit_url).content.decode(), "responsible") == mine
    data["title"] = "Phối hợp với các xã"
    data["version"] = client.get(edit_url).context["form"]["version"].value()
    assert client.post(edit_url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "Phối hợp với các xã"
    assert set(commitment.responsible.all()) == {country["staff"], country["officer"]}


def test_milestone_owners_are_the_programmes_parties_people(client, programme, country):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET)
    client.force_login(country["staff"])
    url = reverse("programme:milestone-create", args=[commitment.pk])
    assert _options(client.get(url).content.decode(), "owner") == _ids(
        country["staff"], country["officer"], country["admin"]
    )
    data = {"title": "Hội nghị sơ kết", "due_date": "2026-06-30", "status": "planned"}
    refused = client.post(url, {**data, "owner": country["stranger"].pk})
    assert refused.status_code == 200
    assert "owner" in refused.context["form"].errors
    assert not Milestone.objects.exists()
    assert client.post(url, {**data, "owner": country["officer"].pk}).status_code == 302
    assert Milestone.objects.get().owner == country["officer"]


def test_partners_are_the_provinces_bodies_and_the_central_ones(client, programme, country):
    client.force_login(country["staff"])
    html = client.get(reverse("programme:commitment-create")).content.decode()
    offered = _options(html, "partners")
    assert {str(country["committee"].pk), str(country["ministry"].pk)} <= offered
    assert str(country["their_committee"].pk) not in offered
    # the picker searches this programme's choices
    search = f"/programme/commitments/partners/?programme={programme.pk}"
    assert f'data-search-url="{search}"' not in html  # short list: no search
    found = client.get(search, {"q": "Ủy ban nhân dân xã Mẫu"}).json()["results"]
    assert [r["text"] for r in found] == ["Ủy ban nhân dân xã Mẫu Thử"]
    # without the programme named, the current one's
    current = client.get("/programme/commitments/partners/", {"q": "Mẫu"}).json()["results"]
    assert {r["text"] for r in current} == {
        "Ủy ban nhân dân xã Mẫu Thử",
        "Bộ Giáo dục và Đào tạo Mẫu",
    }
    refused = client.post(
        reverse("programme:commitment-create"),
        {
            "code": "9",
            "title": "Phối hợp",
            "area": "education",
            "lead_party": Party.DOET,
            "partners": [str(country["their_committee"].pk)],
        },
    )
    assert refused.status_code == 200
    assert "partners" in refused.context["form"].errors


def test_a_programme_without_parties_offers_every_programme_person(client, programme, staff):
    elsewhere = user_with_role(Role.ASSOCIATION_OFFICER, full_name="Cán bộ nơi khác")
    client.force_login(staff)
    html = client.get(reverse("programme:commitment-create")).content.decode()
    assert _ids(staff, elsewhere) <= _options(html, "responsible")
