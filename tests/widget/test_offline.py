"""Nothing lost: the outbox in localStorage, retries with backoff, and the spam traps.

Most tests answer through routes (see conftest.Site) with Playwright's fake clock, so a
backoff of minutes takes no time. test_report_survives_a_server_outage runs a real Orfo.
"""

import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta

import pytest

from tests import processes
from tests.conftest import free_port

from .conftest import ENDPOINT, QUEUE, ROOT, Site, select

pytestmark = pytest.mark.browser

LATER = "Could not send — we'll send this one a bit later."
MANY = "Too many reports from you right now — we'll send this one a bit later."
# Cross-origin, a script may read Retry-After only where the server exposes it.
EXPOSE = {"Access-Control-Expose-Headers": "Retry-After"}
EMPTY = f"() => !localStorage['{QUEUE}']"


@pytest.fixture
def context(browser):
    """A context per test: its own localStorage (and a fake clock where one is put)."""
    context = browser.new_context(locale="en-US")
    yield context
    context.close()


@pytest.fixture
def site(page):
    site = Site(page)
    site.errors = []
    page.on("pageerror", lambda e: site.errors.append(e))
    yield site
    for route in site.held:
        route.fulfill(status=200, body="{}")
    assert site.errors == []


def freeze(page):
    """A fake clock that moves only when the test says (page.clock.run_for)."""
    page.clock.install()
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))


def compose(site, clock=True):
    """Open the article (on a stopped fake clock) and the dialog on a selection."""
    if clock:
        freeze(site.page)
    page = site.open()
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    site.dialog().wait_for()
    return page


def press_send(site):
    with site.page.expect_request(ENDPOINT):
        site.page.locator("orfo-dialog button.p").click()


def says(site, text):
    site.dialog().locator("p", has_text=text).wait_for()


def retried_after(site, ms):
    """Advance the clock by ms and expect the next try then, not before."""
    page = site.page
    page.wait_for_timeout(150)  # the last answer is handled and the next try scheduled
    tries = len(site.reports)
    page.clock.run_for(ms - 500)
    page.wait_for_timeout(100)
    assert len(site.reports) == tries, f"retried within {ms - 500} ms"
    with page.expect_request(ENDPOINT):
        page.clock.run_for(1000)


def all_sent(site, tries):
    """The queue empties, and stays empty, after `tries` requests in all."""
    page = site.page
    page.wait_for_function(EMPTY)
    page.clock.run_for(7_200_000)  # two hours later: nothing more is sent
    page.wait_for_timeout(100)
    assert len(site.reports) == tries
    assert {r["client_id"] for r in site.reports} == {site.reports[0]["client_id"]}
    assert all(r == site.reports[0] for r in site.reports)  # the same report each time


@pytest.mark.parametrize(
    "failure",
    [503, 500, 502, "abort", (503, {"Retry-After": "2", **EXPOSE})],
    ids=["503", "500", "502", "no-connection", "503-retry-after-2"],
)
def test_retried_until_acknowledged(site, failure):
    compose(site)
    site.answers = [failure]
    press_send(site)
    says(site, LATER)
    assert list(site.outbox()) == [site.reports[0]["client_id"]]
    # Retry-After below the backoff: the backoff (5 s) wins.
    retried_after(site, 5000)
    all_sent(site, 2)


def test_backoff_grows(site):
    page = compose(site)
    site.answers = ["abort", 503, 502, 500]
    press_send(site)
    says(site, LATER)
    for ms in (5000, 10_000, 20_000, 40_000):
        retried_after(site, ms)
    all_sent(site, 5)
    assert page.locator("orfo-dialog p", has_text=LATER).is_visible()


def test_slow_answer_counts_as_none(site):
    compose(site)
    site.answers = ["hold"]
    press_send(site)
    site.page.clock.run_for(29_000)
    assert site.page.locator("orfo-dialog button.p").is_disabled()  # still waiting
    site.page.clock.run_for(1000)
    says(site, LATER)
    retried_after(site, 5000)
    all_sent(site, 2)


@pytest.mark.parametrize("readable", [True, False])
def test_rate_limited(site, readable):
    compose(site)
    site.answers = [(429, {"Retry-After": "60", **(EXPOSE if readable else {})})]
    press_send(site)
    says(site, MANY)
    assert site.outbox()
    # Where the script may not read Retry-After, the backoff applies.
    retried_after(site, 60_000 if readable else 5000)
    all_sent(site, 2)


