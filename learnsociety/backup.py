"""Back up, restore and check the whole database and every uploaded file as one archive.

The archive is a gzip'd tar with ``data.json`` (every row of every app in Django's JSON
fixture format, natural keys for content types and permissions, timestamps to the
microsecond), ``media/<name>`` for each file a FileField refers to, and ``manifest.json``:
the number of rows per table, the sha256 of ``data.json`` and of every file, and the files
that rows refer to but that were missing.

The rows are read from one consistent snapshot while people keep working: on PostgreSQL
one ``REPEATABLE READ`` read-only transaction for every table (and the list of files), on
SQLite a copy made with SQLite's online backup API, read afterwards. ``restore --check``
proves an archive restorable without touching the live database: it migrates a temporary
database, loads the archive into it in a separate process (with a temporary uploads
folder), compares every table's row count and every file's checksum with the manifest,
and drops it. Files are read and written through the storage API (a folder or an object
store). For large PostgreSQL deployments ``pg_dump`` is faster (see README); this format
also moves data between SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, connections, router, transaction
from django.db.utils import load_backend

from .uploads import referenced_files

EXCLUDED_APPS = {"contenttypes", "sessions"}
EXCLUDED_MODELS = {"auth.Permission", "admin.LogEntry"}
NATURAL_KEY_MODELS = {"contenttypes.ContentType", "auth.Permission"}
FORMAT_VERSION = 2
SNAPSHOT_ALIAS = "backup_snapshot"


class BackupError(ValueError):
    """The archive is not a LearnSociety backup, is damaged, or does not restore."""


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's fixture encoder cuts times to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class BackupSerializer(JSONSerializer):
    """Django's JSON fixtures, with natural keys only where ids differ between databases
    (content types, permissions). Other references keep their ids, so a history row that
    names a since-deleted user is kept as it is instead of breaking the backup."""

    def _natural_for(self, field) -> None:
        self.use_natural_foreign_keys = field.remote_field.model._meta.label in NATURAL_KEY_MODELS

    def handle_fk_field(self, obj, field):
        self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._natural_for(field)
        super().handle_m2m_field(obj, field)


def backed_up_models() -> list:
    """Every concrete model whose rows the archive holds, parents before children."""
    app_list = [
        (config, None) for config in apps.get_app_configs() if config.label not in EXCLUDED_APPS
    ]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if not model._meta.proxy
        and model._meta.label not in EXCLUDED_MODELS
        and router.allow_migrate_model("default", model)
    ]


def _rows(alias: str, counts: Counter) -> Iterator:
    for model in backed_up_models():
        for obj in model._base_manager.using(alias).order_by("pk").iterator(chunk_size=2000):
            counts[model._meta.label] += 1
            yield obj


def _dump(alias: str, path: Path) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    counts: Counter = Counter()
    with path.open("w", encoding="utf-8") as stream:
        BackupSerializer().serialize(
            _rows(alias, counts),
            stream=stream,
            use_natural_foreign_keys=True,
            cls=FullPrecisionEncoder,
        )
    tables = {model._meta.label: counts.get(model._meta.label, 0) for model in backed_up_models()}
    return tables, sorted(referenced_files(using=alias))


@contextmanager
def _sqlite_snapshot() -> Iterator[str]:
    """A database alias reading a copy of the live SQLite database made by SQLite's online
    backup API (pages copied under one read lock: a consistent state, writers go on)."""
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "snapshot.sqlite3"
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        # A connection of this thread only, not a configured database.
        snapshot = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
            {**connection.settings_dict, "NAME": str(copy), "OPTIONS": {}}, SNAPSHOT_ALIAS
        )
        connections[SNAPSHOT_ALIAS] = snapshot
        try:
            yield SNAPSHOT_ALIAS
        finally:
            snapshot.close()
            del connections[SNAPSHOT_ALIAS]


def _snapshot_dump(path: Path):
    if connection.vendor == "sqlite":
        with _sqlite_snapshot() as alias:
            return _dump(alias, path)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Before any read: every table and the file list from one snapshot.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _dump("default", path)
    with transaction.atomic():  # already inside a transaction (tests): its own snapshot
        return _dump("default", path)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _storage_for(label: str):
    model_label, field_name = label.rsplit(".", 1)
    return apps.get_model(model_label)._meta.get_field(field_name).storage


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(output: Path) -> dict:
    """Write the archive; returns rows (total), tables, files and the missing files."""
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.json"
        tables, files = _snapshot_dump(data_path)
        data = data_path.read_bytes()
        missing: list[str] = []
        entries: list[dict] = []
        seen: set[str] = set()
        with tarfile.open(output, "w:gz") as archive:
            _add_bytes(archive, "data.json", data)
            for name, label, _pk in files:
                if name in seen:
                    continue
                seen.add(name)
                try:
                    with _storage_for(label).open(name, "rb") as handle:
                        content = handle.read()
                except FileNotFoundError:
                    missing.append(name)
                    continue
                _add_bytes(archive, f"media/{name}", content)
                entries.append(
                    {"name": name, "field": label, "sha256": _sha256(content), "size": len(content)}
                )
            manifest = {
                "format": FORMAT_VERSION,
                "created": FullPrecisionEncoder().default(datetime.datetime.now(datetime.UTC)),
                "database": connection.vendor,
                "data_sha256": _sha256(data),
                "tables": tables,
                "files": entries,
                "missing": missing,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return {
        "rows": sum(tables.values()),
        "tables": len(tables),
        "files": len(entries),
        "bytes": sum(e["size"] for e in entries),
        "missing": missing,
    }


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    stream = archive.extractfile(member)
    if stream is None:
        raise BackupError(f"{member.name} is not a regular file")
    return stream.read()


def _open_checked(archive: tarfile.TarFile) -> tuple[dict, dict, bytes]:
    """The manifest, the members and data.json, with every checksum verified."""
    members = {m.name: m for m in archive.getmembers()}
    if "data.json" not in members or "manifest.json" not in members:
        raise BackupError("not a LearnSociety backup (data.json or manifest.json missing)")
    manifest = json.loads(_read(archive, members["manifest.json"]))
    data = _read(archive, members["data.json"])
    if "data_sha256" in manifest and _sha256(data) != manifest["data_sha256"]:
        raise BackupError("data.json does not match its checksum: the archive is damaged")
    for entry in manifest["files"]:
        member = members.get(f"media/{entry['name']}")
        if member is None or not member.isfile():
            raise BackupError(f"file {entry['name']} is listed but not in the archive")
        if "sha256" in entry and _sha256(_read(archive, member)) != entry["sha256"]:
            raise BackupError(f"file {entry['name']} does not match its checksum")
    return manifest, members, data


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


def restore(archive_path: Path, *, verify: bool = False) -> dict:
    """Load the archive into this database and storage. With ``verify`` (an empty
    database), every table's row count must then equal the manifest's."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        manifest, members, data = _open_checked(archive)
        data_path = Path(tmp) / "data.json"
        data_path.write_bytes(data)
        with transaction.atomic(), _history_paused():
            call_command("loaddata", str(data_path), verbosity=0)
        if verify and "tables" in manifest:
            found = {
                label: apps.get_model(label)._base_manager.count() for label in manifest["tables"]
            }
            wrong = {
                label: (count, found[label])
                for label, count in manifest["tables"].items()
                if found[label] != count
            }
            if wrong:
                raise BackupError(f"row counts differ from the manifest (expected, found): {wrong}")
        restored = 0
        for entry in manifest["files"]:
            member = members[f"media/{entry['name']}"]
            storage = _storage_for(entry["field"])
            if storage.exists(entry["name"]):
                storage.delete(entry["name"])
            saved = storage.save(entry["name"], archive.extractfile(member))
            if saved != entry["name"]:
                raise BackupError(f"storage renamed {entry['name']} to {saved}")
            if verify:
                with storage.open(saved, "rb") as handle:
                    if _sha256(handle.read()) != entry["sha256"]:
                        raise BackupError(f"file {saved} differs after restoring it")
            restored += 1
    return {
        "rows": sum(manifest.get("tables", {}).values()),
        "tables": len(manifest.get("tables", {})),
        "files": restored,
    }


