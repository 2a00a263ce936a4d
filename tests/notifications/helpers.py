from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from notifications import services
from notifications.models import Reminder
from notifications.registry import rules_by_name

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HCM)


def scan_on(day: date, rule_name: str, hour: int = 8) -> set[tuple[str, str]]:
    """Run the scan of one rule on ``day`` (time frozen there) and return what it newly
    recorded, as (recipient username, occasion) pairs."""
    before = set(Reminder.objects.values_list("pk", flat=True))
    with time_machine.travel(at(day, hour), tick=False):
        services.reminders_scan(rules=[rules_by_name()[rule_name]])
    return set(
        Reminder.objects.exclude(pk__in=before).values_list("recipient__username", "occasion")
    )


def message_of(reminder_rule: str, context: dict, language: str = "vi") -> tuple[str, str]:
    from django.utils import translation

    with translation.override(language):
        title, body = rules_by_name()[reminder_rule].message(context)
        return str(title), str(body)
