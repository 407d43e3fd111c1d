"""Spam verdicts: marking an issue as spam blocks the readers who reported it."""

from django.dispatch import receiver

from orfo.issues.models import Status
from orfo.issues.signals import status_changed
from orfo.reports.models import BlockedReader, Report


@receiver(status_changed)
def block_spammers(sender, issue, to_status, **kwargs):
    if to_status != Status.SPAM:
        return
    hashes = (
        Report.objects.filter(issue=issue)
        .exclude(reader_hash="")
        .values_list("reader_hash", flat=True)
        .distinct()
    )
    BlockedReader.objects.bulk_create(
        [BlockedReader(site_id=issue.site_id, reader_hash=h) for h in hashes],
        ignore_conflicts=True,
    )


def is_blocked(site, reader_hash: str) -> bool:
    return BlockedReader.objects.filter(site=site, reader_hash=reader_hash).exists()
