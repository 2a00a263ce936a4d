import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from learnsociety.filters import StyledFilterSet
from learnsociety.params import longest_column

from .enums import ReminderState
from .models import Reminder
from .registry import all_rules


def _rule_choices():
    return [(rule.name, rule.label) for rule in all_rules()]


class OutboxFilter(StyledFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ReminderState.choices, empty_label=_("All")
    )
    rule = django_filters.ChoiceFilter(label=_("Rule"), choices=_rule_choices, empty_label=_("All"))
    q = django_filters.CharFilter(
        label=_("Recipient or object"),
        method="search",
        max_length=max(
            longest_column(User, "username", "full_name", "email"),
            longest_column(Reminder, "object_label"),
        ),
    )

    class Meta:
        model = Reminder
        fields = ["state", "rule"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(recipient__username__icontains=value)
            | Q(recipient__full_name__icontains=value)
            | Q(recipient__email__icontains=value)
            | Q(object_label__icontains=value)
        )
