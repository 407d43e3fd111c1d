"""Pages that fight back: hostile CSS must not break the dialog, page text is text."""

import pytest

pytestmark = pytest.mark.browser

LAYOUT = """() => [...document.querySelectorAll('body :not(script)')].map(e => {
    const r = e.getBoundingClientRect()
    return [e.localName, r.x, r.y, r.width, r.height]
}).concat([[document.documentElement.scrollWidth,
             document.documentElement.scrollHeight]])"""


def hit(page, selector):
    """Whether a click at the centre of `selector` (in the dialog) would reach it."""
    return page.evaluate(
        """(sel) => {
            const host = document.querySelector('orfo-dialog')
            const el = host.shadowRoot.querySelector(sel)
            const r = el.getBoundingClientRect()
            const x = r.x + r.width / 2, y = r.y + r.height / 2
            return document.elementFromPoint(x, y) === host &&
                   host.shadowRoot.elementFromPoint(x, y) === el
        }""",
        selector,
    )


def test_dialog_survives_hostile_css(site):
    page = site.open("hostile.html")
    site.select("brown fox")
    page.keyboard.press("Control+Enter")
    dialog = site.dialog()
    dialog.wait_for()
    box = dialog.bounding_box()
    assert box["width"] > 250 and box["height"] > 200
    for selector in ("h2", "mark", "textarea", "input#f", "button.p"):
        assert page.locator(f"orfo-dialog {selector}").is_visible(), selector
        assert hit(page, selector), selector
    styles = page.evaluate(
        """() => { const b = document.querySelector('orfo-dialog').shadowRoot
                   .querySelector('button.p'), s = getComputedStyle(b)
                   return [s.fontSize, s.color, s.visibility] }"""
    )
    assert styles == ["15px", "rgb(255, 255, 255)", "visible"]
    page.locator("orfo-dialog textarea").fill("typed through hostile CSS")
    report = site.send()
    assert report["quote"] == "brown fox"
    assert report["comment"] == "typed through hostile CSS"


def test_page_layout_is_unchanged(site):
    page = site.open("hostile.html", tag="")
    without = page.evaluate(LAYOUT)
    page = site.open("hostile.html")
    assert page.evaluate(LAYOUT) == without
    site.select("brown fox")
    page.keyboard.press("Control+Enter")
    site.dialog().wait_for()
    page.keyboard.press("Escape")
    page.locator("orfo-dialog").wait_for(state="detached")
    assert page.evaluate(LAYOUT) == without


def test_dialog_does_not_move_the_page(site):
    page = site.open()
    page.mouse.wheel(0, 200)
    without = page.evaluate(LAYOUT)
    site.select("Residents")
    page.keyboard.press("Control+Enter")
    site.dialog().wait_for()
    assert page.evaluate(LAYOUT) == without
    site.dialog().wait_for()
    page.keyboard.press("Escape")
    page.locator("orfo-dialog").wait_for(state="detached")
    assert page.evaluate(LAYOUT) == without


def test_page_text_is_shown_as_text(site):
    page = site.open("xss.html")
    site.select('<img src=x onerror="window.pwned=1">', "</script>")
    page.keyboard.press("Control+Enter")
    mark = page.locator("orfo-dialog mark")
    assert mark.text_content() == (
        '<img src=x onerror="window.pwned=1"> and <script>window.pwned=2</script>'
    )
    assert page.locator("orfo-dialog img, orfo-dialog script").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    report = site.send()
    assert report["quote"].startswith("<img src=x onerror=")
    assert page.evaluate("window.pwned") is None


def test_page_errors_are_not_ours(site, page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    site.open()
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    site.send()
    # Blocked requests log "Failed to load resource"; nothing else may appear.
    assert [e for e in errors if "Failed to load resource" not in e] == []


def test_broken_dialog_script_does_not_break_the_page(site, page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("http://orfo.test/widget-dialog.js", lambda route: route.abort())
    site.open()
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(300)
    assert errors == []
    assert page.locator("orfo-dialog").count() == 0
