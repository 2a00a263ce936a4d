"""Reminder rules of the programme (read by notifications.registry).

- Milestone due in REMINDER_MILESTONE_DAYS days (14, 7, 1) and, once overdue, every
  REMINDER_OVERDUE_EVERY_DAYS days until done or cancelled → its owner and the lead
  party's staff (DOET: department staff; Association: officers; joint: both).
- Progress report period ending in REMINDER_REPORT_DAYS days (half-year: 30 June;
  year: 15 December) with no submitted or accepted report → the commitment's
  responsible people.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import Membership
from notifications.enums import NotificationKind
from notifications.registry import (
    Due,
    Rule,
    due_or_overdue_occasion,
    iso,
    offset_occasion,
)

from .enums import MilestoneStatus, Party, PeriodKind, ReportStatus
from .models import Commitment, Milestone, ProgressReport

KINDS = [(NotificationKind.PROGRAMME, {Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER})]

OPEN_MILESTONE = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
DONE_REPORT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# When each kind of report is due within its year (DOMAIN.md §1: a mid-year review in
# July, the yearly report before 15 December).
REPORT_DEADLINES = {PeriodKind.HALF_YEAR: (6, 30), PeriodKind.YEAR: (12, 15)}


def _day(value: str) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def party_staff(programme_ids) -> dict[tuple[int, str], set[int]]:
    """(programme id, party) → user ids of that party's staff in the programme's parties,
    in one query."""
    rows = Membership.objects.filter(
        is_active=True,
        user__is_active=True,
        role__in=[Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER],
        organisation__programmes__in=programme_ids,
    ).values_list("organisation__programmes", "role", "user_id")
    found: dict[tuple[int, str], set[int]] = defaultdict(set)
    for programme_id, role, user_id in rows:
        party = Party.DOET if role == Role.DEPARTMENT_STAFF else Party.ASSOCIATION
        found[(programme_id, party)].add(user_id)
        found[(programme_id, Party.JOINT)].add(user_id)
    return found


# --- Milestones ------------------------------------------------------------------------


def milestones_due(now: datetime):
    today = timezone.localdate(now)
    offsets = settings.REMINDER_MILESTONE_DAYS
    horizon = today.toordinal() + max(offsets, default=0)
    milestones = list(
        Milestone.objects.filter(
            status__in=OPEN_MILESTONE, due_date__lte=date.fromordinal(horizon)
        ).select_related("commitment")
    )
    staff = party_staff({m.commitment.programme_id for m in milestones})
    for milestone in milestones:
        days_left = (milestone.due_date - today).days
        occasion = due_or_overdue_occasion(days_left, offsets, settings.REMINDER_OVERDUE_EVERY_DAYS)
        if occasion is None:
            continue
        commitment = milestone.commitment
        recipients = set(staff.get((commitment.programme_id, commitment.lead_party), set()))
        if milestone.owner_id:
            recipients.add(milestone.owner_id)
        context = {
            "title": milestone.title,
            "commitment": commitment.code,
            "due": iso(milestone.due_date),
            "days": days_left,
        }
        for user_id in sorted(recipients):
            yield Due(
                obj=milestone,
                recipient_id=user_id,
                occasion=occasion,
                context=context,
                url=commitment.get_absolute_url(),
                label=f"{commitment.code} · {milestone.title}",
            )


def milestone_message(context: dict) -> tuple[str, str]:
    days = context["days"]
    if days < 0:
        title = _("Milestone overdue: %(title)s") % {"title": context["title"]}
        body = _(
            "Commitment %(code)s: this milestone was due on %(due)s and is not done yet. "
            "Mark it done when it is, or update its status."
        ) % {"code": context["commitment"], "due": _day(context["due"])}
    else:
        title = ngettext(
            "Milestone due in %(days)s day: %(title)s",
            "Milestone due in %(days)s days: %(title)s",
            days,
        ) % {"days": days, "title": context["title"]}
        body = _("Commitment %(code)s: this milestone is due on %(due)s.") % {
            "code": context["commitment"],
            "due": _day(context["due"]),
        }
    return title, body


def milestone_still_open(milestone: Milestone, reminder) -> bool:
    return milestone.status in OPEN_MILESTONE


# --- Progress reports ------------------------------------------------------------------


def _deadlines(today: date, horizon: int) -> list[tuple[str, int, date]]:
    found: list[tuple[str, int, date]] = []
    for year in (today.year, today.year + 1):
        for period, (month, day) in REPORT_DEADLINES.items():
            deadline = date(year, month, day)
            if 0 <= (deadline - today).days <= horizon:
                found.append((period, year, deadline))
    return found


def reports_due(now: datetime):
    today = timezone.localdate(now)
    offsets = settings.REMINDER_REPORT_DAYS
    deadlines = _deadlines(today, max(offsets, default=0))
    if not deadlines:
        return
    years = {year for _period, year, _deadline in deadlines}
    commitments = list(
        Commitment.objects.filter(
            programme__start_year__lte=max(years), programme__end_year__gte=min(years)
        ).select_related("programme")
    )
    done = set(
        ProgressReport.objects.filter(
            commitment__in=commitments, year__in=years, status__in=DONE_REPORT
        ).values_list("commitment_id", "period", "year")
    )
    responsible: dict[int, list[int]] = defaultdict(list)
    for commitment_id, user_id in Commitment.responsible.through.objects.filter(
        commitment__in=commitments, user__is_active=True
    ).values_list("commitment_id", "user_id"):
        responsible[commitment_id].append(user_id)
    for period, year, deadline in deadlines:
        occasion = offset_occasion((deadline - today).days, offsets, prefix=f"{period}-{year}-due")
        if occasion is None:  # not yet within the first offset
            continue
        for commitment in commitments:
            programme = commitment.programme
            if not programme.start_year <= year <= programme.end_year:
                continue
            if (commitment.pk, period, year) in done:
                continue
            context = {
                "commitment": commitment.code,
                "title": commitment.title,
                "period": period,
                "year": year,
                "deadline": iso(deadline),
                "days": (deadline - today).days,
            }
            for user_id in responsible.get(commitment.pk, []):
                yield Due(
                    obj=commitment,
                    recipient_id=user_id,
                    occasion=occasion,
                    context=context,
                    url=commitment.get_absolute_url(),
                    label=f"{commitment.code}. {commitment.title}"[:300],
                )


def report_message(context: dict) -> tuple[str, str]:
    if context["period"] == PeriodKind.HALF_YEAR:
        period = _("first half of %(year)s") % {"year": context["year"]}
    else:
        period = _("year %(year)s") % {"year": context["year"]}
    title = ngettext(
        "Progress report for %(period)s due in %(days)s day: commitment %(code)s",
        "Progress report for %(period)s due in %(days)s days: commitment %(code)s",
        context["days"],
    ) % {"period": period, "days": context["days"], "code": context["commitment"]}
    body = _(
        "The progress report of commitment %(code)s for %(period)s is due by %(deadline)s "
        "and has not been submitted yet."
    ) % {"code": context["commitment"], "period": period, "deadline": _day(context["deadline"])}
    return title, body


def report_still_missing(commitment: Commitment, reminder) -> bool:
    return not ProgressReport.objects.filter(
        commitment=commitment,
        period=reminder.context.get("period"),
        year=reminder.context.get("year"),
        status__in=DONE_REPORT,
    ).exists()


RULES = [
    Rule(
        name="programme.milestone_due",
        kind=NotificationKind.PROGRAMME,
        label=_("Milestone due or overdue"),
        collect=milestones_due,
        message=milestone_message,
        still_applies=milestone_still_open,
    ),
    Rule(
        name="programme.report_due",
        kind=NotificationKind.PROGRAMME,
        label=_("Progress report period ending"),
        collect=reports_due,
        message=report_message,
        still_applies=report_still_missing,
    ),
]
