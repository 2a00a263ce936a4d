"""The programme's panel on the home page: the user's next actions."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts import roles
from accounts.enums import Role
from learnsociety import registry

from .enums import MilestoneStatus, ReportStatus
from .models import Milestone, ProgressReport
from .rules import editable_parties, parties_of

LIMIT = 5


@registry.home_panel(order=20)
def home_panel(request) -> dict | None:
    user = request.user
    if not (
        roles.has_role(user, Role.DEPARTMENT_STAFF)
        or roles.has_role(user, Role.ASSOCIATION_OFFICER)
        or roles.has_role(user, Role.ADMINISTRATOR)
    ):
        return None
    today = timezone.localdate()
    mine = editable_parties(user)
    overdue = (
        Milestone.objects.filter(
            commitment__lead_party__in=mine,
            status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS],
            due_date__lt=today,
        )
        .select_related("commitment")
        .order_by("due_date")
    )
    upcoming = (
        Milestone.objects.filter(
            commitment__lead_party__in=mine,
            status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS],
            due_date__gte=today,
        )
        .select_related("commitment")
        .order_by("due_date")
    )
    if roles.has_role(user, Role.ADMINISTRATOR):
        review_q = Q()
    else:
        review_q = ~Q(author_party__in=parties_of(user)) & ~Q(created_by=user)
    to_review = (
        ProgressReport.objects.filter(review_q, status=ReportStatus.SUBMITTED)
        .select_related("commitment")
        .order_by("submitted_at")
    )
    to_submit = (
        ProgressReport.objects.filter(
            commitment__lead_party__in=mine,
            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
        )
        .select_related("commitment")
        .order_by("-status", "year")
    )
    return {
        "template": "programme/_home_panel.html",
        "wide": False,
        "overdue": list(overdue[:LIMIT]),
        "overdue_count": overdue.count(),
        "upcoming": list(upcoming[:3]),
        "to_review": list(to_review[:LIMIT]),
        "to_submit": list(to_submit[:LIMIT]),
    }
