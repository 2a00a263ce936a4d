from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import Role
from notifications.enums import Channel, ReminderState
from notifications.models import Notification, NotificationPreference, Reminder
from tests.factories.accounts import UserFactory, user_with_role
from tests.factories.notifications import NotificationFactory, ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return user_with_role(Role.ADMINISTRATOR, username="quantri")


def test_list_shows_own_notifications_with_bell_count(client):
    user = UserFactory()
    NotificationFactory(recipient=user, title="Hạn nộp tự đánh giá")
    NotificationFactory(recipient=user, title="Đã đọc", read_at=timezone.now())
    NotificationFactory(title="Của người khác")
    client.force_login(user)
    response = client.get("/notifications/")
    body = response.content.decode()
    assert response.context["unread_notifications"] == 1
    assert [n.title for n in response.context["page_obj"]] == ["Đã đọc", "Hạn nộp tự đánh giá"]
    assert "Của người khác" not in body
    assert 'href="/notifications/preferences/"' in body
    assert "/notifications/outbox/" not in body


def test_open_marks_read_and_follows_the_link(client):
    user = UserFactory()
    note = NotificationFactory(recipient=user, url="/units/assessments/5/")
    client.force_login(user)
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/units/assessments/5/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_open_another_persons_notification_is_404(client):
    note = NotificationFactory()
    client.force_login(UserFactory())
    assert client.post(f"/notifications/{note.pk}/open/").status_code == 404


