"""From outbox event to notification: claimed once, recorded before sending."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from orfo.issues.models import Status
from orfo.notifications import delivery
from orfo.notifications.models import Notification, make_key
from orfo.notifications.transports.webhook import WebhookTransport
from orfo.outbox import dispatch
from orfo.outbox.models import Event
from tests.conftest import run_worker_once
from tests.notifications.conftest import channel, drain


def hook(site, receiver, path="/h", **fields):
    return channel(
        site, "webhook", config={"url": receiver.url + path, "secret": "s"}, **fields
    )


def test_each_event_is_claimed_once_and_fans_out_once(site, receiver, report):
    a = hook(site, receiver, "/a")
    hook(site, receiver, "/b", on_new=False)  # hears regressions only
    report()
    assert Event.objects.filter(dispatched_at__isnull=True).count() == 2
    assert dispatch.dispatch_pending() == 2
    assert dispatch.dispatch_pending() == 0
    assert list(Notification.objects.values_list("channel", "reason")) == [
        (a.pk, "new")
    ]
    Event.objects.update(dispatched_at=None)  # as if a worker died after claiming
    dispatch.dispatch_pending()
    assert Notification.objects.count() == 1  # the key made it the same row


def test_two_installations_send_different_keys_for_the_same_event(
    site, receiver, report, settings
):
    """Row numbers are the same everywhere; the key must not be."""
    hook(site, receiver)
    report()
    dispatch.dispatch_pending()
    first = Notification.objects.get().key
    Notification.objects.all().delete()
    Event.objects.update(dispatched_at=None)
    settings.SECRET_KEY = "another-installation"  # same rows, another install
    dispatch.dispatch_pending()
    second = Notification.objects.get().key
    assert first != second
    assert make_key("event", 1, 1) == make_key("event", 1, 1)  # stable in one


def test_a_notification_is_recorded_before_it_is_sent(
    site, receiver, report, monkeypatch
):
    hook(site, receiver)
    seen = []

    def send(self, message):
        seen.append(Notification.objects.get(key=message.key).status)

    monkeypatch.setattr(WebhookTransport, "send", send)
    report()
    drain()
    assert seen == ["sending"]
    assert Notification.objects.get().status == "sent"


def test_a_regression_is_announced(site, receiver, report, monkeypatch):
    from orfo.verification.tasks import run_check
    from tests.verification.fakes import fake_page

    fake_page(monkeypatch)  # the live page still shows the error
    hook(site, receiver, on_new=False)
    issue = report()
    drain()
    issue.set_status(Status.RESOLVED)
    report()
    drain()  # the report asks for a check of the live page; nothing is sent yet
    assert receiver.json("/h") == []
    assert run_check(issue.page_id) == "ok"
    drain()
    [body] = receiver.json("/h")
    assert body["event"] == "issue.regression" and body["issue"]["report_count"] == 2


def test_a_send_whose_worker_died_is_sent_again_after_its_lease(site, receiver, report):
    hook(site, receiver)
    report()
    dispatch.dispatch_pending()
    n = Notification.objects.get()
    Notification.objects.filter(pk=n.pk).update(
        status="sending", attempts=1, locked_until=timezone.now() + timedelta(minutes=1)
    )
    assert delivery.deliver_due() == 0  # still leased to the (maybe live) worker
    Notification.objects.filter(pk=n.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert delivery.deliver_due() == 1
    n.refresh_from_db()
    assert n.status == "sent" and n.attempts == 2
    assert len(receiver.to("/h")) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_it_all_through_tasks(site, receiver, report):
    hook(site, receiver)
    report()
    assert DBTaskResult.objects.filter(task_path__endswith="dispatch_events").exists()
    run_worker_once()
    assert len(receiver.to("/h")) == 1
    assert Notification.objects.get().status == "sent"
