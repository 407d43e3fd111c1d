"""Group stored reports into issues: right after storing, or later in the worker.

A report whose issue is null is waiting to be grouped. Reports are grouped with
their rows locked (SKIP LOCKED), so the request that stored one and any number of
workers may try at once and each report is counted in exactly one issue. The
worker takes waiting reports in batches, one transaction each, so that a burst of
reports on one article locks that page and loads its issues once.
"""

import logging
from collections import defaultdict

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef

from orfo.issues.api import Batch, Selection, group_report, page_key
from orfo.issues.grouping import GROUPING_VERSION
from orfo.reports.models import BlockedReader, Report

logger = logging.getLogger("orfo.reports")


def _selection(report: Report) -> Selection:
    return Selection(
        url=report.url,
        title=report.title,
        lang=report.lang,
        quote=report.quote,
        prefix=report.prefix,
        suffix=report.suffix,
        position=report.position_start,
        correction=report.correction,
        comment=report.comment,
        reader=report.reader_hash,
    )


def reader_known(issue_id: int, reader: str) -> bool:
    """Whether READER has a report grouped into the issue already (for the issue's
    count of readers; asked under the page lock)."""
    return Report.objects.filter(issue_id=issue_id, reader_hash=reader).exists()


def _group(report_ids: list[int], wait: bool = False) -> dict[int, int]:
    """Group those of REPORT_IDS still waiting in one transaction; return {report id:
    issue id} for the ones grouped here. Reports another grouper holds are skipped,
    or with WAIT, waited for (and then found grouped)."""
    grouped: dict[int, int] = {}
    with transaction.atomic():
        reports = list(
            Report.objects.select_for_update(skip_locked=not wait, of=("self",))
            .select_related("site")
            .filter(pk__in=report_ids, issue__isnull=True, held=False)
        )
        # Pages are locked in one order by every batch, so two cannot deadlock; on
        # one page the reports keep the order they came in.
        reports.sort(key=lambda r: (page_key(r.url), r.pk))
        batch = Batch(reader_known=reader_known)
        by_issue = defaultdict(list)
        for report in reports:
            issue = group_report(report.site, _selection(report), report.created, batch)
            by_issue[issue.issue.pk].append(report.pk)
            grouped[report.pk] = issue.issue.pk
        for issue_id, ids in by_issue.items():
            Report.objects.filter(pk__in=ids).update(
                issue_id=issue_id, grouping_version=GROUPING_VERSION
            )
    return grouped


def group_one(report_id: int) -> int | None:
    """Group one report if it still waits; return its issue id.

    If another grouper holds it (a worker, a concurrent retry), wait for it: the
    answer to a retry names the same issue as the first answer.
    """
    issue = _group([report_id], wait=True).get(report_id)
    if issue is None:
        issue = Report.objects.filter(pk=report_id).values_list("issue_id", flat=True)
        issue = issue.first()
    return issue


def waiting(limit: int) -> list[int]:
    """The oldest reports still to group (the issue index covers a null issue);
    held reports wait for their reader to be unblocked."""
    return list(
        Report.objects.filter(issue__isnull=True, held=False)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def per_transaction() -> int:
    # SQLite has one writer at a time: short transactions let the requests' INSERTs
    # (and other workers) in between instead of waiting behind a long batch.
    return 10 if connection.vendor == "sqlite" else 100


def group_pending(limit: int = 100) -> int:
    """Group up to LIMIT waiting reports, oldest first; return how many were grouped."""
    release_unblocked()
    return group_now(waiting(limit))


def group_now(ids: list[int]) -> int:
    """Group those of IDS still waiting, a transaction per batch; return how many."""
    size = per_transaction()
    return sum(_group_batch(ids[i : i + size]) for i in range(0, len(ids), size))


def _group_batch(ids: list[int]) -> int:
    try:
        return len(_group(ids))
    except (OperationalError, InterfaceError):
        raise  # the database is away: the whole pass waits for the next one
    except Exception:
        logger.exception("grouping a batch failed; grouping its reports one by one")
    done = 0
    for report_id in ids:
        try:
            done += report_id in _group([report_id])
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            # One report that cannot be grouped must not hold up the others; it stays
            # waiting and is tried again on the next pass.
            logger.exception("grouping report %s failed", report_id)
    return done


def release_unblocked() -> int:
    """Release held reports whose reader is no longer blocked; return how many.

    Unblocking releases the reader's held reports, but another process may hold one
    more for a few seconds after (its list of blocked readers is cached); this
    catches those on the next pass.
    """
    blocked = BlockedReader.objects.filter(
        site=OuterRef("site"), reader_hash=OuterRef("reader_hash")
    )
    # A read first: on SQLite an UPDATE would take the write lock on every pass.
    orphans = list(
        Report.objects.filter(held=True)
        .filter(~Exists(blocked))
        .values_list("pk", flat=True)[:1000]
    )
    if not orphans:
        return 0
    still_orphans = Report.objects.filter(pk__in=orphans, held=True).filter(
        ~Exists(blocked)
    )
    return still_orphans.update(held=False)
