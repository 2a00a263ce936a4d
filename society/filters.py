"""The filter bar of the society return list (``partials/filter_bar.html``)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from learnsociety.filters import StyledFilterSet

from .enums import ReturnStatus
from .models import CommuneReturn


class ReturnFilter(StyledFilterSet):
    """Returns by round year and status. The years are those of the rounds, which the view
    has already read (no query of its own); a return that is not started has no row."""

    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="round__year", choices=(), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in ReturnStatus.choices if c[0] != ReturnStatus.NOT_STARTED],
        empty_label=_("All"),
    )

    class Meta:
        model = CommuneReturn
        fields = ["year", "status"]

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    @property
    def chosen_year(self) -> int | None:
        """The year chosen, once the filter has validated its data."""
        value = getattr(self.form, "cleaned_data", {}).get("year")
        return int(value) if value else None
