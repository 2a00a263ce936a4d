"""The dashboard's panel on the home page: the wide department dashboard for department
staff, association officers and administrators; for tier reviewers the oldest dossiers
waiting in their queue (their other panels come from units and awards)."""

from __future__ import annotations

from django.utils import timezone

from accounts import roles
from accounts.enums import Role
from learnsociety import registry

from . import figures
from .panel import dashboard_context, parse_filters

DASHBOARD_ROLES = {
    Role.DEPARTMENT_STAFF,
    Role.ASSOCIATION_OFFICER,
    Role.ADMINISTRATOR,
    Role.NATIONAL_VIEWER,
}


@registry.home_panel(order=10)
def home_panel(request) -> dict | None:
    role_set = roles.roles(request.user)
    if role_set & DASHBOARD_ROLES:
        year, area_id = parse_filters(request.GET)
        return dashboard_context(request, year=year, area_id=area_id)
    if Role.TIER_REVIEWER in role_set:
        waiting = figures.oldest_waiting_for_reviewer(request.user)
        now = timezone.now()
        for item in waiting["items"]:
            item.waiting_days = (now - item.submitted_at).days if item.submitted_at else None
        return {"template": "dashboard/_reviewer_panel.html", "wide": False, **waiting}
    return None
