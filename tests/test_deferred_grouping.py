"""Ingestion that leaves grouping to the worker (ORFO_GROUP_INLINE=0)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orfo.issues.models import Issue
from orfo.outbox.models import Event
from orfo.reports.models import Report
from orfo.reports.pending import group_one, group_pending
from tests.conftest import make_report, run_worker_once


@pytest.fixture
def deferred(settings):
    settings.ORFO_GROUP_INLINE = False


def test_the_request_stores_the_report_and_names_no_issue_yet(site, send, deferred):
    response = send(make_report(site))
    assert response.status_code == 201
    body = response.json()
    assert body["issue"] is None
    report = Report.objects.get(pk=body["report"])
    assert report.issue_id is None and report.grouping_version == 0
    assert not Issue.objects.exists()
    assert not Event.objects.exists()


def test_an_accepted_report_costs_one_statement(site, send, deferred):
    send(make_report(site))  # the site and its blocked readers are now held
    with CaptureQueriesContext(connection) as queries:
        assert send(make_report(site, quote="collection")).status_code == 201
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert queries[0]["sql"].startswith("INSERT INTO")


def test_retries_and_repeats_answer_the_first_report(site, send, deferred):
    payload = make_report(site, comment="typo")
    first = send(payload, REMOTE_ADDR="192.0.2.7").json()
    assert send(payload, REMOTE_ADDR="192.0.2.8").status_code == 200  # same client_id
    payload["client_id"] = "another-click"
    repeat = send(payload, REMOTE_ADDR="192.0.2.7")  # same reader, same report
    assert repeat.status_code == 200
    assert repeat.json() == first
    payload["client_id"] = "someone-else"
    assert send(payload, REMOTE_ADDR="192.0.2.9").status_code == 201
    assert Report.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # the worker closes its connections
def test_the_worker_groups_waiting_reports_as_inline_grouping_would(
    site, send, deferred
):
    for quote in ("teh", "teh", "collection"):
        send(make_report(site, quote=quote))
    run_worker_once()
    assert not Report.objects.filter(issue__isnull=True).exists()
    issues = {i.quote: i.report_count for i in Issue.objects.all()}
    assert issues == {"teh": 2, "collection": 1}
    assert Event.objects.filter(kind=Event.Kind.ISSUE_CREATED).count() == 2
    # A retry now answers with the issue the worker found.
    report = Report.objects.filter(quote="collection").get()
    assert group_pending() == 0
    assert group_one(report.pk) == report.issue_id


def test_a_report_is_counted_once_however_often_it_is_grouped(site, send, deferred):
    report = send(make_report(site)).json()["report"]
    issue = group_one(report)
    assert group_one(report) == issue
    assert group_pending() == 0
    assert Issue.objects.get().report_count == 1


def test_a_report_that_cannot_be_grouped_does_not_hold_up_the_rest(
    site, send, deferred, monkeypatch
):
    from orfo.reports import pending

    bad = send(make_report(site, quote="teh")).json()["report"]
    send(make_report(site, quote="collection"))
    real = pending.group_report

    def fail_on_teh(site, selection, seen, batch=None):
        if selection.quote == "teh":
            raise ValueError("a bug")
        return real(site, selection, seen, batch)

    monkeypatch.setattr(pending, "group_report", fail_on_teh)
    assert group_pending() == 1
    assert Report.objects.get(pk=bad).issue_id is None  # still waiting, not lost
    monkeypatch.setattr(pending, "group_report", real)
    assert group_pending() == 1


def test_a_batch_groups_a_burst_as_one_by_one_would(site, send, deferred):
    """Reports on two pages, interleaved: one transaction, each page locked once."""
    other = "https://news.kz/2026/11/27/other"
    for url in (other, "https://news.kz/2026/11/27/library"):
        send(make_report(site, quote="Almaty", url=url))
    assert group_pending() == 2  # both pages exist now
    for n in range(6):
        url = other if n % 2 else "https://news.kz/2026/11/27/library"
        send(make_report(site, quote="teh" if n < 4 else "collection", url=url))
    with CaptureQueriesContext(connection) as queries:
        assert group_pending() == 6
    page_locks = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and 'FROM "orfo_issues_page"' in q["sql"]
    ]
    assert len(page_locks) == 2, page_locks
    counts = sorted(
        (i.page.url[-5:], i.quote, i.report_count) for i in Issue.objects.all()
    )
    assert counts == [
        ("brary", "Almaty", 1),
        ("brary", "collection", 1),
        ("brary", "teh", 2),
        ("other", "Almaty", 1),
        ("other", "collection", 1),
        ("other", "teh", 2),
    ]
    # One worker wake-up for the whole batch, not one per event.
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() <= 2
