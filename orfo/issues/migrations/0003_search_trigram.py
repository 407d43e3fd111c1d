"""Trigram indexes for the inbox search (PostgreSQL only; a no-op on SQLite).

The inbox search is `icontains`, which Django writes as UPPER(column) LIKE UPPER(%s);
GIN indexes on UPPER(column) with pg_trgm's operator class serve exactly that, so a
search reads the matching rows instead of every issue. Needs the pg_trgm extension:
created here if missing (it is a trusted extension: the database owner may create it).
"""

from django.db import migrations

INDEXES = [
    ("issue_quote_trgm", "orfo_issues_issue", "quote"),
    ("issue_top_correction_trgm", "orfo_issues_issue", "top_correction"),
    ("page_url_trgm", "orfo_issues_page", "url"),
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
        ("orfo_issues", "0002_issue_assignee_alter_activity_kind_and_more"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
