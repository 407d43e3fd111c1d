from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orfo_issues", "0009_issue_reader_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="title_candidates",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
    ]
