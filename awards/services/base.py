"""The awards domain error and helpers shared by the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.enums import Role
from notifications.services import notification_create

from ..models import (
    Nomination,
    NominationTransition,
)


class AwardsError(ValidationError):
    """A refused awards action, with a translated message for the user."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AwardsError(message)


def _transition(
    *, nomination: Nomination, to: str, by, comment: str = "", fields: tuple = ()
) -> None:
    from_status = nomination.status
    nomination.status = to
    nomination.save(update_fields=["status", "updated", *fields])
    NominationTransition.objects.create(
        nomination=nomination, from_status=from_status, to_status=to, by=by, comment=comment
    )


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update().select_related("round", "form").get(pk=nomination.pk)
    )


def _notify_nominators(nomination: Nomination, title) -> None:
    from accounts.models import User

    url = nomination.get_absolute_url()
    users = User.objects.filter(
        memberships__organisation_id=nomination.nominating_organisation_id,
        memberships__role__in=[Role.PRINCIPAL, Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF],
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    for user in users:
        notification_create(recipient=user, kind="awards.nomination", title=title, url=url)


def _require_manager(by, nomination: Nomination | None = None) -> None:
    """Only the managers of the organisation that runs the form (its issuer, or the
    organisation that proposes it) act on a nomination."""
    if nomination is None:
        _require(by.has_perm("awards.manage_nominations"), _("Only the council may do this."))
        return
    _require(
        by.has_perm("awards.manage_nomination", nomination),
        _("Only the council of the organisation that runs “%(form)s” may do this.")
        % {"form": nomination.form.name},
    )
