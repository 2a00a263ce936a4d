"""Award forms, nomination rounds, nominations with their dossiers, reviews, decisions and
commendations (Law on Emulation and Commendation 06/2022/QH15)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from learnsociety.models import Bilingual
from learnsociety.uploads import UploadTo, display_name, validate_upload

from .enums import (
    EDITABLE,
    NOMINATION_TRANSITIONS,
    STATUS_BADGE,
    AchievementKind,
    CollectiveKind,
    CouncilPosition,
    DocumentKind,
    Gender,
    NominationStatus,
    NomineeKind,
    Procedure,
    Recommendation,
    RubricKind,
)

SCORE_MAX = Decimal("10")


def normalise_name(name: str) -> str:
    """Names compare without regard to case, spacing or Unicode composition (but keep
    Vietnamese diacritics: "Lan" and "Lân" are different people)."""
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


class AwardForm(Bilingual):
    """A form of commendation: a certificate of merit, a medal, a scholarship or prize.

    Who may award what is data (Law 06/2022/QH15 Art. 80; Decree 98/2023/NĐ-CP): the
    issuer is the organisation whose head signs the decision; a *decided* form is given
    by an issuer that uses the app, a *proposed* one by a higher body to which the
    proposing organisation sends a proposal, recording the decision that comes back."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    issuing_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="award_forms",
        help_text=_("The organisation whose head signs the decision and the certificate."),
    )
    procedure = models.CharField(
        _("procedure"), max_length=10, choices=Procedure.choices, default=Procedure.DECIDED
    )
    proposing_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("proposing organisation"),
        on_delete=models.PROTECT,
        related_name="award_forms_proposed",
        null=True,
        blank=True,
        help_text=_(
            "For a proposed form: the organisation that prepares the proposal and records "
            "the issuer's decision."
        ),
    )
    achievement_kind = models.CharField(
        _("kind of achievement"),
        max_length=12,
        choices=AchievementKind.choices,
        default=AchievementKind.YEARLY,
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    nominee_kind = models.CharField(
        _("nominees"), max_length=12, choices=NomineeKind.choices, default=NomineeKind.BOTH
    )
    criteria = models.TextField(_("criteria"), blank=True)
    monetary_value = models.DecimalField(
        _("monetary value (VND)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    default_quota = models.PositiveIntegerField(_("default quota per round"), default=10)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(procedure=Procedure.DECIDED, proposing_organisation__isnull=True)
                    | Q(procedure=Procedure.PROPOSED, proposing_organisation__isnull=False)
                ),
                name="awards_form_proposer_iff_proposed",
            )
        ]

    def accepts(self, kind: str) -> bool:
        return self.nominee_kind in (NomineeKind.BOTH, kind)

    @property
    def is_proposed(self) -> bool:
        return self.procedure == Procedure.PROPOSED

    @property
    def acting_organisation_id(self) -> int:
        """The organisation in the app that runs the form: its council reviews the
        nominations and its managers record the decision (the issuer's own, or the one
        the higher body sent back)."""
        if self.is_proposed:
            # set whenever the form is proposed (check constraint awards_form_proposer_iff_proposed)
            return cast(int, self.proposing_organisation_id)
        return self.issuing_organisation_id


