"""Real-browser tests against a live Orfo: the demo page, the widget, the dashboard."""

import os
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LOOPBACK = {"localhost", "127.0.0.1"}


@pytest.fixture
def demo(live_server):
    """A live Orfo with the demo site and its editor, as after `make demo`, but no
    made-up history: the tests' own issues are the inbox's only ones."""
    call_command("demo", "--no-history", stdout=StringIO())
    return live_server


def loopback_only(context):
    """Let CONTEXT reach the live server only: no request may leave the machine."""
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlparse(route.request.url).hostname in LOOPBACK
            else route.abort()
        ),
    )
    return context


@pytest.fixture
def context(browser):
    context = loopback_only(
        browser.new_context(viewport={"width": 1100, "height": 800})
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def select_text(page, text: str, container: str = "article") -> None:
    """Select the first TEXT inside CONTAINER, as a reader's mouse would."""
    page.evaluate(
        """([text, container]) => {
          const root = document.querySelector(container);
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const i = walker.currentNode.data.indexOf(text);
            if (i >= 0) {
              const range = document.createRange();
              range.setStart(walker.currentNode, i);
              range.setEnd(walker.currentNode, i + text.length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              return;
            }
          }
          throw new Error("text not found: " + text);
        }""",
        [text, container],
    )


def log_in(page, base: str, username: str = "editor", password: str = "orfo-demo"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")
    page.wait_for_url(f"{base}/dashboard/")


THANKS = {"en": "Thank you!", "ru": "Спасибо!", "kk": "Рақмет!"}


def report_from_page(page, base: str, lang: str, wrong: str, fix: str = "") -> None:
    """Open a demo article, select WRONG, press Ctrl+Enter, send, wait for thanks."""
    page.goto(f"{base}/demo/{lang}/")
    select_text(page, wrong)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.locator("#f").fill(fix)
    with page.expect_response(f"{base}/api/v1/reports") as answer:
        dialog.locator("button.p").click()
    assert answer.value.status == 201
    dialog.get_by_text(THANKS[lang]).wait_for()
