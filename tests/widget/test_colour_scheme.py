"""The dialog follows the page's colours: dark on a dark page, light on a light one.

The page decides, not the reader's system setting alone: a light page in a dark system
keeps a light dialog. Every text of the dialog meets WCAG AA contrast (4.5:1), and its
borders and focus ring 3:1, in both.
"""

import re

import pytest

from .conftest import Site
from .test_phone import WIDTHS

pytestmark = pytest.mark.browser

# (fixture, the reader's system scheme, a dark dialog expected)
CASES = [
    pytest.param("dark.html", "light", True, id="dark-page-light-system"),
    pytest.param("scheme.html", "dark", True, id="page-follows-dark-system"),
    pytest.param("scheme.html", "light", False, id="page-follows-light-system"),
    pytest.param("article.html", "dark", False, id="light-page-dark-system"),
]

# Computed colours inside the shadow root: [text colour, background] pairs as seen.
COLOURS = """() => {
    const root = document.querySelector('orfo-dialog').shadowRoot
    const style = (sel) => getComputedStyle(root.querySelector(sel))
    const dialog = style('dialog')
    root.querySelector('#c').focus()
    return {
        dialog: [dialog.color, dialog.backgroundColor],
        heading: [style('h2').color, dialog.backgroundColor],
        label: [style('label').color, dialog.backgroundColor],
        quote: [style('.q').color, style('.q').backgroundColor],
        field: [style('#c').color, style('#c').backgroundColor],
        cancel: [style('button:not(.p)').color, dialog.backgroundColor],
        send: [style('button.p').color, style('button.p').backgroundColor],
        error: [style('.e').color, dialog.backgroundColor],
        border: [style('#c').borderTopColor, dialog.backgroundColor],
        focus: [style('#c').outlineColor, dialog.backgroundColor],
    }
}"""


def rgba(css):
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def over(top, bottom):
    """TOP composited over the opaque BOTTOM."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3)) + (1.0,)


def luminance(colour):
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg, dialog_bg):
    back = over(rgba(bg), dialog_bg)
    front = over(rgba(fg), back)
    lighter, darker = sorted((luminance(front), luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def check_dialog(site, page, dark):
    colours = page.evaluate(COLOURS)
    dialog_bg = rgba(colours["dialog"][1])
    assert dialog_bg[3] == 1
    assert (luminance(dialog_bg) < 0.05) == dark, colours["dialog"]
    for name, (fg, bg) in colours.items():
        needed = 3 if name in ("border", "focus") else 4.5
        assert contrast(fg, bg, dialog_bg) >= needed, (name, fg, bg)


@pytest.mark.parametrize("fixture, system, dark", CASES)
def test_dialog_follows_the_page(browser, fixture, system, dark):
    context = browser.new_context(locale="en-US", color_scheme=system)
    try:
        site = Site(context.new_page())
        page = site.open(fixture=fixture)
        site.select("budget")
        page.keyboard.press("Control+Enter")
        site.dialog().wait_for()
        check_dialog(site, page, dark)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_dark_dialog_on_a_phone(browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 700},
        has_touch=True,
        is_mobile=True,
        locale="ru-RU",
        color_scheme="dark",
    )
    try:
        site = Site(context.new_page())
        page = site.open(fixture="scheme.html", phone=True, html_lang="ru")
        site.select("budget")
        page.locator("orfo-button button").tap()
        site.dialog().wait_for()
        check_dialog(site, page, dark=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
