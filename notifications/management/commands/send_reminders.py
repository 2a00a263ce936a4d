from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from notifications import services
from notifications.enums import ReminderState
from notifications.models import Reminder
from notifications.registry import all_rules


def parse_now(value: str) -> datetime:
    """An ISO date (taken at 08:00 local time) or date-time (local if naive)."""
    try:
        day = parse_date(value)
        moment = datetime.combine(day, time(8, 0)) if day else parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"--now {value!r} is not an ISO date or date-time.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Run the reminder scan now (the same one Celery beat runs) and print each reminder "
        "it sends: rule, recipient, object and occasion. With --dry-run nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only print, write nothing.")
        parser.add_argument(
            "--now", help="Pretend it is this ISO date or date-time (e.g. 2027-01-02)."
        )

    def handle(self, *args, dry_run: bool = False, now: str | None = None, **options):
        moment = parse_now(now) if now else timezone.now()
        rules = all_rules()
        found: list = []
        if dry_run:
            found = [
                (rule, due)
                for rule in rules
                for _ct, due in services.reminders_new(rule=rule, now=moment)
            ]
            self._print(found)
            self.stdout.write(
                f"Dry run at {timezone.localtime(moment):%Y-%m-%d %H:%M}: {len(found)} reminder(s) would be sent "
                f"by {len(rules)} rule(s); nothing written."
            )
            return
        # One scan: the reminders it records are printed afterwards.
        result = services.reminders_scan(
            now=moment, rules=rules, on_new=lambda rule, due: found.append((rule, due))
        )
        self._print(found)
        waiting = Reminder.objects.filter(
            state=ReminderState.PENDING, enqueued_at__isnull=True
        ).count()
        summary = (
            f"{result.total_created} reminder(s) recorded, {result.enqueued} queued "
            f"for delivery, {result.cancelled} cancelled."
        )
        if waiting:
            # Honest about a broker that took nothing: these wait for the next scan.
            self.stdout.write(
                self.style.WARNING(
                    f"{summary} {waiting} reminder(s) wait in the database: the broker "
                    "is unreachable; the next scan queues them."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def _print(self, found: list) -> None:
        names = dict(
            get_user_model()
            .objects.filter(pk__in={due.recipient_id for _rule, due in found})
            .values_list("pk", "username")
        )
        for rule, due in found:
            self.stdout.write(
                f"{rule.name}\t{names.get(due.recipient_id, due.recipient_id)}\t"
                f"{due.label or due.obj}\t{due.occasion}"
            )
