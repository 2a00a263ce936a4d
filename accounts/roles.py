"""Who a user is: their active memberships, loaded once per request and cached on the user.

Every app asks these helpers (directly or through the ``rules`` predicates in
``accounts/rules.py``) instead of querying memberships itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Role
from .models import Membership


@dataclass(frozen=True)
class RoleInOrg:
    role: str
    organisation_id: int
    organisation_name: str
    organisation_kind: str
    area_id: int | None
    tier: str
    province_id: int | None = None


def memberships(user) -> list[RoleInOrg]:
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_ls_memberships", None)
    if cached is None:
        rows = (
            Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
            .select_related("organisation")
            .order_by("id")
        )
        cached = [
            RoleInOrg(
                role=m.role,
                organisation_id=m.organisation_id,
                organisation_name=m.organisation.name,
                organisation_kind=m.organisation.kind,
                area_id=m.organisation.area_id,
                tier=m.organisation.tier,
                province_id=m.organisation.province_id,
            )
            for m in rows
        ]
        user._ls_memberships = cached
    return cached


def forget(user) -> None:
    """Drop the cached memberships (after a membership changes)."""
    if hasattr(user, "_ls_memberships"):
        del user._ls_memberships


def has_role(user, role: str) -> bool:
    if role == Role.ADMINISTRATOR and getattr(user, "is_superuser", False):
        return True
    return any(m.role == role for m in memberships(user))


def roles(user) -> set[str]:
    found = {m.role for m in memberships(user)}
    if getattr(user, "is_superuser", False):
        found.add(Role.ADMINISTRATOR)
    return found


def organisation_ids(user, role: str | None = None) -> set[int]:
    return {m.organisation_id for m in memberships(user) if role is None or m.role == role}


def area_ids(user, role: str | None = None) -> set[int]:
    return {
        m.area_id
        for m in memberships(user)
        if m.area_id is not None and (role is None or m.role == role)
    }


def primary(user) -> RoleInOrg | None:
    """The membership shown in the header: the first one created."""
    found = memberships(user)
    return found[0] if found else None


# Province scoping (issue 18): department staff, officers and reviewers read the province
# of their organisation's area; administrators and national viewers read every province.


def sees_every_province(user) -> bool:
    """Administrators and national viewers (the Ministry, the central Association) read
    every province; everybody else reads their own."""
    return has_role(user, Role.ADMINISTRATOR) or has_role(user, Role.NATIONAL_VIEWER)


def province_ids(user) -> set[int]:
    """The provinces of the user's memberships (their organisations' areas)."""
    return {m.province_id for m in memberships(user) if m.province_id is not None}


def province_scope(user) -> set[int] | None:
    """The provinces the user's lists and figures cover: None for every province, else
    the provinces of their memberships (empty: none)."""
    return None if sees_every_province(user) else province_ids(user)


def in_province_scope(user, province_id: int | None) -> bool:
    scope = province_scope(user)
    return scope is None or province_id in scope


def scope_key(scope) -> str:
    """A province scope (None, or province ids) as part of a cache key."""
    return "all" if scope is None else "-".join(map(str, sorted(scope))) or "none"


def scoped(queryset, user, path: str = ""):
    """``queryset`` limited to the user's provinces; ``path`` leads to the row that holds
    the ``province`` column (``"school__organisation__"``, ``""`` for the row itself)."""
    scope = province_scope(user)
    if scope is None:
        return queryset
    return queryset.filter(**{f"{path}province_id__in": scope})
