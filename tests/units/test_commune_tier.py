"""Recognition tiers that follow the law of each year: from 1 July 2025 each commune or
ward People's Committee recognises its own schools, reviewed by its culture and society
office; decisions are numbered per authority and year."""

from datetime import date

import pytest

from accounts.areas import areas_load
from accounts.enums import OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.units import CycleFactory, FiguresFactory, SchoolProfileFactory
from units import services
from units.enums import AssessmentStatus
from units.models import RecognitionDecision, SchoolAreaHistory, SelfAssessment

from .conftest import level1_entries

PDF = b"%PDF-1.4\n%%EOF\n"


def _commune(code: str):
    area = AdministrativeArea.objects.get(code=code)
    place = area.name[:1].lower() + area.name[1:]
    committee = OrganisationFactory(
        name=f"Ủy ban nhân dân {place}",
        kind=OrganisationKind.PEOPLES_COMMITTEE,
        tier=Tier.COMMUNE,
        area=area,
        code=f"UBND-{code}",
    )
    office = OrganisationFactory(
        name=f"Phòng Văn hóa - Xã hội {place}",
        kind=OrganisationKind.CULTURE_SOCIETY_OFFICE,
        tier=Tier.COMMUNE,
        area=area,
        parent=committee,
        code=f"VHXH-{code}",
    )
    return area, committee, user_with_role(Role.TIER_REVIEWER, office)


def _school(area, district, name: str):
    org = SchoolFactory(name=name, tier=Tier.COMMUNE, area=area)
    school = SchoolProfileFactory(organisation=org, education_level="lower_secondary")
    SchoolAreaHistory.objects.create(
        school=school, area=district, valid_from=date(2020, 1, 1), valid_to=date(2025, 6, 30)
    )
    SchoolAreaHistory.objects.create(school=school, area=area, valid_from=date(2025, 7, 1))
    FiguresFactory(school=school, year=2025, staff=40, learners=600)
    return school, user_with_role(Role.PRINCIPAL, org)


@pytest.fixture
def communes(db):
    from demo.units import ensure_frameworks

    ensure_frameworks()
    areas_load(province_codes=[14])
    district = AdministrativeArea.objects.create(
        code="14-116", name="Thành phố Sơn La", level="district", valid_to=date(2025, 6, 30)
    )
    to_hieu, to_hieu_committee, to_hieu_reviewer = _commune("3646")
    moc_chau, moc_chau_committee, moc_chau_reviewer = _commune("3980")
    cycle = CycleFactory(year=2025, tier=Tier.COMMUNE, authority=None)
    # Sơn La's DOET: department staff see their own province's dossiers.
    department = OrganisationFactory(
        kind=OrganisationKind.DEPARTMENT,
        tier=Tier.PROVINCIAL,
        area=AdministrativeArea.objects.get(code="14"),
    )
    staff = user_with_role(Role.DEPARTMENT_STAFF, department)
    world = {"cycle": cycle, "staff": staff, "district": district}
    for key, area, committee, reviewer in (
        ("to_hieu", to_hieu, to_hieu_committee, to_hieu_reviewer),
        ("moc_chau", moc_chau, moc_chau_committee, moc_chau_reviewer),
    ):
        school, principal = _school(area, district, f"Trường THCS {area.name}")
        assessment = services.assessment_start(school=school, cycle=cycle, by=principal)
        services.assessment_save_results(
            assessment=assessment, by=principal, entries=level1_entries(assessment)
        )
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.assessment_attach_documents(
            assessment=assessment,
            by=principal,
            request_document=SimpleUploadedFile("to-trinh.pdf", PDF),
            report_document=SimpleUploadedFile("bao-cao.pdf", PDF),
        )
        services.assessment_submit(assessment=assessment, by=principal)
        world[key] = {
            "area": area,
            "committee": committee,
            "reviewer": reviewer,
            "school": school,
            "principal": principal,
            "assessment": SelfAssessment.objects.get(pk=assessment.pk),
        }
    return world


def test_each_dossier_goes_to_the_people_committee_of_its_commune(communes):
    got = {
        key: (communes[key]["assessment"].area.code, communes[key]["assessment"].authority.name)
        for key in ("to_hieu", "moc_chau")
    }

    assert got == {
        "to_hieu": ("3646", "Ủy ban nhân dân phường Tô Hiệu"),
        "moc_chau": ("3980", "Ủy ban nhân dân phường Mộc Châu"),
    }


