"""Security events (logins, logouts, failed logins, permission denials) to one logger.

The ``learnsociety.security`` logger is configured in settings; production ships it to
the system journal with the rest of the gunicorn output.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("learnsociety.security")


def client_ip(request) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    logger.info("login user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    name = user.get_username() if user is not None else "-"
    logger.info("logout user=%s ip=%s", name, client_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    logger.warning(
        "login-failed user=%s ip=%s", credentials.get("username", "-"), client_ip(request)
    )


def permission_denied(request, reason: str) -> None:
    user = getattr(request, "user", None)
    name = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    logger.warning(
        "denied user=%s path=%s reason=%s ip=%s", name, request.path, reason, client_ip(request)
    )
