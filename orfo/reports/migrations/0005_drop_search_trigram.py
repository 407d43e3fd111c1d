"""Reports are no longer searched (issues carry their search text): drop the indexes
of 0004, which every report insert had to update (PostgreSQL only)."""

from django.db import migrations


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ("report_comment_trgm", "report_correction_trgm"):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("orfo_reports", "0004_search_trigram")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop, elidable=False)]