@pytest.mark.parametrize(
    "lang, answer, text",
    [
        ("ru", 429, "Слишком много сообщений от вас — отправим это чуть позже."),
        ("kk", 429, "Қазір сізден хабарлама тым көп — мұны сәл кейінірек жібереміз."),
        ("ru", 503, "Не удалось отправить — отправим это чуть позже."),
        ("kk", "abort", "Жіберу мүмкін болмады — мұны сәл кейінірек жібереміз."),
    ],
)
def test_sent_later_in_every_language(site, lang, answer, text):
    page = site.open(lang=lang)
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    site.answers = [answer]
    press_send(site)
    says(site, text)
    assert site.outbox()


@pytest.mark.parametrize("status", [400, 403, 413, 422])
def test_refused_report_is_dropped(site, status):
    page = compose(site)
    site.answers = [status]
    press_send(site)
    site.dialog().locator(".e", has_text="Could not send").wait_for()
    assert site.outbox() == {}
    page.clock.run_for(7_200_000)
    page.reload()
    page.wait_for_function("window.Orfo && 'd' in window.Orfo")
    page.wait_for_timeout(200)
    assert len(site.reports) == 1
    assert sum("widget-dialog.js" in url for url in site.requests) == 1  # not on reload


@pytest.mark.parametrize("status", [200, 202])
def test_any_2xx_acknowledges(site, status):
    compose(site)
    site.answers = [status]
    press_send(site)
    says(site, "Thank you!")
    all_sent(site, 1)


def test_sent_on_the_next_page_view(site):
    page = compose(site, clock=False)
    site.answers = ["abort"]
    press_send(site)
    says(site, LATER)
    (queued,) = site.outbox().values()
    # Another article on the site: the loader finds the queue and the report goes out,
    # with nothing for the reader to do.
    with page.expect_request(ENDPOINT):
        site.open("markup.html")
    page.wait_for_function(EMPTY)
    assert site.reports == [queued["r"], queued["r"]]
    assert queued["e"] == ENDPOINT
    assert page.locator("orfo-dialog").count() == 0


def test_outbox_is_bounded(site):
    """At most 20 reports, none older than a week."""
    freeze(site.page)
    page = site.open()
    now = page.evaluate("Date.now()")
    report = {"site": "news-test", "url": "http://news.test/", "quote": "x"}
    seeded = {
        "old": {
            "e": ENDPOINT,
            "r": {**report, "client_id": "old"},
            "t": now - 8 * 864e5,
        }
    }
    for i in range(20):
        cid = f"c{i:02}"
        seeded[cid] = {
            "e": ENDPOINT,
            "r": {**report, "client_id": cid},
            "t": now - 1000 + i,
        }
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [QUEUE, seeded]
    )
    site.status = 503  # the server is down
    with page.expect_request(ENDPOINT):
        page.reload()
    page.wait_for_timeout(200)
    # The week-old one is dropped unsent; the first failure ends the round.
    assert [r["client_id"] for r in site.reports] == ["c00"]
    assert list(site.outbox()) == [f"c{i:02}" for i in range(20)]
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    new = site.send()["client_id"]
    says(site, LATER)
    assert list(site.outbox()) == [f"c{i:02}" for i in range(1, 20)] + [new]


@pytest.mark.parametrize(
    "storage",
    [
        "Object.defineProperty(window, 'localStorage', "
        "{get() { throw new DOMException('denied', 'SecurityError') }})",
        "Object.defineProperty(window, 'localStorage', {value: null})",
        f"localStorage.setItem('{QUEUE}', '{{not json')",
    ],
    ids=["throws", "missing", "corrupt"],
)
def test_without_storage_nothing_breaks(site, storage):
    site.page.add_init_script(storage)
    compose(site)
    site.answers = [503]
    press_send(site)
    says(site, LATER)
    retried_after(site, 5000)  # from this page's memory
    site.page.wait_for_timeout(100)
    assert len(site.reports) == 2
    site.page.clock.run_for(7_200_000)
    site.page.wait_for_timeout(100)
    assert len(site.reports) == 2


def test_payload_carries_the_spam_traps(site):
    page = compose(site, clock=False)
    page.wait_for_timeout(400)
    report = site.send()
    assert report["hp"] == ""
    assert isinstance(report["elapsed"], int)
    assert 400 <= report["elapsed"] < 10_000


