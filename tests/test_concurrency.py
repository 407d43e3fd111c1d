"""Concurrent reports: one issue per error, one report per client_id."""

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from orfo.issues.models import Issue
from orfo.reports.models import Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db(transaction=True)


def post_all(payloads, addresses=None):
    """POST every payload from its own thread, all released at the same moment;
    from twenty readers unless ADDRESSES (one per payload) are given."""
    barrier = threading.Barrier(len(payloads))
    results = [None] * len(payloads)

    def worker(i, payload):
        try:
            client = Client()
            barrier.wait()
            response = client.post(
                "/api/v1/reports",
                data=json.dumps(payload),
                content_type="text/plain",
                HTTP_ORIGIN="https://news.kz",
                REMOTE_ADDR=addresses[i] if addresses else f"192.0.2.{i + 1}",
            )
            results[i] = (response.status_code, response.json())
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(i, p)) for i, p in enumerate(payloads)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_twenty_concurrent_reports_of_one_error_make_one_issue(site):
    # The page is known already (another error on it), so nothing but grouping's own
    # lock keeps the twenty from each creating an issue.
    [(status, first)] = post_all([make_report(site, "library")])
    assert status == 201
    quotes = ["teh", "teh doors", "opened teh"] * 7
    results = post_all([make_report(site, q) for q in quotes[:20]])
    assert [status for status, _ in results] == [201] * 20, results
    issue = Issue.objects.exclude(pk=first["issue"]).get()
    assert issue.report_count == 20
    assert Report.objects.filter(issue=issue).count() == 20
    assert len({body["issue"] for _, body in results}) == 1


def test_concurrent_reports_count_each_reader_once(site):
    # Four readers, five reports each (different comments: not repeats), all at once,
    # on a known page: each reader is new to the issue only once.
    [(status, first)] = post_all([make_report(site, "library")])
    payloads = [make_report(site, "teh", comment=f"{n}") for n in range(20)]
    addresses = [f"198.51.100.{n % 4 + 1}" for n in range(20)]
    results = post_all(payloads, addresses)
    assert [status for status, _ in results] == [201] * 20, results
    issue = Issue.objects.exclude(pk=first["issue"]).get()
    assert (issue.report_count, issue.reader_count) == (20, 4)


def test_concurrent_retries_of_one_client_id_store_one_report(site):
    payload = make_report(site)
    results = post_all([payload] * 10)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 9 + [201], results
    assert len({json.dumps(body, sort_keys=True) for _, body in results}) == 1
    assert Report.objects.count() == 1
    assert Issue.objects.get().report_count == 1


def test_it_runs_on_the_configured_engine():
    # Says in the test log which engine the races above ran on.
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL session setting"
)
def test_a_vanished_machines_transaction_cannot_hold_its_locks_for_hours():
    """A peer that dies mid-transaction without closing its socket would keep its
    locks for PostgreSQL's two hours of TCP keepalive: Orfo's sessions end a
    transaction left idle for a minute (orfo/settings.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone()[0] == "1min"


def _burst(site, send):
    """Sixty reports waiting to be grouped: five errors (selected differently) on
    three pages, from readers of whom some send several."""
    quotes = ["teh", "teh doors", "opened teh", "library", "collection"]
    for n in range(60):
        url = f"https://news.kz/2026/12/04/story-{n % 3}"
        payload = make_report(site, quotes[n % 5], url=url, comment=f"{n}")
        payload["correction"] = ["", "the", "The"][n % 3]
        assert send(payload, REMOTE_ADDR=f"198.51.100.{n % 7 + 1}").status_code == 201


def _assert_grouped_once():
    """Every report in one issue, counted there once, with one event each."""
    from django.db.models import Count

    from orfo.outbox.models import Event

    assert not Report.objects.filter(issue__isnull=True).exists()
    for issue in Issue.objects.annotate(
        n=Count("reports"), readers=Count("reports__reader_hash", distinct=True)
    ):
        assert (issue.report_count, issue.reader_count) == (issue.n, issue.readers)
    added = Event.objects.filter(kind=Event.Kind.REPORT_ADDED)
    assert added.count() == Report.objects.count()
    created = Event.objects.filter(kind=Event.Kind.ISSUE_CREATED)
    assert created.count() == Issue.objects.count()


def test_concurrent_workers_group_each_report_exactly_once(
    site, send, settings, monkeypatch
):
    """Four workers at once, in small batches that share pages: each claims
    reports no other holds and skips pages another holds, and every report ends
    up counted once (issue 16)."""
    from orfo.reports import pending

    settings.ORFO_GROUP_INLINE = False
    _burst(site, send)
    monkeypatch.setattr(pending, "per_transaction", lambda: 4)
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            while pending.group_pending(limit=8):
                pass
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    pending.group_pending(limit=100)  # the next pass: what a held page left
    _assert_grouped_once()
    assert Issue.objects.count() == 9  # 'teh' three ways is one error per page


class Killed(BaseException):
    """The worker process dying: nothing of the batch's transaction survives."""


def test_a_batch_that_dies_midway_leaves_its_reports_waiting(
    site, send, settings, monkeypatch
):
    from orfo.outbox import api as outbox
    from orfo.reports import pending

    settings.ORFO_GROUP_INLINE = False
    _burst(site, send)
    real = outbox.emit_many

    def die(events):
        real(events)  # issues, counts and events written, not committed
        raise Killed

    monkeypatch.setattr(outbox, "emit_many", die)
    with pytest.raises(Killed):
        pending.group_pending(limit=100)
    assert Report.objects.filter(issue__isnull=True).count() == 60
    assert not Issue.objects.exists()
    monkeypatch.setattr(outbox, "emit_many", real)
    assert pending.group_pending(limit=100) == 60
    _assert_grouped_once()
