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


class NotificationKind(models.TextChoices):
    """Every kind of notification, the one list: reminder kinds (a person picks a channel
    for each; each app's ``reminders.py`` names in ``KINDS`` the roles that receive
    them) and the kinds of the in-app notifications apps send when something happens."""

    PROGRAMME = "programme", _("Programme milestones and progress reports")
    UNITS_SCHOOL = "units_school", _("Self-assessments of my school")
    UNITS_REVIEW = "units_review", _("Dossiers waiting for review")
    AWARDS_NOMINATIONS = "awards_nominations", _("My organisation's nominations")
    AWARDS_REVIEWS = "awards_reviews", _("Nominations I review")
    SOCIETY_RETURNS = "society_returns", _("Learning-society returns of my commune")
    # Sent in the app at the moment of the event.
    UNITS = "units", _("Self-assessments and reviews")
    PROGRAMME_REPORT = "programme_report", _("Progress reports")
    AWARDS_NOMINATION = "awards.nomination", _("Nominations")
    AWARDS_ASSIGNED = "awards.assigned", _("Nominations assigned for review")
    AWARDS_RESUBMITTED = "awards.resubmitted", _("Resubmitted nominations")
    EXPORTS = "exports", _("Exports ready to download")


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
