"""The journeys of the issue, through the HTTP client."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnsociety.concurrency import version_of
from notifications.models import Notification
from programme.enums import Party, PeriodKind, ReportStatus, Unit
from programme.models import (
    IndicatorValue,
    Milestone,
    ProgressReport,
    ReportTransition,
)
from tests.factories.programme import PDF_BYTES, CommitmentFactory, IndicatorFactory

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _spring_2026(time_machine):
    time_machine.move_to(
        datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_staff_creates_milestone_on_doet_commitment_and_sees_it_on_overview(
    client, programme, staff
):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET, code="3")
    client.force_login(staff)

    response = client.post(
        reverse("programme:milestone-create", args=[commitment.pk]),
        {"title": "Khảo sát trung tâm GDTX", "due_date": "2026-09-30", "status": "planned"},
    )

    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.commitment, milestone.title, milestone.due_date) == (
        commitment,
        "Khảo sát trung tâm GDTX",
        date(2026, 9, 30),
    )
    overview = client.get(reverse("programme:overview"))
    card = overview.content.decode()
    assert "Khảo sát trung tâm GDTX" in card
    assert "30/09/2026" in card
    assert milestone.history.count() == 1
    assert milestone.history.first().history_user == staff


def test_officer_cannot_edit_doet_led_commitment(client, programme, officer, principal):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET)
    url = reverse("programme:milestone-create", args=[commitment.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 404
    client.force_login(principal)
    assert client.get(url).status_code == 404
    assert client.get(commitment.get_absolute_url()).status_code == 200
    assert Milestone.objects.count() == 0


def test_joint_report_journey_submit_return_resubmit_accept_lock(client, programme, staff, officer):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT, code="1")
    articles = IndicatorFactory(commitment=commitment, code="1.1", unit=Unit.NUMBER)
    share = IndicatorFactory(
        commitment=commitment, code="1.2", unit=Unit.PERCENTAGE, target_2026=90
    )

    # officer writes a half-year report with two evidence files
    client.force_login(officer)
    response = client.post(
        reverse("programme:report-create", args=[commitment.pk]),
        {
            "period": PeriodKind.HALF_YEAR,
            "year": "2026",
            "narrative": "Sáu tháng đầu năm: 70 tin bài.",
            "files": [pdf("ke-hoach.pdf"), SimpleUploadedFile("anh.png", PNG_BYTES)],
            f"value_{articles.pk}": "70",
            f"numerator_{share.pk}": "540",
            f"denominator_{share.pk}": "600",
            f"files_{share.pk}": [pdf("tong-hop.pdf")],
        },
    )
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert (report.status, report.author_party, report.created_by) == (
        ReportStatus.DRAFT,
        Party.ASSOCIATION,
        officer,
    )
    assert sorted(e.filename for e in report.evidence.all()) == [
        "anh.png",
        "ke-hoach.pdf",
        "tong-hop.pdf",
    ]
    share_value = IndicatorValue.objects.get(indicator=share)
    assert (share_value.value, share_value.numerator, share_value.denominator) == (
        Decimal("90.00"),
        Decimal(540),
        Decimal(600),
    )
    assert [e.filename for e in share_value.evidence.all()] == ["tong-hop.pdf"]

    client.post(reverse("programme:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # the officer's own side cannot review it
    client.post(reverse("programme:report-review", args=[report.pk]), {"action": "accept"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # staff returns it with a comment
    client.force_login(staff)
    response = client.post(
        reverse("programme:report-review", args=[report.pk]),
        {"action": "return", "comment": "Bổ sung đường dẫn bài viết."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment, report.reviewed_by) == (
        ReportStatus.RETURNED,
        "Bổ sung đường dẫn bài viết.",
        staff,
    )

    # officer corrects (reusing one file for both values) and resubmits
    client.force_login(officer)
    plan = report.evidence.get(file__endswith="ke-hoach.pdf")
    response = client.post(
        reverse("programme:report-edit", args=[report.pk]),
        {
            "narrative": "Sáu tháng đầu năm: 72 tin bài, có đường dẫn.",
            f"value_{articles.pk}": "72",
            f"evidence_{articles.pk}": [str(plan.pk)],
            f"numerator_{share.pk}": "540",
            f"denominator_{share.pk}": "600",
            f"evidence_{share.pk}": [str(plan.pk)],
            "version": version_of(report),
        },
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=articles).value == Decimal(72)
    assert list(
        plan.values.order_by("indicator__code").values_list("indicator__code", flat=True)
    ) == [
        "1.1",
        "1.2",
    ]
    client.post(reverse("programme:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # staff accepts; the report is locked
    client.force_login(staff)
    client.post(reverse("programme:report-review", args=[report.pk]), {"action": "accept"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.transitions.values_list("from_status", "to_status")) == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]
    client.force_login(officer)
    page = client.get(report.get_absolute_url())
    assert page.context["can_edit"] is False
    assert page.context["can_submit"] is False
    assert 'data-testid="locked"' in page.content.decode()
    response = client.post(
        reverse("programme:report-edit", args=[report.pk]),
        {"narrative": "Sửa lén", f"value_{articles.pk}": "999", "version": version_of(report)},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    report.refresh_from_db()
    assert report.narrative == "Sáu tháng đầu năm: 72 tin bài, có đường dẫn."
    assert IndicatorValue.objects.get(indicator=articles).value == Decimal(72)
    response = client.post(reverse("programme:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_correction_after_acceptance_needs_reason_goes_back_for_acceptance(
    client, programme, officer, staff, django_capture_on_commit_callbacks
):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    indicator = IndicatorFactory(commitment=commitment)
    report = ProgressReport.objects.create(
        commitment=commitment,
        period=PeriodKind.YEAR,
        year=2025,
        narrative="Năm 2025",
        status=ReportStatus.ACCEPTED,
        author_party=Party.ASSOCIATION,
        created_by=officer,
    )
    IndicatorValue.objects.create(report=report, indicator=indicator, value=100)
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programme:report-edit", args=[report.pk]),
            {
                "narrative": "Năm 2025 (đã sửa số liệu)",
                f"value_{indicator.pk}": "110",
                "reason": "Số liệu của huyện Mộc Châu gửi muộn.",
                "version": version_of(report),
            },
        )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert IndicatorValue.objects.get().value == Decimal(110)
    correction = ReportTransition.objects.get(report=report)
    assert (
        correction.is_correction,
        correction.from_status,
        correction.to_status,
        correction.comment,
        correction.by,
    ) == (
        True,
        ReportStatus.ACCEPTED,
        ReportStatus.SUBMITTED,
        "Số liệu của huyện Mộc Châu gửi muộn.",
        officer,
    )
    assert report.history.first().history_change_reason == "Số liệu của huyện Mộc Châu gửi muộn."
    assert (
        "Số liệu của huyện Mộc Châu gửi muộn."
        in client.get(report.get_absolute_url()).content.decode()
    )
    # The other party is told and accepts the corrected figures anew.
    assert list(Notification.objects.filter(recipient=staff).values_list("url", flat=True)) == [
        report.get_absolute_url()
    ]
    client.force_login(staff)
    client.post(reverse("programme:report-review", args=[report.pk]), {"action": "accept"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_return_requires_comment(client, programme, staff, officer):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    report = ProgressReport.objects.create(
        commitment=commitment,
        period=PeriodKind.YEAR,
        year=2025,
        narrative="x",
        status=ReportStatus.SUBMITTED,
        author_party=Party.ASSOCIATION,
        created_by=officer,
    )
    client.force_login(staff)
    response = client.post(
        reverse("programme:report-review", args=[report.pk]), {"action": "return"}
    )
    assert response.status_code == 400
    assert list(response.context["review_form"].errors) == ["comment"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_principal_reads_but_cannot_write(client, programme, principal):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    client.force_login(principal)
    assert client.get(reverse("programme:overview")).status_code == 200
    page = client.get(commitment.get_absolute_url())
    assert page.context["can_edit"] is False
    assert client.get(reverse("programme:report-create", args=[commitment.pk])).status_code == 404
    assert client.get(reverse("programme:commitment-create")).status_code == 404
    assert client.get(reverse("programme:commitment-edit", args=[commitment.pk])).status_code == 404


def test_staff_creates_commitment_only_for_own_party_or_joint(client, programme, staff):
    client.force_login(staff)
    form = client.get(reverse("programme:commitment-create")).context["form"]
    assert [c[0] for c in form.fields["lead_party"].choices] == ["doet", "joint"]
    response = client.post(
        reverse("programme:commitment-create"),
        {"code": "8", "title": "Nhiệm vụ mới", "area": "education", "lead_party": "association"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["lead_party"]
    response = client.post(
        reverse("programme:commitment-create"),
        {"code": "8", "title": "Nhiệm vụ mới", "area": "education", "lead_party": "joint"},
    )
    assert response.status_code == 302
    assert programme.commitments.get().title == "Nhiệm vụ mới"


def test_evidence_download_for_logged_in_users_only(client, programme, principal):
    from tests.factories.programme import EvidenceFileFactory

    evidence = EvidenceFileFactory(report__commitment__programme=programme)
    url = reverse("programme:evidence-download", args=[evidence.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(principal)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_who_edited_a_joint_report_cannot_accept_it(client, programme, staff, officer):
    """On a joint commitment both parties may edit a report; the other party reviews it,
    but not a reviewer who changed the text themselves."""
    from tests.factories.programme import staff_user

    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT, code="2")
    client.force_login(officer)
    client.post(
        reverse("programme:report-create", args=[commitment.pk]),
        {"period": PeriodKind.HALF_YEAR, "year": "2026", "narrative": "Bản của Hội."},
    )
    report = ProgressReport.objects.get()
    assert report.author_party == Party.ASSOCIATION
    # a DOET staff member rewrites it, then it is submitted
    client.force_login(staff)
    edit = reverse("programme:report-edit", args=[report.pk])
    form = client.get(edit).context["form"]
    response = client.post(
        edit,
        {
            "narrative": "Bản do Sở sửa lại.",
            "version": form["version"].value(),
        },
    )
    assert response.status_code == 302
    client.force_login(officer)
    client.post(reverse("programme:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(staff)
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("programme:report-review", args=[report.pk]) not in page
    client.post(reverse("programme:report-review", args=[report.pk]), {"action": "accept"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    colleague = staff_user(username="t-staff-2")
    client.force_login(colleague)
    response = client.post(
        reverse("programme:report-review", args=[report.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, colleague)


def test_commitment_form_refuses_an_id_past_the_database_range(client, programme, staff):
    client.force_login(staff)
    too_big = str(2**80)
    response = client.post(
        reverse("programme:commitment-create"),
        {
            "code": "8",
            "title": "Nhiệm vụ mới",
            "area": "education",
            "lead_party": "joint",
            "partners": [too_big],
            "responsible": [too_big],
        },
    )
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["partners", "responsible"]
    assert programme.commitments.count() == 0
