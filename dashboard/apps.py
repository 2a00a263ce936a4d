from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Cross-app views: the department dashboard, programme reports and public pages.

    It only reads, through the selectors of programme, units and awards."""

    name = "dashboard"
    verbose_name = _("Dashboard and reports")
