"""Turn outbox events into notifications: one per channel that wants the event."""

from orfo.notifications import delivery
from orfo.notifications.models import Channel, Notification, make_key
from orfo.outbox.models import Event

Reason = Notification.Reason


def on_event(event: Event) -> None:
    """Record the event's notifications; runs in the transaction that claims it."""
    channels = Channel.objects.filter(site_id=event.site_id, is_enabled=True)
    data: dict = {}
    if event.kind == Event.Kind.ISSUE_CREATED:
        reason, channels = Reason.NEW, channels.filter(on_new=True)
    elif event.kind == Event.Kind.ISSUE_REGRESSED:
        reason, channels = Reason.REGRESSION, channels.filter(on_regression=True)
    elif event.kind == Event.Kind.REPORT_ADDED:
        count = event.data.get("report_count")
        if not isinstance(count, int) or count < 2:
            return
        # Counts rise by one under a lock, so exactly one report hits each number.
        reason, channels = Reason.THRESHOLD, channels.filter(threshold=count)
        data = {"report_count": count}
    else:
        return
    for channel in channels:
        key = make_key("event", event.pk, channel.pk)
        delivery.record(channel, reason, key, issue_id=event.issue_id, data=data)
