"""Query budgets at scale: each page runs the same, literal number of queries with a
generated data set of 12 and of 48 schools (× 2 years, every criterion filled, evidence,
transitions, recognitions, nominations with two reviews, notifications).

Only pages that the apps' own tests/*/test_queries.py do not already cover with more than
one data size, plus the main lists with their filters at scale."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from awards.models import Nomination
from units.enums import AWAITING_REVIEW
from units.models import School, SelfAssessment

pytestmark = pytest.mark.django_db

SIZES = [12, 48]


def _pages() -> list[tuple[str, str, int]]:
    """(user name, url, queries) for the current data set."""
    open_year = SelfAssessment.objects.order_by("-cycle__year").values_list(
        "cycle__year", flat=True
    )[0]
    draft = (
        SelfAssessment.objects.filter(
            cycle__year=open_year, status="draft", school__organisation__code__startswith="QM-"
        )
        .select_related("created_by")
        .order_by("pk")
        .first()
    )
    waiting = (
        SelfAssessment.objects.filter(cycle__year=open_year, status__in=AWAITING_REVIEW)
        .select_related("school__organisation")
        .order_by("pk")
        .first()
    )
    recognised = SelfAssessment.objects.filter(status="recognised").order_by("pk").first()
    school = School.objects.filter(organisation__code__startswith="QM-").order_by("pk").first()
    nomination = (
        Nomination.objects.filter(assignments__isnull=False).order_by("pk").distinct().first()
    )
    # Filters chosen so that every list shows rows at both sizes (an empty page runs
    # fewer queries than a full one, whatever the data size).
    area, level = school.organisation.area_id, school.education_level
    principal = draft.created_by.username
    return [
        ("staff", "/units/schools/", 10),
        ("staff", f"/units/schools/?area={area}&education_level={level}", 11),
        ("staff", "/units/schools/?q=Hoa&tier=commune", 10),
        ("staff", "/units/schools/?page=2", 10),
        ("staff", f"/units/schools/{school.pk}/", 15),  # + the move form's areas
        ("admin", "/units/review/", 10),
        (
            "admin",
            f"/units/review/?status={waiting.status}&area={waiting.school.organisation.area_id}",
            12,
        ),
        ("admin", "/units/review/?level=primary&waiting=1", 11),
        ("admin", f"/units/assessments/{recognised.pk}/", 20),  # + audit trail of results
        ("admin", f"/units/assessments/{waiting.pk}/review/", 17),
        (principal, f"/units/assessments/{draft.pk}/", 20),
        (principal, f"/units/assessments/{draft.pk}/edit/", 19),  # + version of the form
        ("staff", "/units/cycles/", 9),  # warm: the counts are kept until a dossier moves
        ("staff", "/units/coverage/", 10),  # warm: its figures are kept a minute
        ("officer", "/awards/nominations/", 13),  # + forms run, reviews assigned
        ("officer", "/awards/nominations/?status=in_review", 13),
        ("officer", f"/awards/nominations/{nomination.pk}/", 18),  # + review history
        ("officer", "/awards/reviews/", 10),
        ("officer", "/awards/rounds/", 10),  # + the counts of the page's rounds
        ("officer", "/awards/register/", 11),
        ("anonymous", "/honours/", 5),  # + the publication switch
        ("anonymous", "/honours/?page=2", 5),
        (principal, "/notifications/", 11),
        # warm: figures, charts and attention totals cached; + which listed nominations
        # the user may open (one query by primary key)
        ("staff", "/dashboard/", 11),
        # + looking for a learning-society round; the cycles with verified dossiers are
        # two small queries (counts through a partial index, then those cycles)
        ("staff", "/", 22),
        ("admin", "/admin/accounts/organisation/?kind__exact=school", 12),
    ]


def _count(client, user: str, url: str) -> tuple[int, int]:
    client.logout()
    if user != "anonymous":
        client.force_login(User.objects.get(username=user))
    client.get(url)  # warm per-process caches (content types, session, cached figures)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


@pytest.mark.parametrize("size", SIZES)
def test_every_page_runs_its_budget_of_queries_at_two_sizes(
    client, scale, size, settings, honours_published
):
    settings.LANGUAGE_CODE = "en"
    scale(size)
    found = {}
    for user, url, _budget in _pages():
        found[(user, url)] = _count(client, user, url)
    expected = {(user, url): (200, budget) for user, url, budget in _pages()}
    assert found == expected
