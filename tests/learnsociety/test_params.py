from __future__ import annotations

import pytest

from accounts.models import Organisation
from learnsociety.params import ID_MAX, id_param, int_param, longest_column, year_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("0", 0),
        ("10000000", 10_000_000),
        ("10000001", None),
        ("-1", None),
        ("", None),
        (None, None),
        ("1e3", None),
        ("1_000", None),
        ("²", None),
        ("١٢", None),
        ("9" * 10_000, None),
        ("1\x00", None),
    ],
)
def test_int_param_reads_a_bounded_whole_number_or_nothing(value, expected):
    assert int_param(value) == expected


def test_int_param_takes_negative_bounds():
    assert (int_param("-5", minimum=-10), int_param("-11", minimum=-10)) == (-5, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2000", 2000), ("2100", 2100), ("1999", None), ("2101", None), ("99999", None), ("0", None)],
)
def test_year_param_keeps_years_2000_to_2100(value, expected):
    assert year_param(value) == expected


def test_id_param_keeps_bigint_keys():
    assert (id_param("1"), id_param(str(ID_MAX)), id_param(str(ID_MAX + 1)), id_param("0")) == (
        1,
        ID_MAX,
        None,
        None,
    )


def test_longest_column_is_the_longest_max_length():
    assert longest_column(Organisation, "name", "code") == 255
