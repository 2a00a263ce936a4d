from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import Channel, NotificationKind, ReminderState


class Notification(models.Model):
    """One in-app message to one person, written in each language of the site when
    created and shown in the language the reader uses when reading it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    # The same in English (``title``/``body`` are Vietnamese, the site's language).
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_en = models.TextField(_("message (English)"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created"]),
            # A person's notification list, newest first (issue 9).
            models.Index(fields=["recipient", "-created", "-id"], name="notification_list_idx"),
        ]

    def __str__(self) -> str:
        return self.shown_title

    def _english(self) -> bool:
        return (get_language() or "vi").startswith("en")

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (Vietnamese when no English was written)."""
        return (self.title_en if self._english() else "") or self.title

    @property
    def shown_body(self) -> str:
        return (self.body_en if self._english() and self.title_en else "") or self.body


class Reminder(models.Model):
    """The outbox: one row per (rule, object, recipient, occasion), inserted by the scan in
    the transaction that decides to remind, and claimed by a conditional UPDATE before it
    is delivered, so that it goes out exactly once whatever the workers do."""

    rule = models.CharField(_("rule"), max_length=80)
    kind = models.CharField(_("kind"), max_length=60, choices=NotificationKind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    occasion = models.CharField(_("occasion"), max_length=60)
    context = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    notification = models.OneToOneField(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder",
    )
    # Daily digest: claimed by a token, then stamped when the digest e-mail went out.
    digest_token = models.CharField(max_length=32, blank=True)
    digest_claimed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(_("in digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "occasion"],
                name="reminder_once_per_occasion",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["content_type", "state"]),
            models.Index(fields=["recipient", "channel", "digested_at"]),
            # The administrators' outbox, newest first: a page without sorting every row.
            models.Index(fields=["-created", "-id"], name="reminder_outbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.object_label} · {self.occasion}"


class NotificationPreference(models.Model):
    """How one person wants to hear about one kind of reminder (default: e-mail at once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.channel}"
