"""Spam verdicts: marking an issue as spam blocks the readers who reported it."""

import time
from datetime import timedelta

from django.dispatch import receiver
from django.utils import timezone

from orfo.issues.models import Status
from orfo.issues.signals import status_changed
from orfo.reports.models import BlockedReader, Report

# Blocked readers are held per process this long: checking every report against the
# database would cost each accepted report a second statement. A verdict reaches the
# other processes within this time.
BLOCKLIST_TTL = 5.0

_blocklists: dict[int, tuple[float, frozenset[str]]] = {}


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
    _blocklists.pop(issue.site_id, None)


def _blocklist(site_id: int) -> frozenset[str]:
    now = time.monotonic()
    held = _blocklists.get(site_id)
    if held and held[0] > now:
        return held[1]
    # A reader hash changes every day, so only recent verdicts can match.
    since = timezone.now() - timedelta(days=2)
    hashes = frozenset(
        BlockedReader.objects.filter(site_id=site_id, created__gte=since).values_list(
            "reader_hash", flat=True
        )
    )
    _blocklists[site_id] = (now + BLOCKLIST_TTL, hashes)
    return hashes


def is_blocked(site, reader_hash: str) -> bool:
    return bool(reader_hash) and reader_hash in _blocklist(site.pk)
