"""Learning Units demo data on the legal calendar: school profiles and figures, the running
year's cycle with drafts, last year's cycle with dossiers submitted in early January in every
state of review and the decisions of 20 February with certificates, and imported recognition
history.

Idempotent: rows are found by natural keys; existing self-assessments are left as they are
so that a reload never undoes what people did with the demo.
"""

from __future__ import annotations

import math
import zlib
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.utils import timezone, translation

from accounts.areas import PRE_REFORM_END, REFORM_DATE, lower_tier_on
from accounts.enums import Role, Tier
from accounts.models import Membership
from demo.accounts import SCHOOLS
from units.enums import AssessmentStatus, CriterionKind, CycleState, DenominatorSource
from units.models import (
    AssessmentTransition,
    CriterionResult,
    Cycle,
    Framework,
    FrameworkOutcome,
    Recognition,
    RecognitionDecision,
    School,
    SchoolAreaHistory,
    SchoolYearFigures,
    SelfAssessment,
)
from units.selectors import applicable_criteria, dossier_place, framework_with_structure
from units.services import (
    compute_self,
    compute_verified,
    late_permission_comment,
    new_certificate_code,
)

PRINCIPAL_SCHOOL = "SL-THCS-CHIENGLE"

# The legal calendar (Circular 24/2023): a cycle assesses the calendar year and its dossiers
# are due by 15 January of the next year. So the running year's cycle holds drafts only, and
# the dossiers under review belong to last year's cycle, submitted in early January.
# code -> status in the running year's cycle (the principal's own school stays empty)
OPEN_CYCLE = {
    PRINCIPAL_SCHOOL: AssessmentStatus.DRAFT,
    "MC-THCS-MOCLY": AssessmentStatus.DRAFT,
    "SL-THPT-TOHIEU": AssessmentStatus.DRAFT,
}
# Verified as meeting no level: left out of its cycle's decision form.
VERIFIED_NOT_MET = "SL-TH-CHIENGSINH"
# code -> status in last year's cycle: the first four decided on 20 February, the others
# still in the reviewers' hands.
LAST_CYCLE = {
    PRINCIPAL_SCHOOL: AssessmentStatus.RECOGNISED,
    "SL-TH-TOHIEU": AssessmentStatus.RECOGNISED,
    "MC-THCS-MOCLY": AssessmentStatus.RECOGNISED,
    "SL-MN-CHIENGCOI": AssessmentStatus.NOT_RECOGNISED,
    "SL-THCS-QUYETTHANG": AssessmentStatus.SUBMITTED,
    "SL-THCS-TOHIEU": AssessmentStatus.IN_REVIEW,
    "SL-MN-HOABAN": AssessmentStatus.RETURNED,
    "SL-MN-HOAHONG": AssessmentStatus.RESUBMITTED,
    "SL-TH-QUYETTHANG": AssessmentStatus.VERIFIED,
    VERIFIED_NOT_MET: AssessmentStatus.VERIFIED,
    "SL-THPT-CHUYEN": AssessmentStatus.SUBMITTED,
    "SL-THPT-TOHIEU": AssessmentStatus.VERIFIED,
}
DECIDED = {AssessmentStatus.RECOGNISED, AssessmentStatus.NOT_RECOGNISED}
# The path each demo state took.
PATHS = {
    AssessmentStatus.DRAFT: [],
    AssessmentStatus.SUBMITTED: ["submitted"],
    AssessmentStatus.IN_REVIEW: ["submitted", "in_review"],
    AssessmentStatus.RETURNED: ["submitted", "in_review", "returned"],
    AssessmentStatus.RESUBMITTED: ["submitted", "in_review", "returned", "resubmitted"],
    AssessmentStatus.VERIFIED: ["submitted", "in_review", "verified"],
    AssessmentStatus.RECOGNISED: ["submitted", "in_review", "verified", "recognised"],
    AssessmentStatus.NOT_RECOGNISED: ["submitted", "in_review", "verified", "not_recognised"],
}


def open_year(today: date) -> int:
    """The year whose cycle is open: last year's until its 15 January deadline."""
    return today.year - 1 if today < date(today.year, 1, 15) else today.year


