from django.db import migrations, models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_readers(apps, schema_editor):
    """Each issue's distinct reader hashes; a report without one counts as a reader
    (nothing tells such readers apart), as grouping counts it from now on."""
    Issue = apps.get_model("orfo_issues", "Issue")
    Report = apps.get_model("orfo_reports", "Report")
    readers = (
        Report.objects.filter(issue=OuterRef("pk"))
        .order_by()
        .values("issue")
        .annotate(
            n=Count("reader_hash", distinct=True, filter=~Q(reader_hash=""))
            + Count("id", filter=Q(reader_hash=""))
        )
        .values("n")
    )
    Issue.objects.update(reader_count=Coalesce(Subquery(readers), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("orfo_issues", "0008_search_text_trigram"),
        ("orfo_reports", "0006_deferred_grouping"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="issue", name="issue_inbox"),
        migrations.RemoveIndex(model_name="issue", name="issue_inbox_all"),
        migrations.RemoveIndex(model_name="issue", name="issue_inbox_any"),
        migrations.RemoveIndex(model_name="issue", name="issue_inbox_any_all"),
        migrations.AddField(
            model_name="issue",
            name="reader_count",
            field=models.PositiveIntegerField(default=0, verbose_name="readers"),
        ),
        migrations.RunPython(count_readers, migrations.RunPython.noop, elidable=True),
        # The inbox ranks by readers, not reports.
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                fields=["site", "status", "-reader_count", "-last_seen", "-id"],
                name="issue_inbox",
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                fields=["status", "-reader_count", "-last_seen", "-id"],
                name="issue_inbox_all",
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                fields=["site", "-reader_count", "-last_seen", "-id"],
                name="issue_inbox_any",
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                fields=["-reader_count", "-last_seen", "-id"],
                name="issue_inbox_any_all",
            ),
        ),
    ]
