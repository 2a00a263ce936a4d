from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from .models import Notification


def notification_create(*, recipient, kind: str, title, url: str = "", body="") -> Notification:
    """Create an in-app notification. ``title`` and ``body`` may be lazy translations:
    they are rendered in the recipient's language."""
    with translation.override(getattr(recipient, "language", None) or "vi"):
        return Notification.objects.create(
            recipient=recipient, kind=kind, title=str(title)[:300], body=str(body), url=url
        )


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
