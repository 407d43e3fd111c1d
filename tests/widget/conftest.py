"""Drive the built widget in Debian's Chromium over HTML fixtures, offline.

Pages are served from http://news.test/ and the widget from http://orfo.test/ through
Playwright routes; every other request is aborted, so nothing reaches the network. The
`site` fixture records the reports the widget sends, like Plausible's test-utils.
"""

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

from tests.chromium import ARGS, CHROMIUM  # noqa: F401 - used by test modules

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "orfo" / "static" / "orfo"
FIXTURES = Path(__file__).parent / "fixtures"
ENDPOINT = "http://orfo.test/api/v1/reports"
QUEUE = "orfo-q"  # the widget's localStorage key (widget/src/queue.js)

# The page's own select-and-normalise, the same rule the widget documents.
NORMALISE = "s => s.replace(/\\s+/g, ' ').trim()"


def widget_tag(src="http://orfo.test/widget.js", **data):
    data.setdefault("site", "news-test")
    attrs = "".join(f' data-{k}="{v}"' for k, v in data.items() if v is not None)
    return f'<script src="{src}"{attrs} defer></script>'


def select(page, first, last=None):
    """Select on `page` from the start of `first` to the end of `last` (or `first`)."""
    return page.evaluate(
        """([first, last]) => {
            const find = (needle) => {
                const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
                for (let n; (n = w.nextNode()); ) {
                    const i = n.data.indexOf(needle)
                    if (i >= 0) return [n, i]
                }
                throw new Error('not on the page: ' + needle)
            }
            const [a, i] = find(first)
            const [b, j] = find(last)
            const r = document.createRange()
            r.setStart(a, i)
            r.setEnd(b, j + last.length)
            const s = getSelection()
            s.removeAllRanges()
            s.addRange(r)
            return s.toString()
        }""",
        [first, last or first],
    )


PHONE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


class Site:
    """Serve fixtures and the widget to one page; record what the widget POSTs."""

    def __init__(self, page: Page):
        self.page = page
        self.reports: list[dict] = []
        self.status = 201
        # Answers used up, one per POST, before `status`: a status, or (status,
        # headers), or "abort" (the network fails) or "hold" (no answer until the
        # test gives one).
        self.answers: list = []
        self.held: list = []
        self.requests: list[str] = []
        page.route("**/*", self._block)
        page.route("http://orfo.test/**", self._orfo)
        page.route("http://news.test/**", self._news)
        self.html: dict[str, str] = {}

    def _block(self, route):
        self.requests.append(route.request.url)
        route.abort()

    def _orfo(self, route):
        request = route.request
        path = urlparse(request.url).path
        self.requests.append(request.url)
        if request.method == "POST" and request.url == ENDPOINT:
            self.reports.append(json.loads(request.post_data))
            answer = self.answers.pop(0) if self.answers else self.status
            if answer == "abort":
                return route.abort()
            if answer == "hold":
                return self.held.append(route)
            status, headers = answer if isinstance(answer, tuple) else (answer, {})
            route.fulfill(
                status=status,
                content_type="application/json",
                headers={"Access-Control-Allow-Origin": "*", **headers},
                body=json.dumps({"report": len(self.reports), "issue": 1})
                if status < 300
                else json.dumps({"error": "invalid_field", "message": "<b>no</b>"}),
            )
        elif path in ("/widget.js", "/widget-dialog.js"):
            route.fulfill(
                path=STATIC / path[1:], content_type="text/javascript; charset=utf-8"
            )
        else:
            route.abort()

    def _news(self, route):
        path = urlparse(route.request.url).path.lstrip("/")
        self.requests.append(route.request.url)
        if path in self.html:
            route.fulfill(body=self.html[path], content_type="text/html; charset=utf-8")
        elif (FIXTURES / path).is_file():
            route.fulfill(path=FIXTURES / path)
        else:
            route.abort()

    def open(
        self, fixture="article.html", html_lang="en", tag=None, phone=False, **data
    ):
        """Load a fixture with the widget tag (data-* from keywords) and wait for it;
        PHONE adds a phone's viewport meta tag (the page is laid out at its width)."""
        html = (FIXTURES / fixture).read_text()
        if phone:
            html = html.replace("<head>", f"<head>\n{PHONE_VIEWPORT}", 1)
        html = html.replace("{{lang}}", html_lang)
        html = html.replace("<!--widget-->", widget_tag(**data) if tag is None else tag)
        self.html[fixture] = html
        self.page.goto(f"http://news.test/{fixture}")
        if tag != "":
            self.page.wait_for_function("window.Orfo && 'd' in window.Orfo")
        return self.page

    # Selection helpers: pick text the way a reader would, then act.

    def select(self, first, last=None):
        """Select from the start of `first` to the end of `last` (default: first)."""
        return select(self.page, first, last)

    def selection(self):
        return self.page.evaluate(f"({NORMALISE})(getSelection().toString())")

    def text_of(self, selector="article"):
        """The normalised innerText of `selector`: the reader-visible text."""
        return self.page.evaluate(
            f"(sel) => ({NORMALISE})(document.querySelector(sel).innerText)", selector
        )

    def dialog(self):
        return self.page.locator("orfo-dialog dialog")

    def send(self):
        """Press Send and return the payload the widget POSTed."""
        with self.page.expect_request(ENDPOINT):
            self.page.locator("orfo-dialog button.p").click()
        self.page.wait_for_timeout(50)
        return self.reports[-1]

    def nothing_sent(self, wait_ms=150):
        self.page.wait_for_timeout(wait_ms)
        return not self.reports

    def outbox(self):
        """The widget's queue of reports not yet acknowledged, by client_id."""
        return self.page.evaluate(f"JSON.parse(localStorage['{QUEUE}'] || '{{}}')")


@pytest.fixture(scope="session")
def context(browser):
    """One desktop context; each test gets a fresh page (and its own routes) in it."""
    context = browser.new_context(locale="en-US")
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    # The context is shared: leave no queued report behind for the next test's pages.
    if page.url.startswith("http://news.test/"):
        page.evaluate("try { localStorage.clear() } catch (e) {}")
    page.close()


@pytest.fixture
def site(page):
    return Site(page)
