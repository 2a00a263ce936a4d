"""Bad input: a translated message next to the field, the user's input kept, nothing saved."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from programme.enums import Party, PeriodKind, ReportStatus, Unit
from programme.models import EvidenceFile, Indicator, IndicatorValue, Milestone, ProgressReport
from tests.factories.programme import PDF_BYTES, CommitmentFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


def vi(message: str, **params) -> str:
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


def indicator_post(**overrides):
    data = {
        "code": "1.9",
        "name": "Tỷ lệ thử",
        "unit": Unit.PERCENTAGE,
        "direction": "increase",
        "source": "manual",
        "target_2025": "80",
    }
    data.update(overrides)
    return data


def test_percentage_target_above_100_is_refused(client, programme, staff):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET)
    client.force_login(staff)
    response = client.post(
        reverse("programme:indicator-create", args=[commitment.pk]),
        indicator_post(target_2026="120", target_final="101"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["target_2026"] == [vi("A percentage cannot be above 100.")]
    assert form.errors["target_final"] == [vi("A percentage cannot be above 100.")]
    assert 'value="120"' in response.content.decode()
    assert Indicator.objects.count() == 0


def test_negative_count_target_is_refused(client, programme, staff):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET)
    client.force_login(staff)
    response = client.post(
        reverse("programme:indicator-create", args=[commitment.pk]),
        indicator_post(unit=Unit.NUMBER, target_2025="-5"),
    )
    assert response.context["form"].errors == {"target_2025": [vi("The value cannot be negative.")]}
    assert Indicator.objects.count() == 0


def test_due_date_outside_programme_period_is_refused(client, programme, staff):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET)
    client.force_login(staff)
    response = client.post(
        reverse("programme:milestone-create", args=[commitment.pk]),
        {"title": "Mốc quá hạn kỳ", "due_date": "2031-01-15", "status": "planned"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "due_date": [
            vi(
                "The due date must fall within the programme period (%(start)s–%(end)s).",
                start="01/01/2024",
                end="31/12/2030",
            )
        ]
    }
    assert 'value="Mốc quá hạn kỳ"' in response.content.decode()
    assert Milestone.objects.count() == 0


def test_report_for_an_accepted_period_is_refused(client, programme, officer):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    ProgressReport.objects.create(
        commitment=commitment,
        period=PeriodKind.HALF_YEAR,
        year=2025,
        narrative="Đã duyệt",
        status=ReportStatus.ACCEPTED,
        author_party=Party.DOET,
        created_by=officer,
    )
    client.force_login(officer)
    response = client.post(
        reverse("programme:report-create", args=[commitment.pk]),
        {"period": "half_year", "year": "2025", "narrative": "Báo cáo lại"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "period": [
            vi(
                "The report for this period has already been accepted; ask for a correction instead."
            )
        ]
    }
    assert "Báo cáo lại" in response.content.decode()
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10),
            "Files of this type are not accepted. Allowed types: %(types)s.",
        ),
        (
            SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"),
            "The content of the file does not match its extension .%(ext)s.",
        ),
    ],
)
def test_forbidden_evidence_file_is_refused_and_nothing_saved(
    client, programme, officer, upload, message
):
    from learnsociety.uploads import ALLOWED_TYPES

    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    indicator = IndicatorFactory(commitment=commitment, unit=Unit.NUMBER)
    client.force_login(officer)
    response = client.post(
        reverse("programme:report-create", args=[commitment.pk]),
        {
            "period": "half_year",
            "year": "2026",
            "narrative": "Có tệp xấu",
            f"value_{indicator.pk}": "12",
            "files": [SimpleUploadedFile("ok.pdf", PDF_BYTES), upload],
        },
    )
    assert response.status_code == 200
    expected = vi(message, types=", ".join(sorted(ALLOWED_TYPES)), ext="pdf")
    assert response.context["form"].errors == {"files": [f"{upload.name}: {expected}"]}
    assert 'value="12"' in response.content.decode()
    assert (
        ProgressReport.objects.count(),
        EvidenceFile.objects.count(),
        IndicatorValue.objects.count(),
    ) == (0, 0, 0)


def test_evidence_file_above_the_size_limit_is_refused(client, programme, officer, settings):
    settings.UPLOAD_MAX_MB = 1
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    indicator = IndicatorFactory(commitment=commitment)
    big = SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 10))
    client.force_login(officer)
    response = client.post(
        reverse("programme:report-create", args=[commitment.pk]),
        {"period": "year", "year": "2025", "narrative": "Tệp lớn", f"files_{indicator.pk}": [big]},
    )
    expected = vi(
        "The file is too large (%(size)s MB); the limit is %(limit)s MB.", size="1.0", limit=1
    )
    assert response.context["form"].errors == {f"files_{indicator.pk}": [f"lon.pdf: {expected}"]}
    assert ProgressReport.objects.count() == 0


def test_reported_percentage_above_100_is_refused(client, programme, officer):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    indicator = IndicatorFactory(commitment=commitment, unit=Unit.PERCENTAGE)
    client.force_login(officer)
    response = client.post(
        reverse("programme:report-create", args=[commitment.pk]),
        {
            "period": "year",
            "year": "2025",
            "narrative": "x",
            f"numerator_{indicator.pk}": "700",
            f"denominator_{indicator.pk}": "610",
        },
    )
    assert response.context["form"].errors == {
        f"value_{indicator.pk}": [vi("A percentage cannot be above 100.")]
    }
    assert ProgressReport.objects.count() == 0


def test_milestone_done_needs_a_done_date(client, programme, staff):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.DOET)
    client.force_login(staff)
    response = client.post(
        reverse("programme:milestone-create", args=[commitment.pk]),
        {"title": "Xong", "due_date": "2025-05-01", "status": "done"},
    )
    assert response.context["form"].errors == {
        "done_on": [vi("Give the date the milestone was done.")]
    }
    assert Milestone.objects.count() == 0
    assert date(2025, 5, 1)  # the programme period allows it
