"""The reader flow on phones: touch emulation at 320 and 412 px wide."""

import pytest

from .conftest import STATIC, Site
from .test_i18n import HEADING, NOTICE

pytestmark = pytest.mark.browser

WIDTHS = (320, 412)

# Select the word of #long that ends furthest right: the button's worst case.
SELECT_AT_RIGHT_EDGE = """() => {
    const p = document.getElementById('long')
    const node = p.firstChild
    const r = document.createRange()
    let best = null
    for (const m of node.data.matchAll(/\\S+/g)) {
        r.setStart(node, m.index)
        r.setEnd(node, m.index + m[0].length)
        const right = r.getBoundingClientRect().right
        if (!best || right > best.right)
            best = {start: m.index, end: r.endOffset, right}
    }
    r.setStart(node, best.start)
    r.setEnd(node, best.end)
    getSelection().removeAllRanges()
    getSelection().addRange(r)
    return {word: r.toString(), right: best.right}
}"""


@pytest.fixture(params=WIDTHS)
def phone(request, browser):
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 700},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        locale="en-US",
    )
    yield context
    context.close()


def open_phone(phone):
    site = Site(phone.new_page())
    page = site.open(phone=True)
    page.evaluate("document.getElementById('long').scrollIntoView()")
    return site, page


def test_button_stays_inside_the_viewport(phone):
    site, page = open_phone(phone)
    selected = page.evaluate(SELECT_AT_RIGHT_EDGE)
    width = page.evaluate("innerWidth")
    assert selected["right"] > width - 60  # really at the right edge
    button = page.locator("orfo-button button")
    button.wait_for()
    page.wait_for_timeout(50)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # One line: no taller than the line height plus the padding.
    line = button.evaluate("(b) => parseFloat(getComputedStyle(b).lineHeight) || 18")
    assert box["height"] < 2 * line + 24
    assert button.inner_text() == "Report a mistake"
    button.tap()
    site.dialog().wait_for()
    assert page.locator("orfo-dialog mark").text_content() == selected["word"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_shortcut_while_the_dialog_script_loads_opens_the_dialog(phone):
    """A tablet with a keyboard: Ctrl+Enter just after selecting, on a slow network."""
    site = Site(phone.new_page())
    held = []
    site.page.route("http://orfo.test/widget-dialog.js", lambda r: held.append(r))
    page = site.open(phone=True)
    site.select("third time")
    page.keyboard.press("Control+Enter")  # well within the button's 250 ms
    page.wait_for_timeout(400)  # the button's timer has fired; the script still loads
    assert len(held) == 1
    held[0].fulfill(
        path=STATIC / "widget-dialog.js", content_type="text/javascript; charset=utf-8"
    )
    site.dialog().wait_for()
    assert page.locator("orfo-dialog mark").text_content() == "third time"
    assert page.locator("orfo-button").count() == 0


def test_opening_the_dialog_raises_no_keyboard(phone):
    """No field focused until the reader taps one: the phone keyboard would cover it."""
    site, page = open_phone(phone)
    site.select("third time")
    page.locator("orfo-button button").tap()
    site.dialog().wait_for()
    focused = "document.querySelector('orfo-dialog').shadowRoot.activeElement.localName"
    assert page.evaluate(focused) == "h2"  # the dialog's title, for screen readers
    page.locator("orfo-dialog #c").tap()
    assert page.evaluate(focused) == "textarea"


# What the notice says on a touch screen: tap the button (HEADING: its label).
TOUCH_NOTICE = {
    "ru": "Нашли ошибку? Выделите её и нажмите «Сообщить об ошибке»",
    "kk": "Қате таптыңыз ба? Оны белгілеп, «Қатені хабарлау» түймесін басыңыз",
    "en": 'Found a mistake? Select it and tap "Report a mistake"',
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_notice_says_what_to_tap(phone, site, lang):
    """Touch screens name the button to tap; keyboards keep Ctrl+Enter."""
    site.open(html_lang=lang)
    assert site.page.locator("[data-orfo-notice]").text_content() == NOTICE[lang]
    touch = Site(phone.new_page())
    page = touch.open(phone=True, html_lang=lang)
    notice = page.locator("[data-orfo-notice]").text_content()
    assert notice == TOUCH_NOTICE[lang]
    assert "Ctrl" not in notice
    touch.select("third time")
    label = page.locator("orfo-button button").inner_text()
    assert label == HEADING[lang] and label in notice


DIALOG_BOX = """() => {
    const r = document.querySelector('orfo-dialog').shadowRoot.querySelector('dialog')
        .getBoundingClientRect()
    const v = visualViewport
    return {top: r.top, bottom: r.bottom, vtop: v.offsetTop,
            vbottom: v.offsetTop + v.height, height: innerHeight}
}"""


def test_dialog_stays_above_the_keyboard(phone):
    """The phone keyboard shrinks the visual viewport; the dialog stays inside it."""
    site, page = open_phone(phone)
    site.select("third time")
    page.locator("orfo-button button").tap()
    site.dialog().wait_for()
    page.locator("orfo-dialog #c").tap()
    # Chromium cannot show a keyboard; a pinch zoom shrinks the visual viewport the same
    # way (to half the height here), while the layout viewport, which centres the
    # dialog, stays as it is.
    cdp = phone.new_cdp_session(page)
    cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 2})
    page.wait_for_function("visualViewport.height < innerHeight * 0.6")
    page.wait_for_timeout(100)
    box = page.evaluate(DIALOG_BOX)
    assert box["vbottom"] < box["height"] * 0.6
    assert box["vtop"] - 1 <= box["top"] and box["bottom"] <= box["vbottom"] + 1
    # The field the reader tapped still has focus, inside the visible dialog.
    focused = "document.querySelector('orfo-dialog').shadowRoot.activeElement.id"
    assert page.evaluate(focused) == "c"
    # The keyboard goes: centred in the whole viewport again.
    cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 1})
    page.wait_for_function("visualViewport.height == innerHeight")
    page.wait_for_timeout(100)
    box = page.evaluate(DIALOG_BOX)
    assert abs(box["top"] - (box["height"] - box["bottom"])) <= 2
