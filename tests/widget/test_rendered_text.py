"""The text model against the browser's visible text where whitespace is not rendered.

As test_corpus.py does on real pages, each report is checked against the container's
innerText, whitespace-normalised: the quote is the selection, and the quote, prefix and
suffix stand at `position` in that text. spacing.html holds what real pages do and the
browser does not render as space: a leading or trailing space inside an inline-block
(share buttons), whitespace after CSS-generated separators
(`li::after {content: ", "}`), next to a block-level ::before; and what stays: a
no-break space, a separator that is not whitespace, an out-of-flow ::after.
"""

import pytest

from .conftest import NORMALISE

pytestmark = pytest.mark.browser

ANCHORED = f"""(r) => {{
    const text = ({NORMALISE})(document.querySelector('article').innerText)
    const {{start, end}} = r.position
    return {{
        quote: text.slice(start, end),
        prefix: text.slice(Math.max(0, start - r.prefix.length), start),
        suffix: text.slice(end, end + r.suffix.length),
        found: text.indexOf(r.prefix + r.quote + r.suffix),
        expected: start - r.prefix.length,
    }}
}}"""


def report_on(site, first, last=None):
    page = site.open(fixture="spacing.html")
    site.select(first, last)
    selected = site.selection()
    page.keyboard.press("Control+Enter")
    return site.send(), selected


@pytest.mark.parametrize(
    "first, last, prefix_end",
    [
        # After " Facebook" and "Telegram " inside inline-blocks: no space rendered.
        ("alpha", None, "storyFacebookTelegramand read the "),
        # After "Politics" + ", " (generated) the newline is not rendered.
        ("Almaty", None, "PoliticsBudget"),
        ("Budget", "Almaty", "Politics"),  # the selection crosses a separator
        ("beta", None, "Filed under EconomyCities"),
        # Either side of a block-level ::before.
        ("gamma", None, "Before thebreak "),
        # A no-break space is rendered (not collapsed) even at an inline-block's start.
        ("delta", None, "Price 100 tenge "),
        # A separator that is no whitespace, and an out-of-flow ::after, change nothing.
        ("epsilon", None, "report, marked "),
        ("zeta", None, "and underlined "),
    ],
)
def test_text_equals_the_browsers(site, first, last, prefix_end):
    report, selected = report_on(site, first, last)
    assert report["quote"] == selected
    check = site.page.evaluate(ANCHORED, report)
    assert check["quote"] == report["quote"]
    assert (check["prefix"], check["suffix"]) == (report["prefix"], report["suffix"])
    assert check["found"] == check["expected"]
    assert report["prefix"].endswith(prefix_end)
