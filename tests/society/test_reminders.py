"""The reminder rules of the returns, through the notifications engine, with time frozen:
closing in 14/7/1 days, overdue every week, returned for corrections."""

from __future__ import annotations

from datetime import date

import pytest

from notifications.models import Reminder
from tests.notifications.helpers import message_of, scan_on

from .conftest import GOOD, post_values, start

pytestmark = pytest.mark.django_db

CLOSING = "society.round_closing"
OVERDUE = "society.round_overdue"
RETURNED = "society.return_returned"


def test_closing_reminds_secretaries_without_a_sent_return_at_14_7_1_days(world, clients):
    round_ = world["round"]  # deadline 15/01/2026
    ret = start(world, world["b"], world["users"]["sec_b"])
    post_values(clients["sec_b"], ret, GOOD, action="submit")
    prefix = f"round-{round_.pk}-due"
    assert scan_on(date(2026, 1, 1), CLOSING) == {
        ("sec_a", f"{prefix}-14"),
        ("sec_c", f"{prefix}-14"),
    }
    assert scan_on(date(2026, 1, 2), CLOSING) == set()  # same bucket: nothing new
    assert scan_on(date(2026, 1, 8), CLOSING) == {
        ("sec_a", f"{prefix}-7"),
        ("sec_c", f"{prefix}-7"),
    }
    assert scan_on(date(2026, 1, 15), CLOSING) == {
        ("sec_a", f"{prefix}-1"),
        ("sec_c", f"{prefix}-1"),
    }
    title, body = message_of(
        CLOSING, {"year": 2025, "days": 7, "commune": "Phường An", "deadline": "2026-01-15"}
    )
    assert title == "Phiếu thống kê xã hội học tập năm 2025 còn 7 ngày đến hạn: Phường An"
    assert "15/01/2026" in body


def test_overdue_reminds_every_week_until_submitted(world, clients):
    prefix = f"round-{world['round'].pk}-overdue"
    assert scan_on(date(2026, 1, 16), OVERDUE) == {
        ("sec_a", f"{prefix}-1"),
        ("sec_b", f"{prefix}-1"),
        ("sec_c", f"{prefix}-1"),
    }
    assert scan_on(date(2026, 1, 20), OVERDUE) == set()
    ret = start(world, world["a"])
    post_values(clients["sec_a"], ret, GOOD, action="submit")
    assert scan_on(date(2026, 1, 23), OVERDUE) == {
        ("sec_b", f"{prefix}-2"),
        ("sec_c", f"{prefix}-2"),
    }


def test_returned_return_reminds_the_communes_secretary_once(world, clients):
    ret = start(world, world["a"])
    post_values(clients["sec_a"], ret, GOOD, action="submit")
    clients["officer"].post(
        f"/society/returns/{ret.pk}/review/",
        {"decision": "return", "comment": "Xem lại số hộ"},
    )
    found = scan_on(date(2026, 1, 5), RETURNED)
    assert len(found) == 1
    ((user, occasion),) = found
    assert user == "sec_a"
    assert occasion.startswith("returned-")
    assert scan_on(date(2026, 1, 6), RETURNED) == set()
    reminder = Reminder.objects.get(rule=RETURNED)
    assert reminder.context["comment"] == "Xem lại số hộ"
