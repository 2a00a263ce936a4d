"""Returns of the learning-society models: forms defined as data, collection rounds, each
commune's yearly return (typed for the commune or village by village) and its review."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import (
    EDITABLE,
    STATUS_BADGE,
    FieldKind,
    FormStatus,
    FromVillages,
    Level,
    ReturnStatus,
    RuleKind,
    Severity,
    VillageKind,
)


class ReturnForm(models.Model):
    """A version of the return for one level (village or commune), from a year on.

    Published versions are locked: next year's change is a new version (copied, edited,
    published) — no code change."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year_from = models.PositiveSmallIntegerField(_("first year"))
    status = models.CharField(
        _("status"), max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return form")
        verbose_name_plural = _("return forms")
        ordering = ["level", "-year_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="society_form_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({_('version')} {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("society:form-detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == FormStatus.PUBLISHED


class ReturnField(models.Model):
    form = models.ForeignKey(
        ReturnForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="fields"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label (Vietnamese)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255, blank=True)
    section = models.CharField(_("section"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FieldKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=True)
    from_villages = models.CharField(
        _("when filled by village"),
        max_length=10,
        choices=FromVillages.choices,
        blank=True,
        default=FromVillages.TYPED,
    )
    village_field = models.SlugField(
        _("village field"),
        max_length=40,
        blank=True,
        help_text=_("Code of the village form's field that is added up."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return field")
        verbose_name_plural = _("return fields")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="society_field_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:

        if (translation.get_language() or "vi").startswith("en") and self.label_en:
            return self.label_en
        return self.label


class ReturnRule(models.Model):
    """A validation rule of a form: ``field`` ≤ ``other``; ``minimum`` ≤ ``field`` ≤
    ``maximum``; or ``field`` changed by at most ``percent``% since last year."""

    form = models.ForeignKey(
        ReturnForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RuleKind.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR
    )
    field = models.ForeignKey(
        ReturnField, verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        ReturnField,
        verbose_name=_("not above"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("largest change (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.field.code}: {self.get_kind_display()}"


class Village(models.Model):
    """A village, hamlet or residential group (bản, tiểu khu, tổ dân phố) of a commune."""

    commune = models.ForeignKey(
        "accounts.AdministrativeArea",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=VillageKind.choices)
    code = models.CharField(_("code"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="society_village_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CollectionRound(models.Model):
    """The yearly collection: its forms, its deadline and the administrative map it uses."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    commune_form = models.ForeignKey(
        ReturnForm,
        verbose_name=_("commune form"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.COMMUNE},
    )
    village_form = models.ForeignKey(
        ReturnForm,
        verbose_name=_("village form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.VILLAGE},
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    map_date = models.DateField(
        _("areas as on"),
        help_text=_(
            "Communes valid on this day file returns and are rolled up (the administrative "
            "map of the year counted)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collection round")
        verbose_name_plural = _("collection rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")), name="society_round_dates"
            )
        ]

    def __str__(self) -> str:
        return _("Learning-society count %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("society:completeness") + f"?year={self.year}"

    def is_overdue(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.deadline


class CommuneReturn(models.Model):
    round = models.ForeignKey(
        CollectionRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="returns"
    )
    area = models.ForeignKey(
        "accounts.AdministrativeArea",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="society_returns",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    by_village = models.BooleanField(_("filled by village"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commune return")
        verbose_name_plural = _("commune returns")
        ordering = ["-round__year", "area__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "area"], name="society_return_unique")
        ]
        indexes = [models.Index(fields=["round", "status"], name="society_return_status_idx")]

    def __str__(self) -> str:
        return f"{self.area} · {self.round.year}"

    def get_absolute_url(self) -> str:
        return reverse("society:return-detail", args=[self.pk])

    # What the state allows, for views and templates (which never spell out a state).
    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "")

    @property
    def can_be_edited(self) -> bool:
        """The commune may still change and submit the return."""
        return self.status in EDITABLE

    @property
    def can_be_reviewed(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.status == ReturnStatus.ACCEPTED

    @property
    def is_returned(self) -> bool:
        return self.status == ReturnStatus.RETURNED

    @property
    def is_late(self) -> bool:
        deadline = self.round.deadline
        if self.submitted_at:
            return timezone.localdate(self.submitted_at) > deadline
        return timezone.localdate() > deadline


class ReturnValue(models.Model):
    """One figure of a return: for the commune (``village`` empty) or for one village."""

    ret = models.ForeignKey(
        CommuneReturn, verbose_name=_("return"), on_delete=models.CASCADE, related_name="values"
    )
    field = models.ForeignKey(
        ReturnField, verbose_name=_("field"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("explanation"), blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return value")
        verbose_name_plural = _("return values")
        ordering = ["field__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ret", "field"],
                condition=Q(village__isnull=True),
                name="society_value_commune_unique",
            ),
            models.UniqueConstraint(
                fields=["ret", "field", "village"],
                condition=Q(village__isnull=False),
                name="society_value_village_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field.code} = {self.value}"


class ReturnTransition(models.Model):
    """Who moved a return from one state to another, when, and why."""

    ret = models.ForeignKey(CommuneReturn, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReturnStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReturnStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    is_correction = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("return transition")
        verbose_name_plural = _("return transitions")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["to_status", "ret"], name="society_transition_idx")]

    def __str__(self) -> str:
        return f"{self.ret_id}: {self.from_status} → {self.to_status}"
