"""The cycles' dossier counts kept in the cache between the writes they depend on.

The cycles list shows, per cycle, its dossiers, the submitted ones and the recognised ones;
at national scale that is every dossier of the page's cycles (350,000 for a national viewer
at 50,000 schools × 7 years; issue 18). The counts change only when a dossier is opened,
moves from one status to another (each move writes an ``AssessmentTransition``) or is
deleted: each of those starts a new generation (``learnsociety.cache.generation``; the
receivers below), and until then everyone of the same provinces reads one cached count.
Entries also expire after CYCLE_COUNTS_SECONDS, as a safety net for a write that bypasses
the models' signals.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.roles import scope_key
from learnsociety.cache import compute_once, generation, renew_after_write
from learnsociety.workflow import counts_by_state

from .models import AssessmentTransition, SelfAssessment

NAMESPACE = "units-cycle-counts"
CYCLE_COUNTS_SECONDS = 600


def cycle_counts(cycle_ids: list[int], scope: set[int] | None) -> dict[int, dict[str, int]]:
    """``{cycle id: {status: dossiers}}`` in the provinces of ``scope`` (None: every
    province), cached per scope and page of cycles."""
    provinces = None if scope is None else tuple(sorted(scope))
    key = ":".join(
        [NAMESPACE, generation(NAMESPACE), scope_key(provinces), ",".join(map(str, cycle_ids))]
    )

    def make() -> dict[int, dict[str, int]]:
        dossiers = SelfAssessment.objects.all()
        if provinces is not None:
            dossiers = dossiers.filter(province_id__in=provinces)
        return counts_by_state(dossiers, "cycle", cycle_ids)

    return compute_once(key, make, timeout=CYCLE_COUNTS_SECONDS)


@receiver(post_save, sender=AssessmentTransition)
@receiver(post_delete, sender=SelfAssessment)
def _renew(**kwargs) -> None:
    renew_after_write(NAMESPACE)
