"""When pages are checked, and what the loop does from resolve to verified.

The fetch and the anchoring are stand-ins here (tests/verification/fakes.py), so
that time and verdicts are the test's to set; test_live.py uses real pages.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from orfo.issues import api as issues
from orfo.issues.models import Activity, Issue, Status
from orfo.outbox import dispatch
from orfo.outbox.models import Event
from orfo.verification import api as verification
from orfo.verification import schedule
from orfo.verification.models import Check, PageState
from orfo.verification.tasks import run_check
from tests.conftest import NEWS_PAGE, make_report, run_worker_once
from tests.verification.fakes import fake_page

pytestmark = pytest.mark.django_db

ARTICLE = "The mayor said teh new bridge opens in May. Its recieved funding was cut."


@pytest.fixture
def report(site, send):
    def report(quote="teh", url=NEWS_PAGE, **fields) -> Issue:
        response = send(make_report(site, quote, url=url, text=ARTICLE, **fields))
        assert response.status_code in (200, 201), response.content
        return Issue.objects.get(pk=response.json()["issue"])

    return report


def state(issue: Issue) -> PageState:
    return PageState.objects.get(page_id=issue.page_id)


def queued_checks() -> list:
    return list(
        DBTaskResult.objects.filter(task_path__endswith="check_page").values_list(
            "args_kwargs", flat=True
        )
    )


def test_resolve_with_fix_resolves_records_and_announces(report, editor):
    issue = report()
    assert issues.resolve_with_fix(issue, "the", "suggestion", user=editor)
    issue.refresh_from_db()
    assert (issue.status, issue.accepted_fix, issue.resolution) == (
        Status.RESOLVED,
        "the",
        "fix",
    )
    history = list(issue.activity.values_list("kind", "note", "to_status"))
    assert history[-2:] == [("fix", "suggestion: the", ""), ("status", "", "resolved")]
    event = Event.objects.filter(kind="issue.resolved").get()
    assert event.data == {
        "from_status": "open",
        "resolution": "fix",
        "fix": "the",
        "by": "editor",
    }
    assert not issues.resolve_with_fix(issue, "the", "suggestion", user=editor)
    # Another fix for a resolved issue: recorded, announced, its checks start again.
    assert issues.resolve_with_fix(issue, "The", "reader", user=editor)
    assert Event.objects.filter(kind="issue.resolved").count() == 2
    assert Issue.objects.get().accepted_fix == "The"


def test_accepting_a_fix_on_the_issue_page_resolves(report, editor, client):
    issue = report()
    client.force_login(editor)
    response = client.post(
        f"/dashboard/issues/{issue.pk}/accept/", {"text": "the", "source": "readers"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.accepted_fix) == (Status.RESOLVED, "the")


def test_reopening_is_announced(report, editor):
    issue = report()
    issues.set_status(issue, Status.RESOLVED, user=editor)
    issues.set_status(issue, Status.OPEN, user=editor)
    kinds = list(
        Event.objects.exclude(kind="report.added").values_list("kind", flat=True)
    )
    assert kinds == ["issue.created", "issue.resolved", "issue.reopened"]
    assert Event.objects.get(kind="issue.reopened").data == {
        "from_status": "resolved",
        "by": "editor",
    }


def test_the_first_check_comes_after_the_delay_then_retries_back_off(
    report, monkeypatch, settings
):
    settings.ORFO_VERIFY_DELAY, settings.ORFO_VERIFY_WINDOW = 120, 24 * 3600
    page = fake_page(monkeypatch)  # the error stays on the page
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    dispatch.dispatch_pending()
    issue.refresh_from_db()
    due = state(issue).due_at
    assert due == issue.resolved_at + timedelta(seconds=120)
    assert schedule.queue_due(now=due - timedelta(seconds=1)) == 0
    assert schedule.queue_due(now=due) == 1
    assert schedule.queue_due(now=due) == 0  # queued once
    # The check itself; then the next is twice as far, and so on.
    PageState.objects.filter(page_id=issue.page_id).update(due_at=timezone.now())
    assert run_check(issue.page_id) == "ok"
    assert len(page.fetches) == 1
    issue.refresh_from_db()
    slots = schedule.resolve_slots(issue.resolved_at)
    assert [int((s - issue.resolved_at).total_seconds()) for s in slots[:4]] == [
        120,
        240,
        480,
        960,
    ]
    assert slots[-1] == issue.resolved_at + timedelta(days=1)
    assert len(slots) < 15
    assert schedule.next_resolve_check(issue) == next(
        s for s in slots if s > issue.checked_at
    )
    assert state(issue).due_at == schedule.next_resolve_check(issue)


def test_checks_stop_once_verified(report, monkeypatch, settings):
    settings.ORFO_VERIFY_PERIOD = 0
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    fake_page(monkeypatch, verdicts={"teh": "fixed"}, new_text="the")
    verification.request_check(issue, now=True, reason="editor")
    run_check(issue.page_id)
    issue.refresh_from_db()
    assert issue.verified_at and issue.verification == "fixed"
    assert state(issue).due_at is None


def test_open_issues_are_checked_daily_spread_over_the_day(site, report, settings):
    settings.ORFO_VERIFY_PERIOD = 24 * 3600
    pages = [
        report(url=f"https://news.kz/2026/{n}/story").page_id for n in range(1, 40)
    ]
    dispatch.dispatch_pending()
    now = timezone.now()
    dues = [PageState.objects.get(page_id=p).due_at for p in pages]
    assert all(now < due <= now + timedelta(days=1) for due in dues)
    hours = {due.hour for due in dues}
    assert len(hours) > 12  # spread, not all at once
    # The slot stays where it is: the next one is a day after.
    page = PageState.objects.get(page_id=pages[0])
    slot = schedule.periodic_slot(page.page_id, dues[0], timedelta(days=1))
    assert slot - dues[0] == timedelta(days=1)


def test_check_now_fetches_at_once_and_checked_at_moves_on_every_check(
    report, monkeypatch
):
    page = fake_page(monkeypatch)
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    times = []
    for outcome, status in [("ok", 200), ("missing", 404), ("unreachable", 503)]:
        page.outcome, page.status = outcome, status
        assert verification.request_check(issue, now=True, reason="editor") == 1
        assert state(issue).due_at <= timezone.now()  # no delay
        assert run_check(issue.page_id) == outcome
        issue.refresh_from_db()
        times.append(issue.checked_at)
    assert times == sorted(set(times))
    assert issue.verification == "unreachable"
    assert [c.verdict for c in verification.checks(issue)] == [
        "unreachable",
        "page_missing",
        "present",
    ]
    assert verification.checks(issue)[0].detail == "" or True


def test_check_now_covers_every_open_and_resolved_issue_of_the_page(
    report, monkeypatch
):
    page = fake_page(monkeypatch, verdicts={"teh": "fixed", "recieved": "present"})
    done = report()
    issues.resolve_with_fix(done, "the", "suggestion")
    Issue.objects.filter(pk=done.pk).update(verified_at=timezone.now())
    still = report("recieved")
    ignored = report("bridge")
    ignored.set_status(Status.IGNORED)
    verification.request_check(still, now=True, reason="cms")
    run_check(still.page_id)
    assert len(page.fetches) == 1  # one fetch for the page
    checked = dict(Check.objects.values_list("issue_id", "verdict"))
    assert checked == {done.pk: "fixed", still.pk: "present"}
    assert Check.objects.get(issue=done).reason == "cms"


def test_a_page_without_issues_to_check_is_not_queued(report):
    issue = report()
    issue.set_status(Status.IGNORED)
    assert verification.request_check(issue, now=True, reason="editor") == 0


def test_requests_by_url_are_normalised_as_grouping_does(site, report, other_site):
    issue = report(url="https://news.kz/2026/1/story?utm_source=tg")
    urls = ["https://www.news.kz/2026/1/story#top", "https://news.kz/2026/1/story"]
    assert verification.request_check_urls(site, urls, reason="cms") == 1
    assert state(issue).urgent
    assert verification.request_check_urls(other_site, urls, reason="cms") == 0
    assert (
        verification.request_check_urls(site, ["https://news.kz/x"], reason="cms") == 0
    )


def test_a_deferred_fetch_is_tried_again_not_lost(report, monkeypatch):
    page = fake_page(monkeypatch, outcome="deferred", status=None)
    issue = report()
    verification.request_check(issue, now=True, reason="editor")
    assert run_check(issue.page_id) == "deferred"
    put_off = state(issue)
    assert put_off.urgent and put_off.due_at > timezone.now()
    assert not Check.objects.exists()
    assert Issue.objects.get().checked_at is None
    page.outcome, page.status = "ok", 200
    PageState.objects.filter(pk=put_off.pk).update(due_at=timezone.now())
    assert schedule.queue_due() == 1
    assert run_check(issue.page_id) == "ok"
    assert not state(issue).urgent
    assert Check.objects.get().reason == "editor"


def test_an_unreachable_page_is_retried_with_backoff(report, monkeypatch):
    fake_page(monkeypatch, outcome="unreachable", status=None, reason="timeout")
    issue = report()
    for failures in (1, 2, 3):
        verification.request_check(issue, now=True, reason="editor")
        run_check(issue.page_id)
        s = state(issue)
        assert s.failures == failures
        assert s.due_at == s.fetched_at + schedule.retry_wait(failures)
    assert Issue.objects.get().status == Status.OPEN
    assert verification.latest_check(issue).detail == "timeout"
    assert verification.latest_check(issue).times == 3


def test_a_report_waiting_on_an_unreachable_page_is_retried_not_hammered(
    report, monkeypatch
):
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    report()  # again, while resolved: waits for a check
    fake_page(monkeypatch, outcome="unreachable", status=None, reason="timeout")
    verification.request_check(issue, now=True, reason="report")
    run_check(issue.page_id)
    s = state(issue)
    assert s.due_at == min(
        s.fetched_at + schedule.retry_wait(1),
        schedule.next_resolve_check(Issue.objects.get()),
    )
    assert s.due_at > timezone.now()
    assert Issue.objects.get().awaiting_check == 1


def test_a_304_reuses_the_verdicts_and_a_new_issue_fetches_the_page_whole(
    report, monkeypatch
):
    page = fake_page(monkeypatch, etag='"v1"', verdicts={"teh": "present"})
    issue = report()
    verification.request_check(issue, now=True, reason="editor")
    run_check(issue.page_id)
    verification.request_check(issue, now=True, reason="editor")
    assert run_check(issue.page_id) == "not_modified"
    assert page.fetches[-1] == (issue.page.url, '"v1"')
    row = verification.latest_check(issue)
    assert (row.verdict, row.times, row.http_status) == ("present", 2, 304)
    report("recieved")  # not checked yet: the page is fetched whole
    verification.request_check(issue, now=True, reason="editor")
    assert run_check(issue.page_id) == "ok"
    assert page.fetches[-1] == (issue.page.url, "")


def test_a_request_made_during_a_check_gets_a_check_of_its_own(report, monkeypatch):
    issue = report()
    page = fake_page(monkeypatch)
    fetch = page.fetch

    def fetch_and_ask_again(*args, **kwargs):
        if len(page.fetches) == 0:
            verification.request_check(issue, now=True, reason="cms")
        return fetch(*args, **kwargs)

    monkeypatch.setattr("orfo.verification.tasks.fetch_page", fetch_and_ask_again)
    verification.request_check(issue, now=True, reason="editor")
    run_check(issue.page_id)
    s = state(issue)
    assert s.urgent and s.request_reason == "cms" and s.due_at <= timezone.now()
    assert run_check(issue.page_id) == "ok"
    assert not state(issue).urgent
    assert len(page.fetches) == 2


def test_a_running_check_is_not_run_twice(report, monkeypatch):
    issue = report()
    fake_page(monkeypatch)
    verification.request_check(issue, now=True, reason="editor")
    PageState.objects.filter(page_id=issue.page_id).update(
        locked_until=timezone.now() + timedelta(minutes=1)
    )
    assert run_check(issue.page_id) == "busy"
    assert not Check.objects.exists()


def test_the_sweep_queues_a_bounded_number_of_checks(site, report, settings):
    settings.ORFO_VERIFY_PAGES_PER_SWEEP = 5
    for n in range(12):
        report(url=f"https://news.kz/2026/{n}/story")
    dispatch.dispatch_pending()
    PageState.objects.update(due_at=timezone.now() - timedelta(seconds=1))
    assert schedule.queue_due() == 5
    assert schedule.queue_due() == 0  # five still queued, none finished
    PageState.objects.filter(queued_until__isnull=False).update(
        queued_until=None, due_at=None
    )
    assert schedule.queue_due() == 5


def test_a_page_whose_check_failed_is_tried_again(report, monkeypatch):
    issue = report()

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("orfo.verification.tasks.fetch_page", broken)
    verification.request_check(issue, now=True, reason="editor")
    with pytest.raises(RuntimeError):
        run_check(issue.page_id)
    s = state(issue)
    assert s.urgent and s.locked_until is None and s.due_at > timezone.now()


# A report on a resolved issue: grouped into it at once, then a check decides.


@pytest.mark.django_db(transaction=True)
def test_a_report_from_an_old_copy_leaves_the_issue_resolved(site, send, monkeypatch):
    fake_page(monkeypatch, verdicts={"teh": "fixed"}, new_text="the")
    first = send(make_report(site, "teh", text=ARTICLE)).json()["issue"]
    issue = Issue.objects.get(pk=first)
    issues.resolve_with_fix(issue, "the", "suggestion")
    again = send(make_report(site, "teh", text=ARTICLE))
    assert again.json()["issue"] == first
    assert Issue.objects.get().status == Status.RESOLVED
    run_worker_once()  # dispatches the event, which asks for a check now, and runs it
    issue = Issue.objects.get()
    assert (issue.status, issue.report_count, issue.awaiting_check) == (
        Status.RESOLVED,
        2,
        0,
    )
    assert issue.activity.filter(kind=Activity.Kind.OLD_COPY, note="1").exists()
    assert Check.objects.get().reason == "report"
    assert not Event.objects.filter(kind="issue.regressed").exists()


@pytest.mark.django_db(transaction=True)
def test_a_report_of_an_error_back_on_the_page_reopens_it_as_regressed(
    site, send, monkeypatch
):
    fake_page(monkeypatch)  # the live page shows the error
    first = send(make_report(site, "teh", text=ARTICLE)).json()["issue"]
    issues.resolve_with_fix(Issue.objects.get(), "the", "suggestion")
    send(make_report(site, "teh", text=ARTICLE))
    run_worker_once()
    issue = Issue.objects.get(pk=first)
    assert (issue.status, issue.regressed) == (Status.OPEN, True)
    assert Event.objects.filter(kind="issue.regressed").count() == 1
    assert issue.activity.last().kind == Activity.Kind.REGRESSED


@pytest.mark.django_db(transaction=True)
def test_held_reports_on_a_resolved_issue_wait_as_before(site, send, monkeypatch):
    from orfo.reports import spam
    from orfo.reports.models import BlockedReader, Report

    fake_page(monkeypatch)
    send(make_report(site, "teh", text=ARTICLE), REMOTE_ADDR="192.0.2.77")
    issues.resolve_with_fix(Issue.objects.get(), "the", "suggestion")
    held = Report.objects.get().reader_hash
    BlockedReader.objects.create(site=site, reader_hash=held)
    spam._blocklists.clear()
    send(
        make_report(site, "teh", text=ARTICLE, correction="the"),
        REMOTE_ADDR="192.0.2.77",
    )
    assert Report.objects.filter(held=True).count() == 1
    run_worker_once()
    issue = Issue.objects.get()
    assert (issue.status, issue.report_count, issue.awaiting_check) == (
        Status.RESOLVED,
        1,
        0,
    )
    assert Report.objects.filter(held=True, issue=None).count() == 1  # kept
