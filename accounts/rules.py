"""Role and organisation predicates shared by every app.

Apps combine these in their own ``rules.py``; views ask ``user.has_perm(...)``.
"""

import rules

from . import roles
from .enums import Role


@rules.predicate
def is_administrator(user) -> bool:
    return roles.has_role(user, Role.ADMINISTRATOR)


@rules.predicate
def is_department_staff(user) -> bool:
    return roles.has_role(user, Role.DEPARTMENT_STAFF)


@rules.predicate
def is_association_officer(user) -> bool:
    return roles.has_role(user, Role.ASSOCIATION_OFFICER)


@rules.predicate
def is_principal(user) -> bool:
    return roles.has_role(user, Role.PRINCIPAL)


@rules.predicate
def is_tier_reviewer(user) -> bool:
    return roles.has_role(user, Role.TIER_REVIEWER)


@rules.predicate
def is_commune_secretary(user) -> bool:
    return roles.has_role(user, Role.COMMUNE_SECRETARY)


@rules.predicate
def is_national_viewer(user) -> bool:
    return roles.has_role(user, Role.NATIONAL_VIEWER)


def province_of(obj) -> int | None:
    """The province of an organisation, a school (through its organisation) or a row that
    keeps its own (a dossier): the column ``accounts.models.ProvinceFromArea`` keeps."""
    if obj is None:
        return None
    if hasattr(obj, "province_id"):
        return obj.province_id
    organisation = getattr(obj, "organisation", None)
    return getattr(organisation, "province_id", None)


@rules.predicate
def in_own_province(user, obj) -> bool:
    """The object lies in one of the user's provinces (administrators and national viewers
    read every province)."""
    return roles.in_province_scope(user, province_of(obj))


@rules.predicate
def is_member_of_organisation(user, organisation) -> bool:
    """True when the user holds any role in ``organisation`` (an Organisation or its id)."""
    if organisation is None:
        return False
    org_id = getattr(organisation, "pk", organisation)
    return org_id in roles.organisation_ids(user)


@rules.predicate
def is_principal_of(user, school) -> bool:
    if school is None:
        return False
    org_id = getattr(school, "pk", school)
    return org_id in roles.organisation_ids(user, Role.PRINCIPAL)


@rules.predicate
def reviews_area_of(user, organisation) -> bool:
    """A tier reviewer covers the organisations in the area of their education office."""
    if organisation is None:
        return False
    area_id = getattr(organisation, "area_id", None)
    return area_id is not None and area_id in roles.area_ids(user, Role.TIER_REVIEWER)


is_programme_party = is_department_staff | is_association_officer | is_administrator
is_logged_in = rules.is_authenticated

rules.add_perm("accounts.view_directory", is_administrator)
rules.add_perm("accounts.manage_document_templates", is_administrator)
rules.add_perm("accounts.manage_signing_certificates", is_administrator)
