from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and scale data: ``load_demo`` (the Sơn La demo province and its accounts) and
    ``seed_scale`` (a generated national data set). No models; the domain apps carry no
    demo code."""

    name = "demo"
    verbose_name = _("Demo data")
