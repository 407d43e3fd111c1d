"""A trigram index on readers' distinct corrections, searched by the inbox (PostgreSQL)."""

from django.db import migrations

NAME, TABLE, COLUMN = "correction_text_trgm", "orfo_issues_issuecorrection", "text"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON {TABLE} "
            f"USING gin (UPPER({COLUMN}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("orfo_issues", "0003_search_trigram")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
