"""A select for long lists of organisations: past ``SEARCH_LIMIT`` options the page carries
only the chosen one and static/js/app.js searches the server as the user types (a province
has thousands of organisations; a phone on a slow line should not download them all)."""

from __future__ import annotations

import copy
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .selectors import organisation_search

SEARCH_LIMIT = 50


def _valid_pks(queryset, value) -> list:
    """The chosen primary keys that can be one: a form re-rendered after bad input (a
    tampered or fuzzed POST) must show its error, not fail on the lookup."""
    pk_field = queryset.model._meta.pk
    found = []
    for item in value if isinstance(value, list | tuple) else [value]:
        if item in (None, ""):
            continue
        try:
            pk = pk_field.to_python(item)
        except ValidationError:
            continue
        # past a 64-bit column's range the lookup itself fails (OverflowError on SQLite)
        if not isinstance(pk, int) or -(2**63) <= pk < 2**63:
            found.append(pk)
    return found


class SearchSelect(forms.Select):
    def __init__(self, *, search_url: str | Promise, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url

    def use_required_attribute(self, initial):
        # Select's own answer reads the first choice, a query over the whole list; without
        # an empty choice the first option has a value and the answer is no.
        field = getattr(self.choices, "field", None)
        if field is not None and field.empty_label is None:
            return False
        return super().use_required_attribute(initial)

    def get_context(self, name, value, attrs):
        queryset = getattr(self.choices, "queryset", None)
        # a bounded count: whether there are more than SEARCH_LIMIT, not how many
        if queryset is not None and queryset.order_by()[: SEARCH_LIMIT + 1].count() > SEARCH_LIMIT:
            choices = cast(ModelChoiceIterator, copy.copy(self.choices))
            choices.queryset = queryset.filter(pk__in=_valid_pks(queryset, value))
            attrs = {
                **(attrs or {}),
                "data-search-url": self.search_url,
                "data-search-label": str(_("Type a few letters of the name or code")),
                "data-search-none": str(_("Nothing found")),
                "data-search-more": str(_("More results: type more letters")),
            }
            original, self.choices = self.choices, choices
            try:
                return super().get_context(name, value, attrs)
            finally:
                self.choices = original
        return super().get_context(name, value, attrs)


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """SearchSelect choosing several: past SEARCH_LIMIT options the page carries only the
    chosen ones, and each search adds its matches beside them."""


def search_results(found: list[tuple[int, str]]) -> JsonResponse:
    """The answer a search-as-you-type picker reads: up to SEARCH_LIMIT (id, text) pairs
    (``found`` holds one more when there are more)."""
    return JsonResponse(
        {
            "results": [{"id": pk, "text": text} for pk, text in found[:SEARCH_LIMIT]],
            "more": len(found) > SEARCH_LIMIT,
        }
    )


def organisation_results(queryset, text: str) -> JsonResponse:
    """The organisations of ``queryset`` matching what is typed, as a picker reads them."""
    found = organisation_search(queryset, text).values_list("pk", "name")
    return search_results(list(found[: SEARCH_LIMIT + 1]))
