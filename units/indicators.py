"""Figures for the programme app's indicators (registered in learnsociety.registry), counted
over the programme's provinces (``provinces``; None: every province of the deployment)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from accounts.areas import organisation_tiers_of
from learnsociety import registry

from .models import Cycle, Recognition, School, SelfAssessment

Provinces = tuple[int, ...] | None


@registry.indicator_source("recognised_share", tier=None)
@registry.indicator_source("recognised_share_district", tier="district")
@registry.indicator_source("recognised_share_provincial", tier="provincial")
def recognised_share(
    year: int, tier: str | None = None, provinces: Provinces = None
) -> Decimal | None:
    """Percent (0–100, one decimal) of active schools recognised in that year's cycle(s);
    None when no cycle exists for the year (and tier)."""
    cycles = Cycle.objects.filter(year=year)
    if tier:
        cycles = cycles.filter(tier__in=organisation_tiers_of(tier))
    if not cycles.exists():
        return None
    schools = School.objects.filter(organisation__is_active=True)
    if provinces is not None:
        schools = schools.filter(organisation__province_id__in=provinces)
    if tier:
        schools = schools.filter(organisation__tier__in=organisation_tiers_of(tier))
    total = schools.count()
    if total == 0:
        return Decimal("0")
    recognised = (
        Recognition.objects.filter(cycle__in=cycles, revoked=False, school__in=schools)
        .values("school")
        .distinct()
        .count()
    )
    return (Decimal(recognised) * 100 / Decimal(total)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@registry.indicator_source("assessments_submitted")
def assessments_submitted(year: int, provinces: Provinces = None) -> int | None:
    """Schools that submitted a self-assessment in that year's cycle(s); None when no cycle."""
    cycles = Cycle.objects.filter(year=year)
    if not cycles.exists():
        return None
    submitted = SelfAssessment.objects.filter(cycle__in=cycles, submitted_at__isnull=False)
    if provinces is not None:
        submitted = submitted.filter(province_id__in=provinces)
    return submitted.values("school").distinct().count()
