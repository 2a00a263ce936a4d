"""``awards.view_reviews``: a reviewer sees the council's reviews once their own is in, the
council's managers see them, the nominators never do."""

import pytest

from awards import services
from awards.models import Nomination
from tests.factories.awards import submitted

pytestmark = pytest.mark.django_db


def _nomination(world) -> Nomination:
    return submitted(round=world["round"], nominating_organisation=world["school"])


def _assign(world, nomination, reviewer):
    return services.assignment_create(by=world["manager"], nomination=nomination, reviewer=reviewer)


def test_view_reviews_reviewer_sees_them_once_their_own_review_is_in(world):
    nomination = _nomination(world)
    first = _assign(world, nomination, world["reviewer1"])
    _assign(world, nomination, world["reviewer2"])
    before = world["reviewer1"].has_perm("awards.view_reviews", nomination)

    services.review_submit(
        by=world["reviewer1"],
        assignment=first,
        scores={c.pk: 8 for c in world["round"].criteria.all()},
        recommendation="approve",
        comment="",
    )

    assert before is False
    assert world["reviewer1"].has_perm("awards.view_reviews", nomination) is True
    assert world["reviewer2"].has_perm("awards.view_reviews", nomination) is False


def test_view_reviews_managers_see_them_nominators_and_outsiders_do_not(world):
    nomination = _nomination(world)
    _assign(world, nomination, world["reviewer1"])

    assert world["manager"].has_perm("awards.view_reviews", nomination) is True
    assert world["principal"].has_perm("awards.view_reviews", nomination) is False
    assert world["other_principal"].has_perm("awards.view_reviews", nomination) is False


def test_view_reviews_council_managers_see_what_their_own_organisation_proposes(world):
    # The association nominates through its own form: its manager acts as the council.
    nomination = submitted(round=world["round"], nominating_organisation=world["association"])

    assert world["manager"].has_perm("awards.view_reviews", nomination) is True
