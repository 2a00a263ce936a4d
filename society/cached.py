"""The learning-society roll-up kept in the cache between the writes it depends on.

Adding up every accepted return of a year is the society pages' costliest read at national
scale, and its result changes only when a return is accepted, reopened or deleted, or when
a round's map date or the administrative map changes. Each of those starts a new generation
(``learnsociety.cache.generation``; the receivers below), and until then the officers,
staff and administrators of the same provinces read one cached roll-up. Entries also expire
after ROLLUP_CACHE_SECONDS, as a safety net for writes that bypass the models' signals
(``QuerySet.update``, ``bulk_create``).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.roles import scope_key
from learnsociety.cache import compute_once, generation, renew_after_write

from . import selectors
from .enums import ReturnStatus
from .models import CollectionRound, CommuneReturn, ReturnTransition
from .rules import commune_ids, province_ids

NAMESPACE = "society-rollup"
ROLLUP_CACHE_SECONDS = 600


def rollup(year: int, user) -> dict:
    """``selectors.rollup(year, user)``, cached per province scope. A commune secretary's
    (their own communes) is read live: it is one commune's return."""
    if selectors.sees_everything(user):
        return rollup_within(year, None)
    if commune_ids(user):
        return selectors.rollup(year, user)
    return rollup_within(year, tuple(sorted(province_ids(user))))


def rollup_within(year: int, provinces: tuple[int, ...] | None) -> dict:
    """``selectors.rollup(year, within=provinces)`` (None: every province), cached: computed
    from the key's own scope, so a cached entry never holds more than its provinces'."""
    key = ":".join([NAMESPACE, generation(NAMESPACE), scope_key(provinces), str(year)])
    return compute_once(
        key, lambda: selectors.rollup(year, within=provinces), timeout=ROLLUP_CACHE_SECONDS
    )


@receiver(post_save, sender=CommuneReturn)
def _return_saved(instance: CommuneReturn, **kwargs) -> None:
    # accepted (or created or changed while accepted): it is in the roll-up
    if instance.status == ReturnStatus.ACCEPTED:
        renew_after_write(NAMESPACE)


@receiver(post_save, sender=ReturnTransition)
def _return_moved(instance: ReturnTransition, **kwargs) -> None:
    # reopened: it leaves the roll-up
    if ReturnStatus.ACCEPTED in (instance.from_status, instance.to_status):
        renew_after_write(NAMESPACE)


@receiver(post_delete, sender=CommuneReturn)
@receiver([post_save, post_delete], sender=CollectionRound)
@receiver([post_save, post_delete], sender="accounts.AdministrativeArea")
def _renew(**kwargs) -> None:
    renew_after_write(NAMESPACE)
