"""Who may do what with schools, self-assessments and recognitions."""

from __future__ import annotations

import rules

from accounts import roles
from accounts.enums import Role, Tier
from accounts.rules import (
    is_administrator,
    is_association_officer,
    is_department_staff,
    is_member_of_organisation,
    is_principal_of,
    is_tier_reviewer,
    reviews_area_of,
)

from .enums import SCHOOL_EDITABLE


def _organisation(obj):
    """The school organisation behind a School, SelfAssessment or Organisation."""
    if obj is None:
        return None
    if hasattr(obj, "school"):
        obj = obj.school
    return getattr(obj, "organisation", obj)


@rules.predicate
def is_school_member(user, obj) -> bool:
    return is_member_of_organisation(user, _organisation(obj))


@rules.predicate
def is_school_principal(user, obj) -> bool:
    return is_principal_of(user, _organisation(obj))


@rules.predicate
def is_area_reviewer(user, obj) -> bool:
    """The tier reviewer of the school's area reviews district- and commune-tier schools;
    the DOET reviews provincial-tier schools."""
    org = _organisation(obj)
    if org is None:
        return False
    if org.tier == Tier.PROVINCIAL:
        return roles.has_role(user, Role.DEPARTMENT_STAFF)
    return reviews_area_of(user, org)


@rules.predicate
def is_editable_by_school(user, assessment) -> bool:
    return assessment is not None and assessment.status in SCHOOL_EDITABLE


@rules.predicate
def is_cycle_authority(user, obj) -> bool:
    """Staff of the DOET or a member of the cycle's recognising authority."""
    cycle = getattr(obj, "cycle", obj)
    if cycle is None:
        return roles.has_role(user, Role.DEPARTMENT_STAFF)
    return roles.has_role(user, Role.DEPARTMENT_STAFF) or (
        cycle.authority_id in roles.organisation_ids(user)
    )


can_manage = is_department_staff | is_administrator
can_see_all = is_department_staff | is_administrator | is_association_officer

rules.add_perm("units.manage", can_manage)
rules.add_perm("units.list_schools", can_see_all | is_tier_reviewer)
rules.add_perm("units.view_school", can_see_all | is_school_member | is_area_reviewer)
rules.add_perm("units.view_assessment", can_see_all | is_school_member | is_area_reviewer)
rules.add_perm("units.edit_assessment", is_school_principal & is_editable_by_school)
rules.add_perm("units.review_assessment", is_area_reviewer | is_administrator)
rules.add_perm("units.review_queue", is_tier_reviewer | is_department_staff | is_administrator)
rules.add_perm("units.recognise", is_cycle_authority | is_administrator)
rules.add_perm("units.view_coverage", can_see_all | is_tier_reviewer)
