"""Store a validated report: one INSERT, nothing else on the way in.

Grouping the report into an issue is a separate step (orfo.reports.pending), done
right after in the request or later by the worker: a burst of reports then costs
the database one statement each, and the reports table itself is the durable queue
of work still to group.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from orfo.reports.models import Report
from orfo.reports.schemas import ReportIn
from orfo.sites.models import Site


@dataclass(frozen=True)
class Sender:
    reader_hash: str = ""
    browser: str = ""
    device: str = ""
    # Blocked by a spam verdict: the report is stored held, out of the inbox.
    held: bool = False


ANONYMOUS = Sender()


@dataclass(frozen=True)
class Stored:
    report: int
    issue: int | None  # None until grouped
    new: bool


_COLUMNS = (
    "site_id, client_id, url, title, lang, quote, prefix, suffix, position_start, "
    "position_end, comment, correction, grouping_version, created, reader_hash, "
    "browser, device, repeat_key, held"
)
# Both uniqueness rules (client_id: a retry; repeat_key: the same reader sending the
# same again today) are left to the database, so a new report costs one statement.
# Raw SQL because the ORM cannot say ON CONFLICT DO NOTHING … RETURNING.
_INSERT = (
    f"INSERT INTO {Report._meta.db_table} ({_COLUMNS}) "
    f"VALUES ({', '.join(['%s'] * 19)}) ON CONFLICT DO NOTHING RETURNING id"
)


def repeat_key(sender: Sender, data: ReportIn) -> str:
    """What makes two reports from one reader (on one day) the same report."""
    if not sender.reader_hash:
        return ""
    parts = (
        sender.reader_hash,
        data.url,
        data.quote,
        data.prefix,
        data.suffix,
        data.comment,
        data.correction,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def store_report(site: Site, data: ReportIn, sender: Sender = ANONYMOUS) -> Stored:
    """Store the report unless it is a retry or a repeat; say which report it is.

    Not new: the client_id was seen (a retry), or this reader sent the very same
    report today (a double click, a script) — the first report is returned.
    """
    key = repeat_key(sender, data)
    params = [
        site.pk,
        data.client_id,
        data.url,
        data.title,
        data.lang,
        data.quote,
        data.prefix,
        data.suffix,
        data.position.start,
        data.position.end,
        data.comment,
        data.correction,
        0,  # grouping_version: not grouped yet
        connection.ops.adapt_datetimefield_value(timezone.now()),
        sender.reader_hash,
        sender.browser,
        sender.device,
        key,
        sender.held,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, params)
        row = cursor.fetchone()
    if row:
        return Stored(report=row[0], issue=None, new=True)
    first = Report.objects.filter(site=site, client_id=data.client_id)
    if key:
        first = first | Report.objects.filter(site=site, repeat_key=key)
    report, issue = first.order_by("id").values_list("id", "issue_id").first()
    return Stored(report=report, issue=issue, new=False)
