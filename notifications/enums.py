from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by e-mail at once")
    DIGEST = "digest", _("In the app and in a daily e-mail digest")


STATE_BADGE = {
    ReminderState.PENDING: "text-bg-secondary",
    ReminderState.SENDING: "text-bg-info",
    ReminderState.SENT: "text-bg-success",
    ReminderState.FAILED: "text-bg-danger",
    ReminderState.CANCELLED: "text-bg-light",
}

CHANNEL_SHORT = {
    Channel.IN_APP: _("In the app"),
    Channel.EMAIL: _("E-mail"),
    Channel.DIGEST: _("Daily digest"),
}
