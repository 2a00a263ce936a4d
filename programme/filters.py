from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learnsociety.filters import StyledFilterSet
from learnsociety.params import longest_column

from .enums import CommitmentStatus, Party, ReportStatus
from .models import YEARS, Commitment, ProgressReport


class CommitmentFilter(StyledFilterSet):
    # the description is searched too, but a search longer than the title is no search
    q = django_filters.CharFilter(
        label=_("Search"), method="search", max_length=longest_column(Commitment, "code", "title")
    )
    lead_party = django_filters.ChoiceFilter(
        label=_("Lead party"), choices=Party.choices, empty_label=_("All")
    )
    # Status is derived, never stored: the view filters on the computed value.
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CommitmentStatus.choices, method="keep", empty_label=_("All")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=[(str(y), str(y)) for y in YEARS],
        method="in_year",
        empty_label=_("All"),
    )

    class Meta:
        model = Commitment
        fields = ["q", "lead_party", "status", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )

    def keep(self, queryset, name, value):
        return queryset

    def in_year(self, queryset, name, value):
        ids = Commitment.objects.filter(milestones__due_date__year=int(value)).values("id")
        return queryset.filter(id__in=ids)


class ReportFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportStatus.choices, empty_label=_("All")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=[(str(y), str(y)) for y in YEARS], empty_label=_("All")
    )
    commitment = django_filters.ModelChoiceFilter(
        label=_("Commitment"), queryset=Commitment.objects.order_by("code"), empty_label=_("All")
    )

    class Meta:
        model = ProgressReport
        fields = ["status", "year", "commitment"]
