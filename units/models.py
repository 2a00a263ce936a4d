"""Learning Units: school profiles, versioned criteria frameworks, assessment cycles,
self-assessments with evidence, reviews, recognition decisions and certificates."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.enums import Tier
from accounts.models import ProvinceFromArea
from learnsociety.models import Bilingual
from learnsociety.uploads import UploadTo, validate_upload

from .enums import (
    ASSESSMENT_BADGE,
    AWAITING_REVIEW,
    CYCLE_BADGE,
    FRAMEWORK_BADGE,
    SCHOOL_EDITABLE,
    AssessmentStatus,
    CriterionKind,
    CycleState,
    DenominatorSource,
    EducationLevel,
    FrameworkKind,
    FrameworkStatus,
)
from .outcomes import Value

# --- Schools -----------------------------------------------------------------------------


class School(models.Model):
    """The Learning-Unit profile of an organisation of kind school."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="school_profile",
    )
    education_level = models.CharField(
        _("education level"), max_length=30, choices=EducationLevel.choices
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        indexes = [models.Index(fields=["education_level"])]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("units:school-detail", args=[self.pk])

    def area_on(self, day: date):
        """The administrative area the school belonged to on ``day``."""
        for row in self.area_history.all():
            if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
                return row.area
        return self.organisation.area


class SchoolAreaHistory(models.Model):
    """Where a school was over time, so earlier cycles keep their district."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="area_history"
    )
    area = models.ForeignKey(
        "accounts.AdministrativeArea",
        verbose_name=_("administrative area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("area history")
        verbose_name_plural = _("area history")
        ordering = ["school", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["school", "valid_from"], name="school_area_from")
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.valid_from:%d/%m/%Y})"


class SchoolYearFigures(models.Model):
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveIntegerField(_("year"))
    staff = models.PositiveIntegerField(_("number of staff"))
    learners = models.PositiveIntegerField(_("number of learners"))

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["school", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="school_figures_year")
        ]

    def __str__(self) -> str:
        return f"{self.school_id} · {self.year}"


# --- Frameworks --------------------------------------------------------------------------


class Framework(Bilingual):
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=12, choices=FrameworkKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    education_levels = models.JSONField(
        _("kinds of institution"),
        default=list,
        blank=True,
        help_text=_("The kinds of institution these criteria assess; no other can use them."),
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria framework")
        verbose_name_plural = _("criteria frameworks")
        ordering = ["-valid_from", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version")
        ]

    def get_absolute_url(self) -> str:
        return reverse("units:framework-detail", args=[self.pk])

    @property
    def is_used(self) -> bool:
        return self.cycles.exists()

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkStatus.DRAFT

    @property
    def status_badge(self) -> str:
        return FRAMEWORK_BADGE.get(self.status, "text-bg-light")

    def covers(self, education_level: str) -> bool:
        return education_level in (self.education_levels or [])

    def education_level_labels(self) -> list[str]:
        labels = dict(EducationLevel.choices)
        return [str(labels.get(level, level)) for level in self.education_levels or []]


class FrameworkOutcome(Bilingual):
    """A level (threshold frameworks) or a grade band (points frameworks, from ``min_points``)."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="outcomes"
    )
    code = models.CharField(_("code"), max_length=30)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Higher is better."))
    min_points = models.DecimalField(
        _("minimum points"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["framework", "-rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="outcome_code_unique")
        ]


class CriterionGroup(Bilingual):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="groups"
    )
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["framework", "number"]


class Criterion(Bilingual):
    group = models.ForeignKey(
        CriterionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=CriterionKind.choices)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    denominator_source = models.CharField(
        _("denominator"),
        max_length=10,
        choices=DenominatorSource.choices,
        blank=True,
        default="",
    )
    applies_to_levels = models.JSONField(
        _("applies to education levels"),
        default=list,
        blank=True,
        help_text=_("Empty: every school."),
    )
    is_required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["group__number", "order"]

    def applies_to(self, education_level: str) -> bool:
        return not self.applies_to_levels or education_level in self.applies_to_levels


class CriterionRequirement(models.Model):
    """What a criterion must reach for a level: a minimum percentage (threshold) or
    'yes' (yes/no criteria, ``min_percent`` empty)."""

    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    outcome = models.ForeignKey(
        FrameworkOutcome,
        verbose_name=_("level"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    min_percent = models.DecimalField(
        _("required percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "outcome"], name="requirement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id} · {self.outcome_id}"


# --- Cycles ------------------------------------------------------------------------------


class Cycle(models.Model):
    year = models.PositiveIntegerField(_("year"))
    tier = models.CharField(
        _("tier"),
        max_length=12,
        choices=Tier.choices,
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="cycles"
    )
    opens_on = models.DateField(_("opening date"))
    submission_deadline = models.DateField(_("submission deadline"))
    review_deadline = models.DateField(_("review deadline"))
    authority = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("recognising authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Required for a provincial-tier cycle. Leave empty for a district- or commune-tier "
            "cycle: each school's dossier then goes to the People's Committee of the area the "
            "school belonged to on 31 December of the cycle's year."
        ),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=CycleState.choices, default=CycleState.UPCOMING
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        ordering = ["-year", "tier"]
        constraints = [models.UniqueConstraint(fields=["year", "tier"], name="cycle_year_tier")]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_tier_display()}"

    def get_absolute_url(self) -> str:
        return reverse("units:cycle-detail", args=[self.pk])

    @staticmethod
    def default_deadline(year: int) -> date:
        return date(year + 1, 1, 15)

    @property
    def reference_date(self) -> date:
        """The day whose administrative map decides a dossier's area, authority and
        reviewers: the last day of the year the data cover."""
        return date(self.year, 12, 31)

    @property
    def state_badge(self) -> str:
        return CYCLE_BADGE.get(self.state, "text-bg-light")


# --- Self-assessments --------------------------------------------------------------------


class SelfAssessment(ProvinceFromArea):
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="assessments"
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    # Where the school was on the cycle's reference date and who recognises it there, kept
    # on the dossier so that reviewers' queues and decisions do not depend on later moves.
    area = models.ForeignKey(
        "accounts.AdministrativeArea",
        verbose_name=_("administrative area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    authority = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("recognising authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    self_outcome = models.CharField(_("self-assessed outcome"), max_length=30, blank=True)
    self_points = models.DecimalField(
        _("self-assessed points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    verified_outcome = models.CharField(_("verified outcome"), max_length=30, blank=True)
    verified_points = models.DecimalField(
        _("verified points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    request_document = models.FileField(
        _("request for recognition"),
        upload_to=UploadTo("units/requests"),
        validators=[validate_upload],
        blank=True,
        max_length=300,
    )
    report_document = models.FileField(
        _("self-assessment report"),
        upload_to=UploadTo("units/reports"),
        validators=[validate_upload],
        blank=True,
        max_length=300,
    )
    late_allowed_until = models.DateField(_("late submission allowed until"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-cycle__year", "school__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "school"], name="assessment_unique_school")
        ]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            # One province's dossiers of a cycle by state (queues, homes, figures; issue 18).
            models.Index(fields=["province", "cycle", "status"], name="assessment_province_idx"),
            # The queue's counters by state over every province (administrators, national
            # viewers): an index-only count of the dossiers in progress, not a scan of all.
            models.Index(fields=["status", "province"], name="assessment_status_idx"),
            # The review queue: dossiers waiting for a reviewer, oldest first (issue 9).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=["submitted", "in_review", "resubmitted"]),
                name="assessment_awaiting_idx",
            ),
            # The staff home: verified dossiers waiting for a decision, per cycle.
            models.Index(
                fields=["cycle"],
                condition=Q(status="verified"),
                name="assessment_verified_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.cycle.year}"

    def save(self, *args, **kwargs):
        # Every dossier knows its area and authority: queues, filters and figures read the
        # column alone (one index), never a fallback to the school's area of today.
        if self.area_id is None and self.school_id and self.cycle_id:
            from units.selectors import dossier_place  # noqa: PLC0415 (import cycle)

            area_id, authority = dossier_place(school=self.school, cycle=self.cycle)
            self.area_id = area_id
            if self.authority_id is None and authority is not None:
                self.authority = authority
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:assessment-detail", args=[self.pk])

    # What the state allows, for templates (which never spell out a state).
    @property
    def status_badge(self) -> str:
        return ASSESSMENT_BADGE.get(self.status, "text-bg-light")

    @property
    def can_be_edited(self) -> bool:
        """The school may still change the dossier."""
        return self.status in SCHOOL_EDITABLE

    @property
    def can_be_reviewed(self) -> bool:
        """The dossier is waiting for its reviewer."""
        return self.status in AWAITING_REVIEW

    @property
    def is_returned(self) -> bool:
        return self.status == AssessmentStatus.RETURNED

    @property
    def shows_verified_outcome(self) -> bool:
        """The reviewer has begun verifying (or has verified) the results."""
        return self.verified_at is not None or self.status == AssessmentStatus.IN_REVIEW


class CriterionResult(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    numerator = models.PositiveIntegerField(_("meeting the target"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    answer = models.BooleanField(_("met"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    verified_points = models.DecimalField(
        _("verified points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    verified_numerator = models.PositiveIntegerField(
        _("verified: meeting the target"), null=True, blank=True
    )
    verified_denominator = models.PositiveIntegerField(_("verified: out of"), null=True, blank=True)
    verified_answer = models.BooleanField(_("verified: met"), null=True, blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        ordering = ["criterion__group__number", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.criterion_id}"

    @property
    def self_value(self) -> Value:
        """The school's own result, as the outcome rules compare and compute it."""
        return Value(self.points, self.numerator, self.denominator, self.answer)

    @property
    def verified_value(self) -> Value:
        """The reviewer's verified result, as the outcome rules compare and compute it."""
        return Value(
            self.verified_points,
            self.verified_numerator,
            self.verified_denominator,
            self.verified_answer,
        )


class Evidence(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("units/evidence"),
        validators=[validate_upload],
        max_length=300,
    )
    results = models.ManyToManyField(
        CriterionResult, verbose_name=_("criteria"), related_name="evidence", blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded"]

    def __str__(self) -> str:
        return self.title


class AssessmentTransition(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=AssessmentStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=AssessmentStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


# --- Recognition -------------------------------------------------------------------------


class RecognitionDecision(models.Model):
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="decisions"
    )
    authority = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("recognising authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=150)
    document = models.FileField(
        _("scanned decision"),
        upload_to=UploadTo("units/decisions"),
        validators=[validate_upload],
        blank=True,
        max_length=300,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            # Each authority numbers its own decisions, afresh every year.
            models.UniqueConstraint(
                "authority",
                "number",
                ExtractYear("decided_on"),
                name="decision_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("units:decision-detail", args=[self.pk])


class Recognition(models.Model):
    """A school recognised as a Learning Unit for a year: from a decision recorded here,
    or imported from the province's history (decision number and date only)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="recognitions"
    )
    year = models.PositiveIntegerField(_("year"))
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.ForeignKey(
        FrameworkOutcome,
        verbose_name=_("level or grade"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    assessment = models.OneToOneField(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognition",
    )
    decision = models.ForeignKey(
        RecognitionDecision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    certificate_code = models.CharField(
        _("verification code"), max_length=20, unique=True, null=True, blank=True
    )
    revoked = models.BooleanField(_("revoked"), default=False)
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-year", "school__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "cycle"],
                condition=Q(cycle__isnull=False),
                name="recognition_once_per_cycle",
            ),
            models.UniqueConstraint(
                fields=["school", "year", "framework"], name="recognition_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.year}"


class CertificateBundle(models.Model):
    """All the certificates of a decision in one PDF for printing, made in the background
    (a decision may recognise hundreds of schools); ``done`` counts progress."""

    decision = models.OneToOneField(
        RecognitionDecision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="certificate_bundle",
    )
    file = models.FileField(
        _("certificates (PDF)"), upload_to=UploadTo("units/certificates"), blank=True
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    running = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate bundle")
        verbose_name_plural = _("certificate bundles")

    def __str__(self) -> str:
        return str(self.decision)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def ready(self) -> bool:
        return bool(self.file) and not self.running and not self.error


class ImportJob(models.Model):
    """A large spreadsheet import (schools, past recognitions, a reorganisation of areas)
    checked or written by a Celery task, so that no web request parses tens of thousands
    of rows. All-or-nothing like every import: the rows are written only if none has an
    error; ``checked`` counts progress and the report keeps the rows with errors."""

    class Kind(models.TextChoices):
        SCHOOLS = "schools", _("Schools")
        RECOGNITIONS = "recognitions", _("Past recognitions")
        REFORM = "reform", _("Reorganisation of areas")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the rows")
        WRITING = "writing", _("Saving the rows")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=UploadTo("units/imports"))
    dry_run = models.BooleanField(_("dry run"), default=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="queued")
    total = models.PositiveIntegerField(_("rows"), default=0)
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    written = models.BooleanField(_("written"), default=False)
    file_error = models.CharField(_("file error"), max_length=500, blank=True)
    # The rows with errors (at most IMPORT_REPORT_ROWS): line, values and messages.
    errors = models.JSONField(_("rows with errors"), default=list, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("units:import-job", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.CHECKING, self.State.WRITING}

    @property
    def ok(self) -> bool:
        return self.state == self.State.DONE and not self.file_error and not self.error_count

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, round(100 * self.checked / self.total)) if self.total else 0
