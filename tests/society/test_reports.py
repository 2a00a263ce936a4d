"""Completeness by area, the roll-up to province and nation (by the communes valid on the
round's map date, accepted returns only), exports, the indicator source and the dashboard."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from society import selectors
from society.enums import ReturnStatus

from .conftest import GOOD, accepted, commune_area, post_values, start

pytestmark = pytest.mark.django_db


def test_rollup_adds_up_accepted_returns_per_province_and_nation(world):
    accepted(world, world["a"], GOOD)
    accepted(
        world,
        world["b"],
        {
            **GOOD,
            "households": 3000,
            "families_recognised": 2000,
            "families_registered": 2500,
            "commune_recognised": 0,
        },
    )
    accepted(world, world["c"], GOOD, by=world["users"]["sec_c"])
    start(world, world["a"]).pk  # noqa: B018 - already exists: nothing new
    data = selectors.rollup(2025)
    rows = {r["province"]: r for r in data["provinces"]}
    assert rows["Tỉnh Thử"]["returns"] == 2
    assert rows["Tỉnh Thử"]["sums"]["households"] == Decimal("4000")
    assert rows["Tỉnh Thử"]["shares"] == {
        "families": Decimal("70.0"),  # 2800 / 4000
        "clans": Decimal("75.0"),
        "communities": Decimal("50.0"),  # 1 of 2 communes
        "villages": Decimal("80.0"),
    }
    assert rows["Tỉnh Khác"]["shares"]["families"] == Decimal("80.0")
    assert data["total"]["returns"] == 3
    assert data["total"]["sums"]["households"] == Decimal("5000")
    assert data["total"]["citizens"] == Decimal("7500")


def test_rollup_leaves_out_unaccepted_returns_and_communes_not_valid_that_year(world, clients):
    accepted(world, world["a"], GOOD)
    gone = commune_area(world["province"], "Xã Cũ", "OLD", valid_to=date(2025, 6, 30))
    from society.models import CommuneReturn

    old = CommuneReturn.objects.create(
        round=world["round"], area=gone, created_by=world["users"]["sec_a"]
    )
    from society import services

    from .conftest import _admin

    services.return_save(by=_admin(), ret=old, values={k: Decimal(v) for k, v in GOOD.items()})
    CommuneReturn.objects.filter(pk=old.pk).update(status=ReturnStatus.ACCEPTED)
    ret = start(world, world["b"], world["users"]["sec_b"])
    post_values(clients["sec_b"], ret, GOOD, action="submit")
    total = selectors.rollup(2025)["total"]
    assert (total["returns"], total["sums"]["households"]) == (1, Decimal("1000"))


def test_secretary_cannot_start_a_return_for_a_commune_not_valid_on_the_map_date(world):
    from society import services

    gone = commune_area(world["province"], "Xã Cũ", "OLD", valid_to=date(2025, 6, 30))
    from .conftest import _admin

    with pytest.raises(services.SocietyError):
        services.return_start(by=_admin(), round_=world["round"], area=gone)


def test_rollup_page_shows_the_shares_of_the_officers_province(world, clients):
    accepted(world, world["a"], GOOD)
    accepted(world, world["c"], {**GOOD, "families_recognised": 100}, by=world["users"]["sec_c"])
    page = clients["officer"].get("/society/rollup/?year=2025").content.decode()
    assert page.count('data-testid="rollup-row"') == 1
    share = page[page.index('data-testid="share-families"') :]
    assert share[share.index(">") + 1 : share.index("</td>")].startswith("80,0%")
    assert page.count('data-testid="commune-share"') == 1


def test_rollup_by_commune_shows_the_change_since_last_year(world):
    from society.models import CollectionRound

    last = CollectionRound.objects.create(
        year=2024,
        commune_form=world["forms"]["commune"],
        village_form=world["forms"]["village"],
        opens_on=date(2024, 11, 1),
        deadline=date(2025, 1, 15),
        map_date=date(2025, 7, 1),
    )
    accepted(world, world["a"], {**GOOD, "families_recognised": 700}, round_=last)
    accepted(world, world["a"], GOOD)
    returns = list(selectors.accepted_returns(2025, world["users"]["officer"]))
    (row,) = selectors.commune_shares(returns, 2025)
    assert (row["shares"]["families"], row["changes"]["families"], row["citizens"]) == (
        Decimal("80.0"),
        Decimal("10.0"),
        Decimal("2500"),
    )


def test_completeness_counts_statuses_and_late_communes(world, clients):
    accepted(world, world["a"], GOOD)
    start(world, world["b"], world["users"]["sec_b"])
    with time_machine.travel(date(2026, 1, 20), tick=False):
        page = clients["officer"].get("/society/completeness/?year=2025").content.decode()
        summary = selectors.completeness_summary(world["round"], world["users"]["officer"])

    def figure(testid):
        part = page[page.index(f'data-testid="{testid}"') :]
        return part[part.index(">") + 1 : part.index("<")]

    assert (figure("communes"), figure("accepted"), figure("overdue")) == ("2", "1", "1")
    assert summary["totals"]["draft"] == 1
    assert page.count('data-testid="commune-row"') == 2
    assert 'data-testid="chart-completeness"' in page
    # only the officer's province
    page2 = clients["officer2"].get("/society/completeness/?year=2025").content.decode()
    assert figure_of(page2, "communes") == "1"


def figure_of(page, testid):
    part = page[page.index(f'data-testid="{testid}"') :]
    return part[part.index(">") + 1 : part.index("<")]


def test_completeness_is_for_overseers_only(world, clients):
    assert clients["sec_a"].get("/society/completeness/").status_code == 404
    assert clients["principal"].get("/society/completeness/").status_code == 404
    assert clients["staff"].get("/society/completeness/").status_code == 200


def test_export_returns_raw_csv(world, clients):
    accepted(world, world["a"], GOOD)
    response = clients["officer"].get("/society/export/returns/?year=2025&format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[1][:5] == ["2025", "Tỉnh Thử", "C1", "Phường An", "Đã chấp nhận"]
    assert rows[1][8] == "1000"


def test_export_of_a_secretary_has_only_their_commune(world, clients):
    accepted(world, world["a"], GOOD)
    accepted(world, world["b"], GOOD, by=world["users"]["sec_b"])
    response = clients["sec_b"].get("/society/export/returns/?year=2025&format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[3] for r in rows[1:]] == ["Xã Bình"]


def test_export_rollup_xlsx_with_the_nation(world, clients):
    from openpyxl import load_workbook

    accepted(world, world["a"], GOOD)
    accepted(world, world["c"], GOOD, by=world["users"]["sec_c"])
    from django.test import Client

    from .conftest import _admin

    admin = Client()
    admin.force_login(_admin())
    response = admin.get("/society/export/rollup/?year=2025&format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["Tỉnh Khác", "Tỉnh Thử", "Tất cả các tỉnh"]
    assert rows[3][1] == 2
    assert rows[3][2] == 80


def test_programme_indicator_sources_read_the_rollup(world):
    from programme.computed import compute

    assert compute("society_families", 2025) is None
    accepted(world, world["a"], GOOD)
    assert (
        compute("society_families", 2025),
        compute("society_clans", 2025),
        compute("society_communities", 2025),
        compute("society_villages", 2025),
        compute("society_citizens", 2025),
    ) == (Decimal("80.0"), Decimal("75.0"), Decimal("100.0"), Decimal("80.0"), Decimal("2500"))
