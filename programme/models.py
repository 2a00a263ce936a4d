from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from learnsociety.uploads import UploadTo, display_name, validate_upload

from .enums import (
    FEATURE_BADGE,
    REPORT_BADGE,
    REPORT_EDITABLE,
    THEME_GROUP,
    Area,
    ComputedSource,
    Direction,
    FeatureStatus,
    FeatureTheme,
    MilestoneStatus,
    Party,
    PeriodKind,
    ReportStatus,
    Source,
    Unit,
)

YEARS = tuple(range(2024, 2031))


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    parties = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("parties"), related_name="programmes"
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), default=2024)
    end_year = models.PositiveSmallIntegerField(_("last year"), default=2030)
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    signed_document = models.FileField(
        _("signed document"),
        upload_to=UploadTo("programme/signed"),
        validators=[validate_upload],
        blank=True,
        max_length=300,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="programme_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if translation.get_language() == "en" else self.title_vi

    @property
    def period_start(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def period_end(self) -> date:
        return date(self.end_year, 12, 31)

    @cached_property
    def party_provinces(self) -> dict[int, int | None]:
        """``{party id: its province id}``, read once per instance: the commitment form
        asks it for its partners and for its people."""
        return dict(self.parties.values_list("pk", "province_id"))


class Commitment(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="commitments"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("thematic area"), max_length=20, choices=Area.choices)
    lead_party = models.CharField(_("lead party"), max_length=12, choices=Party.choices)
    partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="programme_commitments",
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible people"),
        blank=True,
        related_name="programme_commitments",
    )
    history = HistoricalRecords(m2m_fields=[partners, responsible])

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="commitment_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programme:commitment-detail", args=[self.pk])


def _target_field(label):
    return models.DecimalField(label, max_digits=12, decimal_places=2, null=True, blank=True)


class Indicator(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    numerator_label = models.CharField(
        _("numerator"),
        max_length=200,
        blank=True,
        help_text=_("What is counted, e.g. schools recognised."),
    )
    denominator_label = models.CharField(
        _("denominator"), max_length=200, blank=True, help_text=_("Out of what, e.g. all schools.")
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = _target_field(_("baseline value"))
    target_2024 = _target_field(_("target 2024"))
    target_2025 = _target_field(_("target 2025"))
    target_2026 = _target_field(_("target 2026"))
    target_2027 = _target_field(_("target 2027"))
    target_2028 = _target_field(_("target 2028"))
    target_2029 = _target_field(_("target 2029"))
    target_2030 = _target_field(_("target 2030"))
    target_mid_term = _target_field(_("mid-term target (2027)"))
    target_final = _target_field(_("final target (2030)"))
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    computed_source = models.CharField(
        _("computed from"), max_length=32, choices=ComputedSource.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["commitment", "code"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(source="manual", computed_source="")
                | Q(source="computed") & ~Q(computed_source=""),
                name="indicator_computed_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def target_for(self, year: int) -> Decimal | None:
        return getattr(self, f"target_{year}", None) if year in YEARS else None

    def targets(self) -> list[tuple[int, Decimal | None]]:
        return [(year, self.target_for(year)) for year in YEARS]

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED


class Milestone(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_milestones",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField(_("done date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["commitment", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | ~Q(status="done"),
                name="milestone_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date | None = None) -> bool:
        """Derived, never stored: not done or cancelled and past its due date."""
        today = today or timezone.localdate()
        return (
            self.status in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
            and self.due_date < today
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ProgressReport(models.Model):
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.CharField(_("reporting period"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    narrative = models.TextField(_("narrative"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The party of the author: the other party (or an administrator) reviews.
    author_party = models.CharField(_("author's party"), max_length=12, choices=Party.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Everyone who wrote or changed the text: none of them may review it.
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), related_name="+", blank=True
    )
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
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period", "year"], name="report_period_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "commitment"])]

    def __str__(self) -> str:
        return f"{self.commitment.code} · {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("programme:report-detail", args=[self.pk])

    # What the state allows, for views and templates (which never spell out a state).
    @property
    def status_badge(self) -> str:
        return REPORT_BADGE.get(self.status, "text-bg-secondary")

    @property
    def can_be_edited(self) -> bool:
        """The authors may change and submit the report."""
        return self.status in REPORT_EDITABLE

    @property
    def can_be_reviewed(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def is_returned(self) -> bool:
        return self.status == ReportStatus.RETURNED

    @property
    def period_label(self) -> str:
        if self.period == PeriodKind.HALF_YEAR:
            return _("First half of %(year)s") % {"year": self.year}
        if self.period == PeriodKind.YEAR:
            return _("Year %(year)s") % {"year": self.year}
        return f"{self.get_period_display()} {self.year}"


class ReportTransition(models.Model):
    """Who moved a report from one state to another, when, and why."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    is_correction = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class EvidenceFile(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("programme/evidence"),
        validators=[validate_upload],
        max_length=300,
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title or self.filename

    @property
    def filename(self) -> str:

        return display_name(self.file)


class IndicatorValue(models.Model):
    """The actual value of a manual indicator reported in one progress report."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("actual value"), max_digits=12, decimal_places=2)
    numerator = models.DecimalField(
        _("numerator"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    evidence = models.ManyToManyField(
        EvidenceFile, verbose_name=_("evidence"), blank=True, related_name="values"
    )
    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_unique_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


class LearningCityFeature(models.Model):
    """One item of the UNESCO Key Features of Learning Cities checklist."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="learning_city_features",
    )
    theme = models.CharField(_("heading"), max_length=20, choices=FeatureTheme.choices)
    title = models.CharField(_("feature"), max_length=400)
    status = models.CharField(
        _("status"), max_length=12, choices=FeatureStatus.choices, default=FeatureStatus.NOT_STARTED
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=UploadTo("programme/learning-city"),
        validators=[validate_upload],
        blank=True,
        max_length=300,
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("learning-city key feature")
        verbose_name_plural = _("learning-city key features")
        ordering = ["theme", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def group(self):
        return THEME_GROUP[FeatureTheme(self.theme)]

    @property
    def status_badge(self) -> str:
        return FEATURE_BADGE.get(self.status, "text-bg-secondary")
