"""Web hardening found by outside scanners: a malformed verification code is refused
with a message (it used to reach ``reverse`` and answer 500), signed-in pages and exports
are never cached, HEAD answers wherever GET does, the language cookie is SameSite=Lax and
every response carries a Permissions-Policy."""

import pytest
from django.conf import settings

from accounts.enums import Role
from dashboard.models import PublicSite
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def verification_open():
    site = PublicSite.load()
    site.show_verification = True
    site.save()


@pytest.mark.parametrize("code", ["a/b", "../../admin", "AW-1?x=1", "LU 12", "x" * 21, "\x00"])
def test_public_verify_refuses_a_malformed_code_with_a_message(client, verification_open, code):
    response = client.get("/public/verify/", {"code": code})
    assert response.status_code == 200
    assert response.context["form"].is_valid() is False
    assert list(response.context["form"].errors) == ["code"]


def test_public_verify_redirects_a_well_formed_code(client, verification_open):
    response = client.get("/public/verify/", {"code": "AW-1A2B3C4D"})
    assert (response.status_code, response["Location"]) == (302, "/verify/AW-1A2B3C4D/")


@pytest.mark.parametrize(
    "path", ["/", "/notifications/", "/dashboard/", "/units/schools/", "/accounts/profile/"]
)
def test_signed_in_pages_are_never_cached(client, path):
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    response = client.get(path)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert "Cookie" in response["Vary"]


def test_public_page_may_be_cached_but_names_its_permissions(client):
    response = client.get("/accounts/login/")
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert "camera=()" in settings.PERMISSIONS_POLICY


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    "path", ["/health/", "/accounts/login/", "/honours/", "/static/css/app.css"]
)
def test_head_answers_like_get_without_a_body(client, honours_published, path):
    get = client.get(path)
    head = client.head(path)
    assert (head.status_code, _body(head)) == (get.status_code, b"")
    assert head.status_code == 200
    assert int(head["Content-Length"]) == len(_body(get)) > 0


def test_head_on_a_signed_in_export_answers_without_a_body(client):
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    head = client.head("/dashboard/export/schools/?format=csv")
    assert head.status_code == 200
    assert head["Content-Disposition"] == 'attachment; filename="schools.csv"'
    assert b"".join(head.streaming_content) == b""


def test_language_cookie_is_same_site_lax(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["samesite"], cookie["httponly"]) == ("en", "Lax", True)
