"""Digests: at the end of each hour or day, a summary per channel that wants one.

A digest is sent when the period brought new issues; a daily one also when issues
are still open (an hourly reminder of the same open issues would be noise).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from orfo.issues.models import Issue, Status
from orfo.notifications import delivery
from orfo.notifications.models import Channel, Digest, Notification, make_key

PERIODS = {Digest.HOURLY: timedelta(hours=1), Digest.DAILY: timedelta(days=1)}


def period_end(kind: str, now: datetime) -> datetime:
    """The start of the current hour or (local) day: the end of the last period."""
    local = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    if kind == Digest.DAILY:
        local = local.replace(hour=0)
    return local


def schedule_due(now: datetime | None = None) -> int:
    """Record the digests whose period has ended; return how many were recorded."""
    now = now or timezone.now()
    recorded = 0
    for channel in Channel.objects.filter(is_enabled=True).exclude(digest=""):
        until = period_end(channel.digest, now)
        if channel.digest_until and channel.digest_until >= until:
            continue
        since = channel.digest_until or until - PERIODS[channel.digest]
        with transaction.atomic():
            same = Q(digest_until=channel.digest_until)
            if channel.digest_until is None:
                same = Q(digest_until__isnull=True)
            if not Channel.objects.filter(same, pk=channel.pk).update(
                digest_until=until
            ):
                continue  # another worker took this period
            if _worth_sending(channel, since, until):
                key = make_key("digest", channel.pk, until.isoformat())
                data = {"since": since.isoformat(), "until": until.isoformat()}
                delivery.record(channel, Notification.Reason.DIGEST, key, data=data)
                recorded += 1
    return recorded


def _worth_sending(channel: Channel, since: datetime, until: datetime) -> bool:
    issues = Issue.objects.filter(site_id=channel.site_id)
    if issues.filter(first_seen__gte=since, first_seen__lt=until).exists():
        return True
    # What the digest lists as still open (orfo.notifications.messages): an open
    # issue first seen later is not in it.
    still_open = issues.filter(status=Status.OPEN, first_seen__lt=since)
    return channel.digest == Digest.DAILY and still_open.exists()