def _figures(code: str) -> tuple[int, int]:
    seed = zlib.crc32(code.encode())
    return 25 + seed % 45, 250 + (seed // 7) % 900


def ensure_frameworks() -> None:
    """The shipped frameworks come from a data migration; a test database flushed between
    browser tests loses them, so the demo puts them back the same way."""
    if Framework.objects.filter(code__in=["TT24-2023", "TT22-2020"]).exists():
        return

    loader = MigrationLoader(None)  # the migration files only, no database
    for name in ("0002_frameworks", "0005_framework_kinds_and_drafts"):
        for operation in loader.get_migration("units", name).operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)  # type: ignore[arg-type]  # today's models stand in for the historical ones


def first_version(code: str) -> Framework:
    """The shipped framework ``code`` as first published (its version 1)."""
    return Framework.objects.filter(code=code).order_by("version")[0]


def cycle_defaults(year: int, framework: Framework, authority, state: str) -> dict:
    """A demo cycle's fields besides its year and tier: open from 1 January, the usual
    submission deadline, reviewed by the end of the next February."""
    return {
        "framework": framework,
        "opens_on": date(year, 1, 1),
        "submission_deadline": Cycle.default_deadline(year),
        "review_deadline": date(year + 1, 2, 28),
        "authority": authority,
        "state": state,
    }


def _cycle(year: int, tier: str, framework: Framework, authority, state: str) -> Cycle:
    """A cycle; the lower tier's is the district's until 2024 and the commune's from 2025,
    with no single authority (each area's People's Committee decides)."""
    if tier != Tier.PROVINCIAL:
        tier, authority = lower_tier_on(date(year, 12, 31)), None
    cycle, _created = Cycle.objects.update_or_create(
        year=year,
        tier=tier,
        defaults=cycle_defaults(year, framework, authority, state),
    )
    return cycle


def _fill(assessment: SelfAssessment, figures: SchoolYearFigures, *, weak: bool = False) -> None:
    """Plausible results meeting Level 1 (or, with ``weak``, missing it on 3.1)."""
    for result in assessment.results.select_related("criterion"):
        criterion = result.criterion
        if criterion.kind == CriterionKind.YES_NO:
            result.answer = criterion.is_required
        elif criterion.kind == CriterionKind.THRESHOLD:
            total = (
                figures.learners
                if criterion.denominator_source == DenominatorSource.LEARNERS
                else figures.staff
            )
            share = 0.8 if weak and criterion.code == "3.1" else 0.97
            result.denominator = total
            result.numerator = math.floor(total * share)
        else:
            result.points = (criterion.max_points or 0) * (4 if weak else 9) / 10
        result.justification = "Theo báo cáo tổng kết năm học và sổ theo dõi của đơn vị."
        result.save()


def _in_vietnamese(make, *args):

    with translation.override("vi"):
        return make(*args)


def _on(day: date, hour: int = 9) -> datetime:
    """A moment of the demo's calendar, never later than now."""
    return min(timezone.now(), timezone.make_aware(datetime.combine(day, time(hour, 0))))


