"""What opens the dialog, and what must not."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("key", ["Control+Enter", "Meta+Enter"])
def test_shortcut_opens_dialog(site, key):
    page = site.open()
    site.select("postponed")
    page.keyboard.press(key)
    site.dialog().wait_for()
    assert site.dialog().is_visible()
    assert page.locator("orfo-dialog mark").text_content() == "postponed"


def test_dialog_script_loads_only_on_use(site):
    page = site.open()
    page.wait_for_timeout(200)
    assert not any("widget-dialog.js" in url for url in site.requests)
    assert page.locator("orfo-dialog").count() == 0
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    site.dialog().wait_for()
    assert sum("widget-dialog.js" in url for url in site.requests) == 1


def test_script_loads_once_across_opens(site):
    page = site.open()
    for _ in range(3):
        site.select("budget")
        page.keyboard.press("Control+Enter")
        site.dialog().wait_for()
        page.keyboard.press("Escape")
        site.dialog().wait_for(state="detached")
    assert sum("widget-dialog.js" in url for url in site.requests) == 1


@pytest.mark.parametrize(
    "prepare",
    [
        pytest.param("getSelection().removeAllRanges()", id="no-selection"),
        pytest.param(
            "(() => { const t = document.getElementById('ta'); t.focus();"
            " t.setSelectionRange(0, 4) })()",
            id="textarea",
        ),
        pytest.param(
            "(() => { const e = document.getElementById('ce'); e.focus();"
            " const r = document.createRange(); r.setStart(e.firstChild, 0);"
            " r.setEnd(e.firstChild, 8); getSelection().removeAllRanges();"
            " getSelection().addRange(r) })()",
            id="contenteditable",
        ),
        pytest.param(
            "(() => { const p = document.querySelector('.lead').firstChild;"
            " const r = document.createRange(); r.setStart(p, 3); r.setEnd(p, 4);"
            " getSelection().removeAllRanges(); getSelection().addRange(r) })()",
            id="whitespace-only",
        ),
    ],
)
def test_shortcut_ignored(site, prepare):
    page = site.open()
    page.evaluate(prepare)
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(150)
    assert page.locator("orfo-dialog").count() == 0
    assert not any("widget-dialog.js" in url for url in site.requests)


def test_plain_enter_does_nothing(site):
    page = site.open()
    site.select("postponed")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.locator("orfo-dialog").count() == 0


def test_orfo_open(site):
    page = site.open()
    site.select("several")
    page.evaluate("Orfo.open()")
    site.dialog().wait_for()
    assert page.locator("orfo-dialog mark").text_content() == "several"


def test_orfo_open_without_selection_explains(site):
    page = site.open()
    page.evaluate("Orfo.open()")
    site.dialog().wait_for()
    assert "Select the text" in site.dialog().inner_text()
    assert page.locator("orfo-dialog textarea").count() == 0


def test_data_orfo_open_button(site):
    page = site.open()
    site.select("finance committee")
    page.click("#report")
    site.dialog().wait_for()
    assert page.locator("orfo-dialog mark").text_content() == "finance committee"


def test_stub_queue_is_replayed(site):
    page = site.open("stub.html")
    site.dialog().wait_for()
    assert page.locator("orfo-dialog mark").text_content() == "stub queue"


@pytest.fixture
def phone(browser, playwright):
    context = browser.new_context(**playwright.devices["Pixel 7"])
    yield context
    context.close()


def test_touch_button(phone):
    from .conftest import Site

    site = Site(phone.new_page())
    page = site.open()
    site.select("third time")
    button = page.locator("orfo-button button")
    button.wait_for()
    assert button.inner_text() == "Report a mistake"
    # Below the selection, not somewhere random.
    sel = page.evaluate(
        "(() => { const r = getSelection().getRangeAt(0).getBoundingClientRect();"
        " return {left: r.left, bottom: r.bottom} })()"
    )
    box = button.bounding_box()
    assert box["y"] >= sel["bottom"] and abs(box["x"] - max(8, sel["left"])) < 2
    button.tap()
    site.dialog().wait_for()
    assert page.locator("orfo-dialog mark").text_content() == "third time"
    assert page.locator("orfo-button").count() == 0
    report = site.send()
    assert report["quote"] == "third time"


def test_touch_button_goes_with_the_selection(phone):
    from .conftest import Site

    site = Site(phone.new_page())
    page = site.open()
    site.select("third time")
    page.locator("orfo-button button").wait_for()
    page.evaluate("getSelection().removeAllRanges()")
    page.locator("orfo-button").wait_for(state="detached")


def test_no_touch_button_on_desktop(site):
    page = site.open()
    site.select("third time")
    page.wait_for_timeout(400)
    assert page.locator("orfo-button").count() == 0
    assert not any("widget-dialog.js" in url for url in site.requests)
