"""Who may do what with schools, self-assessments and recognitions."""

from __future__ import annotations

import rules
from django.utils import timezone

from accounts import roles
from accounts.enums import OrganisationKind, Role, Tier
from accounts.rules import (
    in_own_province,
    is_administrator,
    is_association_officer,
    is_department_staff,
    is_member_of_organisation,
    is_national_viewer,
    is_principal_of,
    is_tier_reviewer,
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


def reviewed_area_ids(user):
    """The areas whose district- and commune-tier schools and dossiers the user reviews
    (as their tier reviewer); ``is_area_reviewer`` and ``selectors.schools_for`` both
    read them here."""
    return roles.area_ids(user, Role.TIER_REVIEWER)


@rules.predicate
def is_area_reviewer(user, obj) -> bool:
    """The tier reviewer of the school's area reviews district- and commune-tier schools;
    the DOET reviews provincial-tier schools. For a dossier the area is the one the school
    belonged to on the cycle's reference date (kept on the dossier), so a commune's culture
    and society office sees only its own commune's dossiers."""
    org = _organisation(obj)
    if org is None:
        return False
    cycle = getattr(obj, "cycle", None)
    tier = cycle.tier if cycle is not None else org.tier
    if tier == Tier.PROVINCIAL:
        return roles.has_role(user, Role.DEPARTMENT_STAFF) and in_own_province(user, obj)
    area_id = getattr(obj, "area_id", None) if cycle is not None else None
    if area_id is not None:
        return area_id in reviewed_area_ids(user)
    return org.area_id is not None and org.area_id in reviewed_area_ids(user)


@rules.predicate
def is_editable_by_school(user, assessment) -> bool:
    return assessment is not None and assessment.status in SCHOOL_EDITABLE


@rules.predicate
def is_past_deadline(user, assessment) -> bool:
    """The cycle's submission deadline has passed: only then is a late submission
    something to allow."""
    return timezone.localdate() > assessment.cycle.submission_deadline


@rules.predicate
def is_cycle_authority(user, obj) -> bool:
    """Staff of the DOET, or someone who records decisions of a recognising authority:
    for a dossier, its own authority (its members, or the tier reviewer of its area); for a
    cycle, its single authority, or, for a district- or commune-tier cycle, a People's
    Committee or tier reviewer of that tier. The DOET's staff decide for the dossiers of
    their own province."""
    if obj is None:
        return roles.has_role(user, Role.DEPARTMENT_STAFF)
    is_dossier = hasattr(obj, "school_id") and hasattr(obj, "cycle")
    if roles.has_role(user, Role.DEPARTMENT_STAFF) and (
        not is_dossier or in_own_province(user, obj)
    ):
        return True
    if is_dossier:
        if obj.authority_id is not None and obj.authority_id in roles.organisation_ids(user):
            return True
        return obj.cycle.tier != Tier.PROVINCIAL and is_area_reviewer(user, obj)
    cycle = getattr(obj, "cycle", obj)
    if cycle.authority_id is not None and cycle.authority_id in roles.organisation_ids(user):
        return True
    if cycle.tier == Tier.PROVINCIAL:
        return False
    return any(
        m.tier == cycle.tier
        and (
            m.organisation_kind == OrganisationKind.PEOPLES_COMMITTEE
            or m.role == Role.TIER_REVIEWER
        )
        for m in roles.memberships(user)
    )


can_manage = is_department_staff | is_administrator
# Who reads every school and dossier of their province (administrators and national
# viewers: of every province); ``selectors.schools_for`` is the same as a query.
can_see_all = is_department_staff | is_administrator | is_association_officer | is_national_viewer
sees_in_province = (is_department_staff | is_association_officer) & in_own_province
sees_everywhere = is_administrator | is_national_viewer

rules.add_perm("units.manage", can_manage)
# Moving one school: its own province's staff (or an administrator).
rules.add_perm("units.manage_school", is_administrator | (is_department_staff & in_own_province))
rules.add_perm("units.list_schools", can_see_all | is_tier_reviewer)
rules.add_perm(
    "units.view_school", sees_everywhere | sees_in_province | is_school_member | is_area_reviewer
)
rules.add_perm(
    "units.view_assessment",
    sees_everywhere | sees_in_province | is_school_member | is_area_reviewer,
)
rules.add_perm("units.edit_assessment", is_school_principal & is_editable_by_school)
rules.add_perm("units.review_assessment", is_area_reviewer | is_administrator)
rules.add_perm(
    "units.reopen_assessment",
    (is_area_reviewer | is_administrator) & is_editable_by_school & is_past_deadline,
)
rules.add_perm("units.review_queue", is_tier_reviewer | is_department_staff | is_administrator)
rules.add_perm("units.recognise", is_cycle_authority | is_administrator)
rules.add_perm("units.view_coverage", can_see_all | is_tier_reviewer)
