from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import (
            security_log,  # noqa: F401  (connects the security-log receivers)
            signing,  # noqa: F401  (registers the PDF signer of learnsociety.documents)
        )
