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

from accounts.models import Organisation
from learnsociety.cache import compute_once, generation, renew_after_write

from .models import FrameworkOutcome, Recognition, SchoolAreaHistory
from .selectors import area_name_in_row_year

NAMESPACE = "public-units"
PUBLIC_CACHE_SECONDS = 3600
PAGE_SIZE = 100


def _published(by_today: bool, province: int | None = None, by_province: bool = False):
    """Recognitions in force, each with the name of the area it is counted in: the area of
    its year (or today's, ``by_today``), or its school's province (``by_province``).
    ``province``: that province's only."""
    if by_province:
        name = F("school__organisation__province__name")
    elif by_today:
        name = F("school__organisation__area__name")
    else:
        name = area_name_in_row_year()
    published = Recognition.objects.filter(revoked=False)
    if province is not None:
        published = published.filter(school__organisation__province_id=province)
    return published.annotate(area_name=name)


def provinces() -> list[tuple[int, str]]:
    """The provinces with recognitions, when there are several (a national deployment):
    the public table then adds up per province and a visitor chooses one for its areas
    (every area of the country is a 300 KB table)."""

    def make() -> list[tuple[int, str]]:
        found = list(
            Organisation.objects.filter(
                pk__in=Recognition.objects.filter(revoked=False).values("school_id"),
                province__isnull=False,
            )
            .values_list("province_id", "province__name")
            .distinct()
            .order_by("province__name")
        )
        return found if len(found) > 1 else []

    return compute_once(_key("provinces"), make, timeout=PUBLIC_CACHE_SECONDS)


def _key(*parts) -> str:
    return ":".join([NAMESPACE, generation(NAMESPACE), *map(str, parts)])


def table(*, by_today: bool, province: int | None = None, by_province: bool = False) -> dict:
    """Recognitions per area and year: ``years``, ``rows`` (area, counts per year, total)
    and ``totals`` per year. Each year's schools are counted in the areas of that year
    (or all in today's areas, ``by_today``); ``by_province``: per province instead;
    ``province``: that province's areas only."""

    def make() -> dict:
        counts = list(
            _published(by_today, province, by_province)
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

    return compute_once(
        _key("table", by_today, province, by_province), make, timeout=PUBLIC_CACHE_SECONDS
    )


def schools_page(
    *, year: int, page: int, by_today: bool, province: int | None = None
) -> list[dict]:
    """One page (PAGE_SIZE rows) of the schools recognised for ``year`` (of ``province``
    only, if given), by area then name: plain values with the outcome's name in both
    languages."""

    def make() -> list[dict]:
        start = (page - 1) * PAGE_SIZE
        rows = (
            _published(by_today, province)
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

    return compute_once(
        _key("schools", by_today, province, year, page), make, timeout=PUBLIC_CACHE_SECONDS
    )


@receiver([post_save, post_delete], sender=Recognition)
@receiver([post_save, post_delete], sender=SchoolAreaHistory)
@receiver([post_save, post_delete], sender=FrameworkOutcome)
@receiver([post_save, post_delete], sender="accounts.Organisation")
def _renew(**kwargs) -> None:
    renew_after_write(NAMESPACE)