class Council(models.Model):
    """The emulation and commendation council (Hội đồng Thi đua - Khen thưởng) of an
    organisation that decides or proposes awards; its members review the nominations."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="award_council",
    )
    name = models.CharField(
        _("name"), max_length=255, default="Hội đồng Thi đua - Khen thưởng", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation and commendation council")
        verbose_name_plural = _("emulation and commendation councils")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("awards:council-detail", args=[self.organisation_id])


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="award_council_seats",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("member's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Where the member works: they never review nominations of or for it "
            "(conflict of interest)."
        ),
    )
    position = models.CharField(
        _("position in the council"),
        max_length=12,
        choices=CouncilPosition.choices,
        default=CouncilPosition.MEMBER,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added = models.DateTimeField(_("added"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "position", "user__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="awards_council_member_once")
        ]

    def __str__(self) -> str:
        return self.user.get_full_name()


class NominationRound(models.Model):
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    opening_date = models.DateField(_("opening date"))
    submission_deadline = models.DateField(_("submission deadline"))
    review_deadline = models.DateField(_("review deadline"))
    reviews_required = models.PositiveSmallIntegerField(
        _("reviews required per nomination"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    rubric_kind = models.CharField(
        _("scoring"), max_length=10, choices=RubricKind.choices, default=RubricKind.SCORED
    )
    forms = models.ManyToManyField(
        AwardForm, through="RoundForm", verbose_name=_("award forms"), related_name="rounds"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination round")
        verbose_name_plural = _("nomination rounds")
        ordering = ["-year", "-opening_date"]
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="awards_round_unique_title"),
            models.CheckConstraint(
                condition=Q(submission_deadline__gte=models.F("opening_date"))
                & Q(review_deadline__gte=models.F("submission_deadline")),
                name="awards_round_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:round-detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.opening_date <= day <= self.submission_deadline


class RoundForm(models.Model):
    """A form offered in a round, with its quota for that round."""

    round = models.ForeignKey(NominationRound, on_delete=models.CASCADE, related_name="round_forms")
    form = models.ForeignKey(
        AwardForm,
        verbose_name=_("award form"),
        on_delete=models.PROTECT,
        related_name="round_forms",
    )
    quota = models.PositiveIntegerField(_("quota"))

    class Meta:
        verbose_name = _("form offered")
        verbose_name_plural = _("forms offered")
        ordering = ["form__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "form"], name="awards_roundform_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form} ({self.quota})"


class RubricCriterion(Bilingual):
    round = models.ForeignKey(NominationRound, on_delete=models.CASCADE, related_name="criteria")
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["round", "order", "id"]


class DisciplineFlag(models.Model):
    """The register officers keep of people and collectives under discipline, investigation
    or an unresolved complaint: they may not be commended while the flag is active. A
    person is matched by name and date of birth (or identity number) wherever they work
    now, so moving to another school does not escape the flag; the organisation is where
    they were when it was raised."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="discipline_flags",
    )
    person_name = models.CharField(
        _("person's name"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty when the whole organisation is concerned."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    identity_number = models.CharField(
        _("identity number"),
        max_length=12,
        blank=True,
        help_text=_("Optional: the citizen identity card number (12 digits)."),
    )
    normalised_name = models.CharField(max_length=150, blank=True, editable=False)
    reason = models.CharField(_("reason"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline flag")
        verbose_name_plural = _("discipline register")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["organisation", "normalised_name"]),
            models.Index(fields=["normalised_name", "date_of_birth"]),
            models.Index(fields=["identity_number"]),
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.organisation)


class Nomination(models.Model):
    round = models.ForeignKey(
        NominationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="+"
    )
    nominee_kind = models.CharField(
        _("nominee"),
        max_length=12,
        choices=[
            (NomineeKind.INDIVIDUAL, NomineeKind.INDIVIDUAL.label),
            (NomineeKind.COLLECTIVE, NomineeKind.COLLECTIVE.label),
        ],
    )
    collective_kind = models.CharField(
        _("collective"), max_length=12, choices=CollectiveKind.choices, blank=True
    )
    nominee_name = models.CharField(_("nominee's name"), max_length=255)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    identity_number = models.CharField(
        _("identity number"),
        max_length=12,
        blank=True,
        help_text=_("Optional: the citizen identity card number (12 digits); never published."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_pupil = models.BooleanField(
        _("the nominee is a pupil"),
        default=False,
        help_text=_("Pupils are minors: public pages never show their name."),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    public_consent = models.BooleanField(
        _("agrees to appear on the public honour roll"),
        default=False,
        help_text=_("An adult appears by name on the public honour roll only with consent."),
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    overlap_reason = models.TextField(
        _("why the overlapping award is not the same achievement"), blank=True
    )
    overlap_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overlap resolved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    overlap_resolved_at = models.DateTimeField(_("overlap resolved"), null=True, blank=True)
    nominee_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("nominee's organisation"),
        on_delete=models.PROTECT,
        related_name="award_nominations_received",
    )
    group_size = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    women_percent = models.DecimalField(
        _("share of women (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    nominating_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("nominating organisation"),
        on_delete=models.PROTECT,
        related_name="award_nominations_made",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievement_start = models.DateField(_("achievement period from"))
    achievement_end = models.DateField(_("achievement period to"))
    summary = models.TextField(_("summary of achievements"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
        db_index=True,
    )
    # "The same nominee": organisation + normalised name + date of birth for people,
    # the organisation (or its named group) for collectives.
    nominee_key = models.CharField(max_length=300, editable=False, db_index=True)
    flags = models.JSONField(_("flags"), default=list, blank=True, editable=False)
    status_comment = models.TextField(_("comment to the nominator"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["round", "form", "status"]),
            # Nomination lists, newest first (issue 9).
            models.Index(fields=["-created", "-id"], name="nomination_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(achievement_end__gte=models.F("achievement_start")),
                name="awards_nomination_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.nominee_name

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination-detail", args=[self.pk])

    # What the state allows, for views and templates (which never spell out a state).
    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "text-bg-secondary")

    @property
    def can_be_edited(self) -> bool:
        """The nominator may change the dossier and (re)submit it."""
        return self.status in EDITABLE

    @property
    def can_be_withdrawn(self) -> bool:
        return NominationStatus.WITHDRAWN in NOMINATION_TRANSITIONS.get(self.status, ())

    @property
    def is_draft(self) -> bool:
        return self.status == NominationStatus.DRAFT

    @property
    def is_approved(self) -> bool:
        return self.status == NominationStatus.APPROVED

    @property
    def shows_status_comment(self) -> bool:
        """The council's comment is shown while it asks for more or after a rejection."""
        return bool(self.status_comment) and self.status in (
            NominationStatus.MORE_INFO,
            NominationStatus.REJECTED,
        )

    @property
    def is_individual(self) -> bool:
        return self.nominee_kind == NomineeKind.INDIVIDUAL

    @property
    def has_priority(self) -> bool:
        """Women, and collectives at least 70% women, have priority (Law 06/2022, art. 6)."""
        if self.is_individual:
            return self.gender == Gender.FEMALE
        return self.women_percent is not None and self.women_percent >= 70

    def compute_nominee_key(self) -> str:
        org = self.nominee_organisation_id
        if self.is_individual:
            # A person is the same person at any school: name and date of birth, not
            # the organisation (a transfer does not make an achievement new).
            dob = self.date_of_birth.isoformat() if self.date_of_birth else f"-{org}"
            return f"i:{normalise_name(self.nominee_name)}:{dob}"
        if self.collective_kind == CollectiveKind.GROUP:
            return f"g:{org}:{normalise_name(self.nominee_name)}"
        return f"c:{org}"


class NominationDocument(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("awards/dossiers"),
        validators=[validate_upload],
        max_length=300,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["kind", "uploaded", "id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return display_name(self.file)


class NominationTransition(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=NominationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=NominationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ReviewAssignment(models.Model):
    """A reviewer's assignment to a nomination and, once submitted, their review."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_reason = models.CharField(_("reason"), max_length=255, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "reviewer"], name="awards_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.nomination}"

    @property
    def is_active(self) -> bool:
        return not self.conflict_declared


class ReviewScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="awards_score_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=10), name="awards_score_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return str(self.score)


class Decision(models.Model):
    """A numbered decision signed by the issuing organisation; numbers are unique per
    organisation and year."""

    round = models.ForeignKey(
        NominationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    issuing_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("decision number"))
    # Kept as recorded: a later change of the issuer's document template must not
    # renumber the decisions it already signed.
    code = models.CharField(
        _("issuer's code"),
        max_length=30,
        blank=True,
        help_text=_("The issuer's code in the decision number: SGDĐT gives “45/QĐ-SGDĐT”."),
    )
    date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=150)
    scanned_document = models.FileField(
        _("scanned decision"),
        upload_to=UploadTo("awards/decisions"),
        validators=[validate_upload],
        max_length=300,
    )
    proposing_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="award_decisions_received",
        null=True,
        blank=True,
        help_text=_(
            "Set when the decision is a higher body's, recorded by the organisation that "
            "proposed it: the app prints no certificate for it."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    certificates_total = models.PositiveIntegerField(default=0)
    certificates_done = models.PositiveIntegerField(default=0)
    certificates_running = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_organisation", "year", "number"],
                name="awards_decision_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("awards:decision-detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The number in the State's format (Decree 30/2020): ``45/QĐ-SGDĐT``."""
        return f"{self.number}/QĐ-{self.code}" if self.code else f"{self.number}/QĐ"

    @property
    def is_external(self) -> bool:
        return self.proposing_organisation_id is not None

    @property
    def progress_percent(self) -> int:
        if not self.certificates_total:
            return 100
        return round(100 * self.certificates_done / self.certificates_total)


class Commendation(models.Model):
    """What a decision published about one nominee, and their certificate."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="commendation"
    )
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="commendations")
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    # Published snapshot: the honour roll shows these and nothing else.
    nominee_name = models.CharField(_("name"), max_length=255)
    nominee_kind = models.CharField(_("nominee"), max_length=12, choices=NomineeKind.choices)
    organisation_name = models.CharField(_("organisation"), max_length=255)
    # What public pages show: a pupil never by name ("một học sinh lớp 9, …"); an adult
    # only with recorded consent (otherwise not on the honour roll at all).
    nominee_is_pupil = models.BooleanField(_("a pupil"), default=False)
    nominee_grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    on_honour_roll = models.BooleanField(_("on the public honour roll"), default=True)
    form = models.ForeignKey(
        AwardForm,
        verbose_name=_("award form"),
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    achievement = models.TextField(_("achievement"))
    certificate = models.FileField(
        _("certificate"), upload_to=UploadTo("awards/certificates"), blank=True, max_length=300
    )
    revoked = models.BooleanField(_("revoked"), default=False)
    # Whose register it is in (issue 18: a list filters by province first, with an index):
    # the province of the body that issued the decision and that of the organisation that
    # nominated, kept here when the commendation is made (``fill_provinces`` for rows
    # written in bulk). Empty for a national body (the Ministry, the central Association).
    issuer_province = models.ForeignKey(
        "accounts.AdministrativeArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    nominator_province = models.ForeignKey(
        "accounts.AdministrativeArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["nominee_name", "id"]

    def __str__(self) -> str:
        return f"{self.nominee_name} ({self.code})"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.issuer_province_id = self.decision.issuing_organisation.province_id
            self.nominator_province_id = self.nomination.nominating_organisation.province_id
        super().save(*args, **kwargs)

    @classmethod
    def fill_provinces(cls, commendations=None) -> int:
        """Set both provinces of ``commendations`` (default: every one) from their decision
        and nomination, in one UPDATE: for rows written by bulk_create or COPY."""
        commendations = cls.objects.all() if commendations is None else commendations
        return commendations.update(
            issuer_province_id=Subquery(
                Decision.objects.filter(pk=OuterRef("decision_id")).values(
                    "issuing_organisation__province_id"
                )[:1]
            ),
            nominator_province_id=Subquery(
                Nomination.objects.filter(pk=OuterRef("nomination_id")).values(
                    "nominating_organisation__province_id"
                )[:1]
            ),
        )

    @property
    def public_name(self) -> str:
        """How public pages name the nominee: a pupil (a minor) never by name."""
        if not self.nominee_is_pupil:
            return self.nominee_name

        if self.nominee_grade:
            return gettext("a pupil of grade %(grade)s, %(organisation)s") % {
                "grade": self.nominee_grade,
                "organisation": self.organisation_name,
            }
        return gettext("a pupil of %(organisation)s") % {"organisation": self.organisation_name}

    @property
    def shows_organisation_line(self) -> bool:
        """A whole organisation commended is named once, not twice."""
        return normalise_name(self.organisation_name) != normalise_name(self.nominee_name)
