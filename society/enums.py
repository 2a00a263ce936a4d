"""Choices of the learning-society returns and the moves their workflow allows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    VILLAGE = "village", _("Village")
    COMMUNE = "commune", _("Commune")


class FieldKind(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percentage")
    YES_NO = "yes_no", _("Yes / no")


class FromVillages(models.TextChoices):
    """How a commune field is computed when the return is filled village by village."""

    TYPED = "", _("Typed for the commune")
    SUM = "sum", _("Sum of the villages")
    COUNT = "count", _("Number of villages")


class RuleKind(models.TextChoices):
    NOT_ABOVE = "not_above", _("Not above another field")
    RANGE = "range", _("Within a range")
    JUMP = "jump", _("Change from last year at most N%")


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning (needs a comment)")


class FormStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("In use")


class VillageKind(models.TextChoices):
    BAN = "ban", _("Bản")
    TIEU_KHU = "tieu_khu", _("Tiểu khu")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    THON = "thon", _("Thôn")


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for corrections")
    ACCEPTED = "accepted", _("Accepted")


# The workflow: who may move a return from which state to which.
EDITABLE = (ReturnStatus.DRAFT, ReturnStatus.RETURNED)
TRANSITIONS: dict[str, set[str]] = {
    ReturnStatus.DRAFT: {ReturnStatus.SUBMITTED},
    ReturnStatus.RETURNED: {ReturnStatus.SUBMITTED},
    ReturnStatus.SUBMITTED: {ReturnStatus.RETURNED, ReturnStatus.ACCEPTED},
    # a correction of an accepted return needs a reason, then submission and acceptance again
    ReturnStatus.ACCEPTED: {ReturnStatus.DRAFT},
}

STATUS_BADGE: dict[str, str] = {
    ReturnStatus.NOT_STARTED: "text-bg-light",
    ReturnStatus.DRAFT: "text-bg-secondary",
    ReturnStatus.SUBMITTED: "text-bg-primary",
    ReturnStatus.RETURNED: "text-bg-warning",
    ReturnStatus.ACCEPTED: "text-bg-success",
}
