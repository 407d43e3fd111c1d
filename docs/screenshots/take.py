"""Take the README's screenshots: a fresh demo with reports from many readers.

    .venv/bin/python docs/screenshots/take.py            # all of them
    .venv/bin/python docs/screenshots/take.py --phone    # the phone ones only

Runs a throwaway Orfo on 127.0.0.1:8123 (data in a temporary folder), sends reports of
the demo articles' errors as several readers would, and photographs the dashboard with
Debian's Chromium. Last, it accepts a reader's correction of one error (the demo
newsroom publishes it at once), waits for the worker's check of the live article and
photographs the issue page verified live. On a phone (touch emulation, 412 px wide) it
photographs a demo article with the reader's dialog open, light and dark.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.chromium import ARGS, CHROMIUM  # noqa: E402

BASE = "http://127.0.0.1:8123"
OUT = Path(__file__).resolve().parent
ORFO = [sys.executable, "-m", "orfo"]

# (article, wrong text, correction, comment, readers)
REPORTS = [
    ("ru", "обьявили", "объявили", "Твёрдый знак, а не мягкий", 7),
    ("ru", "учавствовали", "участвовали", "", 4),
    ("ru", "вКазахстане", "в Казахстане", "Пропущен пробел", 3),
    ("kk", "калалык", "қалалық", "Қазақ әріптері", 5),
    ("kk", "окушылары", "оқушылары", "", 2),
    ("en", "recieved", "received", "i before e", 6),
    ("en", "goverment", "government", "", 2),
    ("en", "the the", "the", "Doubled word", 1),
]


def send(site_key, lang, wrong, correction, comment, reader):
    from orfo.demo.articles import ARTICLES

    text = " ".join(ARTICLES[lang].paragraphs)
    start = text.index(wrong)
    end = start + len(wrong)
    body = {
        "site": site_key,
        "url": f"{BASE}/demo/{lang}/",
        "title": ARTICLES[lang].title + " — Orfo News",
        "lang": lang,
        "quote": wrong,
        "prefix": text[max(0, start - 64) : start],
        "suffix": text[end : end + 64],
        "position": {"start": start, "end": end},
        "comment": comment if reader == 0 else "",
        "correction": correction,
        "client_id": uuid.uuid4().hex,
    }
    request = urllib.request.Request(
        f"{BASE}/api/v1/reports",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "text/plain",
            "Origin": BASE,
            "X-Forwarded-For": f"198.51.100.{reader + 1}",
        },
    )
    urllib.request.urlopen(request).read()


def main(phone_only=False):
    data = tempfile.mkdtemp(prefix="orfo-shots-")
    env = {
        **os.environ,
        "ORFO_DATA_DIR": data,
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ORFO_DEMO": "1",
        "SITE_ROOT": BASE,
        "ORFO_TRUSTED_PROXY_HOPS": "1",
        "ORFO_MIN_COMPOSE_MS": "0",
        # The check of the live page fetches the demo article from this very server.
        "ORFO_OUTBOUND_ALLOW_PRIVATE": "127.0.0.1/32",
        "ORFO_VERIFY_DELAY": "0",
    }
    out = subprocess.run(
        [*ORFO, "demo"], env=env, check=True, capture_output=True, text=True
    ).stdout
    key = out.split("Demo site key:")[1].split()[0]
    server = subprocess.Popen(
        [*ORFO, "serve", "--bind", "127.0.0.1:8123", "--with-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(BASE + "/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        os.environ.update(env, DJANGO_SETTINGS_MODULE="orfo.settings")
        import django

        django.setup()
        if phone_only:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                shoot_phone(browser)
                browser.close()
            return
        for lang, wrong, correction, comment, readers in REPORTS:
            for reader in range(readers):
                fix = correction if reader % 3 != 2 else correction.upper()
                send(key, lang, wrong, fix, comment, reader)
        spread_over_weeks()
        wait_for_suggestions()
        shoot()
    finally:
        server.terminate()
        server.wait()


def spread_over_weeks():
    """Backdate the reports over eight weeks and resolve some: charts need a shape."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from orfo.issues.models import Issue, Status
    from orfo.reports.models import Report

    rng = random.Random(7)
    now = timezone.now()
    for report in Report.objects.all():
        report.created = now - timedelta(
            days=rng.randint(0, 56), hours=rng.randint(0, 9)
        )
        report.save(update_fields=["created"])
    for issue in Issue.objects.order_by("report_count")[:3]:
        issue.set_status(Status.RESOLVED)
        first = now - timedelta(days=rng.randint(3, 40))
        Issue.objects.filter(pk=issue.pk).update(
            first_seen=first, resolved_at=first + timedelta(hours=rng.randint(2, 30))
        )


