from django.db import migrations, models

from orfo.lib.urls import section_of


def fill_sections(apps, schema_editor):
    Page = apps.get_model("orfo_issues", "Page")
    pages = Page.objects.only("pk", "url")
    changed = []
    for page in pages.iterator(chunk_size=2000):
        page.section = section_of(page.url)
        if page.section != "/":
            changed.append(page)
        if len(changed) >= 2000:
            Page.objects.bulk_update(changed, ["section"])
            changed = []
    Page.objects.bulk_update(changed, ["section"])


class Migration(migrations.Migration):
    dependencies = [
        ("orfo_issues", "0012_issue_api_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="section",
            field=models.CharField(
                default="/", editable=False, max_length=200, verbose_name="section"
            ),
        ),
        migrations.RunPython(fill_sections, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["created"], name="activity_created"),
        ),
        migrations.AddIndex(
            model_name="page",
            index=models.Index(fields=["site", "section"], name="page_section"),
        ),
    ]