def _assessment(cycle, school, status, users, reviewer, authority_user, day, late_until=None):
    """The school's dossier in ``cycle``, taken along its demo path with every step dated
    on the legal calendar: opened in December, submitted on ``day`` (early January of the
    next year, or with ``late_until`` after the reviewer allowed a late submission),
    reviewed every two days after, decided on 20 February."""
    created_by = users["principal"] if school.pk == users["principal_school"] else users["admin"]
    if school.organisation.code == "MC-THCS-MOCLY":
        created_by = users["principal2"]
    area_id, authority = dossier_place(school=school, cycle=cycle)
    assessment, created = SelfAssessment.objects.get_or_create(
        cycle=cycle,
        school=school,
        defaults={"created_by": created_by, "area_id": area_id, "authority": authority},
    )
    if not created:
        return assessment
    framework = framework_with_structure(cycle.framework_id)
    CriterionResult.objects.bulk_create(
        CriterionResult(assessment=assessment, criterion=c)
        for c in applicable_criteria(framework, school.education_level)
    )
    opened = _on(min(day - timedelta(days=25), date(cycle.year, 12, 1)))
    row = AssessmentTransition.objects.create(
        assessment=assessment, from_status="", to_status=AssessmentStatus.DRAFT, by=created_by
    )
    AssessmentTransition.objects.filter(pk=row.pk).update(at=opened)
    SelfAssessment.objects.filter(pk=assessment.pk).update(created=opened)
    if late_until is not None:
        assessment.late_allowed_until = late_until
        row = AssessmentTransition.objects.create(
            assessment=assessment,
            from_status=AssessmentStatus.DRAFT,
            to_status=AssessmentStatus.DRAFT,
            by=reviewer,
            # the words the reviewer's own action records (units.services.assessment_reopen)
            comment=_in_vietnamese(late_permission_comment, late_until),
        )
        AssessmentTransition.objects.filter(pk=row.pk).update(at=_on(day - timedelta(days=3)))
    if school.organisation.code == PRINCIPAL_SCHOOL and status == AssessmentStatus.DRAFT:
        return assessment
    figures = SchoolYearFigures.objects.get(school=school, year=cycle.year)
    weak = status in (AssessmentStatus.RETURNED, AssessmentStatus.NOT_RECOGNISED) or (
        school.organisation.code == VERIFIED_NOT_MET
    )
    _fill(assessment, figures, weak=weak)
    results = list(assessment.results.select_related("criterion"))
    own = compute_self(assessment, results, framework)
    assessment.self_outcome, assessment.self_points = own.code, own.points
    previous: str = AssessmentStatus.DRAFT
    moment = _on(day)
    for step in PATHS[status]:
        actor = created_by if step in ("submitted", "resubmitted") else reviewer
        if step in ("recognised", "not_recognised"):
            actor = authority_user
            moment = _on(date(cycle.year + 1, 2, 20))
        comment = ""
        if step == "returned":
            comment = "Đề nghị bổ sung minh chứng cho tiêu chí 3.1."
            assessment.reviewer_comment = comment
            results_31 = [r for r in results if r.criterion.code == "3.1"]
            for r in results_31:
                r.reviewer_comment = "Tỷ lệ chưa khớp với danh sách Công dân học tập."
                r.save(update_fields=["reviewer_comment"])
        if step == "submitted":
            assessment.submitted_at = moment
        if step == "verified":
            for r in results:
                r.verified_points, r.verified_numerator = r.points, r.numerator
                r.verified_denominator, r.verified_answer = r.denominator, r.answer
                r.save()
            verified = compute_verified(assessment, results, framework)
            assessment.verified_outcome = verified.code
            assessment.verified_points = verified.points
            assessment.verified_at = moment
        if step == "not_recognised":
            comment = "Chưa đạt tỷ lệ Công dân học tập theo quy định."
        row = AssessmentTransition.objects.create(
            assessment=assessment,
            from_status=previous,
            to_status=step,
            by=actor,
            comment=comment,
        )
        AssessmentTransition.objects.filter(pk=row.pk).update(at=moment)
        previous = step
        moment = min(timezone.now(), moment + timedelta(days=2))
    assessment.status = status
    assessment.save()
    SelfAssessment.objects.filter(pk=assessment.pk).update(updated=moment)
    return assessment


