"""When each page is checked next, and queueing the checks that are due.

A page is due at the earliest of:
- each pending resolved issue's next check: ORFO_VERIFY_DELAY after the resolve
  (CDN caches), then at doubling intervals until ORFO_VERIFY_WINDOW after it, when
  the last one decides "fix not live" if the error is still there;
- the page's periodic slot, when it has open issues (or fixes not live):
  every ORFO_VERIFY_PERIOD, at an offset within the period taken from a hash of
  the page, so that a newsroom's pages are spread over the day;
- a retry after a fetch that failed (doubling from 5 minutes to 6 hours), while
  something waits for a verdict;
- now, when asked (orfo.verification.api.request_check).

The sweep queues at most ORFO_VERIFY_PAGES_PER_SWEEP checks, less those queued and
not yet finished, so a backlog never grows the task queue beyond that.
"""

import hashlib
import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from orfo.issues import api as issues
from orfo.issues.models import CONTENT_VERDICTS, Issue, Status
from orfo.verification.models import PageState

logger = logging.getLogger(__name__)

# A queued or running check not finished this long after is taken to be lost.
LEASE = timedelta(minutes=10)
# Over the host's fetch limit: try again this long after.
DEFERRED = timedelta(seconds=15)
RETRY_FIRST = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=6)
# A resolved issue the checks could not read the page for stops waiting this long
# after its window (it stays "pending", with the last verdict, for the editors).
GIVE_UP = timedelta(days=7)
# The shortest step between two checks after a resolve (when ORFO_VERIFY_DELAY is 0).
MIN_STEP = timedelta(seconds=30)
URGENT_PRIORITY = 10
PERIODIC_PRIORITY = -10


def _seconds(name: str) -> timedelta:
    return timedelta(seconds=getattr(settings, name))


def periodic_slot(page_id: int, after: datetime, period: timedelta) -> datetime:
    """The page's first periodic slot after AFTER."""
    span = int(period.total_seconds())
    digest = hashlib.sha256(f"orfo page {page_id}".encode()).hexdigest()
    offset = int(digest[:12], 16) % span
    epoch = int(after.timestamp())
    k = (epoch - offset) // span + 1
    return datetime.fromtimestamp(k * span + offset, tz=UTC)


def resolve_slots(resolved_at: datetime) -> list[datetime]:
    """When a resolved issue is checked: after the delay, then at doubling steps,
    and last at the end of the window."""
    delay, window = _seconds("ORFO_VERIFY_DELAY"), _seconds("ORFO_VERIFY_WINDOW")
    end = resolved_at + window
    slots, step = [], max(delay, MIN_STEP)
    at = resolved_at + delay
    while at < end:
        slots.append(at)
        at, step = at + step, step * 2
    return [*slots, end]


def next_resolve_check(issue: Issue) -> datetime | None:
    """A pending resolved issue's next check, None once the last one ran."""
    if issue.resolved_at is None:
        return None
    last = issue.checked_at
    if last is None or last < issue.resolved_at:
        return resolve_slots(issue.resolved_at)[0]
    return next((at for at in resolve_slots(issue.resolved_at) if at > last), None)


def retry_wait(failures: int) -> timedelta:
    return min(RETRY_FIRST * 2 ** max(failures - 1, 0), RETRY_MAX)


def next_due(state: PageState, targets: list[Issue], now: datetime) -> datetime | None:
    """When the page of STATE is checked next, for its open and resolved TARGETS."""
    times = []
    periodic = waiting = False
    for issue in targets:
        if issue.status == Status.OPEN or issue.fix_not_live:
            periodic = waiting = True
        elif issue.status != Status.RESOLVED:
            continue
        if issue.awaiting_check:
            # Its check was asked for now (request_check); when the page could not
            # be read, the retries below take over.
            waiting = True
        if issue.status == Status.RESOLVED and issue.verified_at is None:
            slot = None if issue.fix_not_live else next_resolve_check(issue)
            if slot is not None:
                times.append(slot)
            end = issue.resolved_at + _seconds("ORFO_VERIFY_WINDOW") + GIVE_UP
            if issue.verification not in CONTENT_VERDICTS and now < end:
                waiting = True
    period = _seconds("ORFO_VERIFY_PERIOD")
    if periodic and period:
        times.append(periodic_slot(state.page_id, state.fetched_at or now, period))
    if state.failures and waiting and state.fetched_at:
        times.append(state.fetched_at + retry_wait(state.failures))
    return min(times) if times else None


def state_for(page_id: int) -> PageState:
    """The page's PageState, made if it has none."""
    PageState.objects.bulk_create([PageState(page_id=page_id)], ignore_conflicts=True)
    return PageState.objects.get(page_id=page_id)


def refresh(page_id: int, now: datetime | None = None) -> datetime | None:
    """Work out again when the page is due (its issues changed); a check asked for
    now stays due now."""
    now = now or timezone.now()
    state = state_for(page_id)
    due = next_due(state, issues.checkable_issues(page_id), now)
    if state.urgent:
        due = min(due, state.due_at or now) if due else state.due_at or now
    PageState.objects.filter(pk=state.pk).update(due_at=due)
    return due


def enqueue(page_id: int, urgent: bool) -> None:
    """Queue the task that checks the page (after the transaction commits)."""
    from orfo.verification.tasks import check_page

    def send():
        priority = URGENT_PRIORITY if urgent else PERIODIC_PRIORITY
        try:
            check_page.using(priority=priority).enqueue(page_id)
        except Exception:
            logger.exception(
                "could not queue the check of page %s; the sweep will", page_id
            )

    transaction.on_commit(send, robust=True)


def _free(now: datetime) -> Q:
    return (Q(queued_until__isnull=True) | Q(queued_until__lt=now)) & (
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    )


def queue_due(now: datetime | None = None, limit: int | None = None) -> int:
    """Queue the checks that are due, asked-for ones first; return how many."""
    now = now or timezone.now()
    limit = limit or settings.ORFO_VERIFY_PAGES_PER_SWEEP
    busy = PageState.objects.filter(queued_until__gte=now).count()
    room = max(limit - busy, 0)
    due = (
        PageState.objects.filter(_free(now), due_at__lte=now)
        .order_by("-urgent", "due_at", "pk")
        .values_list("pk", "page_id", "urgent")[:room]
    )
    queued = 0
    for pk, page_id, urgent in list(due):
        claimed = PageState.objects.filter(_free(now), pk=pk).update(
            queued_until=now + LEASE
        )
        if claimed:
            enqueue(page_id, urgent)
            queued += 1
    return queued
