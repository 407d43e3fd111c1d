"""Spam verdicts: marking an issue as spam blocks the readers who reported it.

A blocked reader's later reports are kept, held out of the inbox (Report.held),
until the reader is unblocked: by hand from the site's list of blocked readers, or
by taking the issue out of spam. Unblocking releases the held reports, which are
then grouped as any other.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.dispatch import receiver
from django.utils import timezone

from orfo.issues.models import Status
from orfo.issues.signals import status_changed
from orfo.reports.models import BlockedReader, Report
from orfo.reports.pending import group_now

logger = logging.getLogger("orfo.reports")

# Blocked readers are held per process this long: checking every report against the
# database would cost each accepted report a second statement. A verdict reaches the
# other processes within this time.
BLOCKLIST_TTL = 5.0
# A reader hash changes every day (at midnight UTC), so only a hash seen this recently
# can still match a reader's next report; older ones are not blocked.
HASH_LIFETIME = timedelta(days=2)
# Released reports grouped in the editor's request; the worker groups any others.
GROUP_AT_ONCE = 100

_blocklists: dict[int, tuple[float, frozenset[str]]] = {}


@dataclass(frozen=True)
class Impact:
    """What a spam verdict on some issues touches, for the editor to confirm."""

    reports: int  # reports of the issues
    readers: int  # distinct known readers among them
    blocked: int  # readers recent enough to be blocked (their hash still matches)


def impact(issue_ids) -> Impact:
    """How many reports and readers a spam verdict on ISSUE_IDS affects."""
    recent = timezone.now() - HASH_LIFETIME
    known = ~Q(reader_hash="")
    counts = Report.objects.filter(issue_id__in=list(issue_ids)).aggregate(
        reports=Count("id"),
        readers=Count("reader_hash", distinct=True, filter=known),
        blocked=Count(
            "reader_hash", distinct=True, filter=known & Q(created__gte=recent)
        ),
    )
    return Impact(**counts)


def _recent_readers(issue) -> list[str]:
    return list(
        Report.objects.filter(issue=issue, created__gte=timezone.now() - HASH_LIFETIME)
        .exclude(reader_hash="")
        .values_list("reader_hash", flat=True)
        .distinct()
    )


@receiver(status_changed)
def on_status_changed(sender, issue, from_status, to_status, user=None, **kwargs):
    if to_status == Status.SPAM:
        block_readers(issue, user)
    elif from_status == Status.SPAM:
        # The verdict was taken back (reopened, resolved, not an error).
        lift_verdict(issue)


def block_readers(issue, user=None) -> None:
    """Block the readers who reported ISSUE recently. One blocked already (by
    another spam issue) stays blocked for that one."""
    BlockedReader.objects.bulk_create(
        [
            BlockedReader(
                site_id=issue.site_id, reader_hash=h, issue=issue, blocked_by=user
            )
            for h in _recent_readers(issue)
        ],
        ignore_conflicts=True,
    )
    _blocklists.pop(issue.site_id, None)


def lift_verdict(issue) -> int:
    """Unblock the readers ISSUE's verdict blocked, unless another spam issue of
    theirs still holds them; return how many were unblocked."""
    blocks = list(BlockedReader.objects.filter(issue=issue))
    if not blocks:
        return 0
    # A reader who also reported another spam issue stays blocked, for that one.
    elsewhere = dict(
        Report.objects.filter(
            site_id=issue.site_id,
            reader_hash__in=[b.reader_hash for b in blocks],
            issue__status=Status.SPAM,
            created__gte=timezone.now() - HASH_LIFETIME,
        )
        .exclude(issue=issue)
        .values_list("reader_hash", "issue_id")
    )
    kept = [b for b in blocks if b.reader_hash in elsewhere]
    for block in kept:
        BlockedReader.objects.filter(pk=block.pk).update(
            issue_id=elsewhere[block.reader_hash]
        )
    lifted = [b for b in blocks if b.reader_hash not in elsewhere]
    unblock(issue.site_id, [b.pk for b in lifted])
    return len(lifted)


def unblock(site_id: int, block_ids) -> int:
    """Unblock readers of a site and release their held reports; return how many
    reports were released. The released reports are grouped once this commits."""
    blocks = BlockedReader.objects.filter(site_id=site_id, pk__in=list(block_ids))
    hashes = list(blocks.values_list("reader_hash", flat=True))
    if not hashes:
        return 0
    blocks.delete()
    _blocklists.pop(site_id, None)
    held = Report.objects.filter(site_id=site_id, reader_hash__in=hashes, held=True)
    released = list(held.values_list("pk", flat=True))
    Report.objects.filter(pk__in=released).update(held=False)
    if released and settings.ORFO_GROUP_INLINE:
        transaction.on_commit(lambda: _group_released(released[:GROUP_AT_ONCE]))
    return len(released)


def _group_released(ids: list[int]) -> None:
    try:
        group_now(ids)
    except Exception:
        # Released already: the worker groups whatever is left.
        logger.exception("grouping released reports failed")


def blocked_readers(site_id: int, limit: int):
    """The site's blocked readers (up to LIMIT), newest first, each with the number
    of its reports held (held) and when the last one came (last_held)."""
    held_counts = {
        row["reader_hash"]: row
        for row in Report.objects.filter(site_id=site_id, held=True)
        .values("reader_hash")
        .annotate(n=Count("id"), last=Max("created"))
    }
    blocks = list(
        BlockedReader.objects.filter(site_id=site_id)
        .select_related("issue", "blocked_by")
        .order_by("-created", "-id")[:limit]
    )
    for block in blocks:
        row = held_counts.get(block.reader_hash, {})
        block.held = row.get("n", 0)
        block.last_held = row.get("last")
    return blocks


def blocked_readers_of(site_id: int, block_ids) -> list[BlockedReader]:
    ids = [i for i in block_ids if 0 < i < 2**63]  # no id is larger
    return list(BlockedReader.objects.filter(site_id=site_id, pk__in=ids))


def held_reports(site_id: int, block=None):
    """The site's held reports (of one blocked reader if BLOCK), newest first."""
    reports = Report.objects.filter(site_id=site_id, held=True)
    if block is not None:
        reports = reports.filter(reader_hash=block.reader_hash)
    return reports.order_by("-created", "-id")


def _blocklist(site_id: int) -> frozenset[str]:
    now = time.monotonic()
    held = _blocklists.get(site_id)
    if held and held[0] > now:
        return held[1]
    since = timezone.now() - HASH_LIFETIME
    hashes = frozenset(
        BlockedReader.objects.filter(site_id=site_id, created__gte=since).values_list(
            "reader_hash", flat=True
        )
    )
    _blocklists[site_id] = (now + BLOCKLIST_TTL, hashes)
    return hashes


def is_blocked(site, reader_hash: str) -> bool:
    return bool(reader_hash) and reader_hash in _blocklist(site.pk)
