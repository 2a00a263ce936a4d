"""Province-scoped work (issue 18): department staff and Association officers see their own
province, national viewers (the Ministry, the central Association) read every province and
change nothing. The demo province is Sơn La; the other province is Lai Châu, loaded from the
statistics office's list like Sơn La."""

from __future__ import annotations

import pytest
from django.db.models import Q

from accounts import roles
from accounts.areas import areas_load, fill_provinces
from accounts.enums import OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea, Organisation
from awards import selectors
from awards.models import Commendation
from dashboard import figures
from society.models import CommuneReturn
from tests.factories.accounts import user_with_role
from units.enums import AssessmentStatus
from units.models import RecognitionDecision, School, SelfAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def lai_chau(demo):
    """Lai Châu's department and Association, with a staff member and an officer."""
    areas_load(province_codes=[12])
    province = AdministrativeArea.objects.get(code="12")
    department = Organisation.objects.create(
        name="Sở Giáo dục và Đào tạo tỉnh Lai Châu",
        kind=OrganisationKind.DEPARTMENT,
        tier=Tier.PROVINCIAL,
        area=province,
    )
    association = Organisation.objects.create(
        name="Hội Khuyến học tỉnh Lai Châu",
        kind=OrganisationKind.ASSOCIATION,
        tier=Tier.PROVINCIAL,
        area=province,
    )
    return {
        "province": province,
        "staff": user_with_role(Role.DEPARTMENT_STAFF, department),
        "officer": user_with_role(Role.ASSOCIATION_OFFICER, association),
    }


@pytest.fixture
def national(db):
    ministry = Organisation.objects.create(
        name="Bộ Giáo dục và Đào tạo", kind=OrganisationKind.MINISTRY
    )
    return user_with_role(Role.NATIONAL_VIEWER, ministry)


def _son_la_objects() -> dict[str, str]:
    """One page of each kind of Sơn La object."""
    school = School.objects.filter(organisation__province__code="14").first()
    dossier = SelfAssessment.objects.filter(cycle__tier=Tier.PROVINCIAL).first()
    ret = CommuneReturn.objects.first()
    decision = RecognitionDecision.objects.first()
    commendation = Commendation.objects.select_related("decision").first()
    assert None not in (school, dossier, ret, decision, commendation)
    return {
        "school": f"/units/schools/{school.pk}/",
        "dossier": f"/units/assessments/{dossier.pk}/",
        "return": f"/society/returns/{ret.pk}/",
        "recognition decision": f"/units/decisions/{decision.pk}/",
        "award decision": f"/awards/decisions/{commendation.decision.pk}/",
    }


def test_every_area_organisation_and_dossier_knows_its_province(demo):
    son_la = AdministrativeArea.objects.get(code="14")
    assert (
        not AdministrativeArea.objects.exclude(province=son_la)
        .filter(code__startswith="14-")
        .exists()
    )
    for org in Organisation.objects.filter(area__isnull=False).select_related("area"):
        assert org.province_id == org.area.province_id == son_la.pk, org.name
    dossiers = SelfAssessment.objects.select_related("area")
    assert dossiers.exists()
    for dossier in dossiers:
        assert dossier.province_id == dossier.area.province_id, dossier.pk


def test_a_moved_organisation_follows_its_new_area_and_bulk_rows_are_filled(lai_chau):
    school = School.objects.select_related("organisation").first()
    commune = AdministrativeArea.objects.filter(parent=lai_chau["province"]).first()
    school.organisation.area = commune
    school.organisation.save(update_fields=["area"])
    assert Organisation.objects.get(pk=school.pk).province_id == lai_chau["province"].pk

    # A bulk write leaves the column empty until fill_provinces runs.
    Organisation.objects.filter(pk=school.pk).update(province=None)
    fill_provinces(Organisation.objects.filter(pk=school.pk))
    assert Organisation.objects.get(pk=school.pk).province_id == lai_chau["province"].pk


def test_staff_and_officers_of_another_province_get_404_on_its_objects(client, demo, lai_chau):
    pages = _son_la_objects()
    for username in ("staff", "officer"):
        client.force_login(demo[username])
        for kind, url in pages.items():
            assert client.get(url).status_code == 200, (username, kind)
    for key in ("staff", "officer"):
        client.force_login(lai_chau[key])
        for kind, url in pages.items():
            assert client.get(url).status_code == 404, (key, kind)


