"""A notification is written in both languages and read in the reader's current one,
whoever caused it and in whatever language they were working."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from learnsociety.i18n import lazy_format
from notifications.models import Notification
from notifications.services import notification_create
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db


def test_a_notification_follows_the_reader_s_language(client):
    reader = user_with_role("principal")
    # Caused by someone working in English.
    with translation.override("en"):
        notification_create(
            recipient=reader,
            kind="awards.nomination",
            title=lazy_format(
                gettext_lazy("The nomination of %(name)s was not approved"), name="Lò Thị Hoa"
            ),
            url="/awards/",
        )
    note = Notification.objects.get()
    assert note.title == "Hồ sơ đề nghị khen thưởng Lò Thị Hoa không được duyệt"
    assert note.title_en == "The nomination of Lò Thị Hoa was not approved"
    client.force_login(reader)
    assert note.title in client.get("/notifications/").content.decode()
    # The reader switches to English: the same notification reads in English.
    reader.language = "en"
    reader.save()
    english = client.get("/notifications/").content.decode()
    assert note.title_en in english
    assert note.title not in english


def test_notifications_written_before_both_languages_keep_their_text(client):
    reader = user_with_role("principal")
    Notification.objects.create(recipient=reader, kind="units", title="Hồ sơ đã được xác nhận")
    reader.language = "en"
    reader.save()
    client.force_login(reader)
    assert "Hồ sơ đã được xác nhận" in client.get("/notifications/").content.decode()
