"""The administrative map: today's provinces and communes from the National Statistics
Office's list (the ``vietnam-provinces`` package), and the scheme of area codes.

Area codes (``AdministrativeArea.code``):

- **Units in force since 1 July 2025** carry their official code, digits only: a province
  its two-digit code (``"14"``: Sơn La, ``"01"``: Hà Nội), a commune or ward its code as the
  package gives it, without leading zeros (``"3646"``: Phường Tô Hiệu, ``"4000"``: Xã Đoàn
  Kết). The package numbers provinces and communes separately, and four wards of Hà Nội have
  codes below 100 (4, 8, 25, 91) that would read as a province's: those keep the statistics
  office's five-digit form (``"00004"``). Use :func:`commune_code` and :func:`province_code`
  rather than formatting codes by hand; other apps look areas up by these codes.
- **Units abolished on 30 June 2025** (districts, towns and the old communes) carry a code
  with a hyphen, so they can never collide with an official code: ``"<province>-<GSO
  district code>"`` for a district-level unit (``"14-116"``: Thành phố Sơn La) and
  ``"<province>-<district>-<name>"`` for an old commune the data needs
  (``"14-116-chieng-le"``), see :func:`pre_reform_code`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils.text import slugify
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward

from .enums import AreaLevel, Tier
from .models import AdministrativeArea

REFORM_DATE = date(2025, 7, 1)
PRE_REFORM_END = date(2025, 6, 30)


def commune_code(code: int | str) -> str:
    """A commune's or ward's official (post-July 2025) code as stored: no leading zeros,
    except below 100 (five digits, so that it never reads as a province code)."""
    number = int(code)
    return str(number) if number >= 100 else f"{number:05d}"


def province_code(code: int | str) -> str:
    """A province's official code as stored: two digits."""
    return f"{int(code):02d}"


def pre_reform_code(province: str, *parts: str) -> str:
    """The code of a unit abolished on 30 June 2025: province code, then the district's old
    GSO code, then (for an old commune) its name as a slug. Always contains a hyphen."""
    if not parts:
        raise ValueError("A pre-reform code needs at least the district part.")
    return "-".join([province, *(slugify(p) if not p.isdigit() else p for p in parts)])


def province_name(province: Province) -> str:
    if province.division_type == VietNamDivisionType.TINH and not province.name.startswith("Tỉnh"):
        return f"Tỉnh {province.name}"
    return province.name


def counted_area(path: str = "area", field: str = "id"):
    """Expression over rows that point at an area (``path``): the area a school there is
    counted under. An old commune abolished on 30 June 2025 counts under its district, the
    level that managed and recognised its schools until then; any other area counts as
    itself. ``field`` picks the column (``"id"``, ``"name"``)."""
    old_commune = Q(
        **{
            f"{path}__level": AreaLevel.COMMUNE,
            f"{path}__valid_to__lt": REFORM_DATE,
            f"{path}__parent__level": AreaLevel.DISTRICT,
        }
    )
    return Case(
        When(old_commune, then=F(f"{path}__parent__{field}")), default=F(f"{path}__{field}")
    )


def _area_province(column: str) -> Subquery:
    return Subquery(
        AdministrativeArea.objects.filter(pk=OuterRef(column)).values("province_id")[:1]
    )


def fill_provinces(*querysets: QuerySet) -> None:
    """Set every area's ``province`` from its parents, then the ``province`` of the rows of
    ``querysets`` (models with an ``area`` and a ``province``, see
    ``models.ProvinceFromArea``) from their area. Bulk writes call it; ``save`` does the
    same for one row."""
    AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE).update(province_id=F("pk"))
    # A district or a new commune hangs under its province, an old commune under its district.
    for _depth in range(2):
        AdministrativeArea.objects.exclude(level=AreaLevel.PROVINCE).filter(
            parent__isnull=False
        ).update(province_id=_area_province("parent_id"))
    for queryset in querysets:
        queryset.update(province_id=_area_province("area_id"))


def lower_tier_on(day: date) -> str:
    """The tier of preschools, primary and lower-secondary schools on ``day``: the district
    until 30 June 2025, the commune since 1 July 2025."""
    return Tier.DISTRICT if day < REFORM_DATE else Tier.COMMUNE


