"""Separation of duties binds administrators too, and only the Department's staff or an
administrator may move a joint commitment to one party."""

import pytest
from django.urls import reverse

from learnsociety.concurrency import version_of
from programme.enums import Party, ReportStatus
from programme.models import Commitment, ProgressReport
from tests.factories.programme import CommitmentFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_accept_a_report_they_wrote(client, admin_user, staff):
    report = ProgressReportFactory(status=ReportStatus.SUBMITTED, created_by=admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("programme:report-detail", args=[report.pk]))
    assert page.context["can_review"] is False

    response = client.post(
        reverse("programme:report-review", args=[report.pk]), {"action": "accept"}
    )

    assert response.status_code == 404
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.SUBMITTED, None)


def test_an_administrator_cannot_accept_a_report_they_edited(client, admin_user, officer):
    report = ProgressReportFactory(
        status=ReportStatus.SUBMITTED, created_by=officer, author_party=Party.ASSOCIATION
    )
    report.editors.add(admin_user)
    client.force_login(admin_user)
    client.post(reverse("programme:report-review", args=[report.pk]), {"action": "accept"})
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_an_administrator_accepts_someone_elses_report(client, admin_user, officer):
    report = ProgressReportFactory(
        status=ReportStatus.SUBMITTED, created_by=officer, author_party=Party.ASSOCIATION
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("programme:report-review", args=[report.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, admin_user)


def _move_lead(client, user, commitment, party):
    client.force_login(user)
    return client.post(
        reverse("programme:commitment-edit", args=[commitment.pk]),
        {
            "code": commitment.code,
            "title": commitment.title,
            "description": "",
            "area": commitment.area,
            "lead_party": party,
            "version": version_of(commitment),
        },
    )


def test_an_officer_cannot_take_a_joint_commitment_for_the_association(client, programme, officer):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    response = _move_lead(client, officer, commitment, Party.ASSOCIATION)
    assert response.status_code == 200
    assert response.context["form"].errors["lead_party"] == [
        "Chỉ cán bộ của Sở hoặc quản trị viên mới được thay đổi bên chủ trì của nhiệm vụ phối hợp."
    ]
    assert Commitment.objects.get(pk=commitment.pk).lead_party == Party.JOINT


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_department_staff_or_an_administrator_move_a_joint_commitment(
    client, programme, request, who
):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    response = _move_lead(client, request.getfixturevalue(who), commitment, Party.DOET)
    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).lead_party == Party.DOET
