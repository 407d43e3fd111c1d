from orfo.outbox.models import Event


def purge_before(cutoff) -> int:
    """Delete events dispatched before CUTOFF."""
    deleted, _ = Event.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted
