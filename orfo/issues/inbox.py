"""The inbox query: issues of some sites, most important first, keyset-paginated.

Keyset pagination (a cursor holding the last row's sort key) keeps every page as fast
as the first, however many issues lie behind it; OFFSET would scan them all.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from orfo.issues.models import Issue, Status, Verdict

PAGE_SIZE = 50
# Most readers first: one person sending many reports cannot push an issue up.
ORDER = ["-reader_count", "-last_seen", "-id"]


@dataclass
class InboxQuery:
    site_ids: list[int]
    status: str = Status.OPEN
    lang: str = ""
    since: date | None = None
    until: date | None = None
    assignee_id: int | None = None
    text: str = ""
    verification: str = ""  # a key of VERIFICATION_STATES, or ""
    page_id: int | None = None  # one article's issues
    section: str = ""  # the issues of a site section ("/sport/"; Page.section)


# The inbox's and the API's filter by what checks of the live page found.
# The latest verdicts (Verdict's own labels), then what became of resolved issues.
VERIFICATION_STATES = {
    "unchecked": Verdict.NONE.label,
    **{verdict.value: verdict.label for verdict in Verdict if verdict.value},
    "pending": _("resolved, awaiting a check"),
    "verified": _("resolved, verified live"),
    "fix_not_live": _("resolved, fix not live"),
}


def filter_by_verification(issues: QuerySet, state: str) -> QuerySet:
    """Keep ISSUES in verification STATE: the latest verdict ("unchecked" for none),
    or what became of resolved ones ("pending", "verified", "fix_not_live")."""
    resolved = Q(status=Status.RESOLVED)
    if state == "unchecked":
        return issues.filter(verification=Verdict.NONE)
    if state in Verdict.values:
        return issues.filter(verification=state)
    if state == "pending":
        return issues.filter(resolved, verified_at__isnull=True, fix_not_live=False)
    if state == "verified":
        return issues.filter(resolved, verified_at__isnull=False)
    if state == "fix_not_live":
        return issues.filter(resolved, fix_not_live=True)
    raise ValueError(f"unknown verification state {state!r}")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def issues(query: InboxQuery) -> QuerySet[Issue]:
    qs = Issue.objects.filter(site_id__in=query.site_ids)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.lang:
        qs = qs.filter(lang__istartswith=query.lang)
    if query.since:
        qs = qs.filter(last_seen__gte=_day_start(query.since))
    if query.until:
        qs = qs.filter(first_seen__lt=_day_start(query.until + timedelta(days=1)))
    if query.assignee_id:
        qs = qs.filter(assignee_id=query.assignee_id)
    if query.text:
        # One case-folded column holds all that is searched (quote, URL, corrections,
        # comments), trigram-indexed on PostgreSQL: the planner can walk the inbox
        # index and test each row for a common word, or use the trigram index for a
        # rare one; either way it stops at the page's LIMIT.
        qs = qs.filter(search_text__contains=query.text.casefold())
    if query.verification:
        qs = filter_by_verification(qs, query.verification)
    if query.page_id:
        qs = qs.filter(page_id=query.page_id)
    if query.section:
        qs = qs.filter(page__section=query.section)
    return qs


def page(query: InboxQuery, cursor: str = "", size: int = PAGE_SIZE):
    """Return (issues, next cursor or "") for one page of the inbox."""
    qs = issues(query).order_by(*ORDER)
    after = decode_cursor(cursor)
    if after:
        count, seen, pk = after
        qs = qs.filter(
            Q(reader_count__lt=count)
            | Q(reader_count=count, last_seen__lt=seen)
            | Q(reader_count=count, last_seen=seen, id__lt=pk)
        )
    # Choose the page's ids first, then join pages, sites and users to those rows only
    # (joined before the LIMIT, a search that matches thousands of issues would join
    # them all).
    ids = qs.values("pk")[: size + 1]
    rows = list(
        Issue.objects.filter(pk__in=ids)
        .select_related("page", "site", "assignee")
        .defer("search_text")
        .order_by(*ORDER)
    )
    more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(rows[-1]) if more else "")


def encode_cursor(issue: Issue) -> str:
    key = [issue.reader_count, issue.last_seen.isoformat(), issue.pk]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str):
    """Return (count, last_seen, id) or None for a missing or tampered cursor."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        count, seen, pk = json.loads(raw)
        seen = parse_datetime(seen)
        if _is_row_number(count) and _is_row_number(pk) and seen and seen.tzinfo:
            # A forged offset can put the moment past year 9999 in UTC, where the
            # database driver would raise: ask for the UTC moment here instead.
            seen.astimezone(UTC)
            return count, seen, pk
    except (ValueError, TypeError, OverflowError, binascii.Error):
        pass
    return None


def _is_row_number(value) -> bool:
    return type(value) is int and 0 <= value < 2**63
