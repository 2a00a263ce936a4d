"""Reads about organisations and areas shared by several apps."""

from __future__ import annotations

from django.db.models import Case, Q, QuerySet, When

from . import roles
from .enums import AreaLevel
from .models import AdministrativeArea


def areas_for_filters(user=None) -> QuerySet[AdministrativeArea]:
    """Areas offered in list and dashboard filters: those of the user's own organisations
    and the areas directly below them (a province's districts and communes), so a national
    data set does not put thousands of options on every page. Users with no area
    (administrators) get every area below province level."""
    # Today's areas first, then those abolished (the districts until 30 June 2025).
    areas = AdministrativeArea.objects.exclude(level=AreaLevel.PROVINCE).order_by(
        Case(When(valid_to__isnull=True, then=0), default=1), "level", "name"
    )
    own = roles.area_ids(user) if user is not None and user.is_authenticated else set()
    if own:
        areas = areas.filter(Q(pk__in=own) | Q(parent_id__in=own))
    return areas
