from django.db import models
from django.utils.translation import gettext_lazy as _


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
