from django.db import migrations, models

import orfo.sites.models


def fill_tokens(apps, schema_editor):
    Site = apps.get_model("orfo_sites", "Site")
    for site in Site.objects.filter(api_token__isnull=True):
        site.api_token = orfo.sites.models.new_api_token()
        site.save(update_fields=["api_token"])


class Migration(migrations.Migration):
    dependencies = [("orfo_sites", "0002_membership")]

    operations = [
        migrations.AddField(
            model_name="site",
            name="api_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="site",
            name="api_token",
            field=models.CharField(
                default=orfo.sites.models.new_api_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="API token",
            ),
        ),
    ]
