"""Large exports are written to a file by a Celery task: the request answers at once, the
user is told when the file is ready and downloads it from the exports page; the file holds
what the streamed export would; each user has at most EXPORT_MAX_RUNNING at a time."""

import io

import pytest
from openpyxl import load_workbook

from learnsociety.models import ExportJob
from notifications.models import Notification


@pytest.fixture
def get(client, django_capture_on_commit_callbacks):
    def get(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(*args, **kwargs)

    return get


def test_a_large_export_is_prepared_in_the_background_and_downloaded(demo, client, get, settings):
    settings.EXPORT_BACKGROUND_ROWS = 10
    client.force_login(demo["staff"])
    response = get("/units/schools/", {"export": "xlsx"})
    assert (response.status_code, response["Location"]) == (302, "/exports/")
    job = ExportJob.objects.get()
    assert (job.state, job.user, job.filename) == ("done", demo["staff"], "schools.xlsx")
    schools = client.get("/units/schools/").context["page_obj"].paginator.count
    assert job.rows == schools
    page = client.get("/exports/")
    text = page.content.decode()
    assert "schools.xlsx" in text
    assert 'data-testid="export-download"' in text
    assert Notification.objects.filter(recipient=demo["staff"], url="/exports/").exists()
    download = client.get(f"/exports/{job.pk}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="schools.xlsx"'
    assert "no-store" in download["Cache-Control"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("code", "name", "education_level")
    assert len(rows) == schools + 1
    # Only its owner sees it.
    client.force_login(demo["admin"])
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    assert "schools.xlsx" not in client.get("/exports/").content.decode()


def test_the_background_file_holds_what_the_streamed_export_gives(demo, client, get, settings):
    client.force_login(demo["staff"])
    url = "/dashboard/export/assessments/?format=csv"
    streamed = b"".join(client.get(url).streaming_content)
    settings.EXPORT_BACKGROUND_ROWS = 10
    assert get(url).status_code == 302
    job = ExportJob.objects.get()
    assert job.filename == "assessments.csv"
    with job.file.open("rb") as handle:
        assert handle.read() == streamed


def test_each_user_has_at_most_two_large_exports_waiting(demo, client, settings):
    settings.EXPORT_BACKGROUND_ROWS = 10
    for _ in range(2):
        ExportJob.objects.create(user=demo["staff"], path="/units/schools/?export=xlsx")
    client.force_login(demo["staff"])
    response = client.get("/units/schools/", {"export": "xlsx"}, follow=True)
    assert "đang được chuẩn bị" in response.content.decode()
    assert ExportJob.objects.count() == 2


def test_small_exports_stream_in_the_request(demo, client):
    client.force_login(demo["staff"])
    response = client.get("/units/schools/", {"export": "xlsx"})
    assert response.status_code == 200
    assert not ExportJob.objects.exists()
