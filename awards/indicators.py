"""Figures the programme app reads for its indicators."""

from __future__ import annotations

from learnsociety import registry

from .models import Commendation, NominationRound


@registry.indicator_source("commendations_granted")
def commendations_granted(year: int) -> int | None:
    """Commendations granted by decisions dated in ``year``; None when the year has no
    nomination round (no data yet rather than zero)."""

    if not NominationRound.objects.filter(year=year).exists():
        return None
    return Commendation.objects.filter(decision__date__year=year, revoked=False).count()
