from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.enums import OrganisationKind, Role
from awards import services
from awards.indicators import commendations_granted
from awards.models import Commendation, Decision, Nomination
from awards.tasks import generate_certificates
from tests.documents import english_words, pdf_text
from tests.factories.accounts import DocumentTemplateFactory, OrganisationFactory, user_with_role
from tests.factories.awards import submitted

from .conftest import upload

pytestmark = pytest.mark.django_db


def _approved(world, name="Lường Thị Hoa", **fields):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], nominee_name=name, **fields
    )
    criteria = list(world["round"].criteria.all())
    for reviewer in (world["reviewer1"], world["reviewer2"]):
        a = services.assignment_create(
            by=world["manager"], nomination=nomination, reviewer=reviewer
        )
        services.review_submit(
            by=reviewer,
            assignment=a,
            scores={c.pk: 9 for c in criteria},
            recommendation="approve",
            comment="Bí mật hội đồng",
        )
    return services.nomination_approve(by=world["manager"], nomination=nomination)


def _post_decision(client, world, nominations, number=7, day="2026-03-10", code="HKH"):
    return client.post(
        f"/awards/rounds/{world['round'].pk}/decide/{world['association'].pk}/",
        {
            "nominations": [n.pk for n in nominations],
            "number": number,
            "code": code,
            "date": day,
            "signer": "Lò Văn Minh",
            "scanned_document": upload("qd.pdf"),
        },
    )


def test_decision_commends_selected_nominations_with_codes(
    client, world, django_capture_on_commit_callbacks, monkeypatch
):
    # The commit hooks run (the nominators are told after the commit) while the broker is
    # down, so the certificates job stays in the outbox to be looked at.
    monkeypatch.setattr("learnsociety.tasks.broker_is_down", lambda: True)
    first, second = _approved(world), _approved(world, name="Tòng Văn Nam", gender="male")
    client.force_login(world["manager"])
    assert (
        client.get(f"/awards/rounds/{world['round'].pk}/decide/{world['association'].pk}/").context[
            "suggestion"
        ]
        == 1
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post_decision(client, world, [first, second])
    decision = Decision.objects.get()
    assert response["Location"] == f"/awards/decisions/{decision.pk}/"
    assert (decision.number, decision.year, decision.label, decision.certificates_total) == (
        7,
        2026,
        "7/QĐ-HKH",
        2,
    )
    # The certificates job waits in the outbox until the commit sends it.
    from learnsociety.models import DeferredTask

    assert list(DeferredTask.objects.values_list("task", "kwargs")) == [
        (
            "awards.tasks.generate_certificates",
            {"decision_id": decision.pk, "base_url": "http://testserver"},
        )
    ]
    # the scan's file kept on commit, each nomination's move telling its nominators, the job
    assert len(callbacks) == 4
    assert set(Nomination.objects.values_list("status", flat=True)) == {"commended"}
    codes = list(Commendation.objects.values_list("code", flat=True))
    assert len(codes) == 2
    assert all(c.startswith("AW-") and len(c) == 13 for c in codes)
    assert world["principal"].notifications.filter(kind="awards.nomination").count() == 2


def test_decision_number_reused_is_refused_and_nothing_is_saved(client, world):
    first, second = _approved(world), _approved(world, name="Tòng Văn Nam", gender="male")
    client.force_login(world["manager"])
    _post_decision(client, world, [first])
    response = _post_decision(client, world, [second])
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Số quyết định 7 năm 2026 của Hội Khuyến học đã được sử dụng."
    ]
    assert Decision.objects.count() == 1
    assert Nomination.objects.get(pk=second.pk).status == "approved"
    assert Commendation.objects.count() == 1
    # The same number is free for another year.
    _post_decision(client, world, [second], day="2027-01-05")
    assert Decision.objects.count() == 2


def test_next_number_suggestion(world):
    assert services.decision_next_number(issuing_organisation=world["association"], year=2026) == 1
    Decision.objects.create(
        round=world["round"],
        issuing_organisation=world["association"],
        year=2026,
        number=41,
        date=date(2026, 1, 2),
        signer="A",
        created_by=world["manager"],
        scanned_document="x.pdf",
    )
    assert services.decision_next_number(issuing_organisation=world["association"], year=2026) == 42
    assert services.decision_next_number(issuing_organisation=world["association"], year=2027) == 1


def test_staff_of_another_issuer_cannot_decide(client, world):
    first = _approved(world)
    staff = user_with_role(
        Role.DEPARTMENT_STAFF, OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    )
    client.force_login(staff)
    assert (
        client.get(
            f"/awards/rounds/{world['round'].pk}/decide/{world['association'].pk}/"
        ).status_code
        == 404
    )
    assert _post_decision(client, world, [first]).status_code == 404
    # Staff of the issuing organisation may.
    issuer_staff = user_with_role(Role.DEPARTMENT_STAFF, world["association"])
    client.force_login(issuer_staff)
    _post_decision(client, world, [first])
    assert Decision.objects.count() == 1


def test_unapproved_nomination_cannot_be_commended(world):
    nomination = submitted(round=world["round"], nominating_organisation=world["school"])
    with pytest.raises(services.AwardsError):
        services.decision_record(
            by=world["manager"],
            round_=world["round"],
            issuing_organisation=world["association"],
            number=1,
            day=date(2026, 1, 1),
            signer="A",
            scanned_document=upload(),
            nominations=[nomination],
        )
    assert Decision.objects.count() == 0