def test_commune_reviewer_opens_only_its_own_communes_dossiers(client, communes):
    client.force_login(communes["to_hieu"]["reviewer"])
    own, other = communes["to_hieu"]["assessment"], communes["moc_chau"]["assessment"]

    assert client.get(f"/units/assessments/{own.pk}/").status_code == 200
    assert client.get(f"/units/assessments/{other.pk}/").status_code == 404
    assert client.get(f"/units/assessments/{other.pk}/review/").status_code == 404
    queue = client.get("/units/review/")
    assert [a.pk for a in queue.context["page_obj"]] == [own.pk]


def test_department_staff_see_every_communes_dossier_of_their_province(client, communes):
    client.force_login(communes["staff"])
    for key in ("to_hieu", "moc_chau"):
        pk = communes[key]["assessment"].pk
        assert client.get(f"/units/assessments/{pk}/").status_code == 200
    # The staff of another province's department do not (issue 18).
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    for key in ("to_hieu", "moc_chau"):
        pk = communes[key]["assessment"].pk
        assert client.get(f"/units/assessments/{pk}/").status_code == 404


def _verify(world, key):
    assessment = world[key]["assessment"]
    services.assessment_verify(assessment=assessment, by=world[key]["reviewer"])
    return SelfAssessment.objects.get(pk=assessment.pk)


def _decide(client, cycle, authority, assessment, number, day="2026-02-20"):
    return client.post(
        f"/units/cycles/{cycle.pk}/decide/?authority={authority.pk}",
        {
            "authority": authority.pk,
            "number": number,
            "decided_on": day,
            "signer": "Lò Văn Hùng",
            f"a{assessment.pk}": "on",
            f"o{assessment.pk}": "level1",
        },
    )


def test_a_commune_cycle_names_who_recognises_its_schools(client, communes):
    """A commune-tier cycle names no single authority: each school's People's Committee."""
    client.force_login(communes["staff"])
    page = client.get(f"/units/cycles/{communes['cycle'].pk}/").content.decode()
    assert 'data-testid="cycle-authority">Ủy ban nhân dân của địa bàn mỗi trường<' in page


def test_two_communes_decisions_in_one_cycle_get_their_own_numbers(client, communes):
    cycle = communes["cycle"]
    for key in ("to_hieu", "moc_chau"):
        assessment = _verify(communes, key)
        client.force_login(communes[key]["reviewer"])
        response = _decide(client, cycle, communes[key]["committee"], assessment, "01/QĐ-UBND")
        assert response.status_code == 302, key

    decisions = RecognitionDecision.objects.filter(cycle=cycle).order_by("authority__name")
    assert [(d.authority.name, d.number, d.recognitions.count()) for d in decisions] == [
        ("Ủy ban nhân dân phường Mộc Châu", "01/QĐ-UBND", 1),
        ("Ủy ban nhân dân phường Tô Hiệu", "01/QĐ-UBND", 1),
    ]
    assert set(SelfAssessment.objects.values_list("status", flat=True)) == {
        AssessmentStatus.RECOGNISED
    }


def test_a_number_is_unique_per_authority_and_year_only(communes):
    world = communes
    first = _verify(world, "to_hieu")
    services.decision_record(
        cycle=world["cycle"],
        authority=world["to_hieu"]["committee"],
        by=world["staff"],
        number="02/QĐ-UBND",
        decided_on=date(2026, 2, 20),
        signer="Lò Văn Hùng",
        entries=[(first.pk, "level1")],
    )
    second = _verify(world, "moc_chau")
    SelfAssessment.objects.filter(pk=second.pk).update(authority=world["to_hieu"]["committee"])

    with pytest.raises(services.UnitsError, match="Đã có quyết định mang số này."):
        services.decision_record(
            cycle=world["cycle"],
            authority=world["to_hieu"]["committee"],
            by=world["staff"],
            number="02/QĐ-UBND",
            decided_on=date(2026, 3, 1),
            signer="Lò Văn Hùng",
            entries=[(second.pk, "level1")],
        )
    # The same number in another year is another decision.
    services.decision_record(
        cycle=world["cycle"],
        authority=world["to_hieu"]["committee"],
        by=world["staff"],
        number="02/QĐ-UBND",
        decided_on=date(2027, 1, 5),
        signer="Lò Văn Hùng",
        entries=[(second.pk, "level1")],
    )
    assert RecognitionDecision.objects.filter(number="02/QĐ-UBND").count() == 2


