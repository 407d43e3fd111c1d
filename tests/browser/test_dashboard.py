"""The dashboard in a real browser: triage walk, shortcuts, languages, hostile text."""

import itertools
import json

import pytest
from django.test import Client

from orfo.issues.models import Issue, Status
from orfo.sites.api import site_by_name
from tests.browser.conftest import log_in, report_from_page
from tests.conftest import make_report
from tests.dashboard.conftest import HOSTILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


READERS = itertools.count(1)


def post_report(base, payload):
    """Send a report as a reader's browser on the demo site would, each from another."""
    response = Client().post(
        "/api/v1/reports",
        data=json.dumps(payload),
        content_type="text/plain",
        HTTP_ORIGIN=base,
        REMOTE_ADDR=f"192.0.2.{next(READERS) % 250}",
    )
    assert response.status_code == 201, response.content


def clip_of(page, text):
    """The on-screen box of the first TEXT in the article, for a screenshot."""
    box = page.evaluate(
        """text => {
          const walker = document.createTreeWalker(document.querySelector('article'),
                                                   NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const i = walker.currentNode.data.indexOf(text);
            if (i < 0) continue;
            const r = document.createRange();
            r.setStart(walker.currentNode, i);
            r.setEnd(walker.currentNode, i + text.length);
            const b = r.getBoundingClientRect();
            return {x: b.x, y: b.y, width: b.width, height: b.height};
          }
        }""",
        text,
    )
    return box


def test_log_in_triage_open_on_page_resolve_and_see_history(demo, context, page):
    report_from_page(page, demo.url, "en", "recieved", "received")
    log_in(page, demo.url)
    page.locator("tr.issue-row", has_text="recieved").locator("a.issue-link").click()
    page.wait_for_url("**/dashboard/issues/*/")

    # "Open on the page" opens the article scrolled to the error, highlighted.
    with context.expect_page() as opened:
        page.click("#open-live")
    article = opened.value
    article.set_viewport_size({"width": 360, "height": 240})
    article.wait_for_load_state()
    assert "#:~:text=" in article.url
    article.wait_for_function("() => scrollY > 0")
    box = clip_of(article, "recieved")
    assert 0 <= box["y"] < 240, "the error is not on screen"
    highlighted = article.screenshot(clip=box)
    # The same words without the fragment, at the same place on screen, look different.
    article.goto(article.url.split("#")[0])
    article.evaluate(
        "y => scrollBy(0, y)", clip_of(article, "recieved")["y"] - box["y"]
    )
    plain = article.screenshot(clip=clip_of(article, "recieved"))
    assert plain != highlighted, "no highlight drawn"
    article.close()

    page.get_by_role("button", name="Resolve", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".status").inner_text().lower() == "resolved"
    assert (
        "status changed from open to resolved" in page.locator(".history").inner_text()
    )
    assert Issue.objects.get(quote="recieved").status == Status.RESOLVED


def three_issues_and_log_in(demo, page):
    """Issues reported 3, 2 and 1 times, and the editor logged in."""
    site = site_by_name("Orfo demo newsroom")
    text = "one two three four five six"
    for word, times in (("two", 3), ("four", 2), ("six", 1)):
        for _ in range(times):
            post_report(
                demo.url, make_report(site, word, text=text, url=f"{demo.url}/demo/en/")
            )
    log_in(page, demo.url)


def test_keyboard_shortcuts(demo, page):
    three_issues_and_log_in(demo, page)
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    page.keyboard.press("?")
    assert not page.locator("#shortcuts").is_visible()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert page.locator("tr.issue-row.current").inner_text().count("four") == 1
    page.keyboard.press("r")
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('tr.current')")
    assert Issue.objects.get(quote="four").status == Status.RESOLVED
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/issues/*/")
    assert "two" in page.locator("h1").inner_text()
    page.keyboard.press("i")
    page.wait_for_load_state()
    page.locator(".status", has_text="ignored").wait_for()
    assert Issue.objects.get(quote="two").status == Status.IGNORED


def press_on_layout(page, key, code, shift=False):
    """A keydown as a Russian or Kazakh keyboard sends it: the letter the layout
    types (``key``) and the physical key (``code``) of the QWERTY position."""
    page.evaluate(
        """([key, code, shiftKey]) => document.body.dispatchEvent(new KeyboardEvent(
             'keydown', {key, code, shiftKey, bubbles: true, cancelable: true}))""",
        [key, code, shift],
    )


def test_shortcuts_on_a_cyrillic_layout(demo, page):
    three_issues_and_log_in(demo, page)
    help = page.locator("#shortcuts")
    press_on_layout(page, ",", "Slash", shift=True)  # Shift+/ types "," in ЙЦУКЕН
    assert help.is_visible()
    press_on_layout(page, "?", "Digit7", shift=True)  # where "?" is in ЙЦУКЕН
    assert not help.is_visible()
    press_on_layout(page, "О", "KeyJ", shift=True)  # Shift+J is no shortcut
    assert page.locator("tr.issue-row.current").count() == 0
    for key, code in (("о", "KeyJ"), ("о", "KeyJ"), ("л", "KeyK"), ("о", "KeyJ")):
        press_on_layout(page, key, code)
    assert page.locator("tr.issue-row.current").inner_text().count("four") == 1
    press_on_layout(page, "к", "KeyR")
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('tr.current')")
    assert Issue.objects.get(quote="four").status == Status.RESOLVED
    press_on_layout(page, "о", "KeyJ")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/issues/*/")
    assert "two" in page.locator("h1").inner_text()
    press_on_layout(page, "ш", "KeyI")
    page.locator(".status", has_text="ignored").wait_for()
    assert Issue.objects.get(quote="two").status == Status.IGNORED


