"""Reminders in the browser: the principal sees the bell with the reminder for the open
cycle (after the scan Celery beat runs, here by hand seven days before the deadline),
opens it and lands on the school's self-assessment; the administrator's outbox."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import login

# An earlier browser test's flush removes the data migrations' rows (the units criteria
# frameworks); load_demo puts them back (demo.units.ensure_frameworks), so no serialized
# rollback is needed (it clashed with content types recreated after the flush).


@pytest.fixture
def reminded(demo_live):
    from accounts.enums import Tier
    from units.enums import CycleState
    from units.models import Cycle

    cycle = Cycle.objects.get(state=CycleState.OPEN, tier=Tier.COMMUNE)
    day = cycle.submission_deadline - timedelta(days=7)
    call_command("send_reminders", "--now", day.isoformat(), stdout=StringIO())
    return cycle


def _unread(username: str) -> int:
    from notifications.models import Notification

    return Notification.objects.filter(recipient__username=username, read_at__isnull=True).count()


def test_principal_opens_the_cycle_reminder_from_the_bell(page, demo_live, reminded, shot):
    from notifications.models import Reminder

    reminder = Reminder.objects.get(rule="units.cycle_closing", recipient__username="principal")
    assert reminder.state == "sent"
    unread = _unread("principal")
    login(page, demo_live.url, "principal")
    assert page.locator("[data-testid=unread-count]").inner_text() == str(unread)
    shot(page, "notifications-bell-principal-vi")

    page.click("a[title='Thông báo']")
    page.wait_for_load_state("networkidle")
    item = page.locator("[data-testid=notification-list] li").filter(
        has_text="đến hạn nộp tự đánh giá năm"
    )
    assert item.count() == 1
    assert "Trường THCS Chiềng Lề" in item.inner_text()
    shot(page, "notifications-list-principal-vi")

    item.get_by_role("button", name="Mở").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{demo_live.url}{reminder.url}"
    shot(page, "notifications-opened-principal-vi")
    assert _unread("principal") == unread - 1
    badge = page.locator("[data-testid=unread-count]")
    assert (badge.inner_text() if badge.count() else "0") == str(unread - 1)


def test_reminders_in_english_and_on_a_phone(page, phone_page, demo_live, reminded, shot):
    login(page, demo_live.url, "principal")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{demo_live.url}/notifications/")
    # The notification was written in the principal's language when it was sent.
    assert page.locator("h1").inner_text() == "Notifications"
    shot(page, "notifications-list-principal-en")
    page.click("[data-testid=preferences-link]")
    page.wait_for_load_state("networkidle")
    page.check("input[name=units_school][value=digest]")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Your notification preferences were saved." in page.locator(".alert").inner_text()
    assert page.is_checked("input[name=units_school][value=digest]")
    shot(page, "notifications-preferences-en")

    login(phone_page, demo_live.url, "principal")
    phone_page.goto(f"{demo_live.url}/notifications/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone_page, "notifications-list-principal-phone")


def test_administrator_sees_the_outbox_and_resends(page, demo_live, reminded, shot):
    from notifications.models import Reminder

    failed = Reminder.objects.filter(state="sent").order_by("pk").first()
    Reminder.objects.filter(pk=failed.pk).update(
        state="failed", last_error="SMTPServerDisconnected: Connection unexpectedly closed"
    )
    login(page, demo_live.url, "admin")
    page.goto(f"{demo_live.url}/notifications/")
    page.get_by_role("link", name="Hộp thư đi").click()
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-testid=outbox-table]")
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in table.inner_text()
    shot(page, "notifications-outbox-admin-vi")
    page.goto(f"{demo_live.url}/notifications/outbox/?state=failed")
    page.get_by_role("button", name="Gửi lại").click()
    page.wait_for_load_state("networkidle")
    assert "Đã gửi lại nhắc việc." in page.locator(".alert").inner_text()
    failed.refresh_from_db()
    assert failed.state == "sent"
    shot(page, "notifications-outbox-resent-vi")
