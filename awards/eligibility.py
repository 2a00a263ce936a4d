"""Eligibility checks (Law 06/2022/QH15): computed for a nomination, each with a reason
shown to the nominator and the reviewers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import GRANTED, AchievementKind, NominationStatus, NomineeKind
from .models import DisciplineFlag, Nomination, normalise_name

REFUSED = "refused"
# must be resolved by the council (a recorded reason) before approval
WARNING = "warning"
FLAG = "flag"
PRIORITY = "priority"


@dataclass(frozen=True)
class Finding:
    code: str
    level: str  # refused (blocks), warning (the council resolves), flag (for reviewers), priority
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
        .select_related("form", "commendation__decision__issuing_organisation")
        .order_by("achievement_start")
    )


def discipline_matches(nomination: Nomination) -> list[DisciplineFlag]:
    """Active flags on the nominee. A person is followed across transfers: the same
    identity number, or the same name and date of birth, at any organisation; a flag
    without a date of birth (or identity number) can only match at its own organisation."""
    if nomination.nominee_kind != NomineeKind.INDIVIDUAL:
        # A collective is barred by a flag on the organisation itself (no person named).
        return list(
            DisciplineFlag.objects.filter(
                is_active=True, organisation_id=nomination.nominee_organisation_id, person_name=""
            ).select_related("organisation")
        )
    name = normalise_name(nomination.nominee_name)
    identity = (nomination.identity_number or "").strip()
    wanted = Q(normalised_name=name)
    if identity:
        wanted |= Q(identity_number=identity)
    found = []
    for flag in DisciplineFlag.objects.filter(wanted, is_active=True).select_related(
        "organisation"
    ):
        if flag.identity_number and identity:
            same = flag.identity_number == identity
        elif flag.normalised_name != name:
            same = False
        elif flag.date_of_birth and nomination.date_of_birth:
            same = flag.date_of_birth == nomination.date_of_birth
        else:
            same = flag.organisation_id == nomination.nominee_organisation_id
        if same:
            found.append(flag)
    return found


def _earlier(other: Nomination) -> str:
    """The earlier award, named by its decision when there is one."""
    commendation = getattr(other, "commendation", None)
    values = {
        "form": other.form.name,
        "start": _d(other.achievement_start),
        "end": _d(other.achievement_end),
    }
    if other.status == NominationStatus.COMMENDED and commendation is not None:
        return _("“%(form)s” for %(start)s–%(end)s, decision %(decision)s of %(org)s") % {
            **values,
            "decision": commendation.decision.label,
            "org": commendation.decision.issuing_organisation.name,
        }
    return _("“%(form)s” for %(start)s–%(end)s, approved and awaiting its decision") % values


def findings(nomination: Nomination) -> list[Finding]:
    """Every finding for the nomination as it stands now."""
    found: list[Finding] = []
    kind = nomination.form.achievement_kind
    for other in overlapping_granted(nomination):
        other_kind = other.form.achievement_kind
        if other_kind == kind:
            found.append(
                Finding(
                    "already_commended",
                    REFUSED,
                    _(
                        "One achievement is rewarded once (Law 06/2022/QH15): the same "
                        "achievement was already rewarded with %(earlier)s."
                    )
                    % {"earlier": _earlier(other)},
                )
            )
        elif AchievementKind.SERVICE in (kind, other_kind):
            # years of service are not a yearly achievement: no conflict
            continue
        elif nomination.overlap_reason:
            found.append(
                Finding(
                    "overlap",
                    FLAG,
                    _(
                        "Overlapping period with %(earlier)s, for another kind of "
                        "achievement. The council recorded why this is a different "
                        "achievement: %(reason)s"
                    )
                    % {"earlier": _earlier(other), "reason": nomination.overlap_reason},
                )
            )
        else:
            found.append(
                Finding(
                    "overlap",
                    WARNING,
                    _(
                        "Overlapping period with %(earlier)s, for another kind of "
                        "achievement: the council must record why this is a different "
                        "achievement before approving."
                    )
                    % {"earlier": _earlier(other)},
                )
            )
    for flag in discipline_matches(nomination):
        found.append(
            Finding(
                "discipline",
                REFUSED,
                _(
                    "The nominee is on the discipline register (%(reason)s, recorded at "
                    "%(org)s): nobody under discipline, investigation or an unresolved "
                    "complaint may be commended."
                )
                % {"reason": flag.reason, "org": flag.organisation.name},
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


def unresolved(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.level == WARNING]
