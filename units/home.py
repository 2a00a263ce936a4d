"""The Learning Units panel of the home page."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.enums import Role
from learnsociety import registry

from . import selectors, services
from .enums import AssessmentStatus, CycleState
from .models import Cycle, School, SelfAssessment


def _principal_items(user, today):
    items = []
    school_ids = roles.organisation_ids(user, Role.PRINCIPAL)
    schools = School.objects.select_related("organisation").filter(pk__in=school_ids)
    for school in schools:
        cycle = selectors.current_cycle(school.organisation.tier, today)
        assessment = None
        missing = None
        if cycle is not None:
            assessment = SelfAssessment.objects.filter(cycle=cycle, school=school).first()
            if assessment is not None:
                results = list(assessment.results.select_related("criterion"))
                missing = services.missing_for_submission(assessment, results)
        items.append(
            {
                "school": school,
                "cycle": cycle,
                "assessment": assessment,
                "missing": missing,
                "can_start": cycle is not None
                and cycle.state == CycleState.OPEN
                and assessment is None,
                # no criteria for this kind of institution: it cannot be assessed
                "not_covered": cycle is not None
                and assessment is None
                and not cycle.framework.covers(school.education_level),
                "days_left": (cycle.submission_deadline - today).days if cycle else None,
            }
        )
    return items


@registry.home_panel(order=30)
def home_panel(request) -> dict | None:
    user = request.user
    role_set = roles.roles(user)
    today = timezone.localdate()
    panel: dict = {"template": "units/_home_panel.html", "wide": False}
    shown = False
    panel["next"] = []
    if Role.PRINCIPAL in role_set:
        panel["principal_items"] = _principal_items(user, today)
        shown = True
        for item in panel["principal_items"]:
            assessment = item["assessment"]
            if assessment is not None and assessment.status in (
                AssessmentStatus.DRAFT,
                AssessmentStatus.RETURNED,
            ):
                panel["next"].append(
                    {
                        "order": 5,
                        "label": _("Continue the self-assessment of %(school)s")
                        % {"school": item["school"].organisation.name},
                        "url": reverse("units:assessment-edit", args=[assessment.pk]),
                        "testid": "next-assessment",
                    }
                )
    if Role.TIER_REVIEWER in role_set or Role.DEPARTMENT_STAFF in role_set:
        counts = selectors.queue_counts(selectors.review_queue_for(user))
        panel["queue_counts"] = counts
        shown = True
        if counts["waiting"] and Role.TIER_REVIEWER in role_set:
            panel["next"].append(
                {
                    "order": 10,
                    "label": _("Review the self-assessments waiting for you"),
                    "count": counts["waiting"],
                    "url": reverse("units:review-queue"),
                    "testid": "next-dossier",
                }
            )
    if Role.DEPARTMENT_STAFF in role_set or Role.ADMINISTRATOR in role_set:
        # Verified dossiers are the few waiting for a decision: counted through their own
        # partial index, never over every dossier of every year; the user's province's.
        verified = dict(
            roles.scoped(SelfAssessment.objects.filter(status=AssessmentStatus.VERIFIED), user)
            .order_by()
            .values_list("cycle")
            .annotate(n=Count("*"))  # COUNT(*): an index-only scan of the partial index
        )
        cycles = list(Cycle.objects.filter(pk__in=verified).order_by("-year", "tier"))
        for cycle in cycles:
            cycle.verified = verified[cycle.pk]  # type: ignore[attr-defined]  # for the panel
        panel["decision_cycles"] = cycles
        panel["verified_waiting"] = sum(c.verified for c in panel["decision_cycles"])
        panel["show_coverage"] = True
        shown = True
    return panel if shown else None
