"""Backups: `manage.py backup` then `manage.py restore` into an emptied database gives
back every row of every model and every uploaded file, byte for byte (SQLite here; the
same test runs on PostgreSQL in `.ci/run`)."""

from __future__ import annotations

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
    from learnsociety.backup import _file_names, _storage_for

    found = {}
    for name, label in _file_names():
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
    assert counts["units.Evidence"] >= 1 and counts["accounts.User"] == 10
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
