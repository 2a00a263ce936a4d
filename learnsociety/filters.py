"""The one look of a list page's filter bar (templates/partials/filter_bar.html)."""

from __future__ import annotations

import django_filters
from django import forms


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose fields render as small Bootstrap controls, the free-text ``q``
    field as a search box, so that every filter bar looks and behaves the same."""

    @property
    def form(self):
        form = super().form
        for name, field in form.fields.items():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm" if is_select else "form-control form-control-sm",
            )
            if name == "q" and isinstance(field.widget, forms.TextInput):
                field.widget.input_type = "search"
        return form