def wait_for_suggestions(seconds=120):
    """The worker computes Orfo's suggestions; the issue page should show them."""
    from orfo.issues.models import Issue
    from orfo.suggestions.models import IssueSuggestion

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = IssueSuggestion.objects.values("issue").distinct().count()
        if done >= Issue.objects.count():
            return
        time.sleep(1)


def shoot():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for scheme in ("light", "dark"):
            page = browser.new_page(
                viewport={"width": 1100, "height": 700},
                color_scheme=scheme,
                device_scale_factor=1,
            )
            page.goto(BASE + "/accounts/login/")
            page.fill("#id_username", "editor")
            page.fill("#id_password", "orfo-demo")
            page.click("button.primary")
            page.wait_for_url(BASE + "/dashboard/")
            suffix = "" if scheme == "light" else "-dark"
            page.screenshot(path=OUT / f"inbox{suffix}.png")
            page.locator("a.issue-link").first.click()
            page.wait_for_load_state()
            page.screenshot(path=OUT / f"issue{suffix}.png", full_page=True)
            page.goto(BASE + "/dashboard/overview/")
            page.screenshot(path=OUT / f"overview{suffix}.png", full_page=True)
            page.close()
        shoot_phone(browser)
        verified = accept_and_verify(browser, "recieved", "received")
        for scheme in ("light", "dark"):
            page = browser.new_page(
                viewport={"width": 1100, "height": 900},
                color_scheme=scheme,
                device_scale_factor=1,
            )
            log_in(page)
            page.goto(f"{BASE}/dashboard/issues/{verified}/")
            suffix = "" if scheme == "light" else "-dark"
            page.screenshot(path=OUT / f"issue-verified{suffix}.png")
            page.close()
        browser.close()


# Select TEXT on the page, as a reader's finger would.
SELECT = """(text) => {
    const w = document.createTreeWalker(document.querySelector('article'), 4)
    for (let n; (n = w.nextNode()); ) {
        const i = n.data.indexOf(text)
        if (i < 0) continue
        const r = document.createRange()
        r.setStart(n, i)
        r.setEnd(n, i + text.length)
        getSelection().removeAllRanges()
        getSelection().addRange(r)
        return
    }
}"""


def shoot_phone(browser):
    """A reader on a phone: the Russian demo article, an error selected, the dialog open
    with a comment typed, in the light and the dark scheme."""
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 412, "height": 860},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            color_scheme=scheme,
            locale="ru-RU",
        )
        page = context.new_page()
        page.goto(f"{BASE}/demo/ru/")
        page.wait_for_function("window.Orfo && 'd' in window.Orfo")
        page.evaluate(SELECT, REPORTS[0][1])
        page.locator("orfo-button button").tap()
        page.locator("orfo-dialog dialog").wait_for()
        page.locator("orfo-dialog #c").fill(REPORTS[0][3])
        page.locator("orfo-dialog #f").fill(REPORTS[0][2])
        # Typed and done: no field focused (the keyboard would be down again).
        page.evaluate(
            "document.querySelector('orfo-dialog').shadowRoot.activeElement.blur()"
        )
        suffix = "" if scheme == "light" else "-dark"
        page.screenshot(path=OUT / f"phone{suffix}.png")
        context.close()


def log_in(page):
    page.goto(BASE + "/accounts/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "orfo-demo")
    page.click("button.primary")
    page.wait_for_url(BASE + "/dashboard/")


def accept_and_verify(browser, wrong, fix, seconds=90) -> int:
    """Accept a reader's FIX of WRONG on its issue page; wait until the worker's
    check finds it on the live article. Return the issue's id."""
    from orfo.issues.models import Issue

    # Playwright's sync API runs an event loop in this thread; these ORM reads are
    # still synchronous and safe (as in tests/browser).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = browser.new_page()
    log_in(page)
    page.locator("tr.issue-row", has_text=wrong).locator("a.issue-link").click()
    page.wait_for_load_state()
    choice = page.locator(".corrections li").filter(
        has=page.locator(".correction", has_text=re.compile(f"^{fix}$"))
    )
    choice.first.get_by_role("button").click()  # Orfo's, or a reader's
    page.wait_for_load_state()
    page.close()
    issue = Issue.objects.get(quote=wrong)
    deadline = time.monotonic() + seconds
    while issue.verified_at is None:
        if time.monotonic() > deadline:
            raise SystemExit(f"no verified check of {wrong!r} in {seconds} s")
        time.sleep(1)
        issue.refresh_from_db()
    return issue.pk


if __name__ == "__main__":
    main(phone_only="--phone" in sys.argv[1:])
