from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PublicSite(models.Model):
    """Which public pages (no login) an administrator has published. One row only."""

    show_progress = models.BooleanField(_("programme progress summary"), default=False)
    show_learning_units = models.BooleanField(
        _("Learning Units recognised by year and area"), default=False
    )
    show_honours = models.BooleanField(_("honour roll"), default=False)
    show_verification = models.BooleanField(_("certificate verification"), default=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("public pages")
        verbose_name_plural = _("public pages")

    def __str__(self) -> str:
        return str(_("Public pages"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "PublicSite":
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)

    @property
    def any_published(self) -> bool:
        return (
            self.show_progress
            or self.show_learning_units
            or self.show_honours
            or self.show_verification
        )


class YearlyReport(models.Model):
    """The narrative parts of a party's yearly summary report (Báo cáo tổng kết) that staff
    write; the figures and tables come from the app's data when the report is made."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="yearly_reports",
    )
    year = models.PositiveIntegerField(_("year"))
    number = models.CharField(
        _("report number"),
        max_length=20,
        blank=True,
        help_text=_("Leave empty until the office numbers the report."),
    )
    results = models.TextField(_("main results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    directions = models.TextField(_("directions for next year"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="yearly_report_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.year}"
