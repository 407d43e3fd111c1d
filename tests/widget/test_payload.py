"""The report's fields, checked against the page as the reader sees it."""

import re

import pytest

from .conftest import NORMALISE

pytestmark = pytest.mark.browser

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def report_for(site, first, last=None, **open_kw):
    page = site.open(**open_kw)
    site.select(first, last)
    expected = site.selection()
    page.keyboard.press("Control+Enter")
    return site.send(), expected


def assert_anchored(report, text):
    start, end = report["position"]["start"], report["position"]["end"]
    assert text[start:end] == report["quote"]
    before = text[max(0, start - len(report["prefix"])) : start]
    after = text[end : end + len(report["suffix"])]
    assert (before, after) == (report["prefix"], report["suffix"])


def test_fields(site):
    report, _ = report_for(site, "budget")
    text = site.text_of("article")
    assert report["site"] == "news-test"
    assert report["quote"] == "budget"
    assert report["position"] == {
        "start": text.index("budget"),
        "end": text.index("budget") + 6,
    }
    assert (
        report["prefix"] == "Budget vote delayed again The city council postponed the "
    )
    assert report["suffix"].startswith(
        " vote for the third time on Tuesday. Councillors said"
    )
    assert len(report["suffix"]) == 64
    assert report["url"] == "http://news.test/politics/budget-vote"
    assert report["title"] == "Budget vote delayed again"
    assert report["lang"] == "en"
    assert CLIENT_ID.match(report["client_id"])
    assert (report["comment"], report["correction"]) == ("", "")
    assert_anchored(report, text)


@pytest.mark.parametrize(
    "first, last, quote",
    [
        ("third", "Councillors", "third time on Tuesday. Councillors"),
        ("several", "errors", "several errors"),
        ("the\n", "finance", "the finance"),
        ("not   corrected", None, "not corrected"),
        ("comment.", "The next", "comment. The next"),  # across two hidden paragraphs
        ("month.", "Residents", "month. Residents"),  # across a <br>
        ("Second item", "The committee", "Second item The committee"),  # skips <script>
        ("First", "Second", "First item Second"),  # list items are blocks
    ],
)
def test_selections_across_nodes(site, first, last, quote):
    report, selected = report_for(site, first, last)
    assert report["quote"] == selected == quote
    assert_anchored(report, site.text_of("article"))


def test_context_is_short_at_the_start_of_the_article(site):
    report, _ = report_for(site, "Budget vote")
    assert report["prefix"] == ""
    assert report["position"]["start"] == 0


def test_url_without_canonical_drops_fragment(site, page):
    page.route(
        "http://news.test/plain.html#section",
        lambda route: route.fulfill(body="x"),
    )
    site.html["plain.html"] = (
        "<!doctype html><title>Plain</title><main><p>Plain page text here.</p></main>"
        '<script src="http://orfo.test/widget.js" data-site="k" defer></script>'
    )
    page.goto("http://news.test/plain.html?id=7#section")
    page.wait_for_function("window.Orfo && 'd' in window.Orfo")
    site.select("page text")
    page.keyboard.press("Control+Enter")
    report = site.send()
    assert report["url"] == "http://news.test/plain.html?id=7"
    assert report["quote"] == "page text"
    assert report["prefix"] == "Plain "  # main is the container


def test_selection_outside_container_falls_back_to_body(site):
    report, _ = report_for(site, "Footer text")
    assert report["quote"] == "Footer text"
    assert_anchored(report, site.text_of("body"))


def test_data_container(site):
    page = site.open(container=".lead")
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    report = site.send()
    assert report["prefix"] == "The city council "
    assert report["position"]["start"] == len("The city council ")


def test_data_endpoint(site, page):
    captured = []
    page.route(
        "http://api.example/reports",
        lambda route: (
            captured.append(route.request.post_data_json),
            route.fulfill(status=201, body="{}"),
        ),
    )
    site.open(endpoint="http://api.example/reports")
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    page.locator("orfo-dialog button.p").click()
    page.locator("orfo-dialog >> text=Thank you!").wait_for()
    assert captured[0]["quote"] == "postponed"
    assert site.reports == []


def test_request_is_simple_text_plain(site):
    page = site.open()
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    with page.expect_request("http://orfo.test/api/v1/reports") as info:
        page.locator("orfo-dialog button.p").click()
    request = info.value
    assert request.method == "POST"
    assert request.headers["content-type"].startswith("text/plain")


def test_each_report_has_its_own_client_id(site):
    page = site.open()
    ids = set()
    for word in ("postponed", "several"):
        site.select(word)
        page.keyboard.press("Control+Enter")
        ids.add(site.send()["client_id"])
        page.keyboard.press("Escape")
        page.locator("orfo-dialog").wait_for(state="detached")
    assert len(ids) == 2


@pytest.mark.parametrize(
    "first, last, quote",
    [
        ("news", "on the", "newson the"),  # SVG whitespace is not rendered
        ("Chart", "rose", "Chart: Votes cast rose"),  # SVG <text> is
        # innerText lists a <select>'s options and so does the model, where the
        # selection's toString() leaves them out: the one known difference.
        ("story", "thanks", "story: 5 - great 1 - poor thanks"),
        ("100", "cash", "100 tenge, paid in cash"),  # no-break spaces; hidden text
        ("Almaty", "Astana", "Almaty 2 million Astana"),  # table cells
        ("one", "two", "one line two"),  # <pre> newlines
        ("teh", None, "teh"),  # after an astral-plane emoji
    ],
)
def test_awkward_markup(site, first, last, quote):
    report, selected = report_for(site, first, last, fixture="markup.html")
    assert report["quote"] == quote
    assert selected == (quote if first != "story" else "story: thanks")
    anchored = site.page.evaluate(
        f"""(r) => {{
            const text = ({NORMALISE})(document.querySelector('article').innerText)
            const start = r.position.start
            return text.slice(start, r.position.end) == r.quote &&
                text.indexOf(r.prefix + r.quote + r.suffix) == start - r.prefix.length
        }}""",
        report,
    )
    assert anchored
