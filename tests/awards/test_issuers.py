"""Who may award what, only the issuer decides, a council per issuer (issue 12, points 6–8)."""

from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.enums import OrganisationKind, Role
from awards import services
from awards.enums import Procedure
from awards.models import Commendation, CouncilMember, Decision, ReviewAssignment
from learnsociety.models import DeferredTask
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.awards import AwardFormFactory, make_round, officer, submitted

from .conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuers(world):
    """The DOET with two council members, its giấy khen (decided) and the provincial
    People's Committee's bằng khen (proposed by the DOET), in one round with the
    Association's giấy khen."""
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="Sở GD&ĐT")
    province = OrganisationFactory(kind=OrganisationKind.PEOPLES_COMMITTEE, name="UBND tỉnh")
    staff = user_with_role(Role.DEPARTMENT_STAFF, doet, full_name="Nguyễn Văn Thành")
    staff2 = user_with_role(Role.DEPARTMENT_STAFF, doet, full_name="Lê Thị Hạnh")
    doet_gk = AwardFormFactory(
        issuing_organisation=doet, code="SGD-GK", name_vi="Giấy khen của Giám đốc Sở GD&ĐT"
    )
    province_bk = AwardFormFactory(
        issuing_organisation=province,
        code="UBND-BK",
        name_vi="Bằng khen của Chủ tịch UBND tỉnh",
        procedure=Procedure.PROPOSED,
        proposing_organisation=doet,
    )
    round_ = make_round(forms=[world["form"], doet_gk, province_bk], quota=3)
    doet_council = services.council_for(organisation=doet)
    for member in (staff, staff2):
        CouncilMember.objects.create(
            council=doet_council, user=member, organisation=doet, added_by=staff
        )
    return {
        "doet": doet,
        "province": province,
        "staff": staff,
        "staff2": staff2,
        "doet_gk": doet_gk,
        "province_bk": province_bk,
        "round": round_,
    }


def _approved(world, issuers, form, name, by, reviewers):
    nomination = submitted(
        round=issuers["round"],
        form=form,
        nominating_organisation=world["school"],
        nominee_name=name,
    )
    criteria = list(issuers["round"].criteria.all())
    for reviewer in reviewers:
        assignment = services.assignment_create(by=by, nomination=nomination, reviewer=reviewer)
        services.review_submit(
            by=reviewer,
            assignment=assignment,
            scores={c.pk: 8 for c in criteria},
            recommendation="approve",
            comment="",
        )
    return services.nomination_approve(by=by, nomination=nomination)


def _decision_post(client, round_, issuer, nominations, number=45, code=""):
    return client.post(
        f"/awards/rounds/{round_.pk}/decide/{issuer.pk}/",
        {
            "nominations": [n.pk for n in nominations],
            "number": number,
            "code": code,
            "date": "2026-03-10",
            "signer": "Nguyễn Văn Thành",
            "scanned_document": upload("qd.pdf"),
        },
    )


def test_decision_pages_answer_only_the_issuers_own_people(client, world, issuers):
    round_ = issuers["round"]
    urls = {
        "doet": f"/awards/rounds/{round_.pk}/decide/{issuers['doet'].pk}/",
        "province": f"/awards/rounds/{round_.pk}/decide/{issuers['province'].pk}/",
        "association": f"/awards/rounds/{round_.pk}/decide/{world['association'].pk}/",
    }
    client.force_login(world["manager"])  # an Association officer
    assert {k: client.get(u).status_code for k, u in urls.items()} == {
        "doet": 404,
        "province": 404,
        "association": 200,
    }
    client.force_login(issuers["staff"])
    assert {k: client.get(u).status_code for k, u in urls.items()} == {
        "doet": 200,
        "province": 200,
        "association": 404,
    }


def test_a_crafted_decision_post_by_an_outsider_is_refused(client, world, issuers):
    nomination = _approved(
        world,
        issuers,
        issuers["doet_gk"],
        "Lường Thị Hoa",
        issuers["staff"],
        [issuers["staff2"], issuers["staff"]],
    )
    client.force_login(world["manager"])
    response = _decision_post(client, issuers["round"], issuers["doet"], [nomination])
    assert response.status_code == 404
    # through the officer's own issuer page: the DOET's nomination is not theirs to decide
    response = _decision_post(client, issuers["round"], world["association"], [nomination])
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["nominations"]
    # and the service refuses it whatever the page offered
    with pytest.raises(services.AwardsError) as error:
        services.decision_record(
            by=world["manager"],
            round_=issuers["round"],
            issuing_organisation=issuers["doet"],
            number=45,
            day=date(2026, 3, 10),
            signer="X",
            scanned_document=upload("qd.pdf"),
            nominations=[nomination],
        )
    assert error.value.messages == [
        "Chỉ Sở GD&ĐT mới ghi nhận quyết định của mình (hoặc, với các hình thức khen thưởng "
        "do cấp trên quyết định theo đề nghị, đơn vị đã đề nghị)."
    ]
    assert Decision.objects.count() == 0
    nomination.refresh_from_db()
    assert nomination.status == "approved"


