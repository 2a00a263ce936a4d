"""Outcome computation for both shipped frameworks, straight from the migrated data."""

from decimal import Decimal

import pytest

from tests.factories.units import framework
from units.outcomes import Value, compute, percent
from units.selectors import applicable_criteria, framework_with_structure

pytestmark = pytest.mark.django_db


def _tt22():
    fw = framework_with_structure(framework("TT22-2020").pk)
    return fw, applicable_criteria(fw, "lower_secondary")


def _points(criteria, total: Decimal) -> dict:
    """Full marks on every criterion, then the shortfall taken from the first ones."""
    values, missing = {}, Decimal(100) - total
    for c in criteria:
        take = min(missing, c.max_points)
        values[c.id] = Value(points=c.max_points - take)
        missing -= take
    return values


@pytest.mark.parametrize(
    ("total", "code", "label"),
    [
        (Decimal("100"), "good", "Tốt"),
        (Decimal("85"), "good", "Tốt"),
        (Decimal("84.5"), "fair", "Khá"),
        (Decimal("70"), "fair", "Khá"),
        (Decimal("69.5"), "average", "Trung bình"),
        (Decimal("50"), "average", "Trung bình"),
        (Decimal("49.5"), "", "Chưa đạt"),
        (Decimal("0"), "", "Chưa đạt"),
    ],
)
def test_outcome_circular_22_grades_follow_the_point_bands(total, code, label):
    fw, criteria = _tt22()
    outcome = compute(fw, criteria, _points(criteria, total))
    assert (outcome.code, outcome.label, outcome.points) == (code, label, total)


def test_outcome_circular_22_has_100_points_in_three_groups():
    fw, criteria = _tt22()
    assert sum(c.max_points for c in criteria) == Decimal("100")
    assert [sum(c.max_points for c in g.criteria.all()) for g in fw.groups.all()] == [30, 30, 40]


def _tt24(level: str = "lower_secondary"):
    fw = framework_with_structure(framework("TT24-2023").pk)
    return fw, applicable_criteria(fw, level)


def _tt24_values(criteria, *, share=(95, 100), overrides=None) -> dict:
    values = {}
    for c in criteria:
        if c.kind == "threshold":
            values[c.id] = Value(numerator=share[0], denominator=share[1])
        else:
            values[c.id] = Value(answer=True)
    for code, value in (overrides or {}).items():
        values[next(c.id for c in criteria if c.code == code)] = value
    return values


def test_outcome_circular_24_level_2_needs_every_level_2_target():
    fw, criteria = _tt24()
    outcome = compute(fw, criteria, _tt24_values(criteria))
    assert (outcome.code, outcome.label) == ("level2", "Mức độ 2")
    assert outcome.unmet == {"level1": [], "level2": []}


def test_outcome_circular_24_level_1_when_a_level_2_target_is_missed():
    fw, criteria = _tt24()
    values = _tt24_values(criteria, overrides={"3.5": Value(answer=False)})
    outcome = compute(fw, criteria, values)
    assert (outcome.code, outcome.label) == ("level1", "Mức độ 1")
    assert outcome.unmet == {"level1": [], "level2": ["3.5"]}


def test_outcome_circular_24_threshold_boundaries_per_level():
    fw, criteria = _tt24()
    # 3.1 needs 90 % for Level 1 and 95 % for Level 2: 90 of 100 is exactly Level 1.
    at_90 = _tt24_values(criteria, overrides={"3.1": Value(numerator=90, denominator=100)})
    assert compute(fw, criteria, at_90).code == "level1"
    below = _tt24_values(criteria, overrides={"3.1": Value(numerator=89, denominator=100)})
    outcome = compute(fw, criteria, below)
    assert (outcome.code, outcome.label) == ("", "Chưa đạt")
    assert outcome.unmet == {"level1": ["3.1"]}


def test_outcome_circular_24_blank_or_no_means_not_met():
    fw, criteria = _tt24()
    values = _tt24_values(criteria, overrides={"1.3": Value(answer=None)})
    assert compute(fw, criteria, values).unmet["level1"] == ["1.3"]
    values = _tt24_values(criteria, overrides={"1.3": Value(answer=False)})
    assert compute(fw, criteria, values).code == ""


def test_outcome_circular_24_criteria_depend_on_the_school_level():
    _fw, lower = _tt24("lower_secondary")
    _fw, upper = _tt24("upper_secondary")
    _fw, boarding = _tt24("ethnic_boarding")
    assert [c.code for c in lower] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "3.1",
        "3.3",
        "3.4",
        "3.5",
    ]
    assert [c.code for c in upper][-6:] == ["3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    assert "3.2" in [c.code for c in boarding]
    assert "3.6" not in [c.code for c in boarding]


def test_outcome_circular_24_learners_target_for_provincial_institutions():
    fw, criteria = _tt24("upper_secondary")
    # Learners: Level 1 needs 95 %, Level 2 97 %.
    values = _tt24_values(
        criteria, share=(98, 100), overrides={"3.2": Value(numerator=96, denominator=100)}
    )
    assert compute(fw, criteria, values).code == "level1"


def test_percent_rounds_to_one_decimal_and_ignores_empty_totals():
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 0) is None
    assert percent(None, 10) is None


def test_frameworks_have_names_in_both_languages():
    from django.utils import translation

    fw = framework("TT24-2023")
    with translation.override("en"):
        assert fw.name == "Learning Unit criteria, Circular 24/2023/TT-BGDĐT"
    with translation.override("vi"):
        assert fw.name == "Tiêu chí đơn vị học tập theo Thông tư 24/2023/TT-BGDĐT"
