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
    # Wake a worker once the event is visible (once per transaction, however many
    # events it records); if this fails, the worker's sweep finds the event.
    if not any(entry[1] is _wake_worker for entry in connection.run_on_commit):
        transaction.on_commit(_wake_worker, robust=True)
    return event


def _wake_worker() -> None:
    from orfo.outbox.dispatch import dispatch_events

    dispatch_events.enqueue()