def test_a_commune_reviewer_cannot_decide_for_another_commune(client, communes):
    cycle = communes["cycle"]
    other = _verify(communes, "moc_chau")
    client.force_login(communes["to_hieu"]["reviewer"])

    response = _decide(client, cycle, communes["moc_chau"]["committee"], other, "09/QĐ-UBND")

    assert response.status_code == 404
    assert RecognitionDecision.objects.count() == 0
    with pytest.raises(services.UnitsError, match="Chỉ cơ quan có thẩm quyền công nhận"):
        services.decision_record(
            cycle=cycle,
            authority=communes["moc_chau"]["committee"],
            by=communes["to_hieu"]["reviewer"],
            number="09/QĐ-UBND",
            decided_on=date(2026, 2, 20),
            signer="Lò Văn Hùng",
            entries=[(other.pk, "level1")],
        )


def test_an_authority_cannot_recognise_another_communes_school(communes):
    other = _verify(communes, "moc_chau")

    with pytest.raises(services.UnitsError) as error:
        services.decision_record(
            cycle=communes["cycle"],
            authority=communes["to_hieu"]["committee"],
            by=communes["staff"],
            number="03/QĐ-UBND",
            decided_on=date(2026, 2, 20),
            signer="Lò Văn Hùng",
            entries=[(other.pk, "level1")],
        )

    assert error.value.messages == [
        "Ủy ban nhân dân phường Tô Hiệu không có thẩm quyền công nhận các trường sau: "
        "Trường THCS Phường Mộc Châu."
    ]
    assert RecognitionDecision.objects.count() == 0


def test_decision_page_asks_department_staff_which_authority(client, communes):
    for key in ("to_hieu", "moc_chau"):
        _verify(communes, key)
    client.force_login(communes["staff"])

    page = client.get(f"/units/cycles/{communes['cycle'].pk}/decide/")

    assert page.status_code == 200
    assert [a.name for a, _n in page.context["authorities"]] == [
        "Ủy ban nhân dân phường Mộc Châu",
        "Ủy ban nhân dân phường Tô Hiệu",
    ]
    assert page.context["choose"] is True


def test_starting_a_dossier_without_an_authority_is_refused(communes):
    area = AdministrativeArea.objects.get(code="4000")
    school, principal = _school(area, communes["district"], "Trường THCS Đoàn Kết")

    with pytest.raises(services.UnitsError) as error:
        services.assessment_start(school=school, cycle=communes["cycle"], by=principal)

    assert error.value.messages == [
        "Không có cơ quan công nhận cho Trường THCS Đoàn Kết vào ngày 31/12/2025: địa bàn "
        "của trường không có Ủy ban nhân dân cấp xã. Hãy thêm Ủy ban nhân dân đó hoặc chuyển "
        "trường trước."
    ]
    assert not SelfAssessment.objects.filter(school=school).exists()


def _cycle_post(year: int, tier: str, framework_pk: int) -> dict:
    return {
        "year": year,
        "tier": tier,
        "framework": framework_pk,
        "opens_on": f"{year}-01-01",
        "submission_deadline": "",
        "review_deadline": f"{year + 1}-02-28",
        "authority": "",
        "state": "upcoming",
    }


def test_cycle_form_refuses_a_tier_the_law_did_not_have_that_year(client, communes):
    from units.models import Cycle

    client.force_login(communes["staff"])
    framework = communes["cycle"].framework

    response = client.post("/units/cycles/new/", _cycle_post(2026, "district", framework.pk))

    assert response.status_code == 400
    assert response.context["form"].errors["tier"] == [
        "Năm 2026, các trường thuộc cấp dưới do cấp xã công nhận (cấp huyện đến hết ngày "
        "30/6/2025, cấp xã từ ngày 01/7/2025)."
    ]
    assert not Cycle.objects.filter(year=2026).exists()


def test_cycle_form_refuses_a_commune_cycle_with_a_school_without_authority(client, communes):
    from units.models import Cycle

    area = AdministrativeArea.objects.get(code="4000")
    _school(area, communes["district"], "Trường THCS Đoàn Kết")
    client.force_login(communes["staff"])

    response = client.post(
        "/units/cycles/new/", _cycle_post(2026, "commune", communes["cycle"].framework.pk)
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "1 trường không có Ủy ban nhân dân của địa bàn vào ngày 31/12/2026 để công nhận: "
        "Trường THCS Đoàn Kết. Hãy thêm các Ủy ban nhân dân đó (hoặc chuyển trường) trước; "
        "chưa có gì được lưu."
    ]
    assert not Cycle.objects.filter(year=2026).exists()
