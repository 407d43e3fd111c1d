"""What other apps may ask of reports."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour

from orfo.reports.models import BlockedReader, Report
from orfo.reports.pending import group_pending  # noqa: F401 (for the worker)
from orfo.reports.spam import (  # noqa: F401 (for the dashboard)
    blocked_readers,
    blocked_readers_of,
    held_reports,
    unblock,
)
from orfo.reports.spam import impact as spam_impact  # noqa: F401


def for_issue(issue) -> QuerySet[Report]:
    """The reports of an issue, newest first."""
    return Report.objects.filter(issue=issue).order_by("-created", "-id")


# What a report says, without who sent it (no reader hash, browser or device).
SHOWN_FIELDS = (
    "id",
    "url",
    "title",
    "lang",
    "quote",
    "prefix",
    "suffix",
    "comment",
    "correction",
    "created",
)


def shown_reports(issue, limit: int) -> list[dict]:
    """The newest LIMIT reports of an issue as the API shows them: what each reader
    sent, never who sent it; held ones (from blocked readers) left out."""
    rows = for_issue(issue).filter(held=False).values(*SHOWN_FIELDS)
    return list(rows[:limit])


def daily_counts(site_ids, since) -> dict:
    """Reports per day since SINCE, as {date: count}; held ones (from readers blocked
    by a spam verdict) count once released."""
    rows = (
        Report.objects.filter(site_id__in=site_ids, created__gte=since, held=False)
        .annotate(day=TruncDate("created"))
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}


def hourly_counts(site_ids, since) -> dict:
    """Reports per hour since SINCE, as {hour's start (local time): count}."""
    rows = (
        Report.objects.filter(site_id__in=site_ids, created__gte=since, held=False)
        .annotate(hour=TruncHour("created"))
        .values("hour")
        .annotate(n=Count("id"))
    )
    return {row["hour"]: row["n"] for row in rows}


def counts_between(site_ids, windows) -> list[int]:
    """How many reports came in each (start, end) of WINDOWS (start included), held
    ones left out: one query."""
    if not windows:
        return []
    counts = Report.objects.filter(
        site_id__in=site_ids,
        held=False,
        created__gte=min(start for start, _ in windows),
        created__lt=max(end for _, end in windows),
    ).aggregate(
        **{
            str(i): Count("id", filter=Q(created__gte=start, created__lt=end))
            for i, (start, end) in enumerate(windows)
        }
    )
    return [counts[str(i)] for i in range(len(windows))]


def purge_before(cutoff) -> int:
    """Delete reports received before CUTOFF; return how many."""
    deleted, _ = Report.objects.filter(created__lt=cutoff).delete()
    # Held reports (younger than their block) keep it: unblocking releases them.
    held = Report.objects.filter(
        site=OuterRef("site"), reader_hash=OuterRef("reader_hash"), held=True
    )
    BlockedReader.objects.filter(created__lt=cutoff).exclude(Exists(held)).delete()
    return deleted
