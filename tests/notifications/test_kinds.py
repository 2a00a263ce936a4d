"""Notification kinds are one list (``NotificationKind``): every reminder rule, every kind
a person chooses a channel for and every notification an app sends uses one of them."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest

from notifications.enums import NotificationKind
from notifications.models import Notification, NotificationPreference, Reminder
from notifications.registry import all_kinds, all_rules
from notifications.services import reminders_scan
from tests.notifications.helpers import at

ROOT = Path(__file__).resolve().parents[2]
SENDERS = ("notification_create", "notifications_after_commit")
APPS = ["accounts", "programme", "units", "awards", "society", "notifications", "dashboard"]


def _kinds_sent_in_code() -> list[tuple[str, str]]:
    """(file, kind) of every ``notification_create(kind=...)`` or
    ``notifications_after_commit(kind=...)`` (the same, sent after a move's commit) written
    in app code: the string, or the ``NotificationKind`` member's value."""
    found = []
    for app in [*APPS, "learnsociety", "demo"]:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in SENDERS):
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "kind":
                        continue
                    if isinstance(keyword.value, ast.Constant):
                        found.append((path.name, keyword.value.value))
                    elif isinstance(keyword.value, ast.Attribute):
                        found.append((path.name, NotificationKind[keyword.value.attr].value))
    return found


def test_notification_kind_every_reminder_rule_uses_a_listed_kind():
    rule_kinds = {rule.kind for rule in all_rules()}
    chosen_kinds = {code for code, _label in all_kinds()}

    assert rule_kinds <= set(NotificationKind.values)
    assert chosen_kinds == rule_kinds


def test_notification_kind_preferences_are_labelled_from_the_list():
    assert [(code, str(label)) for code, label in all_kinds()] == [
        (code, str(NotificationKind(code).label)) for code, _label in all_kinds()
    ]


def test_notification_kind_every_notification_sent_in_code_uses_a_listed_kind():
    sent = _kinds_sent_in_code()

    assert len(sent) >= 5
    assert [(name, kind) for name, kind in sent if kind not in NotificationKind.values] == []


@pytest.mark.django_db
def test_notification_kind_demo_and_reminder_scan_write_only_listed_kinds(
    demo, django_capture_on_commit_callbacks
):
    from accounts.enums import Tier
    from units.enums import CycleState
    from units.models import Cycle

    cycle = Cycle.objects.get(state=CycleState.OPEN, tier=Tier.COMMUNE)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(now=at(cycle.submission_deadline - timedelta(days=7)))
    kinds = (
        set(Notification.objects.values_list("kind", flat=True))
        | set(Reminder.objects.values_list("kind", flat=True))
        | set(NotificationPreference.objects.values_list("kind", flat=True))
    )

    assert Reminder.objects.exists()
    assert Notification.objects.exists()
    assert kinds - set(NotificationKind.values) == set()
