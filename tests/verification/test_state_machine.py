"""What a check of the live page does: every verdict against every issue status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orfo.issues.models import Issue, Status
from orfo.outbox.models import Event
from orfo.verification import api as verification
from orfo.verification.effects import (
    FIX_NOT_LIVE,
    OLD_COPY,
    REGRESS,
    RESOLVE_FIXED_ON_PAGE,
    UNVERIFY,
    VERIFY,
    IssueState,
    decide,
)
from orfo.verification.models import Check
from orfo.verification.tasks import run_check
from tests.conftest import make_report
from tests.verification.fakes import fake_page

VERDICTS = ["present", "fixed", "gone", "page_missing", "unreachable"]
OPEN = IssueState(Status.OPEN)
PENDING = IssueState(Status.RESOLVED)
OVER = IssueState(Status.RESOLVED, checks_over=True)
VERIFIED = IssueState(Status.RESOLVED, verified=True)
VERIFIED_OVER = IssueState(Status.RESOLVED, verified=True, checks_over=True)
NOT_LIVE = IssueState(Status.RESOLVED, fix_not_live=True, checks_over=True)
REPORTED = IssueState(Status.RESOLVED, awaiting_check=True)
REPORTED_VERIFIED = IssueState(Status.RESOLVED, awaiting_check=True, verified=True)

# state -> the actions for present, fixed, gone, page_missing, unreachable
TABLE = {
    OPEN: [(), (RESOLVE_FIXED_ON_PAGE,), (RESOLVE_FIXED_ON_PAGE,), (), ()],
    PENDING: [(), (VERIFY,), (VERIFY,), (), ()],
    OVER: [(FIX_NOT_LIVE,), (VERIFY,), (VERIFY,), (), ()],
    VERIFIED: [(UNVERIFY,), (), (), (), ()],
    VERIFIED_OVER: [(UNVERIFY, FIX_NOT_LIVE), (), (), (), ()],
    NOT_LIVE: [(), (VERIFY,), (VERIFY,), (), ()],
    REPORTED: [(REGRESS,), (OLD_COPY, VERIFY), (OLD_COPY, VERIFY), (OLD_COPY,), ()],
    REPORTED_VERIFIED: [(REGRESS,), (OLD_COPY,), (OLD_COPY,), (OLD_COPY,), ()],
    IssueState(Status.IGNORED): [()] * 5,
    IssueState(Status.SPAM): [()] * 5,
}


@pytest.mark.parametrize(
    "state,verdict,expected",
    [
        (state, verdict, actions)
        for state, row in TABLE.items()
        for verdict, actions in zip(VERDICTS, row, strict=True)
    ],
)
def test_the_table(state, verdict, expected):
    assert decide(state, verdict, resolve_when_fixed=True) == expected


@pytest.mark.parametrize("verdict", VERDICTS)
def test_open_issues_stay_open_when_the_site_says_so(verdict):
    assert decide(OPEN, verdict, resolve_when_fixed=False) == ()


@pytest.mark.parametrize("state", list(TABLE))
def test_an_error_still_on_the_page_never_resolves_or_verifies(state):
    for verdict in ("present", "page_missing", "unreachable"):
        actions = decide(state, verdict, resolve_when_fixed=True)
        assert not {RESOLVE_FIXED_ON_PAGE, VERIFY} & set(actions)


# The same table through the database: an issue in each status, a check finding
# each verdict, and what the issue, its history and the outbox show after.

STATUSES = ["open", "resolved", "reported", "verified", "ignored", "spam"]


@pytest.fixture
def issue_in(site, send):
    def make(status: str) -> Issue:
        send(make_report(site))
        issue = Issue.objects.get()
        if status in ("resolved", "reported", "verified"):
            issue.resolve_with_fix("the", "suggestion")
        elif status != "open":
            issue.set_status(status)
        if status == "verified":
            Issue.objects.filter(pk=issue.pk).update(verified_at=timezone.now())
        if status == "reported":
            send(make_report(site))
        return Issue.objects.get()

    return make


def check(issue: Issue) -> None:
    verification.request_check(issue, now=True, reason="editor")
    run_check(issue.page_id)


def kinds_since(event_id: int) -> list[str]:
    events = Event.objects.filter(pk__gt=event_id).exclude(kind="report.added")
    return list(events.order_by("pk").values_list("kind", flat=True))


def outcome(status, verdict):
    """status, regressed, verified, fix_not_live, new history kinds, new events."""
    table = {
        ("open", "fixed"): (
            "resolved",
            False,
            True,
            ["fixed_on_page"],
            ["issue.resolved", "issue.verified"],
        ),
        ("resolved", "fixed"): (
            "resolved",
            False,
            True,
            ["verified"],
            ["issue.verified"],
        ),
        ("reported", "present"): (
            "open",
            True,
            False,
            ["regressed"],
            ["issue.regressed"],
        ),
        ("reported", "fixed"): (
            "resolved",
            False,
            True,
            ["old_copy", "verified"],
            ["issue.verified"],
        ),
        ("reported", "page_missing"): ("resolved", False, False, ["old_copy"], []),
        ("verified", "present"): ("resolved", False, False, [], []),
    }
    gone = {k[0]: v for k, v in table.items() if k[1] == "fixed"}
    if verdict == "gone" and status in gone:
        return gone[status]
    initial = {
        "open": "open",
        "ignored": "ignored",
        "spam": "spam",
        "verified": "resolved",
    }
    found = table.get((status, verdict))
    if found:
        return found
    return (initial.get(status, "resolved"), False, status == "verified", [], [])


@pytest.mark.django_db
@pytest.mark.parametrize("verdict", VERDICTS)
@pytest.mark.parametrize("status", STATUSES)
def test_every_verdict_against_every_status(issue_in, monkeypatch, status, verdict):
    issue = issue_in(status)
    fake_page(monkeypatch, verdicts={"teh": verdict}, new_text="the")
    if verdict in ("page_missing", "unreachable"):
        fake_page(
            monkeypatch,
            outcome="missing" if verdict == "page_missing" else "unreachable",
            status=404 if verdict == "page_missing" else 503,
            reason="HTTP 404" if verdict == "page_missing" else "HTTP 503",
        )
    last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first()
    history = issue.activity.count()
    check(issue)
    after = Issue.objects.get()
    expected_status, regressed, verified, kinds, events = outcome(status, verdict)
    assert after.status == expected_status
    assert after.regressed == regressed
    assert (after.verified_at is not None) == verified
    assert not after.fix_not_live  # the checks after a resolve have not run out
    new_history = list(after.activity.values_list("kind", flat=True)[history:])
    assert new_history == kinds
    assert kinds_since(last_event) == events
    if status in ("ignored", "spam"):
        assert after.verification == "" and not Check.objects.exists()
    else:
        assert after.verification == verdict and after.checked_at is not None
        assert Check.objects.get().verdict == verdict
    if status == "reported":
        assert after.awaiting_check == (1 if verdict == "unreachable" else 0)


@pytest.mark.django_db
def test_a_fixed_error_records_its_new_text_and_whose_it_is(issue_in, monkeypatch):
    issue = issue_in("resolved")
    fake_page(monkeypatch, verdicts={"teh": "fixed"}, new_text="the")
    check(issue)
    row = verification.latest_check(issue)
    assert (row.verdict, row.new_text, row.matches) == ("fixed", "the", "accepted")
    assert Issue.objects.get().activity.last().note == "the"


@pytest.mark.django_db
def test_an_error_still_there_when_the_checks_run_out_is_a_fix_not_live(
    issue_in, monkeypatch, settings
):
    from orfo.notifications.models import Channel

    issue = issue_in("resolved")
    fake_page(monkeypatch)  # the error stays
    check(issue)
    assert not Issue.objects.get().fix_not_live  # still within the window
    Issue.objects.filter(pk=issue.pk).update(
        resolved_at=timezone.now() - timedelta(seconds=settings.ORFO_VERIFY_WINDOW)
    )
    last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first()
    Channel.objects.create(site=issue.site, kind="webhook", config={})
    check(issue)
    after = Issue.objects.get()
    assert after.status == "resolved" and after.fix_not_live
    assert after.activity.last().kind == "fix_not_live"
    assert kinds_since(last_event) == ["issue.fix_not_live"]
    check(issue)  # said once
    assert kinds_since(last_event) == ["issue.fix_not_live"]
    # Fixed later after all: verified, and the flag goes.
    fake_page(monkeypatch, verdicts={"teh": "gone"})
    check(issue)
    after = Issue.objects.get()
    assert after.verified_at and not after.fix_not_live


@pytest.mark.django_db
def test_open_issues_stay_open_on_a_site_that_resolves_by_hand(
    issue_in, monkeypatch, site
):
    site.resolve_when_fixed = False
    site.save()
    issue = issue_in("open")
    fake_page(monkeypatch, verdicts={"teh": "fixed"}, new_text="the")
    check(issue)
    after = Issue.objects.get()
    assert (after.status, after.verification) == ("open", "fixed")
