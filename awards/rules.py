"""Who may do what with awards objects. Views ask ``user.has_perm("awards.…", obj)``.

Each award form is run by one organisation in the app (``AwardForm.acting_organisation_id``:
its issuer, or for a form given by a higher body the organisation that proposes it). That
organisation's managers — its department staff or Association officers — run its council,
approve its nominations and record its decisions; nobody else does (Law 06/2022/QH15
Art. 80: only the issuer decides).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from accounts import roles
from accounts.enums import Role
from accounts.rules import (
    is_administrator,
    is_association_officer,
    is_department_staff,
    is_national_viewer,
    is_principal,
)

from .enums import EDITABLE, NominationStatus, Procedure
from .models import AwardForm, CouncilMember, normalise_name

# The roles that nominate: a principal for their school, officers and staff for their own
# organisation.
NOMINATING_ROLES = (Role.PRINCIPAL, Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF)
# The roles that act for an issuing (or proposing) organisation.
MANAGING_ROLES = (Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER)


def nominating_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in roles.memberships(user) if m.role in NOMINATING_ROLES}


def managed_organisation_ids(user) -> set[int]:
    """The organisations whose awards the user runs (council, approvals, decisions)."""
    return {m.organisation_id for m in roles.memberships(user) if m.role in MANAGING_ROLES}


def conflict_reason(user, nomination, *, seat_organisation_id: int | None = None) -> str | None:
    """Why ``user`` may not review ``nomination``, from the organisation structure: they
    belong (or their council seat belongs) to the nominee's organisation, or to the
    nominating organisation when that is not the council's own, or the nomination names
    them. None when there is no conflict."""

    own = set(roles.organisation_ids(user))
    if seat_organisation_id is not None:
        own.add(seat_organisation_id)
    council_org = nomination.form.acting_organisation_id
    nominating = nomination.nominating_organisation_id
    if nominating in own and nominating != council_org:
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
    """Association officers configure the rounds; administrators help."""
    return bool(is_association_officer(user) or is_administrator(user))


@rules.predicate
def is_commendation_manager(user) -> bool:
    """Runs the awards of some organisation (or is an administrator)."""
    return bool(managed_organisation_ids(user)) or bool(is_administrator(user))


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
def manages_nomination(user, nomination) -> bool:
    """The council's organisation for the nomination's form (or an administrator)."""
    if nomination.status == NominationStatus.DRAFT:
        return False
    if is_administrator(user):
        return True
    return nomination.form.acting_organisation_id in managed_organisation_ids(user)


def my_assignment(user, nomination):
    """The user's review assignment on the nomination (one with a declared conflict does
    not count), read from the prefetched assignments."""
    return next(
        (
            a
            for a in nomination.assignments.all()
            if a.reviewer_id == user.pk and not a.conflict_declared
        ),
        None,
    )


@rules.predicate
def acts_as_nominator(user, nomination) -> bool:
    """Nominates it — except that an organisation's council reviews what that organisation
    itself proposes: there its managers act as the council, not as the nominator."""
    if not is_nominator_of(user, nomination):
        return False
    own_council = nomination.nominating_organisation_id == nomination.form.acting_organisation_id
    return not (own_council and manages_nomination(user, nomination))


@rules.predicate
def reviewed_or_manages(user, nomination) -> bool:
    """A reviewer whose own review is in, or (with no assignment) a manager."""
    mine = my_assignment(user, nomination)
    if mine is not None:
        return mine.submitted_at is not None
    return bool(manages_nomination(user, nomination))


@rules.predicate
def is_editable(user, nomination) -> bool:
    return nomination.status in EDITABLE


@rules.predicate
def may_decide_for(user, organisation) -> bool:
    """Decisions of an issuer are recorded only by its own managers — or, for the forms
    it gives on a proposal, by the managers of the proposing organisation, who record
    the decision that came back. Nobody else, administrators included."""
    org_id = getattr(organisation, "pk", organisation)
    managed = managed_organisation_ids(user)
    if not managed:
        return False
    if org_id in managed:
        return True
    return AwardForm.objects.filter(
        issuing_organisation_id=org_id,
        procedure=Procedure.PROPOSED,
        proposing_organisation_id__in=managed,
    ).exists()


@rules.predicate
def manages_council(user, council) -> bool:
    return bool(is_administrator(user)) or council.organisation_id in managed_organisation_ids(user)


@rules.predicate
def is_council_member(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return CouncilMember.objects.filter(user=user).exists()


is_register_user = (
    is_department_staff | is_association_officer | is_administrator | is_national_viewer
)


@rules.predicate
def in_register_scope(user, obj) -> bool:
    """A decision or commendation of the user's provinces (as ``selectors.commendations_for``):
    its issuer's, or its nominating organisation's."""
    decision = getattr(obj, "decision", obj)
    provinces = {decision.issuing_organisation.province_id}
    nomination = getattr(obj, "nomination", None)
    if nomination is not None:
        provinces.add(nomination.nominating_organisation.province_id)
    elif decision.proposing_organisation_id is not None:
        provinces.add(decision.proposing_organisation.province_id)
    return any(roles.in_province_scope(user, p) for p in provinces if p is not None) or (
        roles.province_scope(user) is None
    )


rules.add_perm("awards.nominate", can_nominate)
rules.add_perm(
    "awards.view_nomination", is_nominator_of | manages_nomination | is_active_reviewer_of
)
rules.add_perm("awards.edit_nomination", is_nominator_of & is_editable)
rules.add_perm("awards.manage_rounds", is_awards_manager)
rules.add_perm("awards.manage_nominations", is_commendation_manager)
rules.add_perm("awards.manage_nomination", manages_nomination)
rules.add_perm("awards.review_nomination", is_active_reviewer_of)
# Reviewers see the others' reviews only once theirs is in; nominators never do.
rules.add_perm("awards.view_reviews", ~acts_as_nominator & reviewed_or_manages)
rules.add_perm("awards.decide", may_decide_for)
rules.add_perm("awards.view_councils", is_commendation_manager)
rules.add_perm("awards.manage_council", manages_council)
rules.add_perm("awards.view_register", is_register_user)
rules.add_perm("awards.view_register_entry", is_register_user & in_register_scope)
rules.add_perm("awards.manage_discipline", is_commendation_manager)
rules.add_perm("awards.view_rounds", is_register_user)
rules.add_perm(
    "awards.review_any", is_department_staff | is_association_officer | is_council_member
)
rules.add_perm("awards.principal", is_principal)
