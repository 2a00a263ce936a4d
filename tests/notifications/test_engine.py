from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts.models import Organisation
from notifications import services
from notifications.enums import Channel, ReminderState
from notifications.models import Notification, NotificationPreference, Reminder
from tests.factories.accounts import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2027, 1, 8, 8, 0, tzinfo=HCM)


class BrokenBackend:
    """An SMTP server that refuses everything."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


def scan(capture, **kwargs):
    with capture(execute=True):
        return services.reminders_scan(**kwargs)


def test_scan_records_and_delivers_each_reminder_once(
    org_rule, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ls.example.vn"
    school = OrganisationFactory(name="Trường THCS Chiềng Lề")
    user = UserFactory(email="lan@example.org", language="vi", full_name="Cầm Thị Lan")
    org_rule.targets = [(school, user)]

    with time_machine.travel(NOW, tick=False):
        first = scan(django_capture_on_commit_callbacks)
        second = scan(django_capture_on_commit_callbacks)

    assert first.created["test.organisation"] == 1
    assert second.created["test.organisation"] == 0
    assert first.total_created == 1
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts, reminder.channel) == ("sent", 1, "email")
    assert reminder.sent_at == NOW
    notification = Notification.objects.get()
    assert notification.recipient == user
    assert notification.title == "Thông báo: Trường THCS Chiềng Lề"
    assert notification.body == "Trang chủ 2027-01-08"
    assert notification.url == f"/organisations/{school.pk}/"
    assert reminder.notification == notification
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.org"]
    assert message.subject == "Thông báo: Trường THCS Chiềng Lề"
    assert f"https://ls.example.vn/organisations/{school.pk}/" in message.body
    assert "Xin chào Cầm Thị Lan" in message.body or "Cầm Thị Lan" in message.body
    html = message.alternatives[0][0]
    assert f'href="https://ls.example.vn/organisations/{school.pk}/"' in html
    assert message.extra_headers["Message-ID"] == f"<reminder-{reminder.pk}@ls.example.vn>"


def test_email_uses_the_recipients_language(org_rule, django_capture_on_commit_callbacks):
    school = OrganisationFactory(name="Trường THCS Mộc Lỵ")
    org_rule.targets = [(school, UserFactory(language="en"))]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == "Notifications: Trường THCS Mộc Lỵ"
    # The in-app copy is written in both languages and read in the reader's.
    note = Notification.objects.get()
    assert (note.body, note.body_en) == ("Trang chủ 2027-01-08", "Home 2027-01-08")


def test_a_new_occasion_is_a_new_reminder(org_rule, django_capture_on_commit_callbacks):
    org_rule.targets = [(OrganisationFactory(), UserFactory())]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
        org_rule.occasion = "due-1"
        scan(django_capture_on_commit_callbacks)
    assert sorted(Reminder.objects.values_list("occasion", flat=True)) == ["due-1", "due-7"]
    assert len(mail.outbox) == 2


def test_delivery_claims_the_row_so_a_second_task_does_nothing(org_rule):
    org_rule.targets = [(OrganisationFactory(), UserFactory())]
    with time_machine.travel(NOW, tick=False):
        services.reminders_scan()  # on_commit not run: nothing delivered yet
        reminder = Reminder.objects.get()
        assert reminder.state == ReminderState.PENDING
        outcomes = [
            services.reminder_deliver(reminder_id=reminder.pk, worker="w1"),
            services.reminder_deliver(reminder_id=reminder.pk, worker="w2"),
        ]
    assert outcomes == ["sent", "skipped"]
    reminder.refresh_from_db()
    assert (reminder.state, reminder.claimed_by, reminder.attempts) == ("sent", "w1", 1)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_row_left_in_sending_is_reclaimed_only_after_the_lease(
    org_rule, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_LEASE_SECONDS = 600
    org_rule.targets = [(OrganisationFactory(), UserFactory())]
    with time_machine.travel(NOW, tick=False):
        services.reminders_scan()
    reminder = Reminder.objects.get()
    # A worker claimed it and was killed before delivering anything.
    Reminder.objects.filter(pk=reminder.pk).update(
        state=ReminderState.SENDING, claimed_at=NOW, claimed_by="dead:1", attempts=1
    )
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        during = scan(django_capture_on_commit_callbacks)
        assert services.reminder_deliver(reminder_id=reminder.pk) == "skipped"
    assert during.enqueued == 0
    assert len(mail.outbox) == 0
    with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
        after = scan(django_capture_on_commit_callbacks)
    assert after.enqueued == 1
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_smtp_failure_marks_failed_and_retries_with_back_off(
    org_rule, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_RETRY_SECONDS = 300
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "tests.notifications.test_engine.BrokenBackend"
    org_rule.targets = [(OrganisationFactory(), UserFactory())]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert reminder.state == ReminderState.FAILED
    assert reminder.last_error == "ConnectionRefusedError: SMTP server refused the connection"
    assert reminder.attempts == 1
    assert reminder.next_attempt_at == NOW + timedelta(seconds=300)
    assert Notification.objects.count() == 1  # in-app already delivered

    with time_machine.travel(NOW + timedelta(seconds=200), tick=False):
        assert scan(django_capture_on_commit_callbacks).enqueued == 0
    with time_machine.travel(NOW + timedelta(seconds=301), tick=False):
        assert scan(django_capture_on_commit_callbacks).enqueued == 1
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("failed", 2)
    assert reminder.next_attempt_at == NOW + timedelta(seconds=301 + 600)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + timedelta(seconds=1000), tick=False):
        assert scan(django_capture_on_commit_callbacks).enqueued == 1
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, reminder.last_error) == ("sent", 3, "")
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_failed_reminder_gives_up_after_the_last_attempt(
    org_rule, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.notifications.test_engine.BrokenBackend"
    org_rule.targets = [(OrganisationFactory(), UserFactory())]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert scan(django_capture_on_commit_callbacks).enqueued == 0
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts, reminder.next_attempt_at) == ("failed", 1, None)


def test_deleted_object_cancels_its_waiting_reminders(org_rule, django_capture_on_commit_callbacks):
    kept, deleted = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()
    org_rule.targets = [(kept, user), (deleted, user)]
    with time_machine.travel(NOW, tick=False):
        services.reminders_scan()  # recorded, not delivered
    org_rule.targets = [(kept, user)]
    Organisation.objects.filter(pk=deleted.pk).delete()
    # After the lease the next scan queues what the lost first tasks did not send.
    with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
        result = scan(django_capture_on_commit_callbacks)
    assert result.cancelled == 1
    states = dict(Reminder.objects.values_list("object_id", "state"))
    assert states == {kept.pk: "sent", deleted.pk: "cancelled"}
    assert Reminder.objects.get(object_id=deleted.pk).last_error == "The object was deleted."


def test_delivery_cancels_when_object_vanished_or_rule_no_longer_applies(org_rule):
    first, second = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()
    org_rule.targets = [(first, user), (second, user)]
    with time_machine.travel(NOW, tick=False):
        services.reminders_scan()
    r1 = Reminder.objects.get(object_id=first.pk)
    r2 = Reminder.objects.get(object_id=second.pk)
    Organisation.objects.filter(pk=first.pk).delete()
    org_rule.applies = False
    assert services.reminder_deliver(reminder_id=r1.pk) == "cancelled"
    assert services.reminder_deliver(reminder_id=r2.pk) == "cancelled"
    assert list(Reminder.objects.order_by("pk").values_list("last_error", flat=True)) == [
        "The object was deleted.",
        "No longer applies.",
    ]
    assert Notification.objects.count() == 0


def test_user_without_email_gets_in_app_only(org_rule, django_capture_on_commit_callbacks):
    org_rule.targets = [(OrganisationFactory(), UserFactory(email=""))]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.channel) == ("sent", "in_app")
    assert Notification.objects.count() == 1
    assert mail.outbox == []


def test_in_app_preference_sends_no_email(org_rule, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind="test_kind", channel=Channel.IN_APP)
    org_rule.targets = [(OrganisationFactory(), user)]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    assert Reminder.objects.get().channel == "in_app"
    assert mail.outbox == []


def test_daily_digest_collects_reminders_in_one_email_once(
    org_rule, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ls.example.vn"
    user = UserFactory(email="hoa@example.org", language="vi")
    NotificationPreference.objects.create(user=user, kind="test_kind", channel=Channel.DIGEST)
    a = OrganisationFactory(name="Trường A")
    b = OrganisationFactory(name="Trường B")
    org_rule.targets = [(a, user), (b, user)]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.count() == 2

    with time_machine.travel(NOW + timedelta(hours=23), tick=False):
        assert services.digests_send() == 1
        assert services.digests_send() == 0
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["hoa@example.org"]
    assert "Thông báo: Trường A" in digest.body
    assert "Thông báo: Trường B" in digest.body
    assert f"https://ls.example.vn/organisations/{a.pk}/" in digest.body
    assert Reminder.objects.filter(digested_at__isnull=True).count() == 0


def test_digest_failure_keeps_the_rows_for_the_next_day(
    org_rule, django_capture_on_commit_callbacks, settings
):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind="test_kind", channel=Channel.DIGEST)
    org_rule.targets = [(OrganisationFactory(), user)]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "tests.notifications.test_engine.BrokenBackend"
    assert services.digests_send() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.digests_send() == 1
    assert len(mail.outbox) == 1


def test_inactive_recipient_is_cancelled(org_rule, django_capture_on_commit_callbacks):
    org_rule.targets = [(OrganisationFactory(), UserFactory(is_active=False))]
    with time_machine.travel(NOW, tick=False):
        scan(django_capture_on_commit_callbacks)
    assert Reminder.objects.get().state == "cancelled"
    assert mail.outbox == []


def _reset_pools(app):
    # Forget (never close: kombu keeps them in a global registry) the cached pools so
    # that the next publish connects to the current broker_url.
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_leaves_reminders_waiting_for_the_next_scan(
    org_rule, django_capture_on_commit_callbacks
):
    from learnsociety.celery import app

    org_rule.targets = [
        (OrganisationFactory(), UserFactory()),
        (OrganisationFactory(), UserFactory()),
    ]
    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "broker_transport_options": app.conf.broker_transport_options,
    }
    app.conf.update(
        task_always_eager=False,
        broker_url="redis://127.0.0.1:1/0",
        broker_transport_options={"socket_connect_timeout": 0.2, "max_retries": 0},
        task_publish_retry=False,
    )
    _reset_pools(app)
    try:
        with time_machine.travel(NOW, tick=False):
            result = scan(django_capture_on_commit_callbacks)
    finally:
        app.conf.update(task_publish_retry=True, **saved)
        _reset_pools(app)
    assert result.created["test.organisation"] == 2
    assert list(Reminder.objects.values_list("state", "enqueued_at")) == [
        ("pending", None),
        ("pending", None),
    ]
    # The broker is back: the next scan delivers them.
    with time_machine.travel(NOW + timedelta(minutes=15), tick=False):
        assert scan(django_capture_on_commit_callbacks).enqueued == 2
    assert sorted(Reminder.objects.values_list("state", flat=True)) == ["sent", "sent"]
    assert len(mail.outbox) == 2


def test_a_mistake_in_one_delivery_does_not_stop_the_others(
    org_rule, django_capture_on_commit_callbacks, settings
):
    org_rule.targets = [
        (OrganisationFactory(), UserFactory()),
        (OrganisationFactory(), UserFactory()),
    ]
    with time_machine.travel(NOW, tick=False):
        services.reminders_scan()
    first = Reminder.objects.order_by("pk").first()
    Reminder.objects.filter(pk=first.pk).update(context={})  # message() raises KeyError
    with (
        time_machine.travel(NOW + timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reminders_enqueue_due()
    assert list(Reminder.objects.order_by("pk").values_list("state", flat=True)) == [
        "sending",
        "sent",
    ]
