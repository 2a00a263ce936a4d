"""A commitment's history kept in the cache between the changes it shows.

A commitment's page lists the latest changes to the commitment, its milestones, indicators
and reports, each field before and after: four history queries and their entries, 30 ms of
building on every view (issue 18: the heaviest page of the mixed run). They change only
when one of those records is saved or deleted, and each such write adds a historical record
(django-simple-history): every new one starts a new generation (the receiver below), until
which everyone reads the entries built once, per language. Entries also expire after
HISTORY_SECONDS, as a safety net (a person's name changed meanwhile, a bulk write).
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import translation
from simple_history.signals import post_create_historical_record

from learnsociety import audit
from learnsociety.cache import compute_once, generation, renew_after_write

NAMESPACE = "programme-history"
HISTORY_SECONDS = 600


def history(commitment_id: int, make, limit: int) -> list[audit.Entry]:
    """``make()``, the commitment's history entries, from the cache when no programme record
    has changed since they were built in the current language."""
    key = ":".join(
        [
            NAMESPACE,
            generation(NAMESPACE),
            str(commitment_id),
            str(limit),
            translation.get_language() or "",
        ]
    )
    return compute_once(key, make, timeout=HISTORY_SECONDS)


@receiver(post_create_historical_record)
def _renew(sender, instance, **kwargs) -> None:
    if instance._meta.app_label == "programme":
        renew_after_write(NAMESPACE)
