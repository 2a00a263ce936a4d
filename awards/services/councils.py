"""Emulation and commendation councils: one per organisation that runs award forms,
its members managed by that organisation's managers."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..enums import CouncilPosition
from ..models import Council, CouncilMember
from .base import AwardsError, _require


def council_for(*, organisation) -> Council:
    """The organisation's council, created on first use."""
    council, _created = Council.objects.get_or_create(organisation=organisation)
    return council


def _require_council_manager(by: User, council: Council) -> None:
    _require(
        by.has_perm("awards.manage_council", council),
        _("Only the managers of %(org)s may change its council.")
        % {"org": council.organisation.name},
    )


@transaction.atomic
def council_member_add(
    *, by: User, council: Council, user: User, organisation, position: str = CouncilPosition.MEMBER
) -> CouncilMember:
    """Seat ``user`` on the council; ``organisation`` is where they work, which decides
    their conflicts of interest."""
    _require_council_manager(by, council)
    _require(user.is_active, _("%(name)s has no active account.") % {"name": user.get_full_name()})
    _require(position in CouncilPosition.values, _("Choose the member's position."))
    _require(
        not CouncilMember.objects.filter(council=council, user=user).exists(),
        _("%(name)s is already a member of this council.") % {"name": user.get_full_name()},
    )
    try:
        with transaction.atomic():
            return CouncilMember.objects.create(
                council=council,
                user=user,
                organisation=organisation,
                position=position,
                added_by=by,
            )
    except IntegrityError:
        raise AwardsError(
            _("%(name)s is already a member of this council.") % {"name": user.get_full_name()}
        ) from None


@transaction.atomic
def council_member_remove(*, by: User, member: CouncilMember) -> None:
    """Remove a member; the reviews they already made stay with the nominations."""
    member = (
        CouncilMember.objects.select_for_update()
        .select_related("council__organisation")
        .get(pk=member.pk)
    )
    _require_council_manager(by, member.council)
    member.delete()
