"""Who may do what with awards objects. Views ask ``user.has_perm("awards.…", obj)``."""

from __future__ import annotations

import rules

from accounts import roles
from accounts.enums import Role
from accounts.rules import (
    is_administrator,
    is_association_officer,
    is_department_staff,
    is_principal,
)

from .enums import EDITABLE, NominationStatus
from .models import normalise_name

# The roles that nominate: a principal for their school, officers and staff for their own
# organisation.
NOMINATING_ROLES = (Role.PRINCIPAL, Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF)


def nominating_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in roles.memberships(user) if m.role in NOMINATING_ROLES}


def conflict_reason(user, nomination) -> str | None:
    """Why ``user`` may not review ``nomination``, from the organisation structure: they
    belong to the nominating or the nominee's organisation (so the nominee is themselves or
    a colleague), or the nomination names them. None when there is no conflict."""
    from django.utils.translation import gettext as _

    own = roles.organisation_ids(user)
    if nomination.nominating_organisation_id in own:
        return _("You belong to the nominating organisation.")
    if nomination.nominee_organisation_id in own:
        return _("The nominee belongs to your organisation.")
    if nomination.is_individual and normalise_name(nomination.nominee_name) == normalise_name(
        user.get_full_name()
    ):
        return _("The nomination names you.")
    return None


@rules.predicate
def is_awards_manager(user) -> bool:
    """Association officers run rounds and the council; administrators help."""
    return bool(is_association_officer(user) or is_administrator(user))


@rules.predicate
def can_nominate(user) -> bool:
    return bool(nominating_organisation_ids(user))


@rules.predicate
def is_nominator_of(user, nomination) -> bool:
    return nomination.nominating_organisation_id in nominating_organisation_ids(user)


@rules.predicate
def is_active_reviewer_of(user, nomination) -> bool:
    if nomination.status == NominationStatus.DRAFT:
        return False
    assigned = any(
        a.reviewer_id == user.pk and not a.conflict_declared for a in nomination.assignments.all()
    )
    return assigned and conflict_reason(user, nomination) is None


@rules.predicate
def is_manager_of_submitted(user, nomination) -> bool:
    return nomination.status != NominationStatus.DRAFT and bool(is_awards_manager(user))


@rules.predicate
def is_issuer_staff_of(user, nomination) -> bool:
    return nomination.status != NominationStatus.DRAFT and (
        nomination.form.issuing_organisation_id in roles.organisation_ids(user)
    )


@rules.predicate
def is_editable(user, nomination) -> bool:
    return nomination.status in EDITABLE


@rules.predicate
def may_decide_for(user, organisation) -> bool:
    """Officers decide for any issuer; staff of the issuing organisation for their own."""
    if is_awards_manager(user):
        return True
    org_id = getattr(organisation, "pk", organisation)
    return org_id in roles.organisation_ids(user, Role.DEPARTMENT_STAFF)


is_register_user = is_department_staff | is_association_officer | is_administrator

rules.add_perm("awards.nominate", can_nominate)
rules.add_perm(
    "awards.view_nomination",
    is_nominator_of | is_manager_of_submitted | is_issuer_staff_of | is_active_reviewer_of,
)
rules.add_perm("awards.edit_nomination", is_nominator_of & is_editable)
rules.add_perm("awards.manage_nominations", is_awards_manager)
rules.add_perm("awards.review_nomination", is_active_reviewer_of)
rules.add_perm("awards.decide", may_decide_for)
rules.add_perm("awards.view_register", is_register_user)
rules.add_perm("awards.manage_discipline", is_awards_manager | is_department_staff)
rules.add_perm("awards.view_rounds", is_register_user)
rules.add_perm("awards.review_any", is_association_officer)
rules.add_perm("awards.principal", is_principal)