def test_lists_queues_and_figures_of_another_province_leave_out_its_rows(client, demo, lai_chau):
    client.force_login(demo["staff"])
    own = {
        "schools": client.get("/units/schools/").context["page_obj"].paginator.count,
        "register": client.get("/awards/register/").context["page_obj"].paginator.count,
        "returns": client.get("/society/returns/").context["page_obj"].paginator.count,
    }
    assert all(own.values()), own
    assert own["schools"] == School.objects.filter(organisation__province__code="14").count()

    client.force_login(lai_chau["staff"])
    assert client.get("/units/schools/").context["page_obj"].paginator.count == 0
    assert client.get("/awards/register/").context["page_obj"].paginator.count == 0
    assert client.get("/society/returns/").context["page_obj"].paginator.count == 0
    assert client.get("/units/review/").context["page_obj"].paginator.count == 0
    coverage = client.get("/units/coverage/")
    assert coverage.context["totals"]["schools"] == 0
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200
    data = dashboard.context["panel"]["figures"]
    assert data["units"]["schools"] == 0
    assert data["awards"]["commended"] == 0
    assert data["society"]["results_year"] is None

    # The figures of each province add up to those of every province.
    year = figures.default_year()
    everything = figures.compute(year)["units"]["schools"]
    son_la = figures.compute(year, provinces=(AdministrativeArea.objects.get(code="14").pk,))
    assert son_la["units"]["schools"] == everything > 0


def test_the_staff_home_counts_only_its_provinces_dossiers(client, demo, lai_chau):
    son_la_waiting = SelfAssessment.objects.filter(
        cycle__tier=Tier.PROVINCIAL, status__in=[AssessmentStatus.SUBMITTED]
    ).count()
    assert son_la_waiting
    client.force_login(lai_chau["staff"])
    response = client.get("/")
    panels = {p["template"]: p for p in response.context["panels"]}
    counts = panels["units/_home_panel.html"]["queue_counts"]
    assert counts["waiting"] == 0
    assert panels["units/_home_panel.html"]["verified_waiting"] == 0


def test_a_school_moves_only_within_the_staff_members_province(client, demo, lai_chau):
    school = School.objects.filter(organisation__province__code="14").first()
    commune = AdministrativeArea.objects.filter(parent=lai_chau["province"]).first()
    client.force_login(lai_chau["staff"])
    response = client.post(
        f"/units/schools/{school.pk}/move/", {"area": commune.pk, "effective": "2026-01-01"}
    )
    assert response.status_code == 404
    client.force_login(demo["staff"])
    client.post(
        f"/units/schools/{school.pk}/move/", {"area": commune.pk, "effective": "2026-01-01"}
    )
    assert Organisation.objects.get(pk=school.pk).province.code == "14"


def test_national_viewer_reads_every_province_and_changes_nothing(client, demo, national):
    assert roles.province_scope(national) is None
    client.force_login(national)
    for kind, url in _son_la_objects().items():
        assert client.get(url).status_code == 200, kind
    assert client.get("/units/schools/").context["page_obj"].paginator.count == (
        School.objects.count()
    )
    assert client.get("/dashboard/").status_code == 200
    # The menus lead to what a national viewer reads, not to the review queue.
    home = client.get("/").content.decode()
    for url in ("/units/schools/", "/units/coverage/", "/society/rollup/"):
        assert f'href="{url}"' in home
    assert 'href="/units/review/"' not in home
    dossier = SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED).first()
    assert not national.has_perm("units.review_assessment", dossier)
    assert not national.has_perm("units.manage")
    assert not national.has_perm("units.recognise", dossier)
    assert not national.has_perm("society.review_return", CommuneReturn.objects.first())
    assert not national.has_perm("awards.manage_rounds")
    assert not national.has_perm("programme.add_commitment")
    school = School.objects.first()
    assert (
        client.post(
            f"/units/schools/{school.pk}/move/", {"area": school.organisation.area_id}
        ).status_code
        == 404
    )
    assert client.get(f"/units/assessments/{dossier.pk}/review/").status_code == 404


