"""Demo data of the learning-society returns (read by ``load_demo``).

Sơn La's 75 communes (names and codes from the ``vietnam-provinces`` package, found or
created by official code so that this works with or without ``load_areas``), an
Association branch per commune, the secretary account ``commune`` (branch of Phường Tô
Hiệu), the 2024 and 2025 collection rounds and every commune's return. The figures add up
to what the province reported in mid-2024 (DOMAIN.md §5b): 365,706 Learning Citizens,
learning families 81.7%, clans 78.3%, communes 93.8% (70 of the 75), villages 88.8%.
The demo enters both years by today's communes (the rounds' map date is 1 July 2025).
The households, clans and villages counts per commune are made up (plausible orders of
magnitude, *unconfirmed*).

2025: most returns accepted, two waiting for review, Phường Chiềng An returned with a
comment, Xã Đoàn Kết submitted after the deadline, Xã Mường Lèo not started, and Phường
Tô Hiệu's return in draft for ``commune`` (filled village by village).
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypedDict

from django.db.models import Q
from django.utils import timezone

from accounts.areas import areas_load
from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea, Membership, Organisation, User
from demo.accounts import DEMO_PASSWORD
from society import shipped
from society.enums import ReturnStatus, VillageKind
from society.models import (
    CollectionRound,
    CommuneReturn,
    ReturnField,
    ReturnForm,
    ReturnRule,
    ReturnTransition,
    ReturnValue,
    Village,
)

PROVINCE_CODE = "14"
MAP_DATE = date(2025, 7, 1)
TO_HIEU = "3646"
RETURNED = "3667"  # Phường Chiềng An
LATE = "4000"  # Xã Đoàn Kết
NOT_STARTED = "4240"  # Xã Mường Lèo
WAITING = ("3670", "3679")  # Phường Chiềng Cơi, Phường Chiềng Sinh
NOT_RECOGNISED = ("4045", "4006", "4018", "4057", "3784")


# Province totals: 2024 as reported; 2025 a little higher (demo).
class Totals(TypedDict):
    """A year's province totals: counts, and the shares recognised (percent, as text)."""

    households: int
    families: str
    clans_total: int
    clans: str
    villages_total: int
    villages: str
    citizens: int


TOTALS: dict[int, Totals] = {
    2024: {
        "households": 310_000,
        "families": "81.7",
        "clans_total": 2_400,
        "clans": "78.3",
        "villages_total": 2_250,
        "villages": "88.8",
        "citizens": 365_706,
    },
    2025: {
        "households": 314_500,
        "families": "83.5",
        "clans_total": 2_410,
        "clans": "80.1",
        "villages_total": 2_250,
        "villages": "90.2",
        "citizens": 381_240,
    },
}
# Phường Tô Hiệu's 2024 return, fixed so that the demo journey knows last year's figures.
TO_HIEU_2024 = {
    "households": 4000,
    "families_registered": 3600,
    "families_recognised": 3300,
    "clans_total": 30,
    "clans_registered": 26,
    "clans_recognised": 24,
    "villages_total": 4,
    "villages_registered": 4,
    "villages_recognised": 4,
    "commune_recognised": 1,
    "citizens_registered": 9000,
    "citizens_recognised": 8500,
    "citizens_officials": 1200,
    "citizens_enterprise": 2000,
    "citizens_other": 5300,
    "citizens_digital_share": 72,
    "units_total": 40,
    "units_registered": 38,
    "units_recognised": 36,
}
TO_HIEU_VILLAGES = ["Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4"]


def _weight(code: str, salt: str, low: int, high: int) -> int:
    return low + zlib.crc32(f"{code}:{salt}".encode()) % (high - low + 1)


