"""The worker side of the outbox: hand each event to its listeners exactly once.

An event is claimed by a conditional update of `dispatched_at` (found through the
`outbox_pending` partial index) in the same transaction as whatever its listeners
record, so a worker that dies mid-way leaves the event pending and nothing half-done.
Listeners must only write rows and enqueue tasks; slow work belongs in those tasks.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from orfo.outbox.models import Event

logger = logging.getLogger(__name__)

Listener = Callable[[Event], None]
_listeners: list[Listener] = []
_periodic: list[Callable[[], object]] = []


def listen(listener: Listener) -> Listener:
    """Call LISTENER with every event, inside the transaction that claims it."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def every_sweep(job: Callable[[], object]) -> Callable[[], object]:
    """Run JOB on each of the worker's periodic sweeps (retries, digests...)."""
    if job not in _periodic:
        _periodic.append(job)
    return job


def dispatch_pending(limit: int = 500) -> int:
    """Dispatch up to LIMIT pending events, oldest first; return how many."""
    pending = Event.objects.filter(dispatched_at__isnull=True).order_by("created", "id")
    done = 0
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        try:
            with transaction.atomic():
                claimed = Event.objects.filter(pk=pk, dispatched_at__isnull=True)
                if not claimed.update(dispatched_at=timezone.now()):
                    continue  # another worker has it
                event = Event.objects.select_related("issue").get(pk=pk)
                for listener in _listeners:
                    listener(event)
        except Exception:
            # The event stays pending and is tried again on the next sweep; one bad
            # event must not stop the ones behind it.
            logger.exception("dispatching outbox event %s failed", pk)
            continue
        done += 1
    return done


def sweep() -> None:
    """Catch up on anything a lost task missed: events, then periodic jobs."""
    dispatch_pending()
    for job in _periodic:
        try:
            job()
        except Exception:
            logger.exception("periodic job %s failed", getattr(job, "__name__", job))


@task()
def dispatch_events() -> int:
    return dispatch_pending()
