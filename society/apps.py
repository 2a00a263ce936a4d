from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocietyConfig(AppConfig):
    name = "society"
    verbose_name = _("Learning society returns")

    def ready(self) -> None:
        from . import cached  # noqa: F401  (connects the roll-up cache's receivers)
