"""Backups: `manage.py backup` then `manage.py restore` into an emptied database gives
back every row of every model and every uploaded file, byte for byte (SQLite here; the
same test runs on PostgreSQL in `.ci/run`)."""

from __future__ import annotations

import io
import shutil

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command

from .conftest import PDF_BYTES

SKIPPED = {"contenttypes", "sessions"}
SKIPPED_MODELS = {"auth.Permission", "admin.LogEntry"}


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in SKIPPED
        and model._meta.label not in SKIPPED_MODELS
        and not model._meta.proxy
    }


def _files() -> dict[str, bytes]:
    from learnsociety.backup import _storage_for
    from learnsociety.uploads import referenced_files

    found = {}
    for name, label, _pk in referenced_files():
        with _storage_for(label).open(name, "rb") as handle:
            found[name] = handle.read()
    return found


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_and_file_into_an_empty_database(media_root, tmp_path):
    call_command("load_demo", "--force", verbosity=0)
    from accounts.models import User
    from units.models import Evidence, SelfAssessment

    assessment = SelfAssessment.objects.order_by("pk").first()
    evidence = Evidence(
        assessment=assessment, uploaded_by=User.objects.get(username="principal"), title="Ảnh"
    )
    evidence.file.save("ảnh minh chứng.pdf", ContentFile(PDF_BYTES + b"unique"), save=True)
    counts, files = _counts(), _files()
    assert counts["units.Evidence"] >= 1
    assert counts["accounts.User"] == 11  # the demo accounts, the national viewer included
    assert len(files) >= 2
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    assert User.objects.count() == 0
    call_command("restore", str(archive), verbosity=0)

    assert _counts() == counts
    assert _files() == files
    assert User.objects.get(username="principal").check_password("learnsociety-demo")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(media_root, tmp_path):
    from django.core.management.base import CommandError

    from tests.factories.accounts import UserFactory

    UserFactory()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive), verbosity=0)


def _manifest(archive) -> dict:
    import json
    import tarfile

    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_microseconds_writes_a_manifest_and_says_what_it_wrote(media_root, tmp_path):
    import hashlib
    import io
    from datetime import UTC, datetime

    from accounts.models import User
    from notifications.models import Notification
    from tests.factories.accounts import UserFactory

    user = UserFactory(username="lan")
    moment = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    note = Notification.objects.create(recipient=user, kind="x", title="Chào", url="/")
    Notification.objects.filter(pk=note.pk).update(created=moment)
    User.objects.filter(pk=user.pk).update(last_login=moment)
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()

    call_command("backup", output=str(archive), stdout=out)

    manifest = _manifest(archive)
    assert manifest["tables"]["accounts.User"] == 1
    assert manifest["tables"]["notifications.Notification"] == 1
    assert manifest["missing"] == []
    rows = sum(manifest["tables"].values())
    assert out.getvalue().strip() == (
        f"Backup written to {archive}: {rows} rows in {len(manifest['tables'])} tables, "
        "0 files (0.0 MB)."
    )
    assert "None" not in out.getvalue()
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), verbosity=0)
    assert Notification.objects.get().created == moment
    assert User.objects.get(username="lan").last_login == moment
    import tarfile

    with tarfile.open(archive, "r:gz") as tar:
        data = tar.extractfile("data.json").read()
    assert hashlib.sha256(data).hexdigest() == manifest["data_sha256"]


@pytest.mark.django_db(transaction=True)
def test_restore_check_proves_an_archive_restorable_without_touching_the_live_database(
    media_root, tmp_path
):
    import io

    from accounts.models import User
    from units.models import Evidence

    call_command("load_demo", "--force", verbosity=0)
    principal = User.objects.get(username="principal")
    evidence = Evidence(
        assessment=principal.memberships.first().organisation.school_profile.assessments.first(),
        uploaded_by=principal,
        title="Ảnh",
    )
    evidence.file.save("anh.pdf", ContentFile(PDF_BYTES + b"check"), save=True)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    counts, files = _counts(), _files()
    out = io.StringIO()

    call_command("restore", str(archive), "--check", stdout=out)

    manifest = _manifest(archive)
    assert out.getvalue().strip() == (
        f"{archive} is restorable: {sum(manifest['tables'].values())} rows in "
        f"{len(manifest['tables'])} tables and {len(manifest['files'])} files restored into "
        "a temporary database and matched the manifest."
    )
    assert len(manifest["files"]) == len(files) >= 1
    assert (_counts(), _files()) == (counts, files)  # the live database is untouched


@pytest.mark.django_db(transaction=True)
def test_restore_check_refuses_a_damaged_archive(media_root, tmp_path):
    import tarfile

    from django.core.management.base import CommandError

    from tests.factories.accounts import UserFactory

    UserFactory()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "data.json":
                content = content.replace(b'"is_active": true', b'"is_active": false')
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(CommandError, match="NOT restorable: data.json does not match"):
        call_command("restore", str(damaged), "--check", verbosity=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backups_taken_while_people_write_all_restore(media_root, tmp_path):
    """Writers add and remove organisations with their members (parent and child rows)
    in threads while three backups are taken; each archive restores into a temporary
    database, and in each one every membership has its user and organisation."""
    import threading

    from django.db import connection, transaction

    from accounts.enums import Role
    from accounts.models import Membership, Organisation
    from tests.factories.accounts import OrganisationFactory, user_with_role
    from tests.live_stack import wait_for

    stop = threading.Event()
    errors: list[BaseException] = []

    def write(n: int) -> None:
        made = []
        try:
            while not stop.is_set():
                with transaction.atomic():
                    organisation = OrganisationFactory(name=f"Trường {n}-{len(made)}")
                    user_with_role(Role.PRINCIPAL, organisation)
                made.append(organisation.pk)
                if len(made) % 3 == 0:
                    with transaction.atomic():
                        old = Organisation.objects.get(pk=made[-3])
                        for membership in Membership.objects.filter(organisation=old):
                            user = membership.user
                            membership.delete()
                            user.delete()
                        old.delete()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in writers:
        thread.start()
    archives = []
    try:
        wait_for(lambda: Membership.objects.count() >= 3, "the writers' first rows")
        for index in range(3):
            archive = tmp_path / f"backup-{index}.tar.gz"
            call_command("backup", output=str(archive), verbosity=0)
            archives.append(archive)
    finally:
        stop.set()
        for thread in writers:
            thread.join()
    assert errors == []
    for archive in archives:
        manifest = _manifest(archive)
        assert manifest["tables"]["accounts.Membership"] >= 1
        assert manifest["tables"]["accounts.Membership"] == manifest["tables"]["accounts.User"]
        call_command("restore", str(archive), "--check", verbosity=0)
