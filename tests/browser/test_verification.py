"""Closing the loop in a real browser, against a loopback news site with the widget:
a reader reports, the editor accepts the correction, the newsroom fixes the article,
Orfo's check sees it fixed; a reader with the old copy reports again, and the issue
stays resolved."""

import pytest
from django.contrib.auth import get_user_model

from orfo.issues.models import Issue, Status
from orfo.sites.api import add_member, create_site
from tests.browser.conftest import log_in, select_text
from tests.conftest import run_worker_once
from tests.verification.pageserver import PageServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "On Wednesday Almaty opened {word} doors of its new city library. Its collection "
    "holds forty thousand books, and a reading room for children opens next week."
)


def article(word: str, orfo: str, key: str) -> bytes:
    """The news site's article page, with Orfo's widget in it."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Almaty opens a library</title>"
        f'<script src="{orfo}/widget.js" data-site="{key}" defer></script></head>'
        f"<body><header>News</header><article><h1>Almaty opens a library</h1>"
        f"<p>{TEXT.format(word=word)}</p></article></body></html>"
    ).encode()


@pytest.fixture
def news(settings):
    """The news site: a loopback server Orfo may fetch (it is a private address)."""
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.0/8"]
    settings.ORFO_VERIFY_FETCHES_PER_MINUTE = 1000
    settings.ORFO_VERIFY_TIMEOUT = 5
    settings.ORFO_VERIFY_DELAY = 0  # no CDN to wait for
    # Readers are told apart by address; on loopback, X-Forwarded-For names them.
    settings.ORFO_TRUSTED_PROXY_HOPS = 1
    server = PageServer()
    yield server
    server.close()


def report(page, url: str, wrong: str, fix: str) -> None:
    """Select WRONG on the article, press Ctrl+Enter, send FIX, wait for thanks."""
    page.goto(url)
    select_text(page, wrong)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.locator("#f").fill(fix)
    with page.expect_response("**/api/v1/reports") as answer:
        dialog.locator("button.p").click()
    # (The answer's body is not read: Playwright can wait forever for the body of
    # a cross-origin answer that went through a route.)
    assert answer.value.status in (200, 201)
    dialog.get_by_text("Thank you!").wait_for()


def test_report_accept_fix_verified_then_an_old_copy_keeps_it_resolved(
    live_server, news, context, page
):
    site = create_site("Loopback News", ["127.0.0.1"], "en")
    editor = get_user_model().objects.create_user("editor", password="pass-editor-1")
    add_member(site, editor, "editor")
    old = article("teh", live_server.url, site.key)
    url = news.route("/library", body=old)

    report(page, url, "teh", "the")
    issue_id = Issue.objects.get(quote="teh").pk

    log_in(page, live_server.url, "editor", "pass-editor-1")
    page.locator("tr.issue-row", has_text="teh").locator("a.issue-link").click()
    page.wait_for_url(f"**/dashboard/issues/{issue_id}/")
    # "a": accept the first correction listed (the reader's), resolve, go next.
    assert page.locator(".corrections .correction").first.inner_text() == "the"
    page.keyboard.press("?")
    assert "accept the first correction" in page.locator("#shortcuts").inner_text()
    page.keyboard.press("?")
    page.keyboard.press("a")
    # The only issue: back to the inbox, which says so.
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert "That was the last issue" in page.locator(".messages").inner_text()
    issue = Issue.objects.get(pk=issue_id)
    assert (issue.status, issue.accepted_fix) == (Status.RESOLVED, "the")

    # The newsroom publishes the fix; Orfo's check after the resolve sees it.
    news.route("/library", body=article("the", live_server.url, site.key))
    run_worker_once()  # the check after the resolve (no delay here) runs
    page.goto(f"{live_server.url}/dashboard/issues/{issue_id}/")
    panel = page.locator("#live-check")
    assert "Verified live" in panel.inner_text()
    assert "Fixed on the live page." in panel.inner_text()
    assert panel.locator(".live-text mark").inner_text() == "the"
    assert panel.locator(".new-text").inner_text() == "the"
    assert "the accepted fix" in panel.inner_text()

    # A reader whose browser still has the old copy (a cache) reports again. (The
    # copy comes from the news server, not route.fulfill: Chromium lets a page it
    # cannot place on loopback load nothing from loopback, the widget included.)
    cached = news.route("/cached-copy", body=old)
    reader = context.browser.new_context()
    reader.route(url, lambda route: route.continue_(url=cached))
    reader.route(
        "**/api/v1/reports",
        lambda route: route.continue_(
            headers={**route.request.headers, "x-forwarded-for": "198.51.100.7"}
        ),
    )
    stale = reader.new_page()
    stale.set_default_timeout(10_000)
    report(stale, url, "teh", "the")
    reader.close()
    issue = Issue.objects.get()  # the same issue, still resolved
    assert (issue.pk, issue.status, issue.report_count) == (
        issue_id,
        Status.RESOLVED,
        2,
    )
    run_worker_once()  # the report's event asks for a check now, which runs

    page.reload()
    issue = Issue.objects.get(pk=issue_id)
    assert (issue.status, issue.report_count) == (Status.RESOLVED, 2)
    assert page.locator(".status").inner_text().lower() == "resolved"
    history = page.locator(".history").inner_text()
    assert "1 report sent from an old copy of the page" in history
    assert "the issue stays resolved" in history
