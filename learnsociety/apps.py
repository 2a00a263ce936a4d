from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnSocietyConfig(AppConfig):
    """The project package as an app: project-wide commands (backup, restore,
    cleanup_files) and the outbox of deferred tasks."""

    name = "learnsociety"
    verbose_name = _("LearnSociety")

    def ready(self) -> None:
        from celery.signals import task_postrun
        from django.core.signals import request_finished
        from django.utils.module_loading import autodiscover_modules

        from .uploads import discard_rolled_back_files

        # Each app's home panel, certificate lookup and indicator figures register
        # themselves on import (learnsociety.registry).
        autodiscover_modules("home", "certificates", "indicators")

        # Files written by a request or task whose transaction rolled back are removed.
        request_finished.connect(discard_rolled_back_files, dispatch_uid="discard-files")
        task_postrun.connect(discard_rolled_back_files, dispatch_uid="discard-files", weak=False)
