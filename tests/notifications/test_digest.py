"""Digests: new issues of the period, and those still open."""

from datetime import UTC, datetime, timedelta

from orfo.issues.models import Issue, Status
from orfo.notifications import digests
from orfo.notifications.models import Notification
from tests.notifications.conftest import channel, drain

NOW = datetime(2026, 12, 1, 10, 20, tzinfo=UTC)


def at(issue, when):
    Issue.objects.filter(pk=issue.pk).update(first_seen=when, last_seen=when)


def test_a_daily_digest_lists_new_and_still_open_issues(site, smtp, report):
    channel(
        site, "email", config={"to": ["desk@news.kz"]}, on_new=False, digest="daily"
    )
    site.default_lang = "en"
    site.save()
    new = report("teh")
    old_open = report("doors", correction="door")
    old_resolved = report("library")
    at(new, NOW - timedelta(hours=12))  # yesterday
    at(old_open, NOW - timedelta(days=3))
    at(old_resolved, NOW - timedelta(days=3))
    old_resolved.set_status(Status.RESOLVED)
    before = NOW - timedelta(days=5)
    at(report("city"), before)
    Issue.objects.filter(quote="city").update(status=Status.SPAM)

    assert digests.schedule_due(NOW) == 1
    assert digests.schedule_due(NOW) == 0  # once per period
    drain()
    [(_, msg)] = smtp.messages
    assert msg["Subject"].strip() == "News.kz: 1 new, 1 still open"
    text = msg.get_body(("plain",)).get_content()
    assert "2026-11-30 00:00 – 2026-12-01 00:00" in text
    new_part, open_part = text.split("Still open: 1")
    assert "New errors: 1" in new_part and "[teh] doors" in new_part
    assert "[doors] → door" in open_part
    assert "library" not in open_part.split("All issues")[0].replace(
        "Almaty opens a library", ""
    )
    notification = Notification.objects.get(reason="digest")
    assert notification.data == {
        "since": "2026-11-30T00:00:00+00:00",
        "until": "2026-12-01T00:00:00+00:00",
    }


def test_an_hourly_digest_without_new_issues_is_not_sent(site, receiver, report):
    channel(
        site,
        "webhook",
        config={"url": receiver.url + "/h", "secret": "x"},
        on_new=False,
        digest="hourly",
    )
    at(report(), NOW - timedelta(days=2))
    assert digests.schedule_due(NOW) == 0
    at(report("doors"), NOW - timedelta(minutes=10))
    assert digests.schedule_due(NOW + timedelta(hours=1)) == 1
    drain()
    [body] = receiver.json("/h")
    assert body["event"] == "digest"
    assert body["digest"]["new_count"] == 1 and body["digest"]["open_count"] == 1
    assert [i["quote"] for i in body["digest"]["new"]] == ["doors"]
    assert [i["quote"] for i in body["digest"]["open"]] == ["teh"]


def test_a_new_digest_channel_waits_for_its_first_period(site, owner, client, report):
    """Made at 10:20 with issues open for days, a daily channel sends nothing at
    once: its first digest sums up today, at midnight."""
    from django.utils import timezone

    at(report(), timezone.now() - timedelta(days=3))
    client.force_login(owner)
    for digest in ("daily", "hourly"):
        response = client.post(
            f"/dashboard/sites/{site.pk}/channels/add/webhook/",
            {"name": digest, "url": "https://hooks.news.kz/x", "digest": digest},
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
    assert digests.schedule_due() == 0
    assert not Notification.objects.exists()
    at(report("doors"), timezone.now())
    # The next hour's and day's ends: each channel's first digest, the new issue in it.
    # (An hour from now may be tomorrow already: then both come at once.)
    first = digests.schedule_due(timezone.now() + timedelta(hours=1))
    second = digests.schedule_due(timezone.now() + timedelta(days=1))
    assert first >= 1 and first + second == 2


def test_a_daily_digest_of_nothing_old_and_nothing_new_is_not_sent(site, report):
    """Open issues first seen after the period are not the digest's "still open"."""
    channel(
        site,
        "webhook",
        config={"url": "https://hooks.news.kz/x", "secret": "x"},
        on_new=False,
        digest="daily",
    )
    at(report(), NOW - timedelta(minutes=5))  # today: tomorrow's digest
    assert digests.schedule_due(NOW) == 0
