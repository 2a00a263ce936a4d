"""The learning-society panel of the home page: the secretary's return for the open round,
the officer's waiting returns."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from accounts import roles
from accounts.enums import Role
from learnsociety import registry

from . import checks, selectors, services
from .enums import STATUS_BADGE, ReturnStatus
from .models import CommuneReturn


@registry.home_panel(order=50)
def home_panel(request) -> dict | None:
    user = request.user
    role_set = roles.roles(user)
    current = selectors.current_round()
    if current is None:
        return None
    today = timezone.localdate()
    panel: dict = {
        "template": "society/_home_panel.html",
        "round": current,
        "days_left": (current.deadline - today).days,
    }
    shown = False
    if Role.COMMUNE_SECRETARY in role_set:
        communes = list(selectors.secretary_communes(user))
        existing = {
            r.area_id: r
            for r in CommuneReturn.objects.filter(round=current, area__in=communes).select_related(
                "round", "area__parent"
            )
        }
        items = []
        for area in communes:
            ret = existing.get(area.pk)
            problems = (
                len(checks.blocking(services.issues_of(ret)))
                if ret is not None and ret.can_be_edited
                else 0
            )
            items.append(
                {
                    "area": area,
                    "ret": ret,
                    "badge": STATUS_BADGE.get(ret.status if ret else ReturnStatus.NOT_STARTED),
                    "problems": problems,
                }
            )
        panel["items"] = items
        shown = True
    if {Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR} & role_set:
        scoped = selectors.returns_for(user).filter(round=current)
        panel["counts"] = scoped.aggregate(
            submitted=Count("pk", filter=Q(status=ReturnStatus.SUBMITTED)),
            returned=Count("pk", filter=Q(status=ReturnStatus.RETURNED)),
            accepted=Count("pk", filter=Q(status=ReturnStatus.ACCEPTED)),
        )
        shown = True
    return panel if shown else None
