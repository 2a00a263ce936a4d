"""Recognition decisions of the recognising authorities, and the certificates' codes."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import roles
from accounts.enums import Role, Tier
from accounts.models import Organisation, User
from accounts.selectors import document_template_for
from learnsociety.codes import certificate_code

from ..enums import (
    AssessmentStatus,
)
from ..models import (
    Cycle,
    FrameworkOutcome,
    Recognition,
    RecognitionDecision,
    SelfAssessment,
)
from .base import ASSESSMENT_WORKFLOW, UnitsError, assessment_transition


def new_certificate_code() -> str:
    return certificate_code("LU")


def may_recognise_for(user, authority: Organisation) -> bool:
    """Who records a decision of ``authority``: its members, the tier reviewer of its area
    (a commune's culture and society office prepares and enters its People's Committee's
    decisions), the DOET's staff for the authorities of their province, and administrators."""
    if roles.has_role(user, Role.ADMINISTRATOR):
        return True
    if roles.has_role(user, Role.DEPARTMENT_STAFF) and authority.province_id in (
        roles.province_ids(user)
    ):
        return True
    if authority.pk in roles.organisation_ids(user):
        return True
    return (
        authority.tier != Tier.PROVINCIAL
        and authority.area_id is not None
        and authority.area_id in roles.area_ids(user, Role.TIER_REVIEWER)
    )


def decision_problems(
    *,
    cycle: Cycle,
    locked: dict[int, SelfAssessment],
    outcomes: dict[str, FrameworkOutcome],
    entries: list[tuple[int, str]],
    reasons: dict[int, str],
) -> list[str]:
    """Why each chosen dossier cannot be recognised at the chosen level, one translated
    message per dossier. A decision follows the review: only a verified outcome that meets a
    level can be recognised, at that level or (with a reason) a lower one."""
    problems = []
    for assessment_id, code in entries:
        assessment = locked.get(assessment_id)
        if assessment is None or assessment.cycle_id != cycle.pk:
            problems.append(
                _("Dossier %(id)s is not a self-assessment of this cycle.") % {"id": assessment_id}
            )
            continue
        school = str(assessment.school)
        if assessment.status != AssessmentStatus.VERIFIED:
            problems.append(
                _(
                    "%(school)s cannot be recognised: its self-assessment is not waiting for a "
                    "decision (%(state)s)."
                )
                % {"school": school, "state": assessment.get_status_display()}
            )
            continue
        verified = outcomes.get(assessment.verified_outcome)
        if verified is None:
            problems.append(
                _("%(school)s cannot be recognised: the review verified that it meets no level.")
                % {"school": school}
            )
            continue
        chosen = outcomes.get(code)
        if chosen is None:
            problems.append(
                _("Choose a level of the cycle's criteria for %(school)s.") % {"school": school}
            )
        elif chosen.rank > verified.rank:
            problems.append(
                _(
                    "%(school)s cannot be recognised at %(chosen)s: the review verified "
                    "%(verified)s. A decision may give the verified level or a lower one."
                )
                % {"school": school, "chosen": chosen.name, "verified": verified.name}
            )
        elif chosen.rank < verified.rank and not reasons.get(assessment_id, "").strip():
            problems.append(
                _(
                    "%(school)s would be recognised at %(chosen)s, below the verified "
                    "%(verified)s: give the reason."
                )
                % {"school": school, "chosen": chosen.name, "verified": verified.name}
            )
    return problems


def state_number(number: str, authority: Organisation) -> str:
    """The decision number in the State's format (Decree 30/2020): a number typed alone
    ("45") gets the type and the authority's code from its document template
    ("45/QĐ-UBND"); a number typed in full is kept as the signed decision bears it."""
    number = (number or "").strip()
    if number.isdigit():
        template = document_template_for(authority)
        if template is not None and template.code:
            return f"{int(number)}/QĐ-{template.code}"
    return number


def _check_authority_of(authority: Organisation, locked: dict) -> None:
    """Refuse dossiers that another authority decides."""
    others = [
        str(a.school) for a in locked.values() if (a.authority_id or authority.pk) != authority.pk
    ]
    if others:
        raise UnitsError(
            _("%(authority)s does not recognise these schools: %(names)s.")
            % {"authority": authority, "names": ", ".join(others)}
        )


