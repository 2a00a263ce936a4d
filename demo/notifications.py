"""Demo preferences: most demo accounts keep the default (e-mail at once); ``principal2``
reads the school's reminders in a daily digest and ``reviewer`` only in the app, so the
three channels can be seen. Reminders themselves come from the scan (Celery beat, or
``python manage.py send_reminders`` by hand), never from the demo loader."""

from __future__ import annotations

from notifications.enums import Channel
from notifications.models import NotificationPreference

PREFERENCES = {
    "principal2": {"units_school": Channel.DIGEST, "awards_nominations": Channel.DIGEST},
    "reviewer": {"units_review": Channel.IN_APP},
}


def load(base: dict) -> None:
    users = base["users"]
    for username, channels in PREFERENCES.items():
        if username not in users:
            continue
        for kind, channel in channels.items():
            NotificationPreference.objects.update_or_create(
                user=users[username], kind=kind, defaults={"channel": channel}
            )
