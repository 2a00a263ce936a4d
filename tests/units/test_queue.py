"""The review queue's pagination takes its total from the counters when no filter but
the state is set; check it against the rows the queue really holds."""

import pytest

from accounts.enums import Role
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.units import CycleFactory, SchoolProfileFactory
from units.models import SelfAssessment

pytestmark = pytest.mark.django_db

STATES = ["submitted"] * 23 + ["in_review"] * 3 + ["returned"] * 4 + ["recognised"] * 2


@pytest.fixture
def reviewer(db):
    from demo.units import ensure_frameworks

    ensure_frameworks()
    office = OrganisationFactory(kind="education_office")
    cycle = CycleFactory()
    author = user_with_role(Role.PRINCIPAL)
    for state in STATES:
        school = SchoolProfileFactory(organisation=SchoolFactory(area=office.area))
        SelfAssessment.objects.create(school=school, cycle=cycle, status=state, created_by=author)
    # another area's dossier is not in this reviewer's queue
    SelfAssessment.objects.create(
        school=SchoolProfileFactory(), cycle=cycle, status="submitted", created_by=author
    )
    return user_with_role(Role.TIER_REVIEWER, office)


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("", 26),
        ("?page=2", 26),
        ("?status=returned", 4),
        ("?status=recognised", 2),
        ("?status=submitted&level=lower_secondary", 23),
        ("?level=primary", 0),
    ],
)
def test_queue_total_and_rows_match_the_database(client, reviewer, query, total):
    client.force_login(reviewer)
    page = client.get(f"/units/review/{query}").context["page_obj"]
    assert page.paginator.count == total
    shown = len(page.object_list)
    assert shown == (min(total, page.paginator.per_page) if "page=2" not in query else total - 25)
