"""Every awards page against every role: who gets the page, who is refused, who must log in."""

import pytest

from accounts.enums import OrganisationKind, Role
from tests.factories.accounts import OrganisationFactory, user_with_role
from tests.factories.awards import submitted

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "/awards/",
    "/awards/nominations/",
    "/awards/nominations/new/",
    "/awards/reviews/",
    "/awards/rounds/",
    "/awards/rounds/new/",
    "/awards/register/",
    "/awards/register/export/",
    "/awards/discipline/",
    "/honours/",
]
# status per role, in the order of LIST_PAGES
EXPECTED = {
    "anonymous": [302, 302, 302, 302, 302, 302, 302, 302, 302, 200],
    "principal": [302, 200, 200, 404, 404, 404, 404, 404, 404, 200],
    # the register's old Excel address (8th) redirects to the streamed export
    "officer": [302, 200, 200, 200, 200, 200, 200, 302, 200, 200],
    "staff": [302, 200, 200, 200, 200, 404, 200, 302, 200, 200],
    "tier_reviewer": [302, 200, 404, 404, 404, 404, 404, 404, 404, 200],
}


@pytest.fixture
def users(world):
    return {
        "principal": world["principal"],
        "officer": world["manager"],
        "staff": user_with_role(
            Role.DEPARTMENT_STAFF, OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
        ),
        "tier_reviewer": user_with_role(Role.TIER_REVIEWER),
    }


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_list_page_for_every_role(client, users, role, honours_published):
    if role != "anonymous":
        client.force_login(users[role])
    assert [client.get(url).status_code for url in LIST_PAGES] == EXPECTED[role]


def test_object_pages_answer_404_to_outsiders(client, world, users):
    nomination = submitted(round=world["round"], nominating_organisation=world["school"])
    urls = [
        f"/awards/nominations/{nomination.pk}/",
        f"/awards/nominations/{nomination.pk}/edit/",
        f"/awards/nominations/{nomination.pk}/review/",
        f"/awards/nominations/{nomination.pk}/documents/{nomination.documents.first().pk}/",
    ]
    for role in ("tier_reviewer", "staff"):
        client.force_login(users[role])
        assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404], role
    client.force_login(world["other_principal"])
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]
    client.force_login(world["principal"])
    assert [client.get(u).status_code for u in urls] == [200, 302, 404, 200]
