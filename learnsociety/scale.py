"""Fast bulk inserts for the scale data set (``manage.py seed_scale``).

Rows are plain tuples with ids computed in Python, so nothing is read back after an
insert. On PostgreSQL they go through ``COPY … FROM STDIN`` (psycopg 3), on SQLite through
``executemany`` in batches of 5,000: no model instances, no per-row queries, no signals
(and so no django-simple-history rows for the generated data).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import cast

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 5000


def _sqlite_datetime(value):
    """What Django's SQLite backend stores for an aware datetime: naive UTC text."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(m=models.Max("pk"))["m"]
    return (last or 0) + 1


class Table:
    """Insert tuples into ``model``'s table, in the order of ``columns`` (attnames)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [fields[c] for c in columns]
        # a concrete field always has its column (``column`` is None only for relations)
        self.db_columns: list[str] = [cast(str, f.column) for f in self.fields]
        self.table = model._meta.db_table
        self.converters = [self._converter(f) for f in self.fields]
        self.rows: list[tuple] = []
        self.count = 0

    @staticmethod
    def _converter(field):
        ops = connection.ops
        if isinstance(field, models.JSONField):
            return json.dumps
        if connection.vendor == "postgresql":
            return None  # psycopg adapts date, datetime, Decimal and bool itself
        if isinstance(field, models.DateTimeField):
            return _sqlite_datetime
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.DecimalField):
            return str
        if isinstance(field, models.BooleanField):
            return int
        return None

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def extend(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows
        self.rows = []
        conv = [(i, c) for i, c in enumerate(self.converters) if c is not None]
        if conv:
            converted = []
            for row in rows:
                values = list(row)
                for i, c in conv:
                    if values[i] is not None:
                        values[i] = c(values[i])
                converted.append(tuple(values))
            rows = converted
        qn = connection.ops.quote_name
        cols = ", ".join(qn(c) for c in self.db_columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f"COPY {qn(self.table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.db_columns))
                # safe: table and column names come from model _meta, quoted; values are
                # parameters
                sql = f"INSERT INTO {qn(self.table)} ({cols}) VALUES ({marks})"  # noqa: S608  # nosec B608
                cursor.executemany(sql, rows)
        self.count += len(rows)


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequences past them."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def tune_connection() -> None:
    """Bulk-load settings for this connection only (a throw-away data set: losing the
    last transactions on a crash is acceptable)."""
    if connection.in_atomic_block:
        return  # e.g. inside a test: the settings cannot change within a transaction
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -200000")
            cursor.execute("PRAGMA temp_store = MEMORY")
