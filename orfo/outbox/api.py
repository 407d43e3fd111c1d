"""Record events for the worker; call inside the transaction that caused them."""

from django.db import connection, transaction

from orfo.outbox.models import Event


def emit(kind: str, issue, **data) -> Event:
    if not connection.in_atomic_block:
        raise RuntimeError(
            "emit() must run inside the transaction that caused the event"
        )
    event = Event.objects.create(
        kind=kind, site_id=issue.site_id, issue=issue, data=data
    )
    _wake_on_commit()
    return event


def emit_many(events: list[tuple[str, object, dict]]) -> list[Event]:
    """Record (kind, issue, data) EVENTS, in that order, with one statement."""
    if not events:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError(
            "emit_many() must run inside the transaction that caused the events"
        )
    rows = Event.objects.bulk_create(
        Event(kind=kind, site_id=issue.site_id, issue=issue, data=data)
        for kind, issue, data in events
    )
    _wake_on_commit()
    return rows


def _wake_on_commit() -> None:
    # Wake a worker once the events are visible (once per transaction, however many
    # it records); if this fails, the worker's sweep finds the events.
    if not any(entry[1] is _wake_worker for entry in connection.run_on_commit):
        transaction.on_commit(_wake_worker, robust=True)


def _wake_worker() -> None:
    from orfo.outbox.dispatch import dispatch_events

    dispatch_events.enqueue()