def test_honeypot_is_hidden_from_people(site):
    page = compose(site, clock=False)
    hp = page.locator("orfo-dialog input.h")
    assert hp.get_attribute("tabindex") == "-1"
    assert hp.get_attribute("aria-hidden") == "true"
    assert hp.get_attribute("autocomplete") == "off"
    box = hp.bounding_box()
    assert box["x"] + box["width"] < 0  # off-screen
    # What a form-filling bot types there is sent as it is; the server drops it.
    hp.fill("http://spam.example")
    assert site.send()["hp"] == "http://spam.example"


# A real Orfo, stopped and started again.


class Orfo:
    """`python -m orfo serve` on a port, with its own data directory."""

    def __init__(self, data_dir, port):
        self.port = port
        self.root = f"http://127.0.0.1:{port}"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        } | {
            "DJANGO_SETTINGS_MODULE": "orfo.settings",
            "ORFO_DATA_DIR": str(data_dir),
            "SECRET_KEY": "widget-offline-test",
            "ORFO_DEMO": "1",
            "SITE_ROOT": self.root,
            # No dictionaries: building the suggestion lexicons takes half a minute, and
            # this test is about the widget.
            "ORFO_SUGGESTIONS_DICT_DIRS": str(data_dir / "no-dictionaries"),
        }
        self.db = data_dir / "orfo.sqlite3"
        self.log = open(data_dir / "serve.log", "ab")
        self.process = None

    def demo(self):
        out = subprocess.run(
            [sys.executable, "-m", "orfo", "demo", "--no-history"],
            env=self.env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout.split("Demo site key:")[1].split()[0]

    def start(self):
        self.process = processes.start(
            [sys.executable, "-m", "orfo", "serve", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.root}/widget.js", timeout=2):
                    return
            except OSError:
                assert self.process.poll() is None, "orfo serve exited"
                assert time.monotonic() < deadline, "orfo serve did not start"
                time.sleep(0.1)

    def stop(self):
        """The server and its workers: SIGTERM, then SIGKILL after 30 s."""
        processes.stop(self.process, grace=30)

    def posts(self):
        """The status of each report POST in the access log."""
        self.log.flush()
        log = (self.db.parent / "serve.log").read_text()
        return re.findall(r'"POST /api/v1/reports" (\d+)', log)  # PRIVATE_ACCESS_LOG

    def reports(self):
        with sqlite3.connect(self.db) as db:
            return db.execute(
                "select quote, client_id from orfo_reports_report"
            ).fetchall()


@pytest.fixture
def orfo(tmp_path):
    pytest.importorskip("django")
    orfo = Orfo(tmp_path, free_port())
    orfo.key = orfo.demo()
    yield orfo
    if orfo.process:
        orfo.stop()
    orfo.log.close()


def test_report_survives_a_server_outage(orfo, page):
    errors = []
    page.on("pageerror", lambda e: errors.append(e))
    orfo.start()
    page.goto(f"{orfo.root}/demo/en/")
    page.wait_for_function("window.Orfo && 'd' in window.Orfo")
    select(page, "teh")
    page.keyboard.press("Control+Enter")
    dialog = page.locator("orfo-dialog dialog")
    dialog.wait_for()
    opened = time.monotonic()
    page.keyboard.type("the, not teh")

    orfo.stop()  # while the reader writes
    # A person takes longer than ORFO_MIN_COMPOSE_MS (800 ms) to write.
    page.wait_for_timeout(max(0, 1200 - (time.monotonic() - opened) * 1000))
    page.locator("orfo-dialog button.p").click()
    dialog.locator("p", has_text=LATER).wait_for()
    (queued,) = page.evaluate(f"JSON.parse(localStorage['{QUEUE}'])").values()
    assert queued["r"]["quote"] == "teh"
    assert orfo.reports() == []

    orfo.start()
    page.reload()
    page.wait_for_function(EMPTY, timeout=30_000)
    assert orfo.reports() == [("teh", queued["r"]["client_id"])]
    # Exactly once: nothing else is on its way, and the server stored it once. The
    # old page's backoff timer may have fired just as the server came back, its
    # answer lost to the reload; that retry is answered 200 and stores nothing.
    page.wait_for_timeout(500)
    assert orfo.reports() == [("teh", queued["r"]["client_id"])]
    posts = orfo.posts()
    assert posts.count("201") == 1 and set(posts) <= {"201", "200"}, posts
    assert errors == []
