"""A large import through the production processes: gunicorn keeps the upload and answers
at once with the job's page, a real Celery worker (Redis broker, PostgreSQL) checks and
writes every row, and the page then shows the report."""

import time

import pytest
import redis

from accounts.enums import Role
from tests.factories.accounts import AreaFactory, user_with_role
from tests.live_stack import celery, environment, gunicorn, live_redis_url, stop, wait_for
from tests.parallel_http import Browser
from units.models import ImportJob, School

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROWS = 3000  # over IMPORT_BACKGROUND_ROWS (2,000)


def test_a_large_import_is_written_by_the_worker_while_the_request_answers_at_once(tmp_path):
    AreaFactory(code="3646", name="Phường Tô Hiệu")
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    lines = ["code,name,education_level,tier,area_code,year,staff,learners\n"]
    lines += [
        f"SL-{i:05d},Trường Tiểu học số {i},primary,commune,3646,2025,30,400\n" for i in range(ROWS)
    ]
    live_url = live_redis_url(14)
    redis.Redis.from_url(live_url).flushdb()
    env = environment(tmp_path, REDIS_URL=live_url)
    with gunicorn(env, tmp_path / "web.log") as server:
        browser = Browser(server, staff)
        browser.open("/units/schools/import/")
        start = time.monotonic()
        outcome = browser.post(
            "/units/schools/import/",
            {},
            files={"file": ("schools.csv", "".join(lines).encode(), "text/csv")},
        )
        answered = time.monotonic() - start
        assert outcome.statuses == [302, 200]
        job = ImportJob.objects.get()
        # No worker yet: the job waits, nothing is written, the page says so.
        assert (job.state, job.written, School.objects.count()) == ("queued", False, 0)
        assert answered < 5, answered
        assert 'hx-trigger="every 2s"' in outcome.text
        worker = celery(env, "worker", "--pool=solo", log=tmp_path / "worker.log")
        try:
            wait_for(
                lambda: ImportJob.objects.filter(pk=job.pk, state="done").exists(),
                "the import",
                timeout=120,
            )
        finally:
            stop(worker)
        job.refresh_from_db()
        assert (job.total, job.error_count, job.written) == (ROWS, 0, True)
        assert School.objects.count() == ROWS
        page = browser.open(job.get_absolute_url())
        assert f"Đã nhập {ROWS} dòng." in page
        assert "every 2s" not in page
