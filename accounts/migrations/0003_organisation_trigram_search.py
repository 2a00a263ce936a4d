"""Trigram indexes for the name and code searches (``icontains``) on PostgreSQL: a search
among tens of thousands of schools uses them instead of reading every row. Other
databases (SQLite, the embedded default) have no such index and are left alone."""

from django.db import migrations

INDEXES = [
    ("organisation_name_trgm", "name"),
    ("organisation_code_trgm", "code"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        # the expression Django writes for icontains: UPPER("column"::text) LIKE UPPER(...)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON accounts_organisation "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation_organisation_name_idx")]

    operations = [migrations.RunPython(create, drop)]
