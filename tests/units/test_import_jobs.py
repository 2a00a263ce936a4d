"""Large imports run as a Celery task with a progress page: the dry run's report and the
real import stay all-or-nothing, and only the user who started an import sees it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.enums import Role
from tests.factories.accounts import AreaFactory, user_with_role
from units.imports import count_rows, run_import_job
from units.models import ImportJob, School, SchoolAreaHistory, SchoolYearFigures

pytestmark = pytest.mark.django_db

HEADER = "code,name,education_level,tier,area_code,year,staff,learners\n"


def _csv(rows: int, *, bad_line: int | None = None) -> SimpleUploadedFile:
    lines = [HEADER]
    for i in range(rows):
        area = "nowhere" if bad_line == i + 2 else "3646"
        lines.append(f"SL-{i:05d},Trường Tiểu học số {i},primary,commune,{area},2025,30,400\n")
    return SimpleUploadedFile("schools.csv", "".join(lines).encode("utf-8"))


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what the request queued once it commits (tests run inside one transaction)."""

    def post(client, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return post


@pytest.fixture
def staff(db):
    AreaFactory(code="3646", name="Phường Tô Hiệu")
    return user_with_role(Role.DEPARTMENT_STAFF)


def test_a_large_file_is_checked_in_the_background_then_imported_from_its_page(
    client, staff, settings, run_tasks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client.force_login(staff)
    response = run_tasks(client, "/units/schools/import/", {"file": _csv(5), "dry_run": "on"})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/units/imports/{job.pk}/"
    # The task ran (eagerly here): every row checked, nothing written.
    job.refresh_from_db()
    assert (job.state, job.total, job.checked, job.error_count, job.written) == (
        "done",
        5,
        5,
        0,
        False,
    )
    assert School.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "5 dòng, 0 dòng có lỗi." in page
    assert 'data-testid="import-run"' in page

    response = run_tasks(client, f"/units/imports/{job.pk}/run/")
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == again.get_absolute_url()
    assert (again.dry_run, again.written, again.file.name) == (False, True, job.file.name)
    assert School.objects.count() == 5
    assert SchoolAreaHistory.objects.filter(area__code="3646").count() == 5
    assert SchoolYearFigures.objects.filter(year=2025, staff=30, learners=400).count() == 5
    assert "Đã nhập 5 dòng." in client.get(again.get_absolute_url()).content.decode()


def test_a_large_file_with_one_bad_row_writes_nothing_and_names_the_row(
    client, staff, settings, run_tasks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client.force_login(staff)
    run_tasks(client, "/units/schools/import/", {"file": _csv(6, bad_line=4)})
    job = ImportJob.objects.get()
    assert (job.dry_run, job.state, job.error_count, job.written) == (False, "done", 1, False)
    assert School.objects.count() == 0
    assert [row["line"] for row in job.errors] == [4]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Không có địa bàn “nowhere”." in page
    assert 'data-testid="import-run"' not in page
    # Importing a report with errors is refused.
    response = run_tasks(client, f"/units/imports/{job.pk}/run/", follow=True)
    assert "Chỉ nhập được" in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_the_progress_fragment_and_other_users(client, staff, settings, run_tasks):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client.force_login(staff)
    run_tasks(client, "/units/schools/import/", {"file": _csv(4), "dry_run": "on"})
    job = ImportJob.objects.get()
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="import-job"')
    # Another user with the same permission does not see it.
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(f"/units/imports/{job.pk}/run/").status_code == 404
    # A task sent twice runs once.
    assert run_import_job(job.pk) == "skipped"


def test_a_running_job_reports_its_progress_and_asks_again(client, staff, settings):
    settings.IMPORT_BACKGROUND_ROWS = 3
    job = ImportJob.objects.create(
        kind="schools", user=staff, file=_csv(1200), state="checking", total=1200, checked=500
    )
    client.force_login(staff)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "500 / 1.200" in page  # Vietnamese thousands
    assert 'value="42"' in page


def test_small_files_stay_in_the_request(client, staff, run_tasks):
    client.force_login(staff)
    response = run_tasks(client, "/units/schools/import/", {"file": _csv(3), "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["report"].ok
    assert not ImportJob.objects.exists()


def test_row_count_is_read_without_parsing():
    assert count_rows(_csv(7)) == 7
    book = Workbook()
    for i in range(12):
        book.active.append([f"r{i}", i])
    buffer = io.BytesIO()
    book.save(buffer)
    assert count_rows(SimpleUploadedFile("s.xlsx", buffer.getvalue())) == 11


def test_five_thousand_rows_go_to_the_background_by_default_and_complete(client, staff, run_tasks):
    client.force_login(staff)
    response = run_tasks(client, "/units/schools/import/", {"file": _csv(5000)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.total, job.error_count, job.written) == ("done", 5000, 0, True)
    assert School.objects.count() == 5000
