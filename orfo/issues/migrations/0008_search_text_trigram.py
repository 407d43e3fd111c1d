"""Search one trigram-indexed column instead of six (PostgreSQL only; no-op on SQLite).

The inbox searches Issue.search_text with LIKE '%word%' on case-folded text; pg_trgm's
GIN index serves it. The per-column indexes of 0003/0004 (and reports' 0004) go.
"""

from django.db import migrations

OLD = ["issue_quote_trgm", "issue_top_correction_trgm", "page_url_trgm",
       "correction_text_trgm"]  # fmt: skip


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS issue_search_trgm "
        "ON orfo_issues_issue USING gin (search_text gin_trgm_ops)"
    )
    for name in OLD:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS issue_search_trgm")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("orfo_issues", "0007_issue_search_text")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
