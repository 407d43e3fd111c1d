"""The demo article reads well in both colour schemes: text and links at >= 4.5:1."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The WCAG 2.1 contrast of an element's text over the page's background, its colour
# composited with the opacity of it and its ancestors.
CONTRAST = """(sel) => {
    const rgb = (c) => c.match(/[\\d.]+/g).map(Number)
    const e = document.querySelector(sel)
    let alpha = 1
    for (let n = e; n; n = n.parentElement) alpha *= getComputedStyle(n).opacity
    const bg = rgb(getComputedStyle(document.body).backgroundColor)
    const fg = rgb(getComputedStyle(e).color).slice(0, 3).map(
        (v, i) => v * alpha + bg[i] * (1 - alpha))
    const W = [0.2126, 0.7152, 0.0722]
    const lum = (c) => c.map((v) => (v /= 255) <= 0.03928 ? v / 12.92
        : ((v + 0.055) / 1.055) ** 2.4).reduce((s, v, i) => s + v * W[i], 0)
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x)
    return (a + 0.05) / (b + 0.05)
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_footer_link_contrast(browser, demo, scheme):
    context = browser.new_context(color_scheme=scheme)
    context.route(
        "**/*",
        lambda r: r.continue_() if demo.url in r.request.url else r.abort(),
    )
    page = context.new_page()
    page.goto(f"{demo.url}/demo/en/")
    assert page.evaluate(CONTRAST, "footer a") >= 4.5
    assert page.evaluate(CONTRAST, "footer") >= 4.5
    context.close()
