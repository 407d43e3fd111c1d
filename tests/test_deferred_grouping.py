"""Ingestion that leaves grouping to the worker (ORFO_GROUP_INLINE=0)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orfo.issues.models import Issue, Page
from orfo.outbox.models import Event
from orfo.reports.models import Report
from orfo.reports.pending import group_one, group_pending
from tests.conftest import NEWS_PAGE, make_report, run_worker_once


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
    real = pending.group_reports

    def fail_on_teh(reports, **options):
        if any(report.selection.quote == "teh" for report in reports):
            raise ValueError("a bug")
        return real(reports, **options)

    monkeypatch.setattr(pending, "group_reports", fail_on_teh)
    assert group_pending() == 1
    assert Report.objects.get(pk=bad).issue_id is None  # still waiting, not lost
    monkeypatch.setattr(pending, "group_reports", real)
    assert group_pending() == 1


def test_a_batch_groups_a_burst_as_one_by_one_would(site, send, deferred):
    """Reports on two pages, interleaved: one transaction, the pages locked by one
    statement."""
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
    assert len(page_locks) == 1, page_locks
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


def _group_counting_statements() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        grouped = group_pending()
    return grouped, len(queries)


def test_a_batch_costs_the_same_statements_however_many_reports_it_holds(
    site, send, deferred
):
    """Every statement of a batch covers all its reports (issue 16: grouping must
    keep up with ingestion): three new errors on three pages cost what six on six
    pages do, and reports on known errors cost no more."""
    urls = [f"https://news.kz/2026/12/04/article-{n}" for n in range(9)]
    for url in urls:
        send(make_report(site, quote="Almaty", url=url))
    assert group_pending() == 9  # every page exists now

    def burst(pages, quote):
        for url in pages:
            send(make_report(site, quote=quote, url=url, correction="the", comment="x"))
        return _group_counting_statements()

    assert burst(urls[:3], "teh") == (3, burst(urls[3:], "teh")[1])
    grouped, statements = burst(urls, "teh")  # known errors, new readers
    assert grouped == 9
    assert statements <= 16, connection.queries[-statements:]
    assert Issue.objects.filter(quote="teh", report_count=2).count() == 9
    assert set(Issue.objects.filter(quote="teh").values_list("reader_count")) == {(2,)}


def _outcome() -> list:
    """What grouping made, without the ids a rolled-back run used up."""
    issues = []
    for issue in Issue.objects.all():
        reports = sorted(issue.reports.values_list("pk", flat=True))
        events = Event.objects.filter(issue=issue).order_by("pk")
        issues.append(
            (
                reports,
                issue.quote,
                issue.position,
                issue.status,
                issue.report_count,
                issue.reader_count,
                issue.awaiting_check,
                issue.top_correction,
                issue.search_text,
                issue.last_seen,
                sorted(issue.corrections.values_list("text", "count")),
                [(e.kind, e.data) for e in events],
                issue.fingerprints.count(),
                issue.activity.count(),
            )
        )
    pages = sorted(Page.objects.values_list("url", "title", "title_candidates"))
    return [sorted(issues), pages]


def test_a_batch_decides_exactly_as_one_report_at_a_time(site, send, deferred):
    """The same reports grouped in one batch and one by one end up in the same
    issues with the same counts, corrections, texts, titles and events (issue 16:
    batching must not change an outcome), a resolved issue's included."""
    from django.db import transaction

    from orfo.issues.api import set_status

    send(make_report(site, quote="Almaty", url=NEWS_PAGE))
    group_pending()
    set_status(Issue.objects.get(), "resolved")
    quotes = ["teh", "teh doors", "opened teh", "Almaty", "collection", "library"]
    for n in range(40):
        payload = make_report(
            site,
            quote=quotes[n % 6],
            url=NEWS_PAGE if n % 4 else "https://news.kz/2026/12/04/other",
            title=["Almaty opens a library", "A library"][n % 2],
            correction=["", "the", "The", ""][n % 4],
            comment=["", "typo", f"reader {n % 5}"][n % 3],
        )
        send(payload, REMOTE_ADDR=f"198.51.100.{n % 9 + 1}")
    waiting = sorted(Report.objects.filter(issue=None).values_list("pk", flat=True))
    with transaction.atomic():
        for pk in waiting:
            group_one(pk)
        one_by_one = _outcome()
        transaction.set_rollback(True)
    assert Report.objects.filter(issue=None).count() == len(waiting)
    assert group_pending(limit=100) == len(waiting)
    assert _outcome() == one_by_one
    assert Issue.objects.get(quote="Almaty", status="resolved").awaiting_check > 0
    for issue in Issue.objects.all():  # and as the issue's own rows say
        reports = issue.reports.all()
        top = issue.corrections.order_by("-count", "id").first()
        assert issue.top_correction == (top.text if top else "")
        assert issue.report_count == len(reports)
        assert issue.reader_count == len({r.reader_hash for r in reports})
        assert issue.first_seen == min(r.created for r in reports)
        assert issue.last_seen == max(r.created for r in reports)


@pytest.mark.parametrize("batches", [[["the"], ["The"]], [["the", "The"]]])
def test_corrections_suggested_as_often_rank_by_who_came_first(
    site, send, deferred, batches
):
    for batch in batches:
        for correction in batch:
            send(make_report(site, correction=correction))
        group_pending()
    assert Issue.objects.get().top_correction == "the"
    send(make_report(site, correction="The"))
    group_pending()
    assert Issue.objects.get().top_correction == "The"