def test_national_views_filter_and_group_by_province(client, demo, lai_chau, national):
    son_la = AdministrativeArea.objects.get(code="14")
    in_son_la = School.objects.filter(organisation__province=son_la).count()
    client.force_login(national)
    schools = client.get("/units/schools/")
    # The filter offers the provinces, not every commune of the country.
    offered = list(schools.context["filter"].form.fields["area"].queryset)
    assert {a.level for a in offered} == {"province"}
    assert {son_la, lai_chau["province"]} <= set(offered)
    assert (
        client.get(f"/units/schools/?area={son_la.pk}").context["page_obj"].paginator.count
        == in_son_la
    )
    assert (
        client.get(f"/units/schools/?area={lai_chau['province'].pk}")
        .context["page_obj"]
        .paginator.count
        == 0
    )
    # The coverage report adds up per province; a province's staff see their areas.
    rows = client.get("/units/coverage/").context["rows"]
    assert {r["area"] for r in rows} == {son_la.name}
    assert (
        sum(r["schools"] for r in rows)
        == School.objects.filter(organisation__is_active=True).count()
    )
    # Every province's rows by tier and level are in the export; on the page the national
    # viewer chooses a province and reads what its own staff read.
    page = client.get("/units/coverage/").content.decode()
    assert 'data-testid="coverage-choose-province"' in page
    assert f'<option value="{lai_chau["province"].pk}"' in page
    chosen = client.get(f"/units/coverage/?province={son_la.pk}")
    assert 'data-testid="coverage-choose-province"' not in chosen.content.decode()
    client.force_login(demo["staff"])
    own = client.get("/units/coverage/")
    areas = {r["area"] for r in own.context["rows"]}
    assert son_la.name not in areas
    assert len(areas) > 1
    assert own.context["rows"] == chosen.context["rows"]
    assert 'data-testid="coverage-province"' not in own.content.decode()
    # staff cannot choose another province
    other = client.get(f"/units/coverage/?province={lai_chau['province'].pk}")
    assert other.context["rows"] == own.context["rows"]
    export = client.get(
        f"/dashboard/export/coverage/?format=csv&province={lai_chau['province'].pk}"
    )
    exported = b"".join(export.streaming_content).decode("utf-8-sig")
    assert lai_chau["province"].name not in exported
    assert sorted(areas)[0] in exported
    # The dashboard of one chosen province is that province's.
    client.force_login(national)
    data = client.get(f"/dashboard/?area={lai_chau['province'].pk}").context["panel"]["figures"]
    assert data["provinces"] == (lai_chau["province"].pk,)
    assert data["units"]["schools"] == 0


def test_reminders_of_waiting_dossiers_go_to_their_own_provinces_staff(demo, lai_chau):
    from datetime import timedelta

    from django.utils import timezone

    from units.reminders import dossiers_waiting

    assert SelfAssessment.objects.filter(
        status__in=[AssessmentStatus.SUBMITTED], province__code="14"
    ).exists()
    later = timezone.now() + timedelta(days=120)  # every waiting dossier escalated
    recipients = {due.recipient_id for due in dossiers_waiting(later)}
    assert demo["staff"].pk in recipients
    assert lai_chau["staff"].pk not in recipients


def test_an_administrator_records_one_provinces_decisions_at_a_time(client, demo, lai_chau):
    verified = SelfAssessment.objects.filter(status=AssessmentStatus.VERIFIED)
    first = verified.first()
    cycle_id = first.cycle_id
    # Another dossier of the cycle, verified in Lai Châu.
    moved = SelfAssessment.objects.filter(cycle_id=cycle_id).exclude(pk=first.pk).first()
    SelfAssessment.objects.filter(pk=moved.pk).update(
        status=AssessmentStatus.VERIFIED,
        verified_outcome=first.verified_outcome,
        province=lai_chau["province"],
    )
    in_cycle = verified.filter(cycle_id=cycle_id)
    son_la = AdministrativeArea.objects.get(code="14")
    url = f"/units/cycles/{cycle_id}/decide/"
    client.force_login(demo["admin"])
    page = client.get(url)
    assert page.context["choose_province"] is True
    assert {pk for pk, _name, _n in page.context["provinces"]} == {
        son_la.pk,
        lai_chau["province"].pk,
    }
    chosen = client.get(f"{url}?province={son_la.pk}")
    assert chosen.status_code == 200
    listed = {a.pk for a in chosen.context["form"].assessments}
    assert moved.pk not in listed
    assert listed == set(in_cycle.exclude(pk=moved.pk).values_list("pk", flat=True))
    assert client.get(f"{url}?province=999999").status_code == 404
    # A province's own staff never choose: they see their province's dossiers.
    client.force_login(demo["staff"])
    assert client.get(url).context.get("choose_province") is None


