from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from notifications.models import Notification, Reminder
from tests.factories.accounts import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_rule_recipient_object_occasion_and_writes_nothing(org_rule):
    org_rule.targets = [
        (OrganisationFactory(name="Trường THCS Chiềng Lề"), UserFactory(username="lan"))
    ]
    output = run("--dry-run", "--now", "2027-01-08")
    lines = output.splitlines()
    assert lines[0] == "test.organisation\tlan\tTrường THCS Chiềng Lề\tdue-7"
    assert lines[-1].startswith("Dry run at 2027-01-08 08:00: 1 reminder(s) would be sent by ")
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0


def test_run_records_the_reminders_and_a_second_run_finds_nothing_new(org_rule):
    org_rule.targets = [(OrganisationFactory(), UserFactory(username="lan"))]
    first = run("--now", "2027-01-08T09:30")
    assert "1 reminder(s) recorded" in first
    assert first.splitlines()[0].startswith("test.organisation\tlan\t")
    assert Reminder.objects.count() == 1
    second = run("--now", "2027-01-08T10:00")
    assert "0 reminder(s) recorded" in second
    assert "lan" not in second


def test_now_must_be_an_iso_date():
    with pytest.raises(CommandError, match="not an ISO date"):
        run("--dry-run", "--now", "08/01/2027")


def test_dry_run_on_the_demo_lists_reminders_of_all_four_apps(demo):
    from datetime import timedelta

    from accounts.enums import Tier
    from units.enums import CycleState
    from units.models import Cycle

    cycle = Cycle.objects.get(state=CycleState.OPEN, tier=Tier.COMMUNE)
    output = run("--dry-run", "--now", (cycle.submission_deadline - timedelta(days=7)).isoformat())
    rows = [line.split("\t") for line in output.splitlines() if "\t" in line]
    assert {rule.split(".")[0] for rule, *_rest in rows} == {
        "programme",
        "units",
        "awards",
        "society",
    }
    assert [
        "units.cycle_closing",
        "principal",
        f"Trường THCS Chiềng Lề · {cycle.year}",
        f"cycle-{cycle.pk}-due-7",
    ] in rows
    assert Reminder.objects.count() == 0


def test_demo_sets_preferences_idempotently(demo):
    from django.core.management import call_command

    from notifications.models import NotificationPreference

    call_command("load_demo", "--force", verbosity=0)
    assert sorted(
        NotificationPreference.objects.values_list("user__username", "kind", "channel")
    ) == [
        ("principal2", "awards_nominations", "digest"),
        ("principal2", "units_school", "digest"),
        ("reviewer", "units_review", "in_app"),
    ]
