"""The awards domain error and helpers shared by the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from learnsociety.workflow import Workflow
from notifications.services import notifications_after_commit

from ..enums import NOMINATION_TRANSITIONS, NominationStatus
from ..models import (
    Nomination,
    NominationTransition,
)
from ..rules import NOMINATING_ROLES


class AwardsError(ValidationError):
    """A refused awards action, with a translated message for the user."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AwardsError(message)


NOMINATION_WORKFLOW = Workflow(
    transitions=NOMINATION_TRANSITIONS,
    error=AwardsError,
    record=lambda nomination, **row: NominationTransition.objects.create(
        nomination=nomination, **row
    ),
    refusals={
        NominationStatus.SUBMITTED: gettext_lazy(
            "This nomination cannot be submitted in its current state."
        ),
        NominationStatus.RESUBMITTED: gettext_lazy(
            "This nomination cannot be submitted in its current state."
        ),
        NominationStatus.WITHDRAWN: gettext_lazy("This nomination can no longer be withdrawn."),
        NominationStatus.MORE_INFO: gettext_lazy(
            "More information can only be requested while the nomination is under review."
        ),
        NominationStatus.APPROVED: lambda nomination: (
            _("Only a nomination under review can be approved (it is now: %(status)s).")
            % {"status": nomination.get_status_display()}
        ),
        NominationStatus.REJECTED: gettext_lazy(
            "This nomination cannot be rejected in its current state."
        ),
    },
)


def nomination_transition(
    *, obj: Nomination, to: str, by: User, comment: str = "", fields: tuple = (), notify=None
) -> Nomination:
    """The one way a nomination changes state: locks it, refuses a move
    ``NOMINATION_TRANSITIONS`` does not allow, saves the state and ``fields``, records a
    :class:`NominationTransition` and sends ``notify`` after the commit."""
    return NOMINATION_WORKFLOW.move(
        obj=obj, to=to, by=by, comment=comment, fields=fields, notify=notify
    )


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update().select_related("round", "form").get(pk=nomination.pk)
    )


def _nominators_notification(nomination: Nomination, title):
    """The ``notify=`` of a move that tells the nominating organisation's people (its
    principal, association officers and staff), sent after the commit."""
    users = User.objects.filter(
        memberships__organisation_id=nomination.nominating_organisation_id,
        memberships__role__in=NOMINATING_ROLES,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    return notifications_after_commit(
        users, kind="awards.nomination", title=title, url=nomination.get_absolute_url()
    )


def _require_manager(by: User, nomination: Nomination | None = None) -> None:
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
