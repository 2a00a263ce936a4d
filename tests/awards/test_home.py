import pytest
from django.test import RequestFactory

from accounts.enums import Role
from awards import services
from awards.home import home_panel
from tests.factories.accounts import user_with_role
from tests.factories.awards import submitted

pytestmark = pytest.mark.django_db


def _panel(user):
    request = RequestFactory().get("/")
    request.user = user
    return home_panel(request)


def test_home_panel_per_role(world):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], nominee_name="Lường Thị Hoa"
    )
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    principal = _panel(world["principal"])
    assert (
        principal["principal"],
        [n.nominee_name for n in principal["mine"]],
        principal["open_round"],
    ) == (True, ["Lường Thị Hoa"], True)
    reviewer = _panel(world["reviewer1"])
    assert (reviewer["officer"], reviewer["pending"], [r.pk for r in reviewer["rounds"]]) == (
        True,
        1,
        [world["round"].pk],
    )
    staff = _panel(user_with_role(Role.DEPARTMENT_STAFF, world["association"]))
    assert (staff["staff"], staff["awaiting"]) == (True, 0)
    assert _panel(user_with_role(Role.TIER_REVIEWER)) is None


def test_home_page_shows_the_panel_and_nav(client, world):
    client.force_login(world["principal"])
    html = client.get("/").content.decode()
    assert 'data-testid="awards-panel"' in html
    assert 'href="/awards/nominations/new/"' in html
    assert 'href="/awards/reviews/"' not in html
    client.force_login(world["reviewer1"])
    html = client.get("/").content.decode()
    assert 'href="/awards/reviews/"' in html
    assert 'href="/honours/"' in html


def test_officer_home_opens_with_the_next_review(client, demo):
    from awards.selectors import review_queue

    officer = demo["officer"]
    pending = review_queue(officer).filter(submitted_at__isnull=True).count()
    client.force_login(officer)
    html = client.get("/").content.decode()
    steps = html.index('data-testid="next-steps"')
    assert pending > 0
    # before the dashboard and every panel
    assert steps < html.index('data-testid="home-panels"')
    assert 'href="/awards/reviews/next/" data-testid="next-review">' in html
    assert html.index('data-testid="next-review"') < html.index('data-testid="dashboard-panel"')
