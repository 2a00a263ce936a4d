from django.db.models import Count, QuerySet

from .models import Reminder


def outbox() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("recipient").order_by("-created", "-id")


def outbox_counts() -> dict[str, int]:
    # COUNT(*): read from the (state, next_attempt_at) index only
    return dict(Reminder.objects.values_list("state").annotate(n=Count("*")).order_by())
