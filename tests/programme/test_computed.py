"""Computed indicator sources: figures other apps register, never invented."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from learnsociety import registry
from programme.computed import compute
from programme.enums import ComputedSource, FeatureStatus
from tests.factories.programme import FeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_units(monkeypatch):
    """A stand-in for the figure the units app registers (not our code)."""
    calls = []

    def recognised_share(year, tier=None, provinces=None):
        calls.append((year, tier))
        return Decimal("81.5") if year == 2025 else None

    for source, tier in (("recognised_share", None), ("recognised_share_district", "district")):
        monkeypatch.setitem(registry._indicator_sources, source, (recognised_share, {"tier": tier}))
    return calls


def test_a_source_nobody_registered_means_no_data(monkeypatch):
    monkeypatch.delitem(registry._indicator_sources, "commendations_granted")
    assert compute(ComputedSource.COMMENDATIONS_GRANTED, 2025) is None


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


def test_every_computed_source_has_a_registered_figure():
    """Each source other than the programme's own is registered by the app that holds
    the data (learnsociety.registry), so none silently reads "no data"."""
    from learnsociety import registry
    from programme.enums import ComputedSource

    missing = [
        s.value
        for s in ComputedSource
        if s != ComputedSource.LEARNING_CITY_SHARE and registry.indicator_figure(s) is None
    ]
    assert missing == []