def _database_url(settings_dict: dict, name: str) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    auth = quote(settings_dict.get("USER") or "")
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"])
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name}"


def restore_check(archive_path: Path) -> dict:
    """Prove the archive restorable: checksums, then a full restore into a temporary
    database and uploads folder in a child process, row counts and file checksums
    compared with the manifest. The live database and files are never written."""
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest, _members, _data = _open_checked(archive)
    live = connection.settings_dict
    with tempfile.TemporaryDirectory(prefix="learnsociety-check-") as tmp:
        if live["ENGINE"].endswith("sqlite3"):
            url = _database_url(live, str(Path(tmp) / "check.sqlite3"))
            drop = None
        elif connection.vendor == "postgresql":
            name = f"{live['NAME']}_check_{secrets.token_hex(4)}"[:63]
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
            url = _database_url(live, name)

            def drop(name=name):
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        else:
            raise BackupError(f"restore --check does not support {connection.vendor}")
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "EMAIL_URL"}},
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "learnsociety.settings"
            ),
        }
        try:
            result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
                [
                    sys.executable,
                    str(Path(settings.BASE_DIR) / "manage.py"),
                    "restore",
                    str(Path(archive_path).resolve()),
                    "--verify",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
        finally:
            if drop is not None:
                drop()
    if result.returncode != 0:
        raise BackupError(
            "the archive does not restore: " + (result.stderr or result.stdout).strip()[-2000:]
        )
    return {
        "rows": sum(manifest.get("tables", {}).values()),
        "tables": len(manifest.get("tables", {})),
        "files": len(manifest["files"]),
    }
