"""The signed JSON webhook: body, signature, idempotency header, retries, disabling."""

import hashlib
import hmac
import json
from datetime import timedelta

from django.utils import timezone

from orfo.notifications import delivery
from orfo.notifications.models import Channel, Notification
from tests.notifications.conftest import channel, drain


def webhook(site, receiver, path="/hook", **fields):
    config = {"url": receiver.url + path, "secret": "s3cret"}
    return channel(site, "webhook", config=config, **fields)


def test_it_posts_the_issue_signed_with_an_idempotency_key(site, receiver, report):
    hook = webhook(site, receiver)
    issue = report()
    assert drain() == ["sent"]
    [request] = receiver.to("/hook")
    body, headers = request["body"], request["headers"]
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Orfo-Signature"] == f"sha256={expected}"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Orfo-Event"] == "issue.new"
    notification = Notification.objects.get(channel=hook)
    assert headers["Idempotency-Key"] == str(notification.key)
    data = json.loads(body)
    assert data["id"] == str(notification.key)
    assert data["event"] == "issue.new"
    assert data["site"] == "News.kz"
    assert data["issue"]["quote"] == "teh"
    assert data["issue"]["correction"] == "the"
    assert data["issue"]["report_count"] == 1
    assert (
        data["issue"]["issue_url"]
        == f"https://orfo.example/dashboard/issues/{issue.pk}/"
    )
    assert data["issue"]["live_url"].startswith(
        "https://news.kz/2026/11/27/library#:~:text="
    )
    assert "opened" in data["issue"]["before"]
    assert notification.status == "sent"
    hook.refresh_from_db()
    assert hook.last_delivery is not None and hook.last_error == ""


def test_it_retries_a_500_later_with_the_same_key(site, receiver, report):
    hook = webhook(site, receiver)
    receiver.respond("/hook", 500, 200)
    report()
    assert drain() == ["failed"]
    notification = Notification.objects.get(channel=hook)
    assert notification.status == "pending" and notification.attempts == 1
    assert "500" in notification.last_error
    wait = notification.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < wait < timedelta(seconds=40)
    assert delivery.deliver(notification.pk) == "deferred"  # not due yet

    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now()
    )
    Channel.objects.filter(pk=hook.pk).update(retry_after=None)
    assert delivery.deliver(notification.pk) == "sent"
    keys = [r["headers"]["Idempotency-Key"] for r in receiver.to("/hook")]
    assert keys == [str(notification.key)] * 2
    hook.refresh_from_db()
    assert hook.is_enabled and hook.retry_after is None


def test_a_success_clears_the_channels_last_error(site, receiver, report):
    hook = webhook(site, receiver)
    receiver.respond("/hook", 500, 200)
    report()
    assert drain() == ["failed"]
    hook.refresh_from_db()
    assert "500" in hook.last_error
    Notification.objects.update(next_attempt_at=timezone.now())
    Channel.objects.filter(pk=hook.pk).update(retry_after=None)
    assert delivery.deliver(Notification.objects.get().pk) == "sent"
    hook.refresh_from_db()
    assert hook.last_error == "" and hook.last_error_at is None
    assert hook.last_delivery is not None


def test_backoff_doubles(settings):
    settings.ORFO_NOTIFY_RETRY_SECONDS = 10
    waits = [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)]
    for wait, base in zip(waits, (10, 20, 40, 80), strict=True):
        assert base <= wait <= base * 1.2
    assert delivery.backoff(40) == delivery.MAX_DELAY


def test_it_gives_up_after_the_last_attempt(site, receiver, report, settings):
    settings.ORFO_NOTIFY_MAX_ATTEMPTS = 2
    hook = webhook(site, receiver)
    receiver.respond("/hook", 503)
    report()
    drain()
    Notification.objects.update(next_attempt_at=timezone.now())
    Channel.objects.update(retry_after=None)
    drain()
    notification = Notification.objects.get(channel=hook)
    assert notification.status == "failed" and notification.attempts == 2
    hook.refresh_from_db()
    assert hook.is_enabled  # temporary trouble never disables


def test_a_404_disables_the_channel_and_says_why(site, receiver, report):
    hook = webhook(site, receiver)
    receiver.respond("/hook", 404)
    report()
    assert drain() == ["failed"]
    hook.refresh_from_db()
    assert not hook.is_enabled
    assert "404" in hook.disabled_reason
    assert Notification.objects.get(channel=hook).status == "failed"
    report("doors")  # a disabled channel hears nothing more
    drain()
    assert len(receiver.to("/hook")) == 1


def test_a_broken_channel_does_not_delay_the_others(site, receiver, report):
    broken = webhook(site, receiver, "/broken")
    webhook(site, receiver, "/fine")
    receiver.respond("/broken", 500)
    report()
    report("doors")
    report("library")
    drain()
    assert len(receiver.to("/fine")) == 3
    # The broken one was tried once; its other sends wait for its retry time.
    assert len(receiver.to("/broken")) == 1
    broken.refresh_from_db()
    waiting = Notification.objects.filter(channel=broken, status="pending")
    assert waiting.count() == 3
    assert all(n.next_attempt_at >= broken.retry_after for n in waiting)


def test_a_redirect_is_not_followed_and_disables(site, receiver, report):
    hook = webhook(site, receiver, "/moved")
    receiver.respond("/moved", 302)
    report()
    drain()
    hook.refresh_from_db()
    assert not hook.is_enabled and "302" in hook.disabled_reason
    assert [r["path"] for r in receiver.requests] == ["/moved"]


def test_a_private_address_is_refused_and_disables(site, report, settings, receiver):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    hook = webhook(site, receiver)
    report()
    drain()
    hook.refresh_from_db()
    assert not hook.is_enabled and "not public" in hook.disabled_reason
    assert receiver.requests == []
