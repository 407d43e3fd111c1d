"""Sending recorded notifications: claim, send, record the outcome, retry later.

A notification is claimed by a conditional update that sets a lease. A worker that
dies mid-send leaves it "sending"; once the lease runs out the sweep sends it again.
So delivery is at least once, and only what was in flight can be sent twice (its
key lets the receiver tell). Retries wait exponentially longer; while one of a
channel's sends waits for a retry, the channel's other sends wait with it instead of
each spending a timeout on a server that is down, so one broken channel costs the
worker one timeout per retry rather than one per message.
"""

import logging
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from orfo.notifications import messages
from orfo.notifications.models import Channel, Notification
from orfo.notifications.transports import transport_for
from orfo.notifications.transports.base import TransportError

logger = logging.getLogger(__name__)

PENDING = Notification.Status.PENDING
SENDING = Notification.Status.SENDING
SENT = Notification.Status.SENT
FAILED = Notification.Status.FAILED
MAX_DELAY = timedelta(hours=6)


def record(channel: Channel, reason: str, key, issue_id=None, data=None) -> None:
    """Record a notification (once per KEY) and have a worker send it after commit."""
    Notification.objects.bulk_create(
        [
            Notification(
                key=key,
                channel=channel,
                issue_id=issue_id,
                reason=reason,
                data=data or {},
            )
        ],
        ignore_conflicts=True,
    )
    pk = Notification.objects.filter(key=key, status=PENDING).values_list(
        "pk", flat=True
    )
    for notification_id in pk:
        transaction.on_commit(lambda n=notification_id: enqueue(n), robust=True)


def enqueue(pk: int, when=None) -> None:
    from orfo.notifications.tasks import deliver_notification

    try:
        task = deliver_notification.using(run_after=when) if when else None
        (task or deliver_notification).enqueue(pk)
    except Exception:
        logger.exception("could not enqueue notification %s; the sweep will", pk)


def backoff(attempts: int) -> timedelta:
    base = settings.ORFO_NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=base * random.uniform(1.0, 1.2)), MAX_DELAY)


def _claim(pk: int, now) -> Notification | None:
    due = Q(status=PENDING, next_attempt_at__lte=now) | Q(
        status=SENDING, locked_until__lt=now
    )
    lease = now + timedelta(seconds=settings.ORFO_NOTIFY_LEASE_SECONDS)
    if not Notification.objects.filter(due, pk=pk).update(
        status=SENDING, locked_until=lease, attempts=F("attempts") + 1
    ):
        return None
    return Notification.objects.select_related("channel__site", "issue__page").get(
        pk=pk
    )


def deliver(pk: int) -> str:
    """Send notification PK if it is due and nobody else is sending it."""
    now = timezone.now()
    row = Notification.objects.select_related("channel").filter(pk=pk).first()
    if row is None or row.status in (SENT, FAILED):
        return "done"
    channel = row.channel
    if row.reason != Notification.Reason.TEST:
        if not channel.is_enabled:
            Notification.objects.filter(pk=pk, status__in=[PENDING, SENDING]).update(
                status=FAILED, locked_until=None, last_error="channel disabled"
            )
            return "channel disabled"
        if channel.retry_after and channel.retry_after > now and row.status == PENDING:
            if Notification.objects.filter(
                pk=pk, status=PENDING, next_attempt_at__lt=channel.retry_after
            ).update(next_attempt_at=channel.retry_after):
                enqueue(pk, channel.retry_after)
            return "deferred"
    notification = _claim(pk, now)
    if notification is None:
        return "not due"
    try:
        transport_for(notification.channel).send(messages.build(notification))
    except TransportError as e:
        _failed(notification, e)
        return "failed"
    except Exception as e:
        logger.exception("notification %s could not be sent", pk)
        _failed(notification, TransportError(f"internal error: {type(e).__name__}"))
        return "failed"
    _sent(notification)
    return "sent"


def _sent(notification: Notification) -> None:
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=SENT, sent_at=now, locked_until=None, last_error=""
    )
    # A delivery that works again answers the last error: stop showing it.
    Channel.objects.filter(pk=notification.channel_id).update(
        last_delivery=now, retry_after=None, last_error="", last_error_at=None
    )


def _failed(notification: Notification, error: TransportError) -> None:
    now = timezone.now()
    channel = notification.channel
    message = str(error)
    Channel.objects.filter(pk=channel.pk).update(last_error=message, last_error_at=now)
    mine = Notification.objects.filter(pk=notification.pk, status=SENDING)
    if error.permanent or notification.attempts >= settings.ORFO_NOTIFY_MAX_ATTEMPTS:
        mine.update(status=FAILED, locked_until=None, last_error=message)
        if error.permanent:
            channel.disable(message)
            logger.warning("channel %s disabled: %s", channel.pk, message)
        return
    when = now + backoff(notification.attempts)
    mine.update(
        status=PENDING, locked_until=None, next_attempt_at=when, last_error=message
    )
    if notification.reason != Notification.Reason.TEST:
        Channel.objects.filter(pk=channel.pk).update(retry_after=when)
    enqueue(notification.pk, when)


def deliver_due(limit: int = 100) -> int:
    """Send what lost its task: sends whose worker died, and long-overdue ones."""
    now = timezone.now()
    overdue = now - timedelta(seconds=settings.ORFO_NOTIFY_LEASE_SECONDS)
    lost = Notification.objects.filter(
        Q(status=SENDING, locked_until__lt=now)
        | Q(status=PENDING, next_attempt_at__lt=overdue)
    ).order_by("next_attempt_at", "id")
    ids = list(lost.values_list("pk", flat=True)[:limit])
    for pk in ids:
        deliver(pk)
    return len(ids)


def send_test(channel: Channel) -> None:
    """Queue a test notification to CHANNEL (sent by a worker, like the rest)."""
    with transaction.atomic():
        record(channel, Notification.Reason.TEST, uuid.uuid4())
