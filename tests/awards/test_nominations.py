from datetime import date

import pytest

from awards.enums import DocumentKind, NominationStatus
from awards.models import Nomination, NominationDocument, NominationTransition
from learnsociety.concurrency import version_of
from tests.factories.awards import NominationFactory, add_documents, submitted

from .conftest import upload

pytestmark = pytest.mark.django_db


def _data(world, **overrides):
    data = {
        "round": world["round"].pk,
        "form": world["form"].pk,
        "nominating_organisation": world["school"].pk,
        "nominee_kind": "individual",
        "nominee_name": "Lường Thị Hoa",
        "gender": "female",
        "date_of_birth": "1988-06-15",
        "position": "Giáo viên Toán",
        "nominee_organisation": world["school"].pk,
        "achievement_start": "2024-09-01",
        "achievement_end": "2025-05-31",
        "summary": "Giáo viên dạy giỏi cấp tỉnh.",
    }
    data.update(overrides)
    return data


def test_nomination_create_by_principal_saves_a_draft(client, world):
    client.force_login(world["principal"])
    response = client.post("/awards/nominations/new/", _data(world))
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/"
    assert (nomination.status, nomination.nominee_name, nomination.created_by) == (
        NominationStatus.DRAFT,
        "Lường Thị Hoa",
        world["principal"],
    )
    # the same person at any school: name and date of birth
    assert nomination.nominee_key == "i:lường thị hoa:1988-06-15"


def test_nomination_create_for_another_school_is_refused(client, world):
    client.force_login(world["principal"])
    response = client.post(
        "/awards/nominations/new/",
        _data(
            world,
            nominating_organisation=world["other_school"].pk,
            nominee_organisation=world["other_school"].pk,
        ),
    )
    assert response.status_code == 200
    assert Nomination.objects.count() == 0
    errors = response.context["form"].errors
    assert set(errors) == {"nominating_organisation", "nominee_organisation"}


def test_nomination_collective_of_a_group_needs_its_name(client, world):
    client.force_login(world["principal"])
    response = client.post(
        "/awards/nominations/new/",
        _data(
            world,
            nominee_kind="collective",
            collective_kind="group",
            nominee_name="",
            group_size="10",
            women_percent="80",
        ),
    )
    assert response.context["form"].errors == {"nominee_name": ["Hãy nhập tên của nhóm."]}
    assert Nomination.objects.count() == 0


