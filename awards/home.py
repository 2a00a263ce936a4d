"""The awards panel on the home page: each role's next actions."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.enums import Role
from learnsociety import registry

from .enums import NominationStatus, Procedure
from .models import Nomination, NominationRound
from .selectors import review_queue, with_progress


@registry.home_panel(order=40)
def home_panel(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    role_set = roles.roles(user)
    panel: dict = {"template": "awards/_home_panel.html", "wide": False}
    today = timezone.localdate()
    if Role.PRINCIPAL in role_set:
        orgs = roles.organisation_ids(user, Role.PRINCIPAL)
        panel["principal"] = True
        panel["mine"] = list(
            Nomination.objects.filter(nominating_organisation_id__in=orgs)
            .exclude(status=NominationStatus.WITHDRAWN)
            .order_by("-updated")[:5]
        )
        panel["open_round"] = NominationRound.objects.filter(
            opening_date__lte=today, submission_deadline__gte=today
        ).exists()
    if Role.ASSOCIATION_OFFICER in role_set:
        panel["officer"] = True
        panel["pending"] = review_queue(user).filter(submitted_at__isnull=True).count()
        panel["rounds"] = with_progress(
            list(NominationRound.objects.filter(review_deadline__gte=today).order_by("-year")[:3])
        )
        if panel["pending"]:
            panel["next"] = [
                {
                    "order": 10,
                    "label": _("Review the next nomination"),
                    "count": panel["pending"],
                    "url": reverse("awards:review-next"),
                    "testid": "next-review",
                }
            ]
    if Role.DEPARTMENT_STAFF in role_set:
        panel["staff"] = True
        own = roles.organisation_ids(user, Role.DEPARTMENT_STAFF)
        # the DOET's own giấy khen, and the bằng khen it proposes to higher bodies
        panel["awaiting"] = Nomination.objects.filter(
            Q(form__procedure=Procedure.DECIDED, form__issuing_organisation_id__in=own)
            | Q(form__procedure=Procedure.PROPOSED, form__proposing_organisation_id__in=own),
            status=NominationStatus.APPROVED,
        ).count()
    if not any(panel.get(k) for k in ("principal", "officer", "staff")):
        return None
    return panel
