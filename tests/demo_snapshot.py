"""The demo province for tests, loaded by the real ``load_demo`` once per test process and
date, then copied back row for row into each later test's transaction.

``load_demo`` writes some 8,000 queries through the ORM (2.5 s on SQLite, more on
PostgreSQL); 160 tests ask for it. The first test of a process that asks runs the command;
its resulting rows (every table) and the files it stored are kept in memory. A later test
gets the same rows inserted in bulk and the same files written, which is what the command
would have produced, as long as

- the database held exactly what it held before that first run (compared by the content of
  every table that had rows: the migrations' content types and permissions) — a test whose
  own fixtures wrote rows before the demo runs the command itself;
- the date is the same (the demo's dates follow today: a test that travels in time gets a
  copy made on its date);
- the test runs in a transaction (``db``): a transactional test (``transaction=True``, the
  browser tests) runs the command, whose on-commit work then happens for real.

Sequences are moved past the copied keys (PostgreSQL) and the content-type cache is emptied,
so that what the test creates next gets fresh keys."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

_snapshots: dict[tuple, dict] = {}


def _tables() -> list[str]:
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _counts(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {_q(t)}" for t in tables))
        return dict(cursor.fetchall())


def _rows(table: str) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {_q(table)}")  # noqa: S608 - a table name of the schema
        return [c[0] for c in cursor.description], cursor.fetchall()


def _fingerprint(tables: list[str]) -> tuple[str, list[str]]:
    """A digest of every row of the tables that have rows, and those tables."""
    filled = sorted(t for t, n in _counts(tables).items() if n)
    digest = hashlib.sha256()
    for table in filled:
        columns, rows = _rows(table)
        digest.update(repr((table, columns, sorted(map(repr, rows)))).encode())
    return digest.hexdigest(), filled


def _files() -> set[str]:
    root = Path(default_storage.location)
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _capture(tables: list[str], files_before: set[str]) -> dict:
    data = {}
    for table in tables:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*), COALESCE(json_agg(t), '[]')::text FROM {_q(table)} t"  # noqa: S608
                )
                count, rows = cursor.fetchone()
            if count:
                data[table] = rows
        else:
            columns, rows = _rows(table)
            if rows:
                data[table] = (columns, rows)
    root = Path(default_storage.location)
    files = {name: (root / name).read_bytes() for name in _files() - files_before}
    return {"tables": data, "files": files}


def _restore(snapshot: dict, filled: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in filled:
            cursor.execute(f"DELETE FROM {_q(table)}")  # noqa: S608
        for table, data in snapshot["tables"].items():
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {_q(table)} SELECT * FROM json_populate_recordset(NULL::{_q(table)}, %s)",  # noqa: S608
                    [data],
                )
            else:
                columns, rows = data
                marks = ", ".join(["%s"] * len(columns))
                names = ", ".join(_q(c) for c in columns)
                cursor.executemany(f"INSERT INTO {_q(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        if connection.vendor == "postgresql":
            from django.apps import apps

            for sql in connection.ops.sequence_reset_sql(
                no_style(), apps.get_models(include_auto_created=True)
            ):
                cursor.execute(sql)
    root = Path(default_storage.location)
    for name, content in snapshot["files"].items():
        path = root / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def load_demo() -> None:
    """The demo province in the test's database, as ``load_demo --force`` leaves it."""
    if not connection.in_atomic_block or os.environ.get("DEMO_SNAPSHOT") == "0":
        call_command("load_demo", "--force", verbosity=0)
        return
    tables = _tables()
    before, filled = _fingerprint(tables)
    key = (before, timezone.localdate(), connection.vendor)
    snapshot = _snapshots.get(key)
    if snapshot is not None:
        _restore(snapshot, filled)
        return
    files_before = _files()
    call_command("load_demo", "--force", verbosity=0)
    _snapshots[key] = _capture(tables, files_before)