def test_submit_with_missing_document_is_refused_and_nothing_changes(client, world):
    nomination = NominationFactory(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    add_documents(nomination, kinds=[DocumentKind.PROPOSAL_LETTER])
    client.force_login(world["principal"])
    response = client.post(f"/awards/nominations/{nomination.pk}/act/submit/", follow=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    text = [str(m) for m in response.context["messages"]]
    assert len(text) == 1
    assert text == ["Hồ sơ chưa đầy đủ. Còn thiếu: Báo cáo thành tích, Biên bản họp xét."]


def test_submit_with_three_documents_moves_to_submitted_and_logs(client, world):
    nomination = NominationFactory(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    for kind in ("proposal_letter", "achievement_report", "meeting_minutes"):
        client.post(
            f"/awards/nominations/{nomination.pk}/documents/",
            {"kind": kind, "file": upload(f"{kind}.pdf")},
        )
    client.post(f"/awards/nominations/{nomination.pk}/act/submit/")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert list(nomination.transitions.values_list("to_status", flat=True)) == ["submitted"]


def test_document_of_forbidden_type_is_refused(client, world):
    nomination = NominationFactory(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    response = client.post(
        f"/awards/nominations/{nomination.pk}/documents/",
        {"kind": "proof", "file": upload("virus.exe", b"MZ\x90\x00binary")},
        follow=True,
    )
    assert NominationDocument.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "Chưa thêm được tài liệu: Không chấp nhận loại tệp này. Các loại được phép: doc, docx, "
        "gif, jpeg, jpg, odp, ods, odt, pdf, png, ppt, pptx, webp, xls, xlsx."
    ]


def test_document_too_large_is_refused(client, world, settings):
    settings.UPLOAD_MAX_MB = 1
    nomination = NominationFactory(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = client.post(
        f"/awards/nominations/{nomination.pk}/documents/",
        {"kind": "proof", "file": upload("big.pdf", big)},
        follow=True,
    )
    assert NominationDocument.objects.count() == 0
    assert "quá lớn" in str(list(response.context["messages"])[0])


def test_edit_after_submission_is_refused(client, world):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    response = client.post(
        f"/awards/nominations/{nomination.pk}/edit/",
        _data(world, nominee_name="Tên khác"),
        follow=True,
    )
    nomination.refresh_from_db()
    assert nomination.nominee_name != "Tên khác"
    assert "chỉ có thể sửa" in str(list(response.context["messages"])[0])
    response = client.post(
        f"/awards/nominations/{nomination.pk}/documents/",
        {"kind": "proof", "file": upload()},
        follow=True,
    )
    assert nomination.documents.count() == 3


@pytest.mark.django_db(transaction=True)  # the services commit: notifications go after
def test_more_information_then_resubmit(client, world):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["manager"])
    client.post(
        f"/awards/nominations/{nomination.pk}/act/request-info/", {"comment": "Bổ sung minh chứng."}
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.status_comment) == (
        NominationStatus.MORE_INFO,
        "Bổ sung minh chứng.",
    )
    assert world["principal"].notifications.count() == 1

    client.force_login(world["principal"])
    page = client.get(f"/awards/nominations/{nomination.pk}/")
    assert "Bổ sung minh chứng." in page.content.decode()
    client.post(
        f"/awards/nominations/{nomination.pk}/documents/", {"kind": "proof", "file": upload()}
    )
    client.post(
        f"/awards/nominations/{nomination.pk}/edit/",
        _data(world, position="Tổ trưởng", version=version_of(nomination)),
    )
    client.post(f"/awards/nominations/{nomination.pk}/act/submit/")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.position, nomination.documents.count()) == (
        NominationStatus.RESUBMITTED,
        "Tổ trưởng",
        4,
    )
    assert list(
        NominationTransition.objects.filter(nomination=nomination).values_list(
            "to_status", flat=True
        )
    ) == ["more_info", "resubmitted"]


def test_request_info_needs_a_comment(client, world):
    nomination = submitted(round=world["round"], nominating_organisation=world["school"])
    client.force_login(world["manager"])
    client.post(f"/awards/nominations/{nomination.pk}/act/request-info/", {"comment": " "})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_principal_cannot_act_as_council(client, world):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    client.post(f"/awards/nominations/{nomination.pk}/act/approve/")
    client.post(f"/awards/nominations/{nomination.pk}/act/request-info/", {"comment": "x"})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_owner_colleague_outsider_on_nomination_detail(client, world):
    nomination = NominationFactory(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    from accounts.enums import Role
    from tests.factories.accounts import user_with_role

    colleague = user_with_role(Role.PRINCIPAL, world["school"])
    url = f"/awards/nominations/{nomination.pk}/"
    for user, status in (
        (world["principal"], 200),
        (colleague, 200),
        (world["other_principal"], 404),
        (world["manager"], 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # Once submitted, the council sees it; the other school still does not.
    Nomination.objects.filter(pk=nomination.pk).update(status=NominationStatus.SUBMITTED)
    client.force_login(world["manager"])
    assert client.get(url).status_code == 200
    client.force_login(world["other_principal"])
    assert client.get(url).status_code == 404
    assert client.get(f"/awards/nominations/{nomination.pk}/documents/1/").status_code == 404


def test_nominator_never_sees_reviewer_names_or_scores(client, world):
    from awards import services

    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    criteria = list(world["round"].criteria.all())
    services.review_submit(
        by=world["reviewer1"],
        assignment=nomination.assignments.get(),
        scores={criteria[0].pk: 7, criteria[1].pk: 4},
        recommendation="approve",
        comment="Rất tốt, điểm cao",
    )
    client.force_login(world["principal"])
    html = client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert "Lò Văn Minh" not in html
    assert "Rất tốt, điểm cao" not in html
    assert "6.00" not in html
    assert "6,00" not in html
    client.force_login(world["manager"])
    html = client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert "Lò Văn Minh" in html
    assert "Rất tốt, điểm cao" in html


def test_withdraw_by_nominator(client, world):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    client.post(f"/awards/nominations/{nomination.pk}/act/withdraw/")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


def test_closed_round_refuses_new_nominations(client, world):
    world["round"].opening_date = date(2020, 1, 1)
    world["round"].submission_deadline = date(2020, 2, 1)
    world["round"].review_deadline = date(2020, 3, 1)
    world["round"].save()
    client.force_login(world["principal"])
    response = client.post("/awards/nominations/new/", _data(world))
    assert response.status_code == 200
    assert "round" in response.context["form"].errors
    assert Nomination.objects.count() == 0
