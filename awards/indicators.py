"""Figures the programme app reads for its indicators."""

from __future__ import annotations

from learnsociety import registry

from .models import Commendation, NominationRound
from .selectors import in_provinces


@registry.indicator_source("commendations_granted")
def commendations_granted(year: int, provinces: tuple[int, ...] | None = None) -> int | None:
    """Commendations granted by decisions dated in ``year`` (those of ``provinces`` only, as
    the award register counts them); None when the year has no nomination round (no data
    yet rather than zero)."""

    if not NominationRound.objects.filter(year=year).exists():
        return None
    granted = Commendation.objects.filter(decision__date__year=year, revoked=False)
    return in_provinces(granted, provinces).count()
