"""On PostgreSQL, with a generated data set analysed by the planner, the review queue and
the schools list read through indexes: no sequential scan of the big tables."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from accounts.models import User
from units import selectors
from units.enums import AWAITING_REVIEW

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# units_school (two narrow columns) may be hashed whole: the planner rightly prefers that.
BIG_TABLES = ("units_selfassessment", "accounts_organisation")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def analysed(scale):
    scale(3000, years=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _seq_scans(plan: str) -> list[str]:
    return [t for t in BIG_TABLES if re.search(rf"Seq Scan on {t}\b", plan)]


def test_review_queue_uses_indexes(analysed):
    reviewer = User.objects.get(username="reviewer")
    queue = (
        selectors.review_queue_for(reviewer)
        .filter(status__in=AWAITING_REVIEW)
        .order_by("submitted_at", "pk")[:25]
    )
    plan = _plan(queue)
    assert re.search(r"(Bitmap )?Index (Only )?Scan", plan), plan
    assert _seq_scans(plan) == [], plan


def test_schools_list_uses_indexes(analysed):
    plan = _plan(selectors.schools_list()[:25])
    assert re.search(r"Index (Only )?Scan", plan), plan
    assert _seq_scans(plan) == [], plan
    district = selectors.schools_list().values_list("organisation__area_id", flat=True)[0]
    filtered = selectors.schools_list().filter(
        organisation__area_id=district, education_level="primary"
    )[:25]
    plan = _plan(filtered)
    assert _seq_scans(plan) == [], plan


def test_school_search_can_use_the_trigram_indexes(analysed):
    """The search's SQL matches the trigram indexes' expression. (At 3,000 schools the
    planner rightly reads the table, so plain scans are switched off to show that the indexes apply; at national scale it picks them by itself.)"""
    from units.forms import SchoolFilter

    searched = SchoolFilter({"q": "Hoa Ban"}, queryset=selectors.schools_list()).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = _plan(searched.order_by().values("pk"))
    assert "organisation_name_trgm" in plan, plan
    assert "organisation_code_trgm" in plan, plan
