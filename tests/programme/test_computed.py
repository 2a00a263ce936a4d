"""Computed indicator sources: other apps' functions through importlib, never invented."""

import sys
import types
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from programme.computed import compute
from programme.enums import ComputedSource, FeatureStatus
from tests.factories.programme import FeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_units(monkeypatch):
    """A stand-in for the units app's published module (not our code)."""
    module = types.ModuleType("units.indicators")
    calls = []

    def recognised_share(year, tier=None):
        calls.append((year, tier))
        return Decimal("81.5") if year == 2025 else None

    module.recognised_share = recognised_share
    monkeypatch.setitem(sys.modules, "units.indicators", module)
    return calls


def test_missing_module_or_function_means_no_data(monkeypatch):
    monkeypatch.setitem(sys.modules, "awards.indicators", None)  # import fails
    assert compute(ComputedSource.COMMENDATIONS_GRANTED, 2025) is None
    monkeypatch.setitem(sys.modules, "units.indicators", types.ModuleType("units.indicators"))
    assert compute(ComputedSource.ASSESSMENTS_SUBMITTED, 2025) is None


def test_units_function_is_called_with_year_and_tier(fake_units):
    assert compute(ComputedSource.RECOGNISED_SHARE_DISTRICT, 2025) == Decimal("81.5")
    assert compute(ComputedSource.RECOGNISED_SHARE, 2026) is None
    assert fake_units == [(2025, "district"), (2026, None)]


def test_learning_city_share_now_and_in_history(time_machine):
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    time_machine.move_to(datetime(2025, 6, 1, 9, 0, tzinfo=tz), tick=False)
    features = [FeatureFactory(status=FeatureStatus.IN_PLACE)]
    commitment = features[0].commitment
    features += [FeatureFactory(commitment=commitment) for _ in range(3)]
    assert compute(ComputedSource.LEARNING_CITY_SHARE, 2025) == Decimal("25.0")

    time_machine.move_to(datetime(2026, 2, 1, 9, 0, tzinfo=tz), tick=False)
    features[1].status = FeatureStatus.IN_PLACE
    features[1].save()
    assert compute(ComputedSource.LEARNING_CITY_SHARE, 2026) == Decimal("50.0")
    # the end of 2025, from the history: one of four
    assert compute(ComputedSource.LEARNING_CITY_SHARE, 2025) == Decimal("25.0")
    assert compute(ComputedSource.LEARNING_CITY_SHARE, 2024) is None
    assert compute(ComputedSource.LEARNING_CITY_SHARE, 2027) is None
