from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its reminder kinds and rules in its ``reminders`` module.
        autodiscover_modules("reminders")

        from . import services  # noqa: F401  (registers the export listener of learnsociety)
