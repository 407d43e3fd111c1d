"""Group stored reports into issues: right after storing, or later in the worker.

A report whose issue is null is waiting to be grouped. Reports are grouped with
their rows locked (SKIP LOCKED), so the request that stored one and any number of
workers may try at once and each report is counted in exactly one issue. The
worker claims waiting reports in batches, one transaction each, in which every
statement covers the whole batch (orfo.issues.grouper): a batch of a hundred
reports costs about fifteen statements, not ten per report.
"""

import logging
from functools import partial

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef

from orfo.issues.api import Selection, Waiting, group_reports
from orfo.issues.grouping import GROUPING_VERSION
from orfo.lib.bulk import update_rows
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


def readers_known(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (issue id, reader hash) PAIRS have a report grouped into the issue
    already (for the issues' counts of readers; asked under the page locks)."""
    rows = (
        Report.objects.filter(
            issue_id__in={issue for issue, _ in pairs},
            reader_hash__in={reader for _, reader in pairs},
        )
        .values_list("issue_id", "reader_hash")
        .distinct()
    )
    return pairs & set(rows)


def _claim(report_ids, limit: int, wait: bool, claimed: list[int]) -> list[Report]:
    """Lock the waiting reports among REPORT_IDS, or else the LIMIT oldest ones;
    reports another grouper holds are skipped (WAIT: waited for, and then found
    grouped). Their ids go to CLAIMED, for the caller to retry one by one."""
    reports = (
        Report.objects.select_for_update(skip_locked=not wait, of=("self",))
        .select_related("site")
        .filter(issue__isnull=True, held=False)
    )
    if report_ids is None:
        reports = reports.order_by("id")[:limit]
    else:
        reports = reports.filter(pk__in=report_ids)
    reports = sorted(reports, key=lambda report: report.pk)
    claimed.extend(report.pk for report in reports)
    return reports


def _group(
    report_ids: list[int] | None = None,
    limit: int = 0,
    wait: bool = False,
    claimed: list[int] | None = None,
) -> dict[int, int]:
    """Group those of REPORT_IDS still waiting (or the LIMIT oldest waiting) in one
    transaction; return {report id: issue id} for the ones grouped here.

    Reports whose page another grouper holds are left waiting, or with WAIT,
    waited for. Every statement covers the whole batch (orfo.issues.grouper)."""
    with transaction.atomic():
        reports = _claim(report_ids, limit, wait, [] if claimed is None else claimed)
        results = group_reports(
            [Waiting(r.site, _selection(r), r.created) for r in reports],
            readers_known=readers_known,
            wait=wait,
        )
        grouped = {
            report.pk: result.issue.pk
            for report, result in zip(reports, results, strict=True)
            if result is not None
        }
        update_rows(
            Report,
            ["issue", "grouping_version"],
            [(pk, issue, GROUPING_VERSION) for pk, issue in grouped.items()],
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


def per_transaction() -> int:
    # SQLite has one writer at a time: short transactions let the requests' INSERTs
    # (and other workers) in between instead of waiting behind a long batch. On
    # PostgreSQL a batch's statements cost about the same for 100 reports as for
    # 250, and two workers drained 10-45 % faster with 250 (BENCHMARKS.md); its page
    # locks are held for a few tenths of a second at most.
    return 10 if connection.vendor == "sqlite" else 250


def group_pending(limit: int = 100) -> int:
    """Group up to LIMIT waiting reports, oldest first; return how many were grouped.

    Each batch claims the oldest waiting reports no other grouper holds (SKIP
    LOCKED), so concurrent workers take different reports instead of queueing
    for the same ones."""
    release_unblocked()
    done, size = 0, per_transaction()
    while limit > 0:
        wanted = min(size, limit)
        claimed: list[int] = []
        done += _group_batch(partial(_group, limit=wanted, claimed=claimed), claimed)
        limit -= len(claimed)
        if len(claimed) < wanted:
            break  # none left (or the rest are another grouper's)
    return done


def group_now(ids: list[int]) -> int:
    """Group those of IDS still waiting, a transaction per batch; return how many."""
    size = per_transaction()
    done = 0
    for i in range(0, len(ids), size):
        batch = ids[i : i + size]
        done += _group_batch(partial(_group, batch), batch)
    return done


def _group_batch(group, ids: list[int]) -> int:
    """Run GROUP (a batch of IDS); if it fails, group its reports one by one."""
    try:
        return len(group())
    except (OperationalError, InterfaceError):
        raise  # the database is away: the whole pass waits for the next one
    except Exception:
        logger.exception("grouping a batch failed; grouping its reports one by one")
    done = 0
    for report_id in list(ids):
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