def test_the_programmes_computed_indicators_count_its_own_province(lai_chau, client):
    """Sơn La's programme counts Sơn La's schools and dossiers: schools and dossiers of Lai
    Châu in the same deployment change the deployment's figures, never the programme's."""
    from django.core.cache import cache

    from programme.computed import compute, programme_provinces
    from tests.factories.units import SchoolProfileFactory
    from units.models import Cycle, Recognition

    son_la = AdministrativeArea.objects.get(code="14")
    assert programme_provinces() == (son_la.pk,)
    year = Recognition.objects.order_by("-year").values_list("year", flat=True).first()
    sources = ("recognised_share", "assessments_submitted")
    before = {s: compute(s, year, (son_la.pk,)) for s in sources}
    everywhere = {s: compute(s, year) for s in sources}
    assert before == everywhere
    assert None not in before.values()

    commune = AdministrativeArea.objects.filter(province=lai_chau["province"]).exclude(
        pk=lai_chau["province"].pk
    )[0]
    cycle = Cycle.objects.filter(year=year).order_by("tier").first()
    for _i in range(3):
        school = SchoolProfileFactory(organisation__area=commune, organisation__tier=cycle.tier)
        SelfAssessment.objects.create(
            cycle=cycle,
            school=school,
            created_by=lai_chau["staff"],
            status=AssessmentStatus.SUBMITTED,
            submitted_at=f"{year}-11-10T09:00:00+07:00",
        )
    assert {s: compute(s, year, (son_la.pk,)) for s in sources} == before
    assert compute("recognised_share", year) < before["recognised_share"]
    assert compute("assessments_submitted", year) == before["assessments_submitted"] + 3

    # the programme's pages read the programme's province
    cache.clear()
    client.force_login(lai_chau["staff"])
    response = client.get(f"/programme/target-vs-actual/?period={year}")
    shown = {r["row"].indicator.computed_source: r["row"].actual for r in response.context["rows"]}
    assert shown["assessments_submitted"] == before["assessments_submitted"]


def test_the_register_lists_a_commendation_in_its_issuers_and_its_nominators_province(
    client, demo, lai_chau
):
    """Each commendation keeps the provinces of the body that issued it and of the
    organisation that nominated (an index each, no join of every province's rows); the
    register of a province equals a recount through the decision and the nomination."""
    son_la = AdministrativeArea.objects.get(code="14")
    made = Commendation.objects.select_related(
        "decision__issuing_organisation", "nomination__nominating_organisation"
    )
    assert made.exists()
    for c in made:  # every demo commendation, made by the decision service
        assert c.issuer_province_id == c.decision.issuing_organisation.province_id
        assert c.nominator_province_id == c.nomination.nominating_organisation.province_id

    def recount(province):
        return set(
            selectors.commendations_published()
            .filter(
                Q(decision__issuing_organisation__province=province)
                | Q(nomination__nominating_organisation__province=province)
            )
            .values_list("pk", flat=True)
        )

    def register(user):
        client.force_login(user)
        response = client.get("/awards/register/", {"page": 1})
        assert response.status_code == 200
        return set(selectors.commendations_for(user).values_list("pk", flat=True)), response

    own, response = register(demo["staff"])
    assert own
    assert own == recount(son_la)
    assert response.context["page_obj"].paginator.count == len(own)
    assert register(lai_chau["staff"])[0] == set() == recount(lai_chau["province"])

    # nominated from Lai Châu, issued in Sơn La: in both registers
    one = made.first()
    Commendation.objects.filter(pk=one.pk).update(nominator_province=lai_chau["province"])
    assert register(lai_chau["staff"])[0] == {one.pk}
    assert one.pk in register(demo["staff"])[0]
    # bulk rows get theirs from fill_provinces
    Commendation.objects.update(issuer_province=None, nominator_province=None)
    assert register(demo["staff"])[0] == set()
    Commendation.fill_provinces()
    assert register(demo["staff"])[0] == own == recount(son_la)


