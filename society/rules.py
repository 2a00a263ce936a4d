"""Who may see, fill and review the learning-society returns.

- A commune branch secretary sees and changes only the returns of their branch's commune.
- Association officers (and department staff, read-only) see the returns of the communes
  of their organisation's province; officers review them and manage forms and rounds.
- National viewers (the Ministry, the central Association) see every province's, read-only.
- Administrators see and do everything.
"""

from __future__ import annotations

import rules

from accounts import roles
from accounts.enums import Role
from accounts.rules import (
    is_administrator,
    is_association_officer,
    is_commune_secretary,
    is_department_staff,
    is_national_viewer,
)


def province_ids(user, role_names=(Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF)) -> set[int]:
    """The provinces an officer or staff member covers (their organisation's province)."""
    return {
        m.province_id
        for m in roles.memberships(user)
        if m.role in role_names and m.province_id is not None
    }


def commune_ids(user) -> set[int]:
    return roles.area_ids(user, Role.COMMUNE_SECRETARY)


@rules.predicate
def is_secretary_of(user, ret) -> bool:
    return ret is not None and ret.area_id in commune_ids(user)


@rules.predicate
def covers_return(user, ret) -> bool:
    return ret is not None and ret.area.province_id in province_ids(user)


@rules.predicate
def is_officer_covering(user, ret) -> bool:
    return ret is not None and ret.area.province_id in province_ids(
        user, (Role.ASSOCIATION_OFFICER,)
    )


is_overseer = is_association_officer | is_department_staff | is_administrator | is_national_viewer
is_manager = is_association_officer | is_administrator

rules.add_perm(
    "society.view_return", is_administrator | is_national_viewer | is_secretary_of | covers_return
)
rules.add_perm("society.change_return", is_administrator | is_secretary_of)
rules.add_perm("society.review_return", is_administrator | is_officer_covering)
rules.add_perm("society.view_completeness", is_overseer)
rules.add_perm("society.manage_forms", is_manager)
rules.add_perm("society.view_forms", is_overseer | is_commune_secretary)
rules.add_perm("society.fill_returns", is_commune_secretary | is_administrator)
rules.add_perm("society.use", is_overseer | is_commune_secretary)
