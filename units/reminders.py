"""Reminder rules of the Learning Units (read by notifications.registry).

- Assessment cycle closing in REMINDER_CYCLE_DAYS days (14, 7, 1) → the principals of the
  cycle's schools that have not submitted a self-assessment.
- Self-assessment returned for corrections → the school's principals (once per return).
- Dossier waiting for review more than REMINDER_REVIEW_WAITING_DAYS days → the reviewer
  (the tier reviewer of the school's area; DOET staff for provincial-tier schools); more
  than REMINDER_ESCALATE_DAYS days → escalated to the department staff.

Every rule reads with a fixed number of queries, whatever the number of schools.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.areas import organisation_tiers_of
from accounts.enums import OrganisationKind, Role, Tier
from accounts.models import Membership
from notifications.enums import NotificationKind
from notifications.registry import Due, Rule, iso, offset_occasion, url_for

from .enums import AWAITING_REVIEW, SUBMITTED_STATES, AssessmentStatus, CycleState
from .models import AssessmentTransition, Cycle, School, SelfAssessment

KINDS = [
    (NotificationKind.UNITS_SCHOOL, {Role.PRINCIPAL}),
    (NotificationKind.UNITS_REVIEW, {Role.TIER_REVIEWER, Role.DEPARTMENT_STAFF}),
]


def _day(value: str) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def _principals(organisation_ids=None, **filters) -> dict[int, list[int]]:
    """school id → active principals' user ids, in one query."""
    qs = Membership.objects.filter(
        role=Role.PRINCIPAL, is_active=True, user__is_active=True, **filters
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    found: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in qs.values_list("organisation_id", "user_id").order_by("user_id"):
        found[org_id].append(user_id)
    return found


def _department_staff() -> dict[int | None, list[int]]:
    """province id → the active staff of that province's department (each province's
    staff hear of their own province's dossiers only, issue 18)."""
    found: dict[int | None, list[int]] = defaultdict(list)
    for province_id, user_id in (
        Membership.objects.filter(
            role=Role.DEPARTMENT_STAFF,
            is_active=True,
            user__is_active=True,
            organisation__kind=OrganisationKind.DEPARTMENT,
        )
        .values_list("organisation__province_id", "user_id")
        .distinct()
        .order_by("user_id")
    ):
        if user_id not in found[province_id]:
            found[province_id].append(user_id)
    return found


# --- Cycle closing ----------------------------------------------------------------------


def cycles_closing(now: datetime):
    today = timezone.localdate(now)
    offsets = settings.REMINDER_CYCLE_DAYS
    cycles = Cycle.objects.filter(
        state=CycleState.OPEN,
        submission_deadline__gte=today,
        submission_deadline__lte=today + timedelta(days=max(offsets, default=0)),
    )
    for cycle in cycles:
        days_left = (cycle.submission_deadline - today).days
        occasion = offset_occasion(days_left, offsets, prefix=f"cycle-{cycle.pk}-due")
        if occasion is None:  # not yet within the first offset
            continue
        submitted = SelfAssessment.objects.filter(cycle=cycle, status__in=SUBMITTED_STATES).values(
            "school_id"
        )
        rows = (
            Membership.objects.filter(
                role=Role.PRINCIPAL,
                is_active=True,
                user__is_active=True,
                organisation__is_active=True,
                organisation__kind=OrganisationKind.SCHOOL,
                organisation__tier__in=organisation_tiers_of(cycle.tier),
                organisation__school_profile__isnull=False,
            )
            .exclude(organisation_id__in=submitted)
            .values_list("organisation_id", "organisation__name", "user_id")
            .order_by("organisation_id", "user_id")
        )
        drafts = dict(SelfAssessment.objects.filter(cycle=cycle).values_list("school_id", "pk"))
        for school_id, school_name, user_id in rows.iterator(chunk_size=5000):
            draft = drafts.get(school_id)
            url = (
                url_for("units:assessment-detail", draft)
                if draft
                else url_for("units:school-detail", school_id)
            )
            yield Due(
                obj=None,
                model=School,
                object_id=school_id,
                recipient_id=user_id,
                occasion=occasion,
                context={
                    "school": school_name,
                    "year": cycle.year,
                    "cycle": cycle.pk,
                    "deadline": iso(cycle.submission_deadline),
                    "days": days_left,
                },
                url=url,
                label=f"{school_name} · {cycle.year}",
            )


def cycle_message(context: dict) -> tuple[str, str]:
    title = ngettext(
        "Self-assessment %(year)s due in %(days)s day: %(school)s",
        "Self-assessment %(year)s due in %(days)s days: %(school)s",
        context["days"],
    ) % {"year": context["year"], "days": context["days"], "school": context["school"]}
    body = _(
        "The Learning Unit self-assessment of %(school)s for %(year)s must be submitted by "
        "%(deadline)s. It has not been submitted yet."
    ) % {
        "school": context["school"],
        "year": context["year"],
        "deadline": _day(context["deadline"]),
    }
    return title, body


def cycle_still_unsubmitted(school: School, reminder) -> bool:
    return not SelfAssessment.objects.filter(
        school=school, cycle_id=reminder.context.get("cycle"), status__in=SUBMITTED_STATES
    ).exists()


# --- Returned ---------------------------------------------------------------------------


def assessments_returned(now: datetime):
    transitions = (
        AssessmentTransition.objects.filter(
            to_status=AssessmentStatus.RETURNED, assessment__status=AssessmentStatus.RETURNED
        )
        .select_related("assessment__cycle", "assessment__school__organisation")
        .order_by("assessment_id", "-at", "-id")
    )
    latest: dict[int, AssessmentTransition] = {}
    for transition in transitions:
        latest.setdefault(transition.assessment_id, transition)
    principals = _principals({t.assessment.school_id for t in latest.values()})
    for transition in latest.values():
        assessment = transition.assessment
        school = assessment.school.organisation.name
        for user_id in principals.get(assessment.school_id, []):
            yield Due(
                obj=assessment,
                recipient_id=user_id,
                occasion=f"returned-{transition.pk}",
                context={
                    "school": school,
                    "year": assessment.cycle.year,
                    "comment": (transition.comment or assessment.reviewer_comment)[:1000],
                },
                url=assessment.get_absolute_url(),
                label=f"{school} · {assessment.cycle.year}",
            )


def returned_message(context: dict) -> tuple[str, str]:
    title: str = _("Self-assessment %(year)s returned for corrections: %(school)s") % {
        "year": context["year"],
        "school": context["school"],
    }
    body = str(_("The reviewer returned the dossier. Correct it and submit it again."))
    if context.get("comment"):
        label = _("Reviewer’s comment")
        body = f"{body}\n{label}: {context['comment']}"
    return title, body


def still_returned(assessment: SelfAssessment, reminder) -> bool:
    return assessment.status == AssessmentStatus.RETURNED


# --- Waiting for review -----------------------------------------------------------------


def dossiers_waiting(now: datetime):
    waiting_days = settings.REMINDER_REVIEW_WAITING_DAYS
    escalate_days = settings.REMINDER_ESCALATE_DAYS
    today = timezone.localdate(now)
    # Whole calendar days: submitted on the 10th is waiting 10 days on the 20th.
    cutoff = timezone.make_aware(
        datetime.combine(today - timedelta(days=min(waiting_days, escalate_days) - 1), time.min)
    )
    assessments = list(
        SelfAssessment.objects.filter(
            status__in=AWAITING_REVIEW, submitted_at__lt=cutoff
        ).select_related("cycle", "school__organisation")
    )
    if not assessments:
        return
    reviewers: dict[int | None, list[int]] = defaultdict(list)
    for area_id, user_id in (
        Membership.objects.filter(
            role=Role.TIER_REVIEWER,
            is_active=True,
            user__is_active=True,
            organisation__area_id__in={a.school.organisation.area_id for a in assessments},
        )
        .values_list("organisation__area_id", "user_id")
        .order_by("user_id")
        .distinct()
    ):
        reviewers[area_id].append(user_id)
    staff_by_province = _department_staff()
    for assessment in assessments:
        organisation = assessment.school.organisation
        staff = staff_by_province.get(assessment.province_id, [])
        days = (today - timezone.localdate(assessment.submitted_at)).days
        stamp = timezone.localtime(assessment.submitted_at).strftime("%Y%m%d")
        context = {
            "school": organisation.name,
            "year": assessment.cycle.year,
            "submitted": iso(timezone.localdate(assessment.submitted_at)),
            "days": days,
        }
        label = f"{organisation.name} · {assessment.cycle.year}"
        if days >= waiting_days:
            if organisation.tier == Tier.PROVINCIAL:
                first = staff
            else:
                first = reviewers.get(organisation.area_id, [])
            for user_id in first:
                yield Due(
                    obj=assessment,
                    recipient_id=user_id,
                    occasion=f"waiting-{stamp}",
                    context={**context, "escalated": False},
                    url=url_for("units:assessment-review", assessment.pk),
                    label=label,
                )
        if days >= escalate_days:
            for user_id in staff:
                yield Due(
                    obj=assessment,
                    recipient_id=user_id,
                    occasion=f"escalated-{stamp}",
                    context={**context, "escalated": True},
                    url=assessment.get_absolute_url(),
                    label=label,
                )


def waiting_message(context: dict) -> tuple[str, str]:
    values = {"school": context["school"], "year": context["year"], "days": context["days"]}
    if context.get("escalated"):
        title = (
            ngettext(
                "Escalated: dossier of %(school)s (%(year)s) waiting for review for %(days)s day",
                "Escalated: dossier of %(school)s (%(year)s) waiting for review for %(days)s days",
                context["days"],
            )
            % values
        )
        body = _(
            "This self-assessment was submitted on %(submitted)s and is still not reviewed. "
            "Please follow up with the reviewer."
        ) % {"submitted": _day(context["submitted"])}
    else:
        title = (
            ngettext(
                "Dossier of %(school)s (%(year)s) waiting for review for %(days)s day",
                "Dossier of %(school)s (%(year)s) waiting for review for %(days)s days",
                context["days"],
            )
            % values
        )
        body = _("Submitted on %(submitted)s. Verify it or return it with comments.") % {
            "submitted": _day(context["submitted"])
        }
    return title, body


def still_waiting(assessment: SelfAssessment, reminder) -> bool:
    return assessment.status in AWAITING_REVIEW


RULES = [
    Rule(
        name="units.cycle_closing",
        kind=NotificationKind.UNITS_SCHOOL,
        label=_("Assessment cycle closing, self-assessment not submitted"),
        collect=cycles_closing,
        message=cycle_message,
        still_applies=cycle_still_unsubmitted,
    ),
    Rule(
        name="units.assessment_returned",
        kind=NotificationKind.UNITS_SCHOOL,
        label=_("Self-assessment returned for corrections"),
        collect=assessments_returned,
        message=returned_message,
        still_applies=still_returned,
    ),
    Rule(
        name="units.review_waiting",
        kind=NotificationKind.UNITS_REVIEW,
        label=_("Dossier waiting for review (then escalated)"),
        collect=dossiers_waiting,
        message=waiting_message,
        still_applies=still_waiting,
    ),
]
