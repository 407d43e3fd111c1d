"""Turn outbox events into notifications: one per channel that wants the event."""

from django.db.models import Q

from orfo.notifications import delivery
from orfo.notifications.models import Channel, Notification, make_key
from orfo.outbox.models import Event

Reason = Notification.Reason
Kind = Event.Kind

# Changes of an issue that channels hearing "status changes" get, by event.
CHANGES = {
    Kind.ISSUE_RESOLVED: Reason.RESOLVED,
    Kind.ISSUE_REOPENED: Reason.REOPENED,
    Kind.ISSUE_REGRESSED: Reason.REGRESSED,
    Kind.ISSUE_VERIFIED: Reason.VERIFIED,
    Kind.ISSUE_FIX_NOT_LIVE: Reason.FIX_NOT_LIVE,
}
# What a change's notification carries from its event (docs/notifications.md).
CHANGE_DATA = ("from_status", "resolution", "fix", "by", "note")


def on_event(event: Event) -> None:
    """Record the event's notifications; runs in the transaction that claims it."""
    channels = Channel.objects.filter(site_id=event.site_id, is_enabled=True)
    data: dict = {}
    if event.kind == Event.Kind.ISSUE_CREATED:
        reason, channels = Reason.NEW, channels.filter(on_new=True)
    elif event.kind == Event.Kind.REPORT_ADDED:
        count = event.data.get("report_count")
        if not isinstance(count, int) or count < 2:
            return
        # Counts rise by one under a lock, so exactly one report hits each number.
        reason, channels = Reason.THRESHOLD, channels.filter(threshold=count)
        data = {"report_count": count}
    elif event.kind in CHANGES:
        _changes(event, channels)
        return
    else:
        return
    for channel in channels:
        key = make_key("event", event.pk, channel.pk)
        delivery.record(channel, reason, key, issue_id=event.issue_id, data=data)


def _changes(event: Event, channels) -> None:
    """A status change or a finding of the live page: to the channels hearing
    changes; a regression also (as before) to those hearing regressions, and a fix
    not live to them too."""
    data = {k: v for k, v in event.data.items() if k in CHANGE_DATA}
    wanted = Q(on_changes=True)
    if event.kind in (Kind.ISSUE_REGRESSED, Kind.ISSUE_FIX_NOT_LIVE):
        wanted |= Q(on_regression=True)
    for channel in channels.filter(wanted):
        reason = CHANGES[event.kind]
        if event.kind == Kind.ISSUE_REGRESSED and channel.on_regression:
            # Its "regression" message (issue.regression) says it; a webhook that
            # also hears changes gets issue.regressed as well.
            key = make_key("event", event.pk, channel.pk)
            delivery.record(channel, Reason.REGRESSION, key, issue_id=event.issue_id)
            if not (channel.on_changes and channel.kind == "webhook"):
                continue
            key = make_key("event", event.pk, channel.pk, reason)
        else:
            key = make_key("event", event.pk, channel.pk)
        delivery.record(channel, reason, key, issue_id=event.issue_id, data=data)