def test_the_issuers_staff_record_its_decision_and_get_certificates(
    client, world, issuers, django_capture_on_commit_callbacks
):
    nomination = _approved(
        world,
        issuers,
        issuers["doet_gk"],
        "Lường Thị Hoa",
        issuers["staff"],
        [issuers["staff2"], issuers["staff"]],
    )
    client.force_login(issuers["staff"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _decision_post(client, issuers["round"], issuers["doet"], [nomination])
    decision = Decision.objects.get()
    assert response["Location"] == f"/awards/decisions/{decision.pk}/"
    assert (decision.issuing_organisation, decision.proposing_organisation) == (
        issuers["doet"],
        None,
    )
    # The certificates job waits in the outbox until the commit sends it.
    assert list(DeferredTask.objects.values_list("task", "kwargs")) == [
        (
            "awards.tasks.generate_certificates",
            {"decision_id": decision.pk, "base_url": "http://testserver"},
        )
    ]
    # the scan's file, the move telling the nominators, the job
    assert (decision.certificates_total, len(callbacks)) == (1, 3)


def test_a_proposed_form_gets_a_proposal_and_the_higher_bodys_decision_without_certificate(
    client, world, issuers, django_capture_on_commit_callbacks
):
    nomination = _approved(
        world,
        issuers,
        issuers["province_bk"],
        "Cầm Thị Phương",
        issuers["staff"],
        [issuers["staff2"], issuers["staff"]],
    )
    round_, province = issuers["round"], issuers["province"]
    client.force_login(issuers["staff"])
    page = client.get(f"/awards/rounds/{round_.pk}/")
    assert f"/awards/rounds/{round_.pk}/propose/{province.pk}/" in page.content.decode()
    proposal = client.get(f"/awards/rounds/{round_.pk}/propose/{province.pk}/")
    assert [n.nominee_name for n in proposal.context["nominations"]] == ["Cầm Thị Phương"]
    assert "Kính gửi: UBND tỉnh" in proposal.content.decode()
    sheet = load_workbook(
        __import__("io").BytesIO(
            b"".join(
                client.get(
                    f"/awards/rounds/{round_.pk}/propose/{province.pk}/?format=xlsx"
                ).streaming_content
            )
        )
    ).active
    assert [c.value for c in sheet[2]][:2] == ["Bằng khen của Chủ tịch UBND tỉnh", "Cầm Thị Phương"]
    form_page = client.get(f"/awards/rounds/{round_.pk}/decide/{province.pk}/")
    assert form_page.context["suggestion"] is None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _decision_post(client, round_, province, [nomination], number=1520, code="UBND")
    decision = Decision.objects.get()
    assert (decision.label, decision.issuing_organisation, decision.proposing_organisation) == (
        "1520/QĐ-UBND",
        province,
        issuers["doet"],
    )
    # No certificates job: the commit hooks keep the scan's file and tell the nominators.
    assert (decision.certificates_total, DeferredTask.objects.count(), len(callbacks)) == (0, 0, 2)
    commendation = Commendation.objects.get()
    assert client.get(f"/awards/commendations/{commendation.pk}/certificate/").status_code == 404
    # an Association officer may neither prepare nor record it
    client.force_login(world["manager"])
    assert client.get(f"/awards/rounds/{round_.pk}/propose/{province.pk}/").status_code == 404


def test_approval_is_for_the_council_of_the_forms_organisation(client, world, issuers):
    nomination = submitted(
        round=issuers["round"], form=issuers["doet_gk"], nominating_organisation=world["school"]
    )
    client.force_login(world["manager"])
    assert client.get(f"/awards/nominations/{nomination.pk}/").status_code == 404
    client.post(f"/awards/nominations/{nomination.pk}/act/approve/")
    nomination.refresh_from_db()
    assert nomination.status == "submitted"
    with pytest.raises(services.AwardsError) as error:
        services.nomination_approve(by=world["manager"], nomination=nomination)
    assert error.value.messages == [
        "Chỉ hội đồng của đơn vị phụ trách “Giấy khen của Giám đốc Sở GD&ĐT” mới được làm việc này."
    ]


def test_council_members_are_managed_by_the_organisations_managers(client, world, issuers):
    doet = issuers["doet"]
    newcomer = user_with_role(Role.DEPARTMENT_STAFF, doet, full_name="Hà Văn Sơn")
    school = SchoolFactory(name="Trường THPT Tô Hiệu")
    client.force_login(issuers["staff"])
    page = client.get(f"/awards/councils/{doet.pk}/")
    assert [m.user.get_full_name() for m in page.context["members"]] == [
        "Lê Thị Hạnh",
        "Nguyễn Văn Thành",
    ]
    response = client.post(
        f"/awards/councils/{doet.pk}/",
        {"user": newcomer.pk, "organisation": school.pk, "position": "member"},
    )
    assert response["Location"] == f"/awards/councils/{doet.pk}/"
    seat = CouncilMember.objects.get(user=newcomer)
    assert (seat.council.organisation, seat.organisation, seat.added_by) == (
        doet,
        school,
        issuers["staff"],
    )
    again = client.post(
        f"/awards/councils/{doet.pk}/",
        {"user": newcomer.pk, "organisation": school.pk, "position": "member"},
    )
    assert again.context["form"].non_field_errors() == [
        "Hà Văn Sơn đã là thành viên của hội đồng này."
    ]
    # an outsider neither sees nor changes it, even with a crafted POST
    client.force_login(world["manager"])
    assert client.get(f"/awards/councils/{doet.pk}/").status_code == 404
    assert client.post(f"/awards/councils/{doet.pk}/members/{seat.pk}/remove/").status_code == 404
    with pytest.raises(services.AwardsError):
        services.council_member_remove(by=world["manager"], member=seat)
    assert CouncilMember.objects.filter(pk=seat.pk).exists()
    client.force_login(issuers["staff"])
    client.post(f"/awards/councils/{doet.pk}/members/{seat.pk}/remove/")
    assert not CouncilMember.objects.filter(pk=seat.pk).exists()


def test_autoassign_balances_the_council_and_skips_a_seat_from_the_nominees_school(world, issuers):
    doet = issuers["doet"]
    # a principal of the nominating school sits on the DOET's council: never on its files
    from_school = user_with_role(Role.PRINCIPAL, world["school"], full_name="Cầm Văn Chiến")
    third = officer(full_name="Người thứ ba")
    council = services.council_for(organisation=doet)
    for user, org in ((from_school, world["school"]), (third, doet)):
        CouncilMember.objects.create(council=council, user=user, organisation=org, added_by=user)
    nominations = [
        submitted(
            round=issuers["round"],
            form=issuers["doet_gk"],
            nominating_organisation=world["school"],
        )
        for _ in range(3)
    ]
    assigned, short = services.round_autoassign(by=issuers["staff"], round_=issuers["round"])
    assert (assigned, short) == (6, 0)
    loads = {
        u.get_full_name(): ReviewAssignment.objects.filter(reviewer=u).count()
        for u in (issuers["staff"], issuers["staff2"], third, from_school)
    }
    assert loads == {
        "Nguyễn Văn Thành": 2,
        "Lê Thị Hạnh": 2,
        "Người thứ ba": 2,
        "Cầm Văn Chiến": 0,
    }
    assert all(n.assignments.count() == 2 for n in nominations)
    # by hand, too: the seat's organisation is a conflict
    with pytest.raises(services.AwardsError) as error:
        services.assignment_create(
            by=issuers["staff"], nomination=nominations[0], reviewer=from_school
        )
    assert error.value.messages == ["Xung đột lợi ích với Cầm Văn Chiến: Bạn thuộc đơn vị đề nghị."]


def test_award_forms_page_lists_issuers_and_procedures(client, world, issuers):
    client.force_login(issuers["staff"])
    page = client.get("/awards/councils/")
    forms = {f.code: (f.issuing_organisation.name, f.procedure) for f in page.context["forms"]}
    assert forms["UBND-BK"] == ("UBND tỉnh", "proposed")
    assert forms["SGD-GK"] == ("Sở GD&ĐT", "decided")
    assert [org.name for org, _council in page.context["organisations"]] == ["Sở GD&ĐT"]
    # the administrator sees every organisation that decides or proposes, each once
    client.force_login(user_with_role(Role.ADMINISTRATOR, issuers["doet"]))
    page = client.get("/awards/councils/")
    assert [org.name for org, _council in page.context["organisations"]] == [
        "Hội Khuyến học",
        "Sở GD&ĐT",
    ]


def test_council_pickers_search_as_you_type_for_its_managers_only(
    client, world, issuers, monkeypatch
):
    from accounts import widgets

    doet = issuers["doet"]
    user_with_role(Role.DEPARTMENT_STAFF, doet, full_name="Hà Văn Sơn")
    SchoolFactory(name="Trường THPT Tô Hiệu")
    monkeypatch.setattr(widgets, "SEARCH_LIMIT", 1)  # the province's long lists, in small
    client.force_login(issuers["staff"])
    page = client.get(f"/awards/councils/{doet.pk}/").content.decode()
    assert f'data-search-url="/awards/councils/{doet.pk}/people/"' in page
    assert f'data-search-url="/awards/councils/{doet.pk}/organisations/"' in page
    people = client.get(f"/awards/councils/{doet.pk}/people/", {"q": "văn sơn"}).json()
    assert [r["text"].split(" (")[0] for r in people["results"]] == ["Hà Văn Sơn"]
    found = client.get(f"/awards/councils/{doet.pk}/organisations/", {"q": "Tô Hiệu"}).json()
    assert [r["text"] for r in found["results"]] == ["Trường THPT Tô Hiệu"]
    client.force_login(world["manager"])
    assert client.get(f"/awards/councils/{doet.pk}/people/", {"q": "a"}).status_code == 404
