"""Trigram indexes for searching reports' comments and corrections (PostgreSQL only;
a no-op on SQLite). See orfo_issues 0003_search_trigram, which creates pg_trgm."""

from django.db import migrations

INDEXES = [
    ("report_comment_trgm", "orfo_reports_report", "comment"),
    ("report_correction_trgm", "orfo_reports_report", "correction"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY: no write lock on a live table

    dependencies = [
        ("orfo_issues", "0003_search_trigram"),
        ("orfo_reports", "0003_reader_privacy"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
