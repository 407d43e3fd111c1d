"""Spam verdicts that are visible, reversible and lose nothing; readers counted apart
from reports."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from orfo.issues import inbox
from orfo.issues.models import Issue, Status
from orfo.notifications.messages import digest_fields
from orfo.reports import api as reports_api
from orfo.reports import spam
from orfo.reports.models import BlockedReader, Report
from orfo.reports.pending import group_pending, release_unblocked
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
SPAMMER = {"REMOTE_ADDR": "203.0.113.7"}
OTHER = {"REMOTE_ADDR": "203.0.113.8"}


def spam_issue(site, send, quote="Almaty"):
    """An issue SPAMMER reported, marked as spam: SPAMMER is blocked."""
    send(make_report(site, quote), **SPAMMER)
    issue = Issue.objects.get(quote=quote)
    assert issue.set_status(Status.SPAM)
    return issue


def test_a_blocked_readers_reports_are_held_not_dropped(site, send):
    issue = spam_issue(site, send)
    answer = send(make_report(site, "library", comment="buy now"), **SPAMMER)
    # The ordinary answer (a report stored), as for a report the worker groups.
    assert answer.status_code == 201
    assert answer.json()["report"] and answer.json()["issue"] is None
    held = Report.objects.get(pk=answer.json()["report"])
    assert held.held and held.issue is None and held.comment == "buy now"
    # Out of the inbox: no issue counts it, and the worker leaves it alone.
    assert not Issue.objects.filter(quote="library").exists()
    assert group_pending() == 0
    assert Issue.objects.get(pk=issue.pk).report_count == 1
    assert send(make_report(site, "library"), **OTHER).status_code == 201
    assert Issue.objects.get(quote="library").report_count == 1


def test_unblocking_releases_the_held_reports_into_the_inbox(
    site, send, django_capture_on_commit_callbacks
):
    spam_issue(site, send)
    send(make_report(site, "library"), **SPAMMER)
    send(make_report(site, "collection"), **SPAMMER)
    block = BlockedReader.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert spam.unblock(site.pk, [block.pk]) == 2
    assert not BlockedReader.objects.exists()
    assert not Report.objects.filter(held=True).exists()
    assert {i.quote: i.report_count for i in Issue.objects.exclude(quote="Almaty")} == {
        "library": 1,
        "collection": 1,
    }
    # And the reader's next report is grouped as anyone's.
    answer = send(make_report(site, "library", comment="again"), **SPAMMER)
    assert answer.json()["issue"] == Issue.objects.get(quote="library").pk


def test_reopening_a_spam_issue_unblocks_its_readers(
    site, send, django_capture_on_commit_callbacks
):
    issue = spam_issue(site, send)
    send(make_report(site, "library"), **SPAMMER)
    assert BlockedReader.objects.get().issue == issue
    with django_capture_on_commit_callbacks(execute=True):
        assert issue.set_status(Status.OPEN)
    assert not BlockedReader.objects.exists()
    assert Issue.objects.get(quote="library").report_count == 1
    assert send(make_report(site, "collection"), **SPAMMER).json()["issue"]


def test_a_reader_of_another_spam_issue_stays_blocked_for_that_one(site, send):
    send(make_report(site, "library"), **SPAMMER)
    first = spam_issue(site, send, "Almaty")
    second = Issue.objects.get(quote="library")
    assert second.set_status(Status.SPAM)  # SPAMMER is blocked already, for FIRST
    assert first.set_status(Status.OPEN)
    assert BlockedReader.objects.get().issue == second
    answer = send(make_report(site, "collection"), **SPAMMER)
    assert Report.objects.get(pk=answer.json()["report"]).held


def test_a_verdict_blocks_only_readers_whose_hash_can_still_match(site, send):
    send(make_report(site, "Almaty"), **SPAMMER)
    send(make_report(site, "Almaty", comment="old"), **OTHER)
    Report.objects.filter(comment="old").update(
        created=timezone.now() - timedelta(days=3)
    )
    issue = Issue.objects.get()
    assert spam.impact([issue.pk]) == spam.Impact(reports=2, readers=2, blocked=1)
    issue.set_status(Status.SPAM)
    assert BlockedReader.objects.count() == 1


def test_held_reports_wait_for_the_worker_until_released(site, send, settings):
    settings.ORFO_GROUP_INLINE = False
    send(make_report(site, "Almaty"), **SPAMMER)
    assert group_pending() == 1
    Issue.objects.get().set_status(Status.SPAM)
    send(make_report(site, "library"), **SPAMMER)
    assert group_pending() == 0
    spam.unblock(site.pk, BlockedReader.objects.values_list("pk", flat=True))
    assert group_pending() == 1
    assert Issue.objects.get(quote="library").report_count == 1


def test_a_report_held_by_a_stale_blocklist_is_released_by_the_worker(site, send):
    spam_issue(site, send)
    held = send(make_report(site, "library"), **SPAMMER).json()["report"]
    # Another process unblocked the reader; this one held a report a moment later.
    BlockedReader.objects.all().delete()
    assert group_pending() == 1  # the worker's pass releases it, then groups it
    assert release_unblocked() == 0
    assert Report.objects.get(pk=held).issue.quote == "library"


def test_the_purge_removes_held_reports_and_keeps_blocks_that_hold_some(site, send):
    spam_issue(site, send)
    send(make_report(site, "library"), **SPAMMER)
    send(make_report(site, "collection"), **SPAMMER)
    old = timezone.now() - timedelta(days=400)
    BlockedReader.objects.update(created=old)
    Report.objects.filter(quote="library").update(created=old)
    call_command("purge", "--older-than", "365d", verbosity=0)
    # The old held report is gone; the block stays while it holds a younger one.
    assert list(Report.objects.filter(held=True).values_list("quote", flat=True)) == [
        "collection"
    ]
    assert BlockedReader.objects.exists()
    Report.objects.filter(quote="collection").update(created=old)
    call_command("purge", "--older-than", "365d", verbosity=0)
    assert not Report.objects.filter(held=True).exists()
    assert not BlockedReader.objects.exists()


def test_one_reader_counts_once_per_issue(site, send):
    for n in range(5):  # different comments: five reports, not one repeated
        send(make_report(site, comment=f"typo {n}"), **SPAMMER)
    issue = Issue.objects.get()
    assert (issue.report_count, issue.reader_count) == (5, 1)
    send(make_report(site), **OTHER)
    issue.refresh_from_db()
    assert (issue.report_count, issue.reader_count) == (6, 2)


def test_one_reader_counts_once_when_grouped_in_one_batch(site, send, settings):
    settings.ORFO_GROUP_INLINE = False
    for n in range(4):
        send(make_report(site, comment=f"typo {n}"), **SPAMMER)
    send(make_report(site), **OTHER)
    assert group_pending() == 5  # one transaction: none is saved with its issue yet
    issue = Issue.objects.get()
    assert (issue.report_count, issue.reader_count) == (5, 2)
    for n in range(2):
        send(make_report(site, comment=f"later {n}"), **SPAMMER)
    assert group_pending() == 2
    issue.refresh_from_db()
    assert (issue.report_count, issue.reader_count) == (7, 2)


def test_one_reader_cannot_push_an_issue_to_the_top_of_the_inbox(site, send):
    for n in range(10):
        send(make_report(site, "Almaty", comment=f"{n}"), **SPAMMER)
    send(make_report(site, "library"))
    send(make_report(site, "library"))
    rows, _ = inbox.page(inbox.InboxQuery(site_ids=[site.pk]))
    assert [(i.quote, i.report_count, i.reader_count) for i in rows] == [
        ("library", 2, 2),
        ("Almaty", 10, 1),
    ]
    # Keyset pages follow the same order.
    first, cursor = inbox.page(inbox.InboxQuery(site_ids=[site.pk]), size=1)
    second, _ = inbox.page(inbox.InboxQuery(site_ids=[site.pk]), cursor, size=1)
    assert [first[0].quote, second[0].quote] == ["library", "Almaty"]


def test_the_digest_and_the_daily_chart_count_readers_and_no_held_report(site, send):
    for n in range(10):
        send(make_report(site, "Almaty", comment=f"{n}"), **SPAMMER)
    send(make_report(site, "library"))
    send(make_report(site, "library"))
    since = timezone.now() - timedelta(hours=1)
    channel = SimpleNamespace(site_id=site.pk)
    data = {"since": since.isoformat(), "until": timezone.now().isoformat()}
    digest = digest_fields(SimpleNamespace(channel=channel, data=data))
    assert [i["quote"] for i in digest["new"]] == ["library", "Almaty"]
    Issue.objects.get(quote="Almaty").set_status(Status.SPAM)
    send(make_report(site, "collection"), **SPAMMER)  # held
    assert sum(reports_api.daily_counts([site.pk], since).values()) == 12


def test_the_migration_counts_the_readers_of_existing_issues(site, send):
    for n in range(3):
        send(make_report(site, comment=f"{n}"), **SPAMMER)
    send(make_report(site), **OTHER)
    send(make_report(site, "library"), **OTHER)
    Report.objects.filter(quote="library").update(reader_hash="")  # unknown reader
    Issue.objects.update(reader_count=0)
    migration = importlib.import_module(
        "orfo.issues.migrations.0009_issue_reader_count"
    )
    migration.count_readers(apps, None)
    counts = {i.quote: i.reader_count for i in Issue.objects.all()}
    assert counts == {"teh": 2, "library": 1}


def test_the_migration_links_recent_blocks_to_their_spam_issue(site, send):
    issue = spam_issue(site, send)
    BlockedReader.objects.update(issue=None)
    migration = importlib.import_module("orfo.reports.migrations.0007_held_reports")
    migration.link_recent_blocks(apps, None)
    assert BlockedReader.objects.get().issue == issue
