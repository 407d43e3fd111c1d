"""An editor on a phone (390 px, touch) opens the inbox and an issue, accepts a fix
and resolves: no sideways scrolling, and the buttons are big enough to tap."""

import pytest

from orfo.issues.models import Issue, Status
from orfo.sites.api import site_by_name
from tests.browser.conftest import log_in, loopback_only
from tests.browser.test_dashboard import post_report, words_broken_inside
from tests.conftest import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
# Long words and a long address: what widens a page on a phone if anything can.
TEXT = (
    "Жаңа қалалық кітапханасыныңжаңақалалықкітапханасы teh doors opened on "
    "Wendesday; see https://news.example/2026/11/27/a-very-long-path-without-breaks"
)


HEADERS_WIDER_THAN_COLUMNS = """() => [...document.querySelectorAll('main th')]
    .filter(th => th.scrollWidth > th.clientWidth).map(th => th.innerText)"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        locale="en-US",
    )
    loopback_only(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the phone's screen."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth,"
        " document.body.scrollWidth) - innerWidth"
    )


def assert_tappable(button) -> None:
    """BUTTON is on screen without zooming and at least 40 px tall."""
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 40, f"{button}: {box['height']} px tall"
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def test_inbox_and_issue_on_a_phone(demo, phone):
    site = site_by_name("Orfo demo newsroom")
    url = f"{demo.url}/demo/en/"
    for fix in ("the", "the", "thee"):
        post_report(
            demo.url,
            make_report(
                site, "teh", text=TEXT, url=url, correction=fix, comment="Typo " * 40
            ),
        )
    post_report(demo.url, make_report(site, "Wendesday", text=TEXT, url=url))
    log_in(phone, demo.url)
    assert phone.evaluate("innerWidth") == WIDTH
    assert overflow(phone) <= 0, "the inbox scrolls sideways"
    assert_tappable(phone.locator("form.filters button"))

    issue = Issue.objects.get(quote="teh")
    phone.locator(f'tr.issue-row[data-id="{issue.pk}"] a.issue-link').tap()
    phone.wait_for_url("**/dashboard/issues/*/")
    assert overflow(phone) <= 0, "the issue page scrolls sideways"
    assert_tappable(phone.get_by_role("button", name="Resolve", exact=True))
    # In every language: no sideways scroll, no header or button broken mid-word.
    for lang in ("kk", "ru", "en"):
        with phone.expect_navigation():
            phone.locator(f'.lang-switch button[value="{lang}"]').tap()
        assert overflow(phone) <= 0, lang
        assert words_broken_inside(phone, "main th, main button") == [], lang
        assert phone.evaluate(HEADERS_WIDER_THAN_COLUMNS) == [], lang
    readers_fix = phone.locator(".corrections li", has_text="2 readers")
    accept = readers_fix.get_by_role("button", name="Accept and resolve")
    assert_tappable(accept)

    with phone.expect_navigation():
        accept.tap()
    issue.refresh_from_db()
    assert (issue.status, issue.accepted_fix) == (Status.RESOLVED, "the")
    assert overflow(phone) <= 0, "the next page, with its flash message, scrolls"

    other = Issue.objects.get(quote="Wendesday")
    phone.goto(f"{demo.url}/dashboard/issues/{other.pk}/")
    resolve = phone.get_by_role("button", name="Resolve", exact=True)
    assert_tappable(resolve)
    with phone.expect_navigation():
        resolve.tap()
    assert Issue.objects.get(pk=other.pk).status == Status.RESOLVED
    assert overflow(phone) <= 0
