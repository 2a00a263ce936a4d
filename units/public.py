"""The public Learning Units page's figures, kept in the cache between the writes they
depend on.

The page is open to anyone and grouping every recognition by year and area is the
costliest query of the app at national scale, so its results are cached by generation
(``learnsociety.cache.generation``): a recognition recorded or revoked, a school moved or
renamed starts a new generation (the receivers below), and until then every visitor reads
the cached table and pages. Entries also expire after PUBLIC_CACHE_SECONDS, as a safety
net for writes that bypass the model's signals (``QuerySet.update``).
"""

from __future__ import annotations

from django.db.models import Count, F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from learnsociety.cache import compute_once, generation, renew

from .models import FrameworkOutcome, Recognition, SchoolAreaHistory
from .selectors import area_name_in_row_year

NAMESPACE = "public-units"
PUBLIC_CACHE_SECONDS = 3600
PAGE_SIZE = 100


def _published(by_today: bool):
    return Recognition.objects.filter(revoked=False).annotate(
        area_name=F("school__organisation__area__name") if by_today else area_name_in_row_year()
    )


def _key(*parts) -> str:
    return ":".join([NAMESPACE, generation(NAMESPACE), *map(str, parts)])


def table(*, by_today: bool) -> dict:
    """Recognitions per area and year: ``years``, ``rows`` (area, counts per year, total)
    and ``totals`` per year. Each year's schools are counted in the areas of that year
    (or all in today's areas, ``by_today``)."""

    def make() -> dict:
        counts = list(
            _published(by_today)
            .values("year", "area_name")
            .annotate(n=Count("id"))
            .order_by("area_name", "year")
        )
        years = sorted({r["year"] for r in counts})
        by_area: dict[str, dict[int, int]] = {}
        for r in counts:
            by_area.setdefault(r["area_name"] or "", {})[r["year"]] = r["n"]
        return {
            "years": years,
            "rows": [
                (area, [per_year.get(y, 0) for y in years], sum(per_year.values()))
                for area, per_year in sorted(by_area.items())
            ],
            "totals": [sum(per.get(y, 0) for per in by_area.values()) for y in years],
        }

    return compute_once(_key("table", by_today), make, timeout=PUBLIC_CACHE_SECONDS)


def schools_page(*, year: int, page: int, by_today: bool) -> list[dict]:
    """One page (PAGE_SIZE rows) of the schools recognised for ``year``, by area then
    name: plain values with the outcome's name in both languages."""

    def make() -> list[dict]:
        start = (page - 1) * PAGE_SIZE
        rows = (
            _published(by_today)
            .filter(year=year)
            .order_by("area_name", "school__organisation__name", "pk")
            .values(
                "area_name",
                "decision_number",
                "decision_date",
                school_name=F("school__organisation__name"),
                outcome_vi=F("outcome__name_vi"),
                outcome_en=F("outcome__name_en"),
            )[start : start + PAGE_SIZE]
        )
        return list(rows)

    return compute_once(_key("schools", by_today, year, page), make, timeout=PUBLIC_CACHE_SECONDS)


@receiver([post_save, post_delete], sender=Recognition)
@receiver([post_save, post_delete], sender=SchoolAreaHistory)
@receiver([post_save, post_delete], sender=FrameworkOutcome)
@receiver([post_save, post_delete], sender="accounts.Organisation")
def _renew(**kwargs) -> None:
    renew(NAMESPACE)
