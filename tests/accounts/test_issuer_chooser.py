"""The issuer chooser of the document-template and signing-certificate lists: a country
has thousands of communes' People's Committees, so past SEARCH_LIMIT issuers the page
carries none of them and the chooser searches the server as the administrator types."""

from __future__ import annotations

import pytest

from accounts import widgets
from accounts.enums import OrganisationKind, Role
from tests.factories.accounts import (
    DocumentTemplateFactory,
    OrganisationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMINISTRATOR)


def _committees(n: int):
    return [
        OrganisationFactory(kind=OrganisationKind.PEOPLES_COMMITTEE, name=f"UBND xã Thử {i:02d}")
        for i in range(n)
    ]


def test_past_the_limit_the_chooser_searches_instead_of_listing(client, admin, monkeypatch):
    committees = _committees(5)
    client.force_login(admin)
    # few issuers: a plain select with every one of them
    html = client.get("/accounts/document-templates/").content.decode()
    assert "data-search-url" not in html
    assert all(c.name in html for c in committees)

    monkeypatch.setattr(widgets, "SEARCH_LIMIT", 3)
    html = client.get("/accounts/document-templates/").content.decode()
    assert 'data-search-url="/accounts/issuers/templates/search/"' in html
    assert not any(c.name in html for c in committees)
    html = client.get("/accounts/signing-certificates/").content.decode()
    assert 'data-search-url="/accounts/issuers/certificates/search/"' in html
    assert not any(c.name in html for c in committees)


def test_the_search_finds_issuers_still_without_a_template(client, admin):
    first, second, *_ = _committees(4)
    OrganisationFactory(kind=OrganisationKind.SCHOOL, name="UBND xã Thử trường")  # not an issuer
    DocumentTemplateFactory(organisation=first)
    client.force_login(admin)

    found = client.get("/accounts/issuers/templates/search/", {"q": "xã Thử"}).json()
    names = [r["text"] for r in found["results"]]
    assert first.name not in names  # it has its template: edited from the list
    assert second.name in names
    assert "UBND xã Thử trường" not in names
    assert found["more"] is False
    # every issuer still lacks a signing certificate
    found = client.get("/accounts/issuers/certificates/search/", {"q": "xã Thử"}).json()
    assert first.name in [r["text"] for r in found["results"]]
    # the choice it returns is the one the chooser accepts
    response = client.get("/accounts/document-templates/new/", {"organisation": second.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/document-templates/{second.pk}/"


@pytest.mark.parametrize("role", [Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER])
def test_only_administrators_search_the_issuers(client, role):
    _committees(1)
    client.force_login(user_with_role(role))
    assert client.get("/accounts/issuers/templates/search/", {"q": "Thử"}).status_code == 404
    assert client.get("/accounts/issuers/certificates/search/", {"q": "Thử"}).status_code == 404


def test_an_unknown_purpose_is_not_found(client, admin):
    client.force_login(admin)
    assert client.get("/accounts/issuers/schools/search/").status_code == 404


@pytest.mark.parametrize(
    ("new", "listed"),
    [
        ("/accounts/document-templates/new/", "/accounts/document-templates/"),
        ("/accounts/signing-certificates/new/", "/accounts/signing-certificates/"),
    ],
)
def test_submitting_the_chooser_without_a_choice_goes_back_with_a_message(
    client, admin, new, listed
):
    """The chooser is a plain form: without JavaScript it can be sent empty."""
    _committees(1)
    client.force_login(admin)
    response = client.get(new, {"organisation": ""}, follow=True)
    assert response.redirect_chain == [(listed, 302)]
    # Vietnamese, the default language
    assert [str(m) for m in response.context["messages"]] == ["Hãy chọn cơ quan ban hành trước."]
    # a school is no issuer: still not found
    school = OrganisationFactory(kind=OrganisationKind.SCHOOL)
    assert client.get(new, {"organisation": school.pk}).status_code == 404


@pytest.mark.parametrize(
    "new", ["/accounts/document-templates/new/", "/accounts/signing-certificates/new/"]
)
def test_the_chooser_is_a_get_form(client, admin, new):
    client.force_login(admin)
    assert client.post(new, {"organisation": ""}).status_code == 405
