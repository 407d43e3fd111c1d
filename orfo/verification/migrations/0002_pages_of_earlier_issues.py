"""Pages with open or resolved issues from before the checks existed get a
schedule, spread over the next day (new issues get theirs from the outbox)."""

import hashlib
from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def schedule_pages(apps, schema_editor):
    Issue = apps.get_model("orfo_issues", "Issue")
    PageState = apps.get_model("verification", "PageState")
    now = timezone.now()
    page_ids = (
        Issue.objects.filter(status__in=["open", "resolved"])
        .values_list("page_id", flat=True)
        .distinct()
    )
    batch = []
    for page_id in page_ids.iterator():
        digest = hashlib.sha256(f"orfo page {page_id}".encode()).hexdigest()
        spread = timedelta(seconds=int(digest[:12], 16) % 86400)
        batch.append(PageState(page_id=page_id, due_at=now + spread))
        if len(batch) >= 1000:
            PageState.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    PageState.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("verification", "0001_initial")]

    operations = [migrations.RunPython(schedule_pages, migrations.RunPython.noop)]
