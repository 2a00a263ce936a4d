from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Learning Units")

    def ready(self) -> None:
        from . import (
            cached,  # noqa: F401  (connects the cycle counts' cache receivers)
            public,  # noqa: F401  (connects the public figures' cache receivers)
        )