def organisation_tiers_of(cycle_tier: str) -> list[str]:
    """The organisation tiers whose schools take part in a cycle of ``cycle_tier``: a
    school of the lower tier is recorded as district- or commune-tier depending on when it
    was last updated, and belongs to the lower-tier cycle of every year."""
    if cycle_tier == Tier.PROVINCIAL:
        return [Tier.PROVINCIAL]
    return [Tier.DISTRICT, Tier.COMMUNE]


@dataclass
class LoadResult:
    provinces: int = 0
    communes: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    province_codes: list[str] = field(default_factory=list)


def _provinces(codes: Iterable[int] | None) -> list[Province]:
    if codes is None:
        return list(Province.iter_all())
    found = []
    for code in codes:
        try:
            found.append(Province.from_code(ProvinceCode(int(code))))
        except ValueError:
            raise ValueError(f"Unknown province code {code}.") from None
    return found


@transaction.atomic
def areas_load(*, province_codes: Iterable[int] | None = None) -> LoadResult:
    """Create or bring up to date today's provinces and their communes and wards, with
    their official codes; communes are valid from 1 July 2025. Idempotent: rows are found
    by code, and only rows whose name, level or parent changed are written. A province that
    already exists keeps its validity dates (Sơn La existed before the reform and still
    does); one created here is valid from 1 July 2025."""
    provinces = _provinces(province_codes)
    wanted = {int(p.code) for p in provinces}
    wards = [w for w in Ward.iter_all() if int(w.province_code) in wanted]
    result = LoadResult(provinces=len(provinces), communes=len(wards))
    result.province_codes = sorted(province_code(p.code) for p in provinces)

    existing_provinces = {
        a.code: a
        for a in AdministrativeArea.objects.filter(
            code__in=[province_code(p.code) for p in provinces]
        )
    }
    province_rows: dict[int, AdministrativeArea] = {}
    new_rows, changed = [], []
    for p in provinces:
        code, name = province_code(p.code), province_name(p)
        row = existing_provinces.get(code)
        if row is None:
            row = AdministrativeArea(
                code=code, name=name, level=AreaLevel.PROVINCE, valid_from=REFORM_DATE
            )
            new_rows.append(row)
        elif (row.name, row.level, row.parent_id) != (name, AreaLevel.PROVINCE, None):
            row.name, row.level, row.parent = name, AreaLevel.PROVINCE, None
            changed.append(row)
        else:
            result.unchanged += 1
        province_rows[int(p.code)] = row
    AdministrativeArea.objects.bulk_create(new_rows)
    AdministrativeArea.objects.bulk_update(changed, ["name", "level", "parent"])
    result.created += len(new_rows)
    result.updated += len(changed)

    codes = [commune_code(w.code) for w in wards]
    existing: dict[str, AdministrativeArea] = {}
    for start in range(0, len(codes), 900):
        for row in AdministrativeArea.objects.filter(code__in=codes[start : start + 900]):
            existing[row.code] = row
    new_rows, changed = [], []
    for w in wards:
        code = commune_code(w.code)
        parent = province_rows[int(w.province_code)]
        row = existing.get(code)
        if row is None:
            new_rows.append(
                AdministrativeArea(
                    code=code,
                    name=w.name,
                    level=AreaLevel.COMMUNE,
                    parent=parent,
                    valid_from=REFORM_DATE,
                )
            )
        elif (row.name, row.level, row.parent_id, row.valid_from) != (
            w.name,
            AreaLevel.COMMUNE,
            parent.pk,
            REFORM_DATE,
        ):
            row.name, row.level, row.parent, row.valid_from = (
                w.name,
                AreaLevel.COMMUNE,
                parent,
                REFORM_DATE,
            )
            changed.append(row)
        else:
            result.unchanged += 1
    AdministrativeArea.objects.bulk_create(new_rows, batch_size=500)
    AdministrativeArea.objects.bulk_update(
        changed, ["name", "level", "parent", "valid_from"], batch_size=500
    )
    result.created += len(new_rows)
    result.updated += len(changed)
    fill_provinces()
    return result
