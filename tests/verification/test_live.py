"""The loop against real pages on a loopback server: the real fetch and anchoring,
and a real worker picking up the check a report on a resolved issue asks for."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from orfo.issues import api as issues
from orfo.issues.models import Activity, Issue, Status
from orfo.verification import api as verification
from orfo.verification.models import Check
from orfo.verification.tasks import run_check
from tests import processes
from tests.conftest import make_report
from tests.notifications.test_worker_fault import database_url
from tests.verification.pageserver import PageServer

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "On Wednesday Almaty opened {word} doors of its new city library. Its collection "
    "holds forty thousand books, and a reading room for children opens next week."
)


def article(word: str) -> bytes:
    body = "<html><head><title>Library</title></head><body><header>News</header>"
    body += f"<article><p>{TEXT.format(word=word)}</p></article></body></html>"
    return body.encode()


@pytest.fixture
def server(settings):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.0/8"]
    settings.ORFO_VERIFY_FETCHES_PER_MINUTE = 1000
    settings.ORFO_VERIFY_TIMEOUT = 5
    pages = PageServer()
    pages.route("/library", body=article("teh"))
    yield pages
    pages.close()


@pytest.fixture
def site(db):
    from orfo.sites.api import create_site

    return create_site("Loopback News", ["127.0.0.1"], "en")


@pytest.fixture
def reader(site, send, server):
    """Send a report of "teh" as a reader of the loopback article."""
    origin = server.origin
    url = f"{origin}/library"
    text = TEXT.format(word="teh")

    def reader(**fields):
        response = send(make_report(site, "teh", url=url, text=text, **fields), origin)
        assert response.status_code in (200, 201), response.content
        return response.json()["issue"]

    return reader


def check_now(issue: Issue) -> str:
    verification.request_check(issue, now=True, reason="editor")
    return run_check(issue.page_id)


@pytest.mark.django_db
def test_report_accept_fixed_on_the_page_verified(server, reader):
    issue = Issue.objects.get(pk=reader())
    issues.resolve_with_fix(issue, "the", "suggestion")
    assert check_now(issue) == "ok"  # the fix is not published yet
    issue.refresh_from_db()
    assert (issue.status, issue.verification, issue.verified_at) == (
        Status.RESOLVED,
        "present",
        None,
    )
    assert "teh doors" in issue.live_text
    server.route("/library", body=article("the"), headers={"ETag": '"v2"'})
    assert check_now(issue) == "ok"
    issue.refresh_from_db()
    assert issue.verification == "fixed" and issue.verified_at is not None
    row = verification.latest_check(issue)
    assert (row.new_text, row.matches) == ("the", "accepted")
    assert "the doors" in issue.live_text
    # Unchanged: a 304, and the verdict stands.
    server.route("/library", status=304, body=b"", headers={"ETag": '"v2"'})
    before = issue.checked_at
    assert check_now(issue) == "not_modified"
    issue.refresh_from_db()
    assert issue.verification == "fixed" and issue.checked_at > before
    assert server.requests[-1]["headers"]["If-None-Match"] == '"v2"'
    # Gone and broken pages: checked_at moves on, the issue stays as it is.
    for status, verdict in [(404, "page_missing"), (503, "unreachable")]:
        server.route("/library", status=status, body=b"<p>no</p>")
        before = issue.checked_at
        check_now(issue)
        issue.refresh_from_db()
        assert (issue.verification, issue.status) == (verdict, Status.RESOLVED)
        assert issue.checked_at > before
    assert verification.latest_check(issue).detail == "HTTP 503"


@pytest.mark.django_db
def test_an_open_issue_fixed_on_the_page_is_resolved_so(server, reader):
    issue = Issue.objects.get(pk=reader())
    server.route("/library", body=article("the"))
    check_now(issue)
    issue.refresh_from_db()
    assert (issue.status, issue.resolution) == (Status.RESOLVED, "fixed_on_page")
    assert issue.activity.last().kind == Activity.Kind.FIXED_ON_PAGE


@pytest.mark.django_db
def test_an_unrelated_edit_leaves_the_error_present(server, reader):
    issue = Issue.objects.get(pk=reader())
    changed = article("teh").replace(b"<p>", b"<p>Updated at 10:42. ", 1)
    server.route("/library", body=changed)
    check_now(issue)
    issue.refresh_from_db()
    assert (issue.status, issue.verification) == (Status.OPEN, "present")


def start_worker(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        "SECRET_KEY": "live-test",
        "DATABASE_URL": database_url(),
        "ORFO_OUTBOUND_ALLOW_PRIVATE": "127.0.0.0/8",
        "LOG_LEVEL": "WARNING",
        "ORFO_SUGGESTIONS_DICT_DIRS": str(tmp_path / "no-dictionaries"),
    }
    log = open(tmp_path / "worker.log", "w")
    return processes.start(
        [sys.executable, "-m", "orfo", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout: float) -> float | None:
    """Seconds CONDITION took to hold, None if it did not within TIMEOUT."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


@pytest.mark.django_db(transaction=True)
def test_a_reader_with_an_old_copy_reports_again_and_a_worker_keeps_it_resolved(
    server, reader, tmp_path
):
    """The issue's contract: the check a report on a resolved issue triggers runs
    within 30 s, the answer names the same issue, which never shows open unless
    the live page shows the error."""
    first = reader()
    issues.resolve_with_fix(Issue.objects.get(pk=first), "the", "suggestion")
    server.route("/library", body=article("the"))  # the fix is published
    start_worker(tmp_path)
    assert reader(correction="the") == first
    assert Issue.objects.get(pk=first).status == Status.RESOLVED

    def checked_for_the_report():
        return Check.objects.filter(issue_id=first, reason="report").exists()

    took = wait_for(checked_for_the_report, 30)
    assert took is not None, (tmp_path / "worker.log").read_text()
    issue = Issue.objects.get(pk=first)
    assert (issue.status, issue.awaiting_check) == (Status.RESOLVED, 0)
    assert issue.activity.filter(kind=Activity.Kind.OLD_COPY).exists()
    # The error comes back on the page, and a reader reports it: reopened.
    server.route("/library", body=article("teh"))
    asked = timezone.now()
    assert reader(correction="then") == first

    def reopened():
        return Issue.objects.filter(pk=first, status=Status.OPEN).exists()

    assert wait_for(reopened, 30) is not None, (tmp_path / "worker.log").read_text()
    issue = Issue.objects.get(pk=first)
    assert issue.regressed and issue.checked_at >= asked