def test_list_query_count_does_not_grow(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    NotificationFactory(recipient=user)
    client.get("/notifications/")  # warm the session
    with django_assert_num_queries(11) as one:
        client.get("/notifications/")
    NotificationFactory.create_batch(20, recipient=user)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/notifications/")


def test_preferences_list_the_kinds_of_the_users_roles(client, admin_user):
    client.force_login(user_with_role(Role.PRINCIPAL))
    page = client.get("/notifications/preferences/")
    assert list(page.context["form"].fields) == ["units_school", "awards_nominations"]
    client.force_login(user_with_role(Role.TIER_REVIEWER))
    assert list(client.get("/notifications/preferences/").context["form"].fields) == [
        "units_review"
    ]


def test_preferences_page_saves_a_channel_per_kind(client, admin_user):
    user = admin_user
    client.force_login(user)
    page = client.get("/notifications/preferences/")
    kinds = list(page.context["form"].fields)
    assert kinds == [
        "programme",
        "units_school",
        "units_review",
        "awards_nominations",
        "awards_reviews",
        "society_returns",
    ]
    data = dict.fromkeys(kinds, Channel.EMAIL) | {"units_school": Channel.DIGEST}
    response = client.post("/notifications/preferences/", data)
    assert response["Location"] == "/notifications/preferences/"
    assert (
        dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
        == data
    )
    assert (
        client.get("/notifications/preferences/").context["form"]["units_school"].initial
        == "digest"
    )


def test_preferences_refuse_unknown_channel(client):
    user = user_with_role(Role.DEPARTMENT_STAFF)
    client.force_login(user)
    response = client.post("/notifications/preferences/", {"programme": "pigeon"})
    assert response.status_code == 200
    assert response.context["form"].errors["programme"]
    assert NotificationPreference.objects.count() == 0


def test_preferences_without_email_offer_in_app_only(client):
    user = user_with_role(Role.DEPARTMENT_STAFF, email="", language="en")
    client.force_login(user)
    page = client.get("/notifications/preferences/")
    assert [c for c, _label in page.context["form"].fields["programme"].choices] == ["in_app"]
    assert "has no e-mail address" in page.content.decode()


@pytest.mark.parametrize("role", [Role.DEPARTMENT_STAFF, Role.PRINCIPAL, Role.TIER_REVIEWER])
def test_outbox_is_for_administrators_only(client, role):
    reminder = ReminderFactory(state=ReminderState.FAILED, last_error="boom")
    client.force_login(user_with_role(role))
    assert client.get("/notifications/outbox/").status_code == 404
    assert client.post(f"/notifications/outbox/{reminder.pk}/resend/").status_code == 404
    reminder.refresh_from_db()
    assert reminder.state == "failed"


def test_outbox_lists_sent_and_failed_with_errors(client, admin_user):
    ReminderFactory(
        state=ReminderState.SENT,
        sent_at=timezone.now(),
        object_label="Trường THCS Chiềng Lề",
        recipient=UserFactory(full_name="Cầm Thị Lan"),
    )
    ReminderFactory(
        state=ReminderState.FAILED,
        last_error="SMTPRecipientsRefused: hop thu day",
        attempts=3,
        object_label="Trường THCS Mộc Lỵ",
    )
    client.force_login(admin_user)
    response = client.get("/notifications/outbox/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cầm Thị Lan" in body
    assert "SMTPRecipientsRefused: hop thu day" in body
    counts = {state: n for state, _label, n in response.context["counts"]}
    assert counts == {"pending": 0, "sending": 0, "sent": 1, "failed": 1, "cancelled": 0}
    failed_only = client.get("/notifications/outbox/?state=failed")
    assert [r.object_label for r in failed_only.context["page_obj"]] == ["Trường THCS Mộc Lỵ"]
    search = client.get("/notifications/outbox/?q=Chi%E1%BB%81ng")
    assert [r.object_label for r in search.context["page_obj"]] == ["Trường THCS Chiềng Lề"]


def test_outbox_query_count_does_not_grow(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    ReminderFactory()
    client.get("/notifications/outbox/")
    with django_assert_num_queries(10) as one:
        client.get("/notifications/outbox/")
    ReminderFactory.create_batch(15)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/notifications/outbox/")


def test_resend_failed_reminder_sends_the_email_again(
    client, admin_user, org_rule, django_capture_on_commit_callbacks
):
    user = UserFactory(email="lan@example.org")
    reminder = ReminderFactory(
        recipient=user,
        state=ReminderState.FAILED,
        attempts=5,
        last_error="SMTP down",
        next_attempt_at=None,
        notification=NotificationFactory(recipient=user),
    )
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/notifications/outbox/{reminder.pk}/resend/",
            {"next": "/notifications/outbox/?state=failed"},
        )
    assert response["Location"] == "/notifications/outbox/?state=failed"
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, reminder.last_error) == ("sent", 1, "")
    assert [m.to for m in mail.outbox] == [["lan@example.org"]]
    assert Notification.objects.count() == 1  # the in-app one is not repeated


def test_resend_sent_reminder_delivers_it_again_in_full(
    client, admin_user, org_rule, django_capture_on_commit_callbacks
):
    reminder = ReminderFactory(state=ReminderState.SENT, sent_at=timezone.now() - timedelta(days=1))
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/notifications/outbox/{reminder.pk}/resend/")
    reminder.refresh_from_db()
    assert reminder.state == "sent"
    assert Notification.objects.filter(recipient=reminder.recipient).count() == 1
    assert len(mail.outbox) == 1


def test_resend_pending_reminder_is_refused(client, admin_user):
    reminder = ReminderFactory(state=ReminderState.PENDING)
    client.force_login(admin_user)
    response = client.post(f"/notifications/outbox/{reminder.pk}/resend/", follow=True)
    assert (
        "Chỉ có thể gửi lại" in response.content.decode()
        or "Only a sent or failed" in response.content.decode()
    )
    reminder.refresh_from_db()
    assert reminder.state == "pending"
    assert Reminder.objects.count() == 1


def test_outbox_reasons_read_in_the_page_s_language(client, admin_user):
    from notifications.services import OBJECT_DELETED

    ReminderFactory(state=ReminderState.CANCELLED, last_error=OBJECT_DELETED)
    client.force_login(admin_user)
    body = client.get("/notifications/outbox/").content.decode()
    assert "Đối tượng cần nhắc đã bị xóa." in body
    assert "The object was deleted." not in body
