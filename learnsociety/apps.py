from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnSocietyConfig(AppConfig):
    """The project package as an app, for project-wide commands (backup, restore)."""

    name = "learnsociety"
    verbose_name = _("LearnSociety")
