"""Files follow their row's transaction: a deleted document's file goes only once the
deletion commits, an upload whose transaction rolls back is removed at the end of the
request, and ``cleanup_files`` finds what a process killed between the upload and the
commit leaves behind (and with ``--delete`` removes it) while every committed file stays."""

import contextlib
import io
import os
import signal
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction

from awards import services
from awards.enums import DocumentKind
from awards.models import NominationDocument
from learnsociety.uploads import discard_rolled_back_files
from tests.factories.awards import PDF, NominationFactory
from tests.live_stack import environment, gunicorn, wait_for
from tests.parallel_http import Browser


class Boom(Exception):
    pass


def _draft(world):
    return NominationFactory(
        round=world["round"],
        form=world["form"],
        nominating_organisation=world["school"],
        created_by=world["principal"],
    )


def _document(world, nomination):
    return services.document_add(
        by=world["principal"],
        nomination=nomination,
        kind=DocumentKind.choices[0][0],
        file=SimpleUploadedFile("ho-so.pdf", PDF),
    )


def _media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_a_deletion_that_rolls_back_keeps_the_file(world):
    document = _document(world, _draft(world))
    name, pk = document.file.name, document.pk
    # the block is the transaction that rolls back: the raise inside is the point
    with pytest.raises(Boom), transaction.atomic():  # noqa: PT012
        services.document_delete(by=world["principal"], document=document)
        raise Boom
    assert NominationDocument.objects.filter(pk=pk).exists()
    assert default_storage.exists(name)
    assert default_storage.open(name).read() == PDF


def test_a_committed_deletion_removes_the_file_after_the_commit(
    world, django_capture_on_commit_callbacks
):
    document = _document(world, _draft(world))
    name, pk = document.file.name, document.pk
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.document_delete(by=world["principal"], document=document)
        assert default_storage.exists(name)  # still there until the commit
    assert len(callbacks) == 1
    assert default_storage.exists(name) is False
    assert NominationDocument.objects.filter(pk=pk).exists() is False


def test_an_upload_whose_transaction_rolls_back_is_removed(world):
    nomination = _draft(world)
    discard_rolled_back_files()  # what earlier tests' rolled-back transactions left
    before = _media_files()
    with pytest.raises(Boom), transaction.atomic():  # noqa: PT012 (a rolled-back transaction)
        document = _document(world, nomination)
        name = document.file.name
        assert default_storage.exists(name)
        raise Boom
    assert discard_rolled_back_files() == 1
    assert default_storage.exists(name) is False
    assert _media_files() == before


def test_a_committed_upload_is_kept_at_the_end_of_the_request(world):
    document = _document(world, _draft(world))
    assert discard_rolled_back_files() == 0
    assert default_storage.exists(document.file.name)


def test_cleanup_files_lists_then_deletes_orphans_and_reports_missing_files(world):
    kept = _document(world, _draft(world))
    lost = _document(world, _draft(world))
    default_storage.delete(lost.file.name)
    orphan = default_storage.save("awards/documents/2026/orphan/left.pdf", io.BytesIO(PDF))
    out = io.StringIO()
    call_command("cleanup_files", "--older-than", "0", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"orphan file: {orphan}" in lines
    assert f"missing file: awards.NominationDocument.file #{lost.pk}: {lost.file.name}" in lines
    assert default_storage.exists(orphan)

    out = io.StringIO()
    call_command("cleanup_files", "--older-than", "0", "--delete", stdout=out)
    assert f"deleted orphan file: {orphan}" in out.getvalue().splitlines()
    assert default_storage.exists(orphan) is False
    assert default_storage.exists(kept.file.name)


def test_cleanup_files_leaves_young_files_alone(world):
    orphan = default_storage.save("awards/documents/2026/young/new.pdf", io.BytesIO(PDF))
    out = io.StringIO()
    call_command("cleanup_files", "--delete", stdout=out)
    assert default_storage.exists(orphan)
    assert "0 orphan file(s) deleted" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_after_the_upload_before_the_commit_loses_nothing(world, tmp_path, settings):
    """gunicorn's worker writes the upload, then waits for a table lock the test holds,
    and is killed there (SIGKILL: no clean-up runs). The row never commits, the earlier
    document and its file are intact, and ``cleanup_files`` removes the orphan."""
    # A folder of its own: files other tests left behind (their rows rolled back with
    # the test) would be orphans too, and cleanup_files would count and delete them.
    settings.MEDIA_ROOT = tmp_path / "media"
    nomination = _draft(world)
    earlier = _document(world, nomination)
    before = _media_files()
    env = environment(tmp_path)
    env.pop("REDIS_URL", None)
    with gunicorn(env, tmp_path / "web.log") as server:
        browser = Browser(server, world["principal"])
        browser.open(f"/awards/nominations/{nomination.pk}/")
        worker_pids = set()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE awards_nominationdocument IN EXCLUSIVE MODE")
            thread = threading.Thread(
                target=lambda: _quietly(
                    browser.post,
                    f"/awards/nominations/{nomination.pk}/documents/",
                    {"kind": DocumentKind.choices[0][0]},
                    files={"file": ("moi.pdf", PDF, "application/pdf")},
                )
            )
            thread.start()
            new = wait_for(lambda: _media_files() - before, "the upload on disk")
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                waiting = [row[0] for row in cursor.fetchall()]
            assert len(waiting) == 1
            worker_pids = _gunicorn_workers(tmp_path / "web.log")
            for pid in worker_pids:
                os.kill(pid, signal.SIGKILL)
        thread.join(timeout=30)
    assert worker_pids
    assert list(NominationDocument.objects.values_list("pk", flat=True)) == [earlier.pk]
    assert default_storage.open(earlier.file.name).read() == PDF
    out = io.StringIO()
    call_command("cleanup_files", "--older-than", "0", "--delete", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "1 file(s) referenced, 1 orphan file(s) deleted, 0 row(s) with a missing file."
    )
    assert _media_files() == before
    assert len(new) == 1


def _quietly(func, *args, **kwargs):
    # The connection dies with the killed worker.
    with contextlib.suppress(Exception):
        func(*args, **kwargs)


def _gunicorn_workers(log: Path) -> set[int]:
    import re

    return {int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", log.read_text())}
