"""The cycles list keeps its dossier counts in the cache (units.cached, issue 18): after
every kind of write to a dossier the page still equals a direct recount."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.enums import Role
from tests.factories.accounts import user_with_role
from tests.factories.units import school_with_people
from units import services
from units.enums import SUBMITTED_STATES, AssessmentStatus
from units.models import SelfAssessment

pytestmark = pytest.mark.django_db


def _shown(client) -> dict[int, tuple[int, int, int]]:
    page = client.get("/units/cycles/").context["page_obj"]
    return {
        c.pk: (c.assessment_count, c.submitted_count, c.recognised_count) for c in page.object_list
    }


def _recount(cycle_ids) -> dict[int, tuple[int, int, int]]:
    counts = {}
    for pk in cycle_ids:
        dossiers = SelfAssessment.objects.filter(cycle=pk)
        counts[pk] = (
            dossiers.count(),
            dossiers.filter(status__in=SUBMITTED_STATES).count(),
            dossiers.filter(status=AssessmentStatus.RECOGNISED).count(),
        )
    return counts


def test_the_cycles_counts_follow_every_write_to_a_dossier(client, filled):
    cycle = filled["cycle"]
    principal, reviewer, staff = filled["principal"], filled["reviewer"], filled["staff"]
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    seen = []

    def check() -> None:
        shown = _shown(client)
        assert shown == _recount(shown)
        seen.append(shown[cycle.pk])

    check()  # one dossier, a draft: kept in the cache from here on
    # opened: a second school's draft
    other, other_principal, _ = school_with_people()
    second = services.assessment_start(school=other, cycle=cycle, by=other_principal)
    check()
    # submitted, verified, recognised by a decision
    assessment = filled["assessment"]
    services.assessment_submit(assessment=assessment, by=principal)
    check()
    services.assessment_verify(assessment=assessment, by=reviewer)
    check()
    services.decision_record(
        cycle=cycle,
        by=staff,
        number="12/QĐ-UBND",
        decided_on=date(2026, 2, 20),
        signer="Lò Văn Hùng",
        entries=[(assessment.pk, "level1")],
    )
    check()
    # deleted (the second school's draft)
    second.delete()
    check()
    assert seen == [(1, 0, 0), (2, 0, 0), (2, 1, 0), (2, 1, 0), (2, 1, 1), (1, 1, 1)]
