"""A user's own audit trail: the roles they were granted or lost, by whom and when."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnsociety import audit

from .models import Membership, User


def membership_history(user: User, limit: int = 20) -> list[audit.Entry]:
    """Changes to the user's memberships, newest first (one query)."""
    return audit.history_entries(
        audit.Source(
            Membership.history.filter(user_id=user.pk),
            label=_membership_label,
            related=("organisation",),
            exclude=("user",),
            actions={"+": _("role granted"), "-": _("role removed")},
        ),
        limit=limit,
    )


def _membership_label(row) -> str:
    organisation = row.organisation.name if row.organisation else f"#{row.organisation_id}"
    return f"{row.get_role_display()} · {organisation}"