def test_the_spam_shortcut_asks_first_and_enter_confirms(demo, page):
    site = site_by_name("Orfo demo newsroom")
    text = "one two three four five six"
    url = f"{demo.url}/demo/en/"
    for comment in ("buy", "cheap", "now"):  # one reader, three reports
        response = Client().post(
            "/api/v1/reports",
            data=json.dumps(
                make_report(site, "five", text=text, url=url, comment=comment)
            ),
            content_type="text/plain",
            HTTP_ORIGIN=demo.url,
            REMOTE_ADDR="198.51.100.77",
        )
        assert response.status_code == 201
    log_in(page, demo.url)
    row = page.locator("tr.issue-row", has_text="five")
    assert "3 reports from 1 reader" in row.inner_text()
    rows = page.locator("tr.issue-row").all_inner_texts()
    for _ in range(next(i for i, r in enumerate(rows) if "five" in r) + 1):
        page.keyboard.press("j")
    page.keyboard.press("s")
    page.wait_for_url("**/dashboard/bulk/")
    assert "3 reports from 1 reader" in page.locator("main").inner_text()
    assert Issue.objects.get(quote="five").status != Status.SPAM  # not yet
    page.keyboard.press("Enter")  # the confirm button has the focus
    page.wait_for_url("**/dashboard/")
    assert Issue.objects.get(quote="five").status == Status.SPAM


def test_the_language_switch(demo, page):
    log_in(page, demo.url)
    assert page.locator("html").get_attribute("lang") == "en"
    for code, inbox in (("kk", "Кіріс"), ("ru", "Входящие"), ("en", "Inbox")):
        page.locator(f'.lang-switch button[value="{code}"]').click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("h1").inner_text() == inbox


def test_the_hostile_set_renders_inert(demo, page):
    site = site_by_name("Orfo demo newsroom")
    for n, text in enumerate(HOSTILE):
        post_report(
            demo.url,
            make_report(
                site,
                text,
                text=f"Paragraph {n} says {text} and more",
                comment=text,
                correction=text[:300],
                title=text,
                url=f"{demo.url}/demo/en/?n={n}",
            ),
        )
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, demo.url)
    urls = [page.url] + [
        f"{demo.url}/dashboard/issues/{i.pk}/" for i in Issue.objects.all()
    ]
    for url in urls:
        page.goto(url)
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("body").is_visible()
        overflow = page.evaluate(
            "(e => e.scrollWidth - e.clientWidth)(document.documentElement)"
        )
        assert overflow <= 0, f"{url} overflows sideways by {overflow}px"
    assert dialogs == []


def words_broken_inside(page, selector):
    """The words of SELECTOR's elements that the browser wrapped mid-word."""
    return page.evaluate(
        """selector => {
          const broken = [];
          for (const el of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const node = walker.currentNode;
              for (const m of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set(
                  [...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(m[0]);
              }
            }
          }
          return broken;
        }""",
        selector,
    )


@pytest.mark.parametrize("width", [1280, 800, 412, 320])
def test_the_inbox_headers_never_break_inside_a_word(demo, page, width):
    site = site_by_name("Orfo demo newsroom")
    post_report(
        demo.url,
        make_report(site, "two", text="one two three", url=f"{demo.url}/demo/en/"),
    )
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, demo.url)
    for code in ("kk", "ru", "en"):
        page.locator(f'.lang-switch button[value="{code}"]').click()
        page.wait_for_load_state()
        assert page.locator("table.issues th").count() == 4
        assert words_broken_inside(page, "table.issues th") == [], (code, width)
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('table.issues th')]
                 .filter(th => th.offsetWidth && th.scrollWidth > th.clientWidth + 1)
                 .map(th => [th.innerText, th.scrollWidth, th.clientWidth])"""
        )
        assert overflowing == [], (code, width)
