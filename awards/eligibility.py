"""Eligibility checks (Law 06/2022/QH15): computed for a nomination, each with a reason
shown to the nominator and the reviewers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import GRANTED, NominationStatus, NomineeKind
from .models import DisciplineFlag, Nomination, normalise_name

REFUSED = "refused"
FLAG = "flag"
PRIORITY = "priority"


@dataclass(frozen=True)
class Finding:
    code: str
    level: str  # refused (blocks submission), flag (for reviewers), priority
    message: str


def _d(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def overlapping_granted(nomination: Nomination):
    return (
        Nomination.objects.filter(
            nominee_key=nomination.compute_nominee_key(),
            status__in=GRANTED,
            achievement_start__lte=nomination.achievement_end,
            achievement_end__gte=nomination.achievement_start,
        )
        .exclude(pk=nomination.pk)
        .select_related("form", "commendation__decision")
        .order_by("achievement_start")
    )


def discipline_matches(nomination: Nomination):
    flags = DisciplineFlag.objects.filter(
        is_active=True, organisation_id=nomination.nominee_organisation_id
    )
    if nomination.nominee_kind == NomineeKind.INDIVIDUAL:
        flags = flags.filter(normalised_name=normalise_name(nomination.nominee_name))
        return [
            f
            for f in flags
            if f.date_of_birth is None
            or nomination.date_of_birth is None
            or f.date_of_birth == nomination.date_of_birth
        ]
    # A collective is barred by a flag on the organisation itself (no person named).
    return list(flags.filter(person_name=""))


def findings(nomination: Nomination) -> list[Finding]:
    """Every finding for the nomination as it stands now."""
    found: list[Finding] = []
    for other in overlapping_granted(nomination):
        commendation = getattr(other, "commendation", None)
        if other.status == NominationStatus.COMMENDED and commendation is not None:
            message = _(
                "Already commended with “%(form)s” for an overlapping achievement period "
                "(%(start)s–%(end)s, decision %(decision)s): one achievement is never "
                "rewarded twice."
            ) % {
                "form": other.form.name,
                "start": _d(other.achievement_start),
                "end": _d(other.achievement_end),
                "decision": commendation.decision.label,
            }
        else:
            message = _(
                "Already approved for “%(form)s” for an overlapping achievement period "
                "(%(start)s–%(end)s): one achievement is never rewarded twice."
            ) % {
                "form": other.form.name,
                "start": _d(other.achievement_start),
                "end": _d(other.achievement_end),
            }
        found.append(Finding("already_commended", REFUSED, message))
    for flag in discipline_matches(nomination):
        found.append(
            Finding(
                "discipline",
                REFUSED,
                _(
                    "The nominee is on the discipline register (%(reason)s): nobody under "
                    "discipline, investigation or an unresolved complaint may be commended."
                )
                % {"reason": flag.reason},
            )
        )
    twice = (
        Nomination.objects.filter(
            round_id=nomination.round_id, nominee_key=nomination.compute_nominee_key()
        )
        .exclude(pk=nomination.pk)
        .exclude(status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN])
        .count()
    )
    if twice:
        found.append(
            Finding(
                "nominated_twice",
                FLAG,
                _("The same nominee has %(count)s other nomination(s) in this round.")
                % {"count": twice},
            )
        )
    if nomination.has_priority:
        found.append(
            Finding(
                "priority",
                PRIORITY,
                _("Priority: a woman nominee.")
                if nomination.is_individual
                else _("Priority: a collective with at least 70% women."),
            )
        )
    return found


def refusals(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.level == REFUSED]


def flag_label(code: str) -> str:
    return {
        "already_commended": _("Already rewarded"),
        "discipline": _("Discipline register"),
        "nominated_twice": _("Nominated twice"),
        "priority": _("Priority"),
    }.get(code, code)