def _recognised_comment(number: str, chosen, verified, reason: str | None) -> str:
    """The history line of a recognition: the decision, and why a level below the verified
    one was chosen."""
    if chosen.rank >= verified.rank:
        return _("Decision %(number)s") % {"number": number}
    return _(
        "Decision %(number)s: recognised at %(chosen)s, below the verified "
        "%(verified)s. Reason: %(reason)s"
    ) % {
        "number": number,
        "chosen": chosen.name,
        "verified": verified.name,
        "reason": (reason or "").strip(),
    }


@transaction.atomic
def decision_record(
    *,
    cycle: Cycle,
    by: User,
    number: str,
    decided_on: date,
    signer: str,
    document=None,
    entries: list[tuple[int, str]],
    authority: Organisation | None = None,
    reasons: dict[int, str] | None = None,
) -> RecognitionDecision:
    """Record a numbered decision of one recognising authority (a People's Committee of a
    district or commune, or the provincial authority) recognising verified schools of a
    cycle whose dossiers it decides, each with its level or grade, in one action. Numbers
    are unique per authority and year. Locks the dossiers so that a school is never
    recognised twice in a cycle, even by two people at the same moment.

    Each school gets its verified level, or a lower one with a reason (``reasons`` by
    assessment id) that the audit trail keeps; a higher level, or a school verified as
    meeting no level, refuses the whole decision."""
    authority = authority or cycle.authority
    if authority is None or not may_recognise_for(by, authority):
        raise UnitsError(_("Only the recognising authority can record a decision."))
    number = state_number(number, authority)
    if not entries:
        raise UnitsError(_("Choose at least one verified school."))
    reasons = reasons or {}
    ids = [assessment_id for assessment_id, _code in entries]
    locked = {
        a.pk: a
        for a in SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("school", "school__organisation")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    outcomes = {o.code: o for o in FrameworkOutcome.objects.filter(framework_id=cycle.framework_id)}
    problems = decision_problems(
        cycle=cycle, locked=locked, outcomes=outcomes, entries=entries, reasons=reasons
    )
    if problems:
        raise UnitsError(problems)
    _check_authority_of(authority, locked)
    if RecognitionDecision.objects.filter(
        authority=authority, number=number, decided_on__year=decided_on.year
    ).exists():
        raise UnitsError(_("A decision with this number already exists."))
    decision = RecognitionDecision(
        cycle=cycle,
        authority=authority,
        number=number,
        decided_on=decided_on,
        signer=signer,
        created_by=by,
    )
    if document:
        decision.document = document
        decision.full_clean(exclude=["cycle", "authority", "created_by"])
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # Another person recorded this number between our check and our insert.
        if decision.document:
            decision.document.delete(save=False)
        raise UnitsError(_("A decision with this number already exists.")) from None
    for assessment_id, code in entries:
        assessment = locked[assessment_id]
        try:
            with transaction.atomic():
                Recognition.objects.create(
                    school_id=assessment.school_id,
                    year=cycle.year,
                    framework_id=cycle.framework_id,
                    outcome=outcomes[code],
                    cycle=cycle,
                    assessment=assessment,
                    decision=decision,
                    decision_number=number,
                    decision_date=decided_on,
                    certificate_code=new_certificate_code(),
                )
        except IntegrityError:
            raise UnitsError(
                _("%(school)s is already recognised in this cycle.") % {"school": assessment.school}
            ) from None
        comment = _recognised_comment(
            number,
            outcomes[code],
            outcomes[assessment.verified_outcome],
            reasons.get(assessment_id),
        )
        assessment_transition(
            obj=assessment, to=AssessmentStatus.RECOGNISED, by=by, comment=comment
        )
    return decision


@transaction.atomic
def assessment_not_recognise(*, assessment: SelfAssessment, by: User, comment: str) -> None:
    if not by.has_perm("units.recognise", assessment):
        raise UnitsError(_("Only the recognising authority can record a decision."))
    ASSESSMENT_WORKFLOW.check(assessment, AssessmentStatus.NOT_RECOGNISED)
    if not comment.strip():
        raise UnitsError(_("Give the reason for not recognising the school."))
    assessment_transition(
        obj=assessment, to=AssessmentStatus.NOT_RECOGNISED, by=by, comment=comment.strip()
    )
