from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import AreaLevel, OrganisationKind, Role, Tier


class User(AbstractUser):
    """A person who logs in. Roles come from memberships, never from this row."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # the people pickers list by name and stop at a page: read in index order, not a
        # sort of every account of the country (issue 18)
        indexes = [models.Index(fields=["full_name", "id"], name="user_name_idx")]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class AdministrativeArea(models.Model):
    """A province, district or commune, valid over a span of time.

    Viet Nam abolished districts on 1 July 2025: old districts get a ``valid_to`` and stay
    in the table so that earlier records keep pointing at them.
    """

    # Long enough for an old commune's code ("14-123-thi-tran-nt-moc-chau").
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Last day this area existed; empty if it still exists."),
    )
    # The province the area lies in (a province: itself), so that every province-scoped
    # query filters one column (issue 18). Kept by ``save`` and ``areas.fill_provinces``.
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("succeeded by"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="area_valid_span",
            )
        ]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.level != AreaLevel.PROVINCE and self.parent_id is not None:
            parent = AdministrativeArea.objects.only("province_id").get(pk=self.parent_id)
            self.province_id = parent.province_id
        super().save(*args, **kwargs)
        if self.level == AreaLevel.PROVINCE and self.province_id != self.pk:
            self.province_id = self.pk
            AdministrativeArea.objects.filter(pk=self.pk).update(province_id=self.pk)

    @property
    def label(self) -> str:
        """The name as pickers and filters show it: an abolished area says since when."""
        if self.valid_to is None:
            return self.name
        return _("%(name)s (abolished %(date)s)") % {
            "name": self.name,
            "date": date_format(self.valid_to + timedelta(days=1), "SHORT_DATE_FORMAT"),
        }

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ProvinceFromArea(models.Model):
    """A row whose ``province`` column repeats its ``area``'s province, so that lists,
    queues and figures of one province filter and index one column (issue 18). ``save``
    keeps it; bulk writes call ``accounts.areas.fill_provinces``."""

    province = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        area_id = self.__dict__.get("area_id")
        if area_id != getattr(self, "_loaded_area_id", object()) or (
            area_id is not None and self.province_id is None
        ):
            province_id = (
                AdministrativeArea.objects.filter(pk=area_id)
                .values_list("province_id", flat=True)
                .first()
                if area_id is not None
                else None
            )
            if province_id != self.province_id:
                self.province_id = province_id
                fields = kwargs.get("update_fields")
                if fields is not None:
                    kwargs["update_fields"] = {*fields, "province"}
        super().save(*args, **kwargs)
        self._loaded_area_id = area_id

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        row = super().from_db(db, field_names, values, **kwargs)
        # The area read from the database: ``save`` looks the province up only on a change.
        row._loaded_area_id = row.__dict__.get("area_id")
        return row


class Organisation(ProvinceFromArea):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices, blank=True)
    code = models.CharField(_("official code"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("administrative area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="organisation_code_unique"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["area", "kind"]),
            # Province-scoped lists (issue 18): one province's schools by name, by tier.
            models.Index(fields=["province", "kind", "name"], name="organisation_province_idx"),
            # Lists of schools are ordered by name (issue 9: national scale).
            models.Index(fields=["name"], name="organisation_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class DocumentTemplate(models.Model):
    """How an issuing organisation prints its decisions (Decree 30/2020/NĐ-CP): header,
    code, legal bases, recipients and signer. Edited by administrators as data; every
    change is a new version and a decision renders with the version in force when it
    was recorded, so an old decision prints as it was issued."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="document_templates",
    )
    version = models.PositiveIntegerField(_("version"))
    governing_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the issuing body, e.g. UBND TỈNH SƠN LA."),
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=200, help_text=_("e.g. SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    )
    code = models.CharField(
        _("document code"),
        max_length=30,
        help_text=_("The issuer's code in decision numbers: SGDĐT gives “Số: 45/QĐ-SGDĐT”."),
    )
    place = models.CharField(
        _("place name"), max_length=80, help_text=_("For the place-and-date line, e.g. Sơn La.")
    )
    deciding_authority = models.CharField(
        _("deciding authority"),
        max_length=200,
        help_text=_("The line above the legal bases, e.g. GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO."),
    )
    legal_bases = models.TextField(
        _("legal bases"),
        blank=True,
        help_text=_("On every decision, one per line, e.g. “Căn cứ …;”."),
    )
    commendation_bases = models.TextField(
        _("legal bases of commendation decisions"),
        blank=True,
        help_text=_(
            "Added on commendation decisions, one per line, e.g. “Căn cứ Luật Thi đua, khen "
            "thưởng số 06/2022/QH15;”. Recognition decisions add their criteria's circular."
        ),
    )
    proposal = models.CharField(
        _("proposal line"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Theo đề nghị của Chánh Văn phòng Sở.”"),
    )
    executors = models.CharField(
        _("responsible for execution"),
        max_length=300,
        blank=True,
        help_text=_("Who carries out the decision (last article), e.g. “Chánh Văn phòng Sở”."),
    )
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line, e.g. “Như Điều 3;”.")
    )
    signer_authority = models.CharField(
        _("signing authority"),
        max_length=120,
        blank=True,
        help_text=_("KT. GIÁM ĐỐC or TM. ỦY BAN NHÂN DÂN; empty when the head signs."),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=120, help_text=_("GIÁM ĐỐC, PHÓ GIÁM ĐỐC, CHỦ TỊCH…")
    )
    signer_name = models.CharField(
        _("signer's name"),
        max_length=150,
        blank=True,
        help_text=_("Used when a decision does not name its signer."),
    )
    giver_title = models.CharField(
        _("title on certificates"),
        max_length=200,
        blank=True,
        help_text=_("Who gives the certificate, e.g. CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA."),
    )
    created = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["organisation__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="document_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · v{self.version}"

    @staticmethod
    def lines(text: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class SigningCertificate(models.Model):
    """An organisation's signing certificate (PKCS#12): the app signs the decisions and
    certificates that organisation issues. The archive and its password are kept
    encrypted (``accounts.signing``); the public certificate stays readable, so that PDFs
    signed with it can be checked after it is replaced. At most one is active per
    organisation; a replaced one loses its private key but keeps its row."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    pkcs12 = models.BinaryField(_("PKCS#12 archive (encrypted)"), editable=False, default=b"")
    password = models.BinaryField(_("password (encrypted)"), editable=False, default=b"")
    certificate = models.BinaryField(_("certificate (DER)"), editable=False)
    common_name = models.CharField(_("signer (common name)"), max_length=300)
    issuer_name = models.CharField(_("issued by"), max_length=300, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid to"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["organisation__name", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(active=True),
                name="signing_certificate_one_active",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="signing_certificate_valid_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.common_name}"