def _recount(cycle, provinces=None) -> tuple[int, int, int]:
    from units.enums import SUBMITTED_STATES

    dossiers = SelfAssessment.objects.filter(cycle=cycle)
    if provinces is not None:
        dossiers = dossiers.filter(province__in=provinces)
    return (
        dossiers.count(),
        dossiers.filter(status__in=SUBMITTED_STATES).count(),
        dossiers.filter(status=AssessmentStatus.RECOGNISED).count(),
    )


def test_the_cycles_page_and_export_count_the_dossiers_of_the_readers_provinces(
    client, demo, lai_chau, national
):
    son_la = AdministrativeArea.objects.get(code="14")
    # one dossier counted in Lai Châu (its school moved there): every count below must place it
    moved = SelfAssessment.objects.filter(status=AssessmentStatus.RECOGNISED).first()
    SelfAssessment.objects.filter(pk=moved.pk).update(province=lai_chau["province"])

    def shown(user) -> dict[int, tuple[int, int, int]]:
        client.force_login(user)
        page = client.get("/units/cycles/").context["page_obj"]
        exported = client.get("/dashboard/export/cycles/?format=csv")
        rows = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()[1:]
        assert len(rows) == len(page.object_list)
        assert [r.rsplit(",", 3)[1:] for r in rows] == [
            [str(n) for n in (c.assessment_count, c.submitted_count, c.recognised_count)]
            for c in page.object_list
        ]
        return {
            c.pk: (c.assessment_count, c.submitted_count, c.recognised_count)
            for c in page.object_list
        }

    by_staff = shown(demo["staff"])
    assert by_staff == {pk: _recount(pk, [son_la]) for pk in by_staff}
    assert sum(n for n, _, _ in by_staff.values()) > 0
    assert by_staff[moved.cycle_id] == _recount(moved.cycle_id, [son_la])
    by_lai_chau = shown(lai_chau["staff"])
    assert by_lai_chau[moved.cycle_id] == (1, 1, 1)
    assert by_lai_chau == {pk: _recount(pk, [lai_chau["province"]]) for pk in by_lai_chau}
    by_national = shown(national)
    assert by_national == {pk: _recount(pk) for pk in by_national}
    assert by_national[moved.cycle_id][0] == by_staff[moved.cycle_id][0] + 1


def test_a_cycles_page_lists_the_readers_provinces_dossiers_by_school_name(
    client, demo, lai_chau, monkeypatch
):
    from django.db.models import Count

    from learnsociety import paging
    from units.views import catalogue

    paged = paging.paginate  # pages of 4 rows: the demo's cycles hold a few dozen dossiers
    monkeypatch.setattr(
        paging, "paginate", lambda r, rows, _size, count=None: paged(r, rows, 4, count)
    )
    cycle_id = (
        SelfAssessment.objects.values("cycle").annotate(n=Count("pk")).order_by("-n")[0]["cycle"]
    )
    moved = SelfAssessment.objects.filter(cycle_id=cycle_id).select_related("school__organisation")
    moved = moved.first()
    SelfAssessment.objects.filter(pk=moved.pk).update(province=lai_chau["province"])

    def listed(user) -> list[tuple[str, int]]:
        client.force_login(user)
        pages = client.get(f"/units/cycles/{cycle_id}/").context["page_obj"].paginator.num_pages
        rows = []
        for number in range(1, pages + 1):
            page = client.get(f"/units/cycles/{cycle_id}/?page={number}").context["page_obj"]
            rows += [(a.school.organisation.name, a.pk) for a in page]
        return rows

    def by_name(dossiers) -> list[tuple[str, int]]:
        ordered = dossiers.order_by("school__organisation__name", "pk")
        return list(ordered.values_list("school__organisation__name", "pk"))

    of_cycle = SelfAssessment.objects.filter(cycle_id=cycle_id)
    # an administrator reads every province's dossiers
    admin = user_with_role(Role.ADMINISTRATOR, lai_chau["staff"].memberships.first().organisation)
    by_staff = listed(demo["staff"])
    assert len(by_staff) > 8  # three pages or more
    assert by_staff == by_name(of_cycle.exclude(pk=moved.pk))
    assert listed(lai_chau["staff"]) == [(moved.school.organisation.name, moved.pk)]
    assert listed(admin) == by_name(of_cycle)
    # a cycle too large to sort in full pages through the names' index: the same rows
    monkeypatch.setattr(catalogue, "SORTED_IN_FULL", 0)
    assert listed(demo["staff"]) == by_staff
    assert listed(admin) == by_name(of_cycle)