def test_certificates_task_generates_pdfs_and_verify_page_confirms(client, world):
    nomination = _approved(world)
    DocumentTemplateFactory(
        organisation=world["association"],
        governing_body="",
        issuing_body="HỘI KHUYẾN HỌC TỈNH SƠN LA",
        code="HKH",
        signer_authority="TM. BAN THƯỜNG VỤ",
        signer_title="CHỦ TỊCH",
        giver_title="CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA",
    )
    decision = services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=3,
        day=date(2026, 3, 1),
        signer="Lò Văn Minh",
        scanned_document=upload(),
        nominations=[nomination],
    )
    assert generate_certificates.run(decision_id=decision.pk) == 1
    decision.refresh_from_db()
    assert (
        decision.certificates_done,
        decision.certificates_total,
        decision.certificates_running,
    ) == (1, 1, False)
    assert decision.label == "3/QĐ-HKH"  # the code of the issuer's template
    commendation = Commendation.objects.get()
    with commendation.certificate.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    # the conventional form: the giver by title, the State's number, Vietnamese only
    assert "CHỦ TỊCH HỘI KHUYẾN HỌC TỈNH SƠN LA TẶNG" in text
    assert "Lường Thị Hoa" in text
    assert "Quyết định số 3/QĐ-HKH ngày 01 tháng 3 năm 2026" in text
    assert "Sơn La, ngày 01 tháng 3 năm 2026" in text
    assert english_words(text) == set()
    client.force_login(world["principal"])
    response = client.get(f"/awards/commendations/{commendation.pk}/certificate/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    client.force_login(world["other_principal"])
    assert client.get(f"/awards/commendations/{commendation.pk}/certificate/").status_code == 404
    client.logout()
    page = client.get(f"/verify/{commendation.code}/")
    assert page.status_code == 200
    fields = dict(page.context["certificate"]["fields"])
    assert fields["Tặng cho"] == "Lường Thị Hoa"
    assert fields["Quyết định"] == "3/QĐ-HKH ngày 01/03/2026"
    assert client.get("/verify/AW-00000000/").status_code == 404
    progress = client.get(f"/awards/decisions/{decision.pk}/progress/")
    assert progress.status_code == 302  # login required


def test_progress_fragment_polls_only_while_generating(client, world):
    nomination = _approved(world)
    decision = services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=3,
        day=date(2026, 3, 1),
        signer="A",
        scanned_document=upload(),
        nominations=[nomination],
    )
    client.force_login(world["manager"])
    Decision.objects.filter(pk=decision.pk).update(certificates_running=True)
    html = client.get(f"/awards/decisions/{decision.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "0 / 1" in html
    Decision.objects.filter(pk=decision.pk).update(certificates_running=False, certificates_done=1)
    html = client.get(f"/awards/decisions/{decision.pk}/progress/").content.decode()
    assert "hx-trigger" not in html
    assert "1 / 1" in html


def test_honour_roll_is_public_and_shows_only_published_facts(client, world, honours_published):
    nomination = _approved(world, date_of_birth=date(1988, 6, 15), public_consent=True)
    services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=5,
        code="HKH",
        day=date(2026, 3, 1),
        signer="A",
        scanned_document=upload(),
        nominations=[nomination],
    )
    response = client.get("/honours/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lường Thị Hoa" in html
    assert world["school"].name in html
    assert "Quyết định 5/QĐ-HKH" in html
    assert "15/06/1988" not in html
    assert "1988" not in html
    assert "Bí mật hội đồng" not in html
    assert "9.00" not in html
    assert client.get("/honours/?q=Hoa").context["page_obj"].paginator.count == 1
    assert client.get("/honours/?q=Không có").context["page_obj"].paginator.count == 0


def test_register_export_for_staff(client, world):
    nomination = _approved(world)
    services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=5,
        code="HKH",
        day=date(2026, 3, 1),
        signer="A",
        scanned_document=upload(),
        nominations=[nomination],
    )
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    client.force_login(staff)
    response = client.get("/awards/register/export/?q=Hoa", follow=True)
    from io import BytesIO

    assert response.redirect_chain == [("/dashboard/export/commendations/?q=Hoa&format=xlsx", 302)]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Năm", "Hình thức khen thưởng", "Đối tượng", "Tên")
    assert rows[1][3:6] == ("Lường Thị Hoa", world["school"].name, "5/QĐ-HKH")
    assert len(rows) == 2
    client.force_login(world["principal"])
    assert client.get("/awards/register/").status_code == 404


def test_commendations_granted_indicator(world):
    world["round"].year = 2026
    world["round"].save()
    assert commendations_granted(2019) is None
    assert commendations_granted(2026) == 0
    nomination = _approved(world)
    services.decision_record(
        by=world["manager"],
        round_=world["round"],
        issuing_organisation=world["association"],
        number=5,
        day=date(2026, 3, 1),
        signer="A",
        scanned_document=upload(),
        nominations=[nomination],
    )
    assert commendations_granted(2026) == 1


def test_recording_a_decision_generates_certificates_after_commit(
    client, world, django_capture_on_commit_callbacks
):
    nomination = _approved(world)
    client.force_login(world["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        _post_decision(client, world, [nomination])
    decision = Decision.objects.get()
    assert (decision.certificates_done, decision.certificates_running) == (1, False)
    assert Commendation.objects.get().certificate.name.endswith(".pdf")