def load(base: dict) -> None:
    today = timezone.localdate()
    year = today.year
    users = dict(base["users"])
    schools: dict[str, School] = {}
    levels = {code: level for code, _name, level, _district in SCHOOLS}
    for code, org in base["schools"].items():
        school, _created = School.objects.update_or_create(
            organisation=org, defaults={"education_level": levels.get(code, "lower_secondary")}
        )
        schools[code] = school
        # Its old commune (under its district) until 30 June 2025, its commune or ward
        # since 1 July 2025.
        SchoolAreaHistory.objects.update_or_create(
            school=school,
            valid_from=date(2020, 1, 1),
            defaults={"area": base["school_old_communes"][code], "valid_to": PRE_REFORM_END},
        )
        SchoolAreaHistory.objects.update_or_create(
            school=school,
            valid_from=REFORM_DATE,
            defaults={"area": org.area, "valid_to": None},
        )
        staff, learners = _figures(code)
        for offset in range(4):
            SchoolYearFigures.objects.update_or_create(
                school=school,
                year=year - offset,
                defaults={"staff": staff - offset, "learners": learners - 10 * offset},
            )
    users["principal_school"] = schools[PRINCIPAL_SCHOOL].pk

    ensure_frameworks()
    tt24, tt22 = first_version("TT24-2023"), first_version("TT22-2020")
    doet, staff = base["doet"], users["staff"]

    def framework_for(y: int) -> Framework:
        return tt24 if y >= 2024 else tt22

    def cycles_of(y: int, state: str) -> dict[str, Cycle]:
        return {
            Tier.PROVINCIAL: _cycle(y, Tier.PROVINCIAL, framework_for(y), doet, state),
            "lower": _cycle(y, Tier.COMMUNE, framework_for(y), None, state),
        }

    def cycle_of(cycles: dict[str, Cycle], school: School) -> Cycle:
        return cycles[Tier.PROVINCIAL if school.organisation.tier == Tier.PROVINCIAL else "lower"]

    def reviewer_of(school: School, cycle: Cycle):
        """Who verified the dossier: DOET staff for the provincial tier, else the active
        tier reviewer of the dossier's area (the demo has one in some communes only)."""
        if cycle.tier == Tier.PROVINCIAL:
            return staff
        area_id, _authority = dossier_place(school=school, cycle=cycle)
        found = (
            Membership.objects.filter(
                role=Role.TIER_REVIEWER,
                organisation__area_id=area_id,
                user__is_active=cycle.year >= REFORM_DATE.year,
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return found.user if found else staff

    open_cycles = cycles_of(year, CycleState.OPEN)
    last = year - 1
    # Last year's cycle takes dossiers until 15 January; after that it is in review (its
    # late dossiers keep it there) until every dossier is decided.
    last_state = CycleState.OPEN if today <= Cycle.default_deadline(last) else CycleState.IN_REVIEW
    last_cycles = cycles_of(last, last_state)
    for older in (year - 2, year - 3):
        cycles_of(older, CycleState.CLOSED)

    for code, status in OPEN_CYCLE.items():
        school = schools[code]
        cycle = cycle_of(open_cycles, school)
        started = min(today - timedelta(days=3), date(year, 12, 1))
        _assessment(cycle, school, status, users, reviewer_of(school, cycle), staff, started)

    # Last year's cycle: submitted between 3 and 14 January, decided on 20 February by each
    # authority with its own numbered decision (the People's Committees of the wards since
    # July 2025) and certificates; before that day the decided ones are only verified.
    # Loaded after the review season (28 February), the dossiers still in review are late
    # ones: their reviewer allowed a late submission and they came in over the last weeks.
    decided = today >= date(last + 1, 2, 20)
    in_season = today <= date(last + 1, 2, 28)
    numbers: dict[int, RecognitionDecision] = {}
    for k, (code, status) in enumerate(LAST_CYCLE.items()):
        if status in DECIDED and not decided:
            status = AssessmentStatus.VERIFIED
        school = schools[code]
        cycle = cycle_of(last_cycles, school)
        late_until = None
        if status in DECIDED or in_season:
            submitted_on = date(last + 1, 1, 3 + k % 12)
        else:
            submitted_on = today - timedelta(days=24 - k)
            late_until = date(today.year, 12, 31)
        assessment = _assessment(
            cycle,
            school,
            status,
            users,
            reviewer_of(school, cycle),
            staff,
            submitted_on,
            late_until,
        )
        if status != AssessmentStatus.RECOGNISED:
            continue
        authority = assessment.authority or cycle.authority
        if authority is None:
            raise ValueError(f"No authority recognises {assessment} in the demo data.")
        decision = numbers.get(authority.pk)
        if decision is None:
            serial = 40 + len(numbers) * 7
            decision, _created = RecognitionDecision.objects.get_or_create(
                authority=authority,
                number=f"{serial}/QĐ-UBND",
                decided_on=date(last + 1, 2, 20) + timedelta(days=len(numbers)),
                defaults={
                    "cycle": cycle,
                    "signer": "Lò Văn Hùng" if not numbers else "Hà Thị Thu",
                    "created_by": staff,
                },
            )
            numbers[authority.pk] = decision
        outcome = FrameworkOutcome.objects.get(
            framework=cycle.framework, code=assessment.verified_outcome or "level1"
        )
        recognition, created = Recognition.objects.get_or_create(
            school=school,
            cycle=cycle,
            defaults={
                "year": last,
                "framework": cycle.framework,
                "outcome": outcome,
                "assessment": assessment,
                "decision": decision,
                "decision_number": decision.number,
                "decision_date": decision.decided_on,
                "certificate_code": new_certificate_code(),
            },
        )

    # The rest of the province: Sơn La reported 98.2% of its units recognised in 2024, so
    # every school but one is recognised the year before last, and last year every school
    # whose dossier is not still in review, each by the
    # authority of its area in that year (district People's Committees until 2024, commune
    # and ward People's Committees from 2025, the DOET's authority for the provincial tier),
    # one numbered decision per authority.
    for results_year in (last, year - 2):
        if results_year == last and not decided:
            continue
        _province_results(results_year, schools, staff, framework_for(results_year))

    # Older years: history as a province would import it (decision number and date only).
    for older in (year - 2, year - 3):
        framework = framework_for(older)
        outcome_code = "level1" if framework.kind == "threshold" else "good"
        outcome = FrameworkOutcome.objects.get(framework=framework, code=outcome_code)
        for code in (PRINCIPAL_SCHOOL, "SL-THCS-QUYETTHANG", "MC-THCS-MOCLY", "SL-TH-TOHIEU"):
            Recognition.objects.get_or_create(
                school=schools[code],
                year=older,
                framework=framework,
                defaults={
                    "outcome": outcome,
                    "decision_number": f"{90 + older % 100}/QĐ-UBND",
                    "decision_date": date(older + 1, 2, 25),
                },
            )


# The one demo school left unrecognised in the province-wide results (59 of 60: 98.3%).
NOT_RECOGNISED = "SL-MN-CHIENGCOI"


def _province_results(year: int, schools: dict[str, School], staff, framework: Framework) -> None:
    cycles = {c.tier: c for c in Cycle.objects.filter(year=year)}
    outcome = FrameworkOutcome.objects.get(
        framework=framework, code="level1" if framework.kind == "threshold" else "good"
    )
    decisions: dict[int, RecognitionDecision] = {
        d.authority_id: d
        for d in RecognitionDecision.objects.filter(cycle__year=year).order_by("pk")
    }
    # Dossiers of the year still in review (or verified as not met) are not decided yet.
    undecided = set(
        SelfAssessment.objects.filter(cycle__year=year)
        .exclude(status=AssessmentStatus.RECOGNISED)
        .values_list("school_id", flat=True)
    )
    for code, school in sorted(schools.items()):
        if (
            code == NOT_RECOGNISED
            or school.pk in undecided
            or Recognition.objects.filter(school=school, year=year, framework=framework).exists()
        ):
            continue
        tier = (
            Tier.PROVINCIAL
            if school.organisation.tier == Tier.PROVINCIAL
            else lower_tier_on(date(year, 12, 31))
        )
        cycle = cycles[tier]
        _area_id, authority = dossier_place(school=school, cycle=cycle)
        if authority is None:
            raise ValueError(f"No authority recognises {school} in {year} in the demo data.")
        decision = decisions.get(authority.pk)
        if decision is None:
            decision, _created = RecognitionDecision.objects.get_or_create(
                authority=authority,
                number=f"{30 + len(decisions) * 3}/QĐ-UBND"
                if tier != Tier.PROVINCIAL
                else f"{150 + year % 100}/QĐ-SGDĐT",
                decided_on=date(year + 1, 3, 2) + timedelta(days=len(decisions) % 20),
                defaults={"cycle": cycle, "signer": "Lò Văn Hùng", "created_by": staff},
            )
            decisions[authority.pk] = decision
        Recognition.objects.create(
            school=school,
            year=year,
            framework=framework,
            outcome=outcome,
            decision=decision,
            decision_number=decision.number,
            decision_date=decision.decided_on,
            certificate_code=new_certificate_code(),
        )