def _spread(total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` shared in proportion to ``weights`` (largest remainder: exact sum)."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    result = {k: int(v) for k, v in raw.items()}
    left = total - sum(result.values())
    for k in sorted(raw, key=lambda k: (raw[k] - result[k], k), reverse=True)[:left]:
        result[k] += 1
    return result


def communes(province: AdministrativeArea) -> dict[str, AdministrativeArea]:
    """Sơn La's communes and wards of today, by official code, as ``load_areas`` loads them
    (loaded here if the accounts demo has not)."""

    def current() -> dict[str, AdministrativeArea]:
        return {
            a.code: a
            for a in AdministrativeArea.objects.filter(
                parent=province, level=AreaLevel.COMMUNE
            ).filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=MAP_DATE), valid_to__isnull=True
            )
        }

    found = current()
    if TO_HIEU not in found:
        areas_load(province_codes=[int(PROVINCE_CODE)])
        found = current()
    return found


def _figures(year: int, codes: list[str]) -> dict[str, dict[str, int]]:
    """Every commune's figures for ``year``, adding up to the province's totals."""
    t = TOTALS[year]
    others = [c for c in codes if c != TO_HIEU]
    fixed = TO_HIEU_2024 if year == 2024 else _to_hieu_2025_accepted_like()

    def share(total: int, percent: str) -> int:
        return round(Decimal(total) * Decimal(percent) / 100)

    def spread(key: str, total: int, salt: str, low: int, high: int) -> dict[str, int]:
        return _spread(total - fixed[key], {c: _weight(c, salt, low, high) for c in others})

    households = spread("households", t["households"], "h", 2000, 6500)
    clans = spread("clans_total", t["clans_total"], "c", 15, 50)
    villages = spread("villages_total", t["villages_total"], "v", 15, 45)
    # recognised counts follow the size of the commune, with a little variation
    fam_rec = _spread(
        share(t["households"], t["families"]) - fixed["families_recognised"],
        {c: households[c] * _weight(c, f"f{year}", 96, 104) for c in others},
    )
    clan_rec = _spread(
        share(t["clans_total"], t["clans"]) - fixed["clans_recognised"],
        {c: clans[c] * _weight(c, f"k{year}", 96, 104) for c in others},
    )
    vil_rec = _spread(
        share(t["villages_total"], t["villages"]) - fixed["villages_recognised"],
        {c: villages[c] * _weight(c, f"b{year}", 96, 104) for c in others},
    )
    citizens = _spread(
        t["citizens"] - fixed["citizens_recognised"],
        {c: households[c] * _weight(c, f"p{year}", 95, 105) for c in others},
    )
    result = {TO_HIEU: dict(fixed)} if TO_HIEU in codes else {}
    for c in others:
        h, k, v = households[c], clans[c], villages[c]
        fr = min(fam_rec[c], h)
        kr = min(clan_rec[c], k)
        vr = min(vil_rec[c], v)
        cr = citizens[c]
        units = _weight(c, "u", 12, 45)
        result[c] = {
            "households": h,
            "families_registered": min(h, fr + (h - fr) // 2),
            "families_recognised": fr,
            "clans_total": k,
            "clans_registered": min(k, kr + (k - kr) // 2),
            "clans_recognised": kr,
            "villages_total": v,
            "villages_registered": min(v, vr + (v - vr) // 2),
            "villages_recognised": vr,
            "commune_recognised": 0 if c in NOT_RECOGNISED else 1,
            "citizens_registered": cr + cr // 12,
            "citizens_recognised": cr,
            "citizens_officials": cr * 15 // 100,
            "citizens_enterprise": cr * 20 // 100,
            "citizens_other": cr - cr * 15 // 100 - cr * 20 // 100,
            "citizens_digital_share": _weight(c, f"d{year}", 55, 85),
            "units_total": units,
            "units_registered": units - units // 10,
            "units_recognised": units - units // 10 - units // 15,
        }
    return result


def _to_hieu_2025_accepted_like() -> dict[str, int]:
    # Tô Hiệu's 2025 return is a draft: the province totals leave its share out.
    return dict.fromkeys(TO_HIEU_2024, 0)


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load(base: dict) -> None:
    forms = shipped.install(ReturnForm, ReturnField, ReturnRule)
    province = base["province"]
    areas = communes(province)
    association = base["association"]
    branches = {
        o.code[len("HKH-") :]: o
        for o in Organisation.objects.filter(code__in=[f"HKH-{c}" for c in areas])
    }
    new = []
    for code, area in areas.items():
        if code in branches:
            continue
        kind = "phường" if area.name.startswith("Phường") else "xã"
        place = area.name.split(" ", 1)[1]
        new.append(
            Organisation(
                code=f"HKH-{code}",
                name=f"Hội Khuyến học {kind} {place}",
                short_name=f"Hội Khuyến học {place}",
                kind=OrganisationKind.ASSOCIATION_BRANCH,
                tier=Tier.COMMUNE,
                parent=association,
                area=area,
            )
        )
    if new:
        # no history rows for the 75 branches: the admin's later changes are audited
        Organisation.objects.bulk_create(new)
        branches.update(
            {
                o.code[len("HKH-") :]: o
                for o in Organisation.objects.filter(code__in=[o.code for o in new])
            }
        )
    user, created = User.objects.get_or_create(username="commune")
    user.full_name = "Lường Thị Hoa"
    user.email = "commune@example.org"
    user.is_active = True
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.update_or_create(
        user=user,
        organisation=branches[TO_HIEU],
        role=Role.COMMUNE_SECRETARY,
        defaults={"is_active": True},
    )
    base["users"]["commune"] = user
    officer = base["users"]["officer"]
    for name in TO_HIEU_VILLAGES:
        Village.objects.get_or_create(
            commune=areas[TO_HIEU], name=name, defaults={"kind": VillageKind.TO_DAN_PHO}
        )

    rounds = {}
    for year, deadline in ((2024, date(2025, 1, 15)), (2025, date(2026, 1, 15))):
        rounds[year], _ = CollectionRound.objects.update_or_create(
            year=year,
            defaults={
                "commune_form": forms["commune"],
                "village_form": forms["village"],
                "opens_on": date(year, 11, 1),
                "deadline": deadline,
                "map_date": MAP_DATE,
            },
        )
    if CommuneReturn.objects.filter(round__in=rounds.values()).exists():
        return  # figures already loaded: keep whatever people changed since
    fields = {f.code: f for f in forms["commune"].fields.all()}
    codes = sorted(areas)
    for year, round_ in rounds.items():
        figures = _figures(year, codes)
        returns = []
        for code in codes:
            submitted: date | None
            status, submitted, reviewed = ReturnStatus.ACCEPTED, round_.deadline, True
            if year == 2025:
                if code == TO_HIEU:
                    status, submitted, reviewed = ReturnStatus.DRAFT, None, False
                elif code == NOT_STARTED:
                    continue
                elif code in WAITING:
                    status, reviewed = ReturnStatus.SUBMITTED, False
                elif code == RETURNED:
                    status = ReturnStatus.RETURNED
                elif code == LATE:
                    submitted = date(2026, 1, 22)
            offset = _weight(code, "day", 1, 20)
            sent = (
                _aware(submitted.replace(day=max(1, submitted.day - offset % 10)))
                if submitted
                else None
            )
            if code == LATE and year == 2025 and submitted:
                sent = _aware(submitted)
            returns.append(
                CommuneReturn(
                    round=round_,
                    area=areas[code],
                    status=status,
                    created_by=user if code == TO_HIEU else officer,
                    submitted_at=sent,
                    reviewed_by=officer if reviewed else None,
                    reviewed_at=sent + timedelta(days=5) if reviewed and sent else None,
                    review_comment=(
                        "Số hộ gia đình chênh lệch với số liệu thống kê dân số của xã; đề nghị "
                        "rà soát lại."
                        if status == ReturnStatus.RETURNED
                        else ""
                    ),
                )
            )
        CommuneReturn.objects.bulk_create(returns)
        saved = {
            r.area.code: r
            for r in CommuneReturn.objects.filter(round=round_).select_related("area")
        }
        values, transitions = [], []
        for code, ret in saved.items():
            if ret.status == ReturnStatus.DRAFT or ret.submitted_at is None:
                continue  # a draft (only drafts have no submission time)
            for key, number in figures[code].items():
                values.append(
                    ReturnValue(
                        ret=ret,
                        field=fields[key],
                        value=Decimal(number),
                        review_comment=(
                            "Số hộ cao hơn số liệu dân số năm 2025 của xã."
                            if ret.status == ReturnStatus.RETURNED and key == "households"
                            else ""
                        ),
                    )
                )
            transitions.append(
                ReturnTransition(
                    ret=ret,
                    from_status=ReturnStatus.DRAFT,
                    to_status=ReturnStatus.SUBMITTED,
                    by=ret.created_by,
                    at=ret.submitted_at,
                )
            )
            if ret.status in (ReturnStatus.ACCEPTED, ReturnStatus.RETURNED):
                transitions.append(
                    ReturnTransition(
                        ret=ret,
                        from_status=ReturnStatus.SUBMITTED,
                        to_status=ret.status,
                        by=officer,
                        at=ret.reviewed_at or ret.submitted_at,  # reviewed: both set
                        comment=ret.review_comment,
                    )
                )
        ReturnValue.objects.bulk_create(values, batch_size=2000)
        ReturnTransition.objects.bulk_create(transitions)
