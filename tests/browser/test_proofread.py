"""What editors see (issue 14) in a real browser: the proofreading page's fixes
applied, undone and copied, by mouse and keyboard, with and without JavaScript, on
a phone in the dark scheme; the issue page's merged and doubled-word rows.

Screenshots go to $ORFO_SCREENSHOTS when it is set."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from orfo.issues.models import Issue, Status
from orfo.sites.api import site_by_name
from orfo.suggestions.models import IssueSuggestion
from tests.browser.conftest import log_in, loopback_only
from tests.browser.test_dashboard import post_report
from tests.browser.test_dashboard_phone import assert_tappable, overflow
from tests.conftest import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "The goverment recieved the the letter on Monday."
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


def screenshot(page, name: str) -> None:
    folder = os.environ.get("ORFO_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def open_context(browser, base, **options):
    context = loopback_only(browser.new_context(locale="en-US", **options))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def check(page, base, text=ARTICLE):
    page.goto(f"{base}/dashboard/proofread/")
    page.fill("textarea[name=text]", text)
    page.select_option("select[name=lang]", "en")
    with page.expect_navigation():
        page.locator("form.stack button.primary").click()


def row(page, word):
    return page.locator(f'li.finding-row[data-word="{word}"]')


def test_apply_a_fix_undo_it_and_copy_the_corrected_text(browser, demo):
    context, page = open_context(
        browser, demo.url, viewport={"width": 1100, "height": 800}
    )
    log_in(page, demo.url)
    check(page, demo.url)
    rows = page.locator("li.finding-row")
    assert rows.count() == 3
    area = page.locator("#corrected-text")
    # With the script nothing is applied until the editor chooses.
    assert area.input_value() == ARTICLE

    government = row(page, "goverment").locator("button.fix").first
    assert government.inner_text() == "government"
    government.click()
    mark = page.locator('mark.finding[data-word="goverment"]')
    assert mark.inner_text() == "government"
    assert "applied" in mark.get_attribute("class")
    assert government.get_attribute("aria-pressed") == "true"
    assert area.input_value() == "The government recieved the the letter on Monday."
    assert "Fix applied: «government»" in page.locator("#proofread-status").inner_text()

    # The doubled word, by keyboard: a button that says what it does.
    remove = page.locator('li.finding-row[data-error="doubled_word"] button.fix')
    assert remove.inner_text() == "Remove the repeated word «the»"
    for _ in range(30):  # reached with the Tab key
        if remove.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    outline = remove.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none", "no visible focus"
    page.keyboard.press("Enter")
    assert area.input_value() == "The government recieved the letter on Monday."
    assert page.locator("mark.finding.removed").count() == 1

    page.get_by_role("button", name="Copy corrected text").click()
    page.locator("#copy-corrected-status", has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "The government recieved the letter on Monday."

    # Undone: the word is back, in the text and in what is copied; the focus stays
    # in the finding's row.
    undo = row(page, "goverment").locator("button.undo")
    undo.focus()
    page.keyboard.press("Space")
    assert mark.inner_text() == "goverment"
    assert undo.is_hidden()
    assert page.evaluate("document.activeElement.dataset.fix") == "government"
    assert area.input_value() == "The goverment recieved the letter on Monday."
    screenshot(page, "proofread-desktop")
    context.close()


def test_without_the_clipboard_api_the_corrected_text_is_selected(browser, demo):
    context, page = open_context(browser, demo.url)
    context.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined})"
    )
    log_in(page, demo.url)
    check(page, demo.url)
    row(page, "recieved").locator("button.fix").first.click()
    page.get_by_role("button", name="Copy corrected text").click()
    page.locator("#copy-corrected-status:not(:empty)").wait_for()
    selected = page.evaluate(
        """() => {
          const area = document.activeElement;
          const value = area.value;
          return area.id + ":" + value.slice(area.selectionStart, area.selectionEnd);
        }"""
    )
    assert selected == "corrected-text:The goverment received the the letter on Monday."
    context.close()


def test_without_javascript_the_first_suggestions_are_applied(browser, demo):
    context, page = open_context(browser, demo.url, java_script_enabled=False)
    log_in(page, demo.url)
    check(page, demo.url)
    assert page.locator("#corrected-text").input_value() == (
        "The government received the letter on Monday."
    )
    assert page.locator("button.fix").first.is_hidden()
    assert page.locator("#copy-corrected").is_hidden()
    assert "government" in row(page, "goverment").inner_text()
    context.close()


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_proofreading_page_on_a_phone_in_the_dark(browser, demo, lang):
    context, page = open_context(browser, demo.url, color_scheme="dark", **PHONE)
    log_in(page, demo.url)
    page.goto(f"{demo.url}/dashboard/")
    with page.expect_navigation():
        page.locator(f'.lang-switch button[value="{lang}"]').tap()
    check(page, demo.url)
    assert overflow(page) <= 0, "the proofreading page scrolls sideways"
    fix = page.locator("button.fix").first
    assert_tappable(fix)
    fix.tap()
    copy = page.locator("#copy-corrected")
    assert_tappable(copy)
    copy.tap()
    page.locator("#copy-corrected-status:not(:empty)").wait_for()
    assert overflow(page) <= 0
    # The dark scheme is used: the text is light on a dark background.
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(18, 19, 22)"
    )
    screenshot(page, f"proofread-phone-dark-{lang}")
    context.close()


def test_the_issue_page_merges_corrections_on_a_phone(browser, demo):
    site = site_by_name("Orfo demo newsroom")
    url = f"{demo.url}/demo/en/"
    text = "Almaty opened teh doors of its new city library on on Wendesday."
    for fix in ("the", "the", "thee"):
        post_report(
            demo.url, make_report(site, "teh", text=text, url=url, correction=fix)
        )
    post_report(demo.url, make_report(site, "on on", text=text, url=url))
    issue = Issue.objects.get(quote="teh")
    doubled = Issue.objects.get(quote="on on")
    for target, error, texts in (
        (issue, "typo", ["the", "tea"]),
        (doubled, "doubled_word", ["on"]),
    ):
        IssueSuggestion.objects.filter(issue=target).delete()
        IssueSuggestion.objects.bulk_create(
            IssueSuggestion(
                issue=target,
                rank=rank,
                text=t,
                score=0.9,
                error=error,
                lang="en",
                computed=timezone.now(),
            )
            for rank, t in enumerate(texts)
        )
    context, page = open_context(browser, demo.url, color_scheme="dark", **PHONE)
    log_in(page, demo.url)
    page.goto(f"{demo.url}/dashboard/issues/{issue.pk}/")
    rows = page.locator(".corrections li")
    assert rows.count() == 3
    assert "Orfo · 2 readers" in rows.first.inner_text()
    assert overflow(page) <= 0
    screenshot(page, "issue-merged-phone-dark")

    page.goto(f"{demo.url}/dashboard/issues/{doubled.pk}/")
    first = page.locator(".corrections li").first
    assert "Remove the repeated word «on»" in first.inner_text()
    assert overflow(page) <= 0
    screenshot(page, "issue-doubled-phone-dark")
    accept = first.get_by_role("button", name="Accept and resolve")
    assert_tappable(accept)
    with page.expect_navigation():
        accept.tap()
    doubled.refresh_from_db()
    assert (doubled.status, doubled.accepted_fix) == (Status.RESOLVED, "on")
    context.close()
