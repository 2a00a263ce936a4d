"""Back up and restore the whole database and every uploaded file as one archive.

The archive is a gzip'd tar with ``data.json`` (Django's dumpdata of every app, natural
keys for content types) and ``media/<name>`` for each file that a FileField refers to.
Files are read and written through the storage API, so this works with a local folder or
an object store. For large PostgreSQL deployments ``pg_dump`` is faster (see README);
this format also moves data between SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _file_names() -> set[tuple[str, str]]:
    """(storage alias-less name, model label) of every stored file a row refers to."""
    names = set()
    for model in apps.get_models():
        fields = [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            for name in (
                model._default_manager.exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .values_list(field.name, flat=True)
                .iterator()
            ):
                names.add((name, f"{model._meta.label}.{field.name}"))
    return names


def _storage_for(label: str):
    model_label, field_name = label.rsplit(".", 1)
    return apps.get_model(model_label)._meta.get_field(field_name).storage


@contextmanager
def _history_paused():
    """The archive already holds every historical row: loading many-to-many fields must
    not add new ones (simple-history records m2m changes even for raw loads)."""
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = before


def backup(output: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.json"
        with transaction.atomic():  # one consistent snapshot where the database allows it
            call_command(
                "dumpdata",
                exclude=EXCLUDE,
                natural_foreign=True,
                indent=None,
                output=str(data_path),
                verbosity=0,
            )
            files = sorted(_file_names())
        missing = []
        with tarfile.open(output, "w:gz") as archive:
            archive.add(data_path, arcname="data.json")
            manifest = []
            for name, label in files:
                storage = _storage_for(label)
                try:
                    with storage.open(name, "rb") as handle:
                        content = handle.read()
                except FileNotFoundError:
                    missing.append(name)
                    continue
                info = tarfile.TarInfo(f"media/{name}")
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
                manifest.append({"name": name, "field": label})
            blob = json.dumps({"files": manifest, "missing": missing}).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(blob)
            archive.addfile(info, io.BytesIO(blob))
    rows = len(json.loads(data_path.read_text())) if data_path.exists() else None
    return {"files": len(files) - len(missing), "missing": missing, "rows": rows}


def restore(archive_path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        members = {m.name: m for m in archive.getmembers()}
        if "data.json" not in members or "manifest.json" not in members:
            raise ValueError("not a LearnSociety backup (data.json or manifest.json missing)")
        manifest = json.load(archive.extractfile(members["manifest.json"]))
        data_path = Path(tmp) / "data.json"
        data_path.write_bytes(archive.extractfile(members["data.json"]).read())
        with transaction.atomic(), _history_paused():
            call_command("loaddata", str(data_path), verbosity=0)
        restored = 0
        for entry in manifest["files"]:
            member = members.get(f"media/{entry['name']}")
            if member is None or not member.isfile():
                continue
            storage = _storage_for(entry["field"])
            if storage.exists(entry["name"]):
                storage.delete(entry["name"])
            saved = storage.save(entry["name"], archive.extractfile(member))
            if saved != entry["name"]:
                raise ValueError(f"storage renamed {entry['name']} to {saved}")
            restored += 1
    return {"files": restored}
