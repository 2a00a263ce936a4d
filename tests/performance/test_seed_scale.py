"""seed_scale creates exactly the data set it promises, with outcomes computed by the units
app's own rules (not invented)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import Membership, Organisation, User
from awards.models import Nomination, ReviewAssignment, ReviewScore
from notifications.models import Notification
from units import services
from units.models import (
    AssessmentTransition,
    CriterionResult,
    Cycle,
    Evidence,
    Recognition,
    School,
    SchoolYearFigures,
    SelfAssessment,
)
from units.selectors import applicable_criteria, framework_with_structure

pytestmark = pytest.mark.django_db


def test_seed_scale_creates_the_promised_rows(scale):
    scale(200, years=2)
    schools = School.objects.filter(organisation__code__startswith="QM-")
    assert schools.count() == 200
    assert Organisation.objects.filter(code__startswith="QM-", kind="school").count() == 200
    assert (
        Membership.objects.filter(organisation__code__startswith="QM-", role="principal").count()
        == 200
    )
    assert SchoolYearFigures.objects.filter(school__in=schools).count() == 400
    years = sorted(set(Cycle.objects.values_list("year", flat=True)))
    assert len(years) == 2
    assert years[1] == years[0] + 1
    # Two cycles a year, the provincial tier's and the commune's (no district since 1 July
    # 2025), a self-assessment per school and year in its tier's cycle, except for
    # colleges: no shipped criteria cover them (issue 12, point 3).
    assert Cycle.objects.count() == 4
    assessments = SelfAssessment.objects.filter(school__in=schools)
    assessed = schools.exclude(education_level="vocational").count()
    assert 0 < assessed < 200
    assert assessments.count() == 2 * assessed
    assert not assessments.filter(school__education_level="vocational").exists()
    assert not assessments.exclude(cycle__tier=models_tier()).exists()
    # Every applicable criterion filled.
    for a in assessments.select_related("school", "cycle")[:40]:
        framework = framework_with_structure(a.cycle.framework_id)
        expected = {c.id for c in applicable_criteria(framework, a.school.education_level)}
        results = list(a.results.select_related("criterion"))
        assert {r.criterion_id for r in results} == expected
        assert all(not r.criterion.kind or _filled(r) for r in results)
        # Outcomes come from the units app's rules.
        own = services.compute_self(a, results, framework)
        assert (a.self_outcome, a.self_points) == (own.code, own.points)
    per_assessment = (
        CriterionResult.objects.filter(assessment__in=assessments)
        .values("assessment")
        .annotate(n=Count("id"))
    )
    assert min(r["n"] for r in per_assessment) >= 9
    # Transitions: a creation row for each, then one per step of the workflow.
    assert (
        AssessmentTransition.objects.filter(assessment__in=assessments, to_status="draft").count()
        == 2 * assessed
    )
    submitted = assessments.exclude(status="draft")
    assert Evidence.objects.filter(assessment__in=assessments).count() == submitted.count()
    recognised = assessments.filter(status="recognised")
    assert Recognition.objects.filter(assessment__in=recognised).count() == recognised.count()
    assert recognised.exclude(self_outcome="").count() == recognised.count()
    # One nomination per ten schools and year, two reviews each once under review.
    assert Nomination.objects.count() == 40
    reviewed = Nomination.objects.annotate(n=Count("assignments")).filter(n__gt=0)
    assert set(reviewed.values_list("n", flat=True)) == {2}
    assert (
        ReviewScore.objects.count()
        == 3 * ReviewAssignment.objects.exclude(submitted_at=None).count()
    )
    # Notifications: one per open-cycle dossier, more for returned and verified ones.
    open_year = years[1]
    open_count = assessments.filter(cycle__year=open_year).count()
    assert Notification.objects.filter(recipient__username__startswith="sc").count() >= open_count
    # Generated principals log in with the demo password.
    assert User.objects.get(username="sc000000").check_password("learnsociety-demo")


def test_seed_scale_follows_the_2025_reform(scale):
    """No district after 30 June 2025 (DOMAIN.md): a year before the reform has the
    district tier's cycle, decided by the district's People's Committee on its education
    office's review; from 2025 the lower tier is the commune's, each dossier in a commune of
    today, decided by that commune's committee and reviewed by its culture and society
    office (where the demo has none, by the department's staff)."""
    from datetime import date

    from django.utils import timezone

    from accounts.areas import PRE_REFORM_END, REFORM_DATE
    from accounts.enums import Role, Tier
    from demo.units import open_year
    from units.models import SchoolAreaHistory
    from units.selectors import review_queue_for

    first = 2024
    years = open_year(timezone.localdate()) - first + 1
    scale(240, years=years)
    lower_cycles = dict(Cycle.objects.exclude(tier=Tier.PROVINCIAL).values_list("year", "tier"))
    assert lower_cycles == {
        y: Tier.DISTRICT if y < 2025 else Tier.COMMUNE for y in range(first, first + years)
    }
    schools = School.objects.filter(organisation__code__startswith="QM-")
    assert not schools.filter(organisation__tier=Tier.DISTRICT).exists()
    assert not schools.filter(organisation__area__level="district").exists()
    # each school: its district until 30 June 2025, a commune of today since
    for school in schools[:60]:
        spans = list(
            SchoolAreaHistory.objects.filter(school=school)
            .order_by("valid_from")
            .values_list("area__level", "valid_to", "area__valid_to", "area__valid_from")
        )
        assert spans == [
            ("district", PRE_REFORM_END, PRE_REFORM_END, None),
            ("commune", None, None, REFORM_DATE),
        ]
    lower = SelfAssessment.objects.filter(
        school__in=schools, cycle__tier__in=[Tier.DISTRICT, Tier.COMMUNE]
    ).select_related("cycle", "area", "authority")
    assert lower.filter(cycle__year=first).exists()
    assert lower.filter(cycle__year__gte=2025).exists()
    for dossier in lower:
        level = "district" if dossier.cycle.year < 2025 else "commune"
        assert dossier.area.level == level
        # the area's own People's Committee decides; the districts' are kept inactive
        assert (dossier.authority.kind, dossier.authority.area_id) == (
            "peoples_committee",
            dossier.area_id,
        )
        assert dossier.authority.is_active == (level == "commune")
    # the reviewer works in the dossier's own area (or is the department's staff)
    checked = AssessmentTransition.objects.filter(
        assessment__in=lower, to_status__in=["in_review", "returned", "verified"]
    ).values_list("assessment__area", "assessment__cycle__year", "by")
    assert checked.exists()
    offices = {
        m.user_id: (m.organisation.area_id, m.organisation.kind, m.user.is_active)
        for m in Membership.objects.filter(role=Role.TIER_REVIEWER).select_related(
            "organisation", "user"
        )
    }
    staff = set(
        Membership.objects.filter(role=Role.DEPARTMENT_STAFF).values_list("user", flat=True)
    )
    by_office = 0
    for area, year, by in checked:
        if by in staff:
            continue
        office_area, kind, active = offices[by]
        assert office_area == area
        assert (kind, active) == (
            ("education_office", False) if year < 2025 else ("culture_office", True)
        )
        by_office += 1
    assert by_office
    # a commune's reviewer finds its commune's generated dossiers in the queue, and only
    # its commune's
    reviewer = Membership.objects.get(user__username="reviewer", role=Role.TIER_REVIEWER)
    assert reviewer.organisation.kind == "culture_office"
    queue = review_queue_for(reviewer.user)
    assert queue.filter(school__in=schools).exists()
    assert set(queue.values_list("area", flat=True)) == {reviewer.organisation.area_id}
    # a recognised dossier cites its own authority's decision in its own cycle
    recognitions = Recognition.objects.filter(assessment__in=lower).select_related(
        "decision", "assessment"
    )
    assert recognitions.exists()
    for r in recognitions:
        assert (r.decision.authority_id, r.decision.cycle_id) == (
            r.assessment.authority_id,
            r.assessment.cycle_id,
        )
        assert r.decision.decided_on == date(r.year + 1, 2, 20)


def test_seed_scale_refuses_a_second_run_but_reuses_the_same_size(scale):
    scale(20, years=1)
    call_command("seed_scale", schools=20, years=1, reuse=True, verbosity=0)
    with pytest.raises(CommandError):
        call_command("seed_scale", schools=30, years=1, verbosity=0)
    assert School.objects.filter(organisation__code__startswith="QM-").count() == 20


def models_tier():
    from django.db.models import F

    return F("school__organisation__tier")


def _filled(result) -> bool:
    kind = result.criterion.kind
    if kind == "points":
        return result.points is not None
    if kind == "threshold":
        return result.numerator is not None and result.denominator is not None
    return result.answer is not None


def test_seed_scale_adds_learning_society_returns(db):
    from accounts.models import AdministrativeArea
    from demo import accounts as demo
    from society import selectors
    from society import services as society_services
    from society.models import CollectionRound, CommuneReturn, ReturnValue, Village

    from .conftest import _Null

    demo.load()
    call_command(
        "seed_scale", schools=20, years=2, villages=300, communes=150, verbosity=0, stdout=_Null()
    )
    # seed_scale adds its communes to the demo's own (some share official codes); the
    # demo's old communes (abolished on 30 June 2025) owe no return
    communes = AdministrativeArea.objects.filter(level="commune", valid_to__isnull=True).count()
    assert communes >= 150
    assert Village.objects.count() == 300
    rounds = list(CollectionRound.objects.order_by("year"))
    assert len(rounds) == 2
    returns = CommuneReturn.objects.filter(round=rounds[-1])
    assert 0.9 * communes <= returns.count() <= communes
    # every village's figures and the commune's, each rule of the forms holding
    for ret in returns.select_related("round", "area")[:15]:
        assert [i for i in society_services.issues_of(ret) if i.blocking] == []
    village_values = ReturnValue.objects.filter(ret__round=rounds[-1], village__isnull=False)
    assert (
        village_values.values("village").distinct().count()
        == Village.objects.filter(commune__society_returns__round=rounds[-1]).distinct().count()
    )
    total = selectors.rollup(rounds[-1].year)["total"]
    assert total["returns"] == returns.filter(status="accepted").count()


def test_seed_scale_runs_on_top_of_the_whole_demo(db):
    """The benchmarks seed on top of `load_demo`: its lower-tier cycles name no single
    authority (each area's People's Committee decides), so the generated dossiers and
    decisions take the generated areas' committee."""
    from units.models import RecognitionDecision

    from .conftest import _Null

    call_command("load_demo", "--force", verbosity=0)
    call_command("seed_scale", schools=20, years=3, verbosity=0, stdout=_Null())
    generated = SelfAssessment.objects.filter(school__organisation__code__startswith="QM-")
    assert generated.exists()
    assert not generated.filter(authority__isnull=True).exists()
    assert not generated.filter(area__isnull=True).exists()
    assert RecognitionDecision.objects.filter(number__endswith="/QĐ-QM").exists()


def test_seed_scale_gives_each_province_its_department_association_and_accounts(db):
    """Each generated province (issue 18) has one Department and one Association in it,
    with a staff and an officer account there, and every row's province column is its
    area's province after the bulk writes."""
    from io import StringIO

    from django.db.models import F

    from accounts.enums import OrganisationKind, Role, Tier
    from accounts.models import AdministrativeArea
    from demo import accounts as demo
    from units.models import AssessmentTransition

    demo.load()
    out = StringIO()
    # 801 schools: the demo province and one generated one; the returns add provinces of
    # today's shape until 350 communes (Son La's 75 and the generated province's 120 exist)
    call_command("seed_scale", schools=801, years=1, villages=50, communes=350, stdout=out)

    provinces = AdministrativeArea.objects.filter(level="province").exclude(code="14")
    keys = {
        p.pk: f"p{p.code[2:]}" if p.code.startswith("SC") else f"xh{p.code[2:]}" for p in provinces
    }
    assert sorted(keys.values()) == ["p01", "xh00", "xh01"]
    for province in provinces:
        key, place = keys[province.pk], province.name.removeprefix("Tỉnh ")
        for kind, name, role, username in (
            (
                OrganisationKind.DEPARTMENT,
                f"Sở Giáo dục và Đào tạo tỉnh {place}",
                Role.DEPARTMENT_STAFF,
                f"staff_{key}",
            ),
            (
                OrganisationKind.ASSOCIATION,
                f"Hội Khuyến học tỉnh {place}",
                Role.ASSOCIATION_OFFICER,
                f"officer_{key}",
            ),
        ):
            body = Organisation.objects.get(kind=kind, area=province)
            assert (body.name, body.tier, body.province_id) == (name, Tier.PROVINCIAL, province.pk)
            user = User.objects.get(username=username)
            assert list(
                Membership.objects.filter(user=user).values_list("organisation", "role")
            ) == [(body.pk, role)]
            assert user.check_password("learnsociety-demo")
            assert (user.language, user.is_active) == ("vi", True)
    # Generated tier reviewers work in an office of their own province, and each dossier of
    # the generated province is reviewed by someone of that province.
    reviewers = Membership.objects.filter(user__username__startswith="rv", role=Role.TIER_REVIEWER)
    assert reviewers.count() == 10
    assert set(reviewers.values_list("organisation__province__code", flat=True)) == {"SC01"}
    sc01 = AdministrativeArea.objects.get(code="SC01")
    reviewed_by = AssessmentTransition.objects.filter(
        assessment__province=sc01, to_status__in=["in_review", "returned", "verified"]
    ).values("by")
    assert reviewed_by.exists()
    assert set(
        Membership.objects.filter(user__in=reviewed_by).values_list(
            "organisation__province", flat=True
        )
    ) == {sc01.pk}
    # Every row's province column is its area's province.
    assert not AdministrativeArea.objects.filter(province__isnull=True).exists()
    for model in (Organisation, SelfAssessment):
        with_area = model.objects.filter(area__isnull=False)
        assert with_area.exists()
        assert not with_area.filter(province__isnull=True).exists()
        assert not with_area.exclude(province_id=F("area__province_id")).exists()
    assert (
        "province accounts            staff_p01, officer_p01, staff_xh00 … staff_xh01, "
        "officer_xh00 … officer_xh01"
    ) in out.getvalue()
