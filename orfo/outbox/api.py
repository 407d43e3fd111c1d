"""Record events for the worker; call inside the transaction that caused them."""

from django.db import connection

from orfo.outbox.models import Event


def emit(kind: str, issue, **data) -> Event:
    if not connection.in_atomic_block:
        raise RuntimeError(
            "emit() must run inside the transaction that caused the event"
        )
    return Event.objects.create(
        kind=kind, site_id=issue.site_id, issue=issue, data=data
    )
