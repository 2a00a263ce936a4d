"""Numbers read in the reader's language: a decimal comma and a dot for thousands in
Vietnamese, the other way round in English, in pages and in change histories alike."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from learnsociety import audit
from learnsociety.i18n import format_number
from programme.models import Indicator
from tests.factories.programme import IndicatorFactory


@pytest.mark.parametrize(
    ("lang", "value", "places", "shown"),
    [
        ("vi", Decimal("11000"), 2, "11.000"),
        ("vi", Decimal("96.7234"), 2, "96,72"),
        ("vi", Decimal("185.00"), 2, "185"),
        ("vi", 1234567, 0, "1.234.567"),
        ("en", Decimal("11000"), 2, "11,000"),
        ("en", Decimal("96.7234"), 2, "96.72"),
        ("vi", None, 2, ""),
    ],
)
def test_format_number(lang, value, places, shown):
    with translation.override(lang):
        assert format_number(value, places) == shown


def test_number_filter_in_templates():
    template = Template("{% load ls_tags %}{{ n|number }} · {{ d|number }} · {{ y }}")
    context = Context({"n": 11000, "d": Decimal("58.3333"), "y": 2025})
    with translation.override("vi"):
        assert template.render(context) == "11.000 · 58,33 · 2025"
    with translation.override("en"):
        assert template.render(context) == "11,000 · 58.33 · 2025"


@pytest.mark.django_db
def test_history_shows_figures_in_the_readers_language_and_years_as_years():
    indicator = IndicatorFactory(baseline_value=Decimal("185.00"), baseline_year=2023)
    indicator.baseline_value = Decimal("11000.50")
    indicator.baseline_year = 2024
    indicator.save()
    source = audit.Source(Indicator.history.filter(id=indicator.pk))
    with translation.override("vi"):
        changes = {c.field: (c.before, c.after) for c in audit.history_entries(source)[0].changes}
    assert [pair for pair in changes.values() if "185" in pair[0]] == [("185", "11.000,5")]
    assert ("2023", "2024") in changes.values()
