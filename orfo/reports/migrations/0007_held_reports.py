from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone


def link_recent_blocks(apps, schema_editor):
    """Point the blocks that can still match a reader (a hash changes daily) at the
    spam issue their reader reported, so that reopening it lifts them."""
    BlockedReader = apps.get_model("orfo_reports", "BlockedReader")
    Report = apps.get_model("orfo_reports", "Report")
    since = timezone.now() - timedelta(days=2)
    spam_issue = (
        Report.objects.filter(
            site=OuterRef("site"),
            reader_hash=OuterRef("reader_hash"),
            created__gte=since - timedelta(days=1),
            issue__status="spam",
        )
        .order_by("-created")
        .values("issue")[:1]
    )
    BlockedReader.objects.filter(created__gte=since).update(
        issue=Subquery(spam_issue)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orfo_issues", "0009_issue_reader_count"),
        ("orfo_reports", "0006_deferred_grouping"),
        ("orfo_sites", "0003_site_api_token"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="blockedreader",
            name="blocked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="blockedreader",
            name="issue",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="orfo_issues.issue",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="held",
            field=models.BooleanField(default=False, verbose_name="held"),
        ),
        migrations.AlterField(
            model_name="blockedreader",
            name="created",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="blocked since"
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("held", True)),
                fields=["site", "reader_hash"],
                name="report_held",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["issue", "reader_hash"], name="report_issue_reader"
            ),
        ),
        migrations.RunPython(
            link_recent_blocks, migrations.RunPython.noop, elidable=True
        ),
    ]
