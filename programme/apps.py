from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme 2024–2030")

    def ready(self) -> None:
        from . import cached  # noqa: F401  (connects the history cache's receiver)
