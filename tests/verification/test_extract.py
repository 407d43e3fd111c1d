"""The page's text as the widget reads it (widget/src/capture.js)."""

import random
import re
from pathlib import Path

import pytest

from orfo.lib.text import clean_inline
from orfo.verification.extract import BadEncoding, extract, page_text


def text(body: str) -> str:
    return page_text(f"<!doctype html><html><head><title>T</title></head><body>{body}")


@pytest.mark.parametrize(
    "body",
    [
        "<script>var x = 'hidden'</script>",
        "<style>p{color:red}</style>",
        "<noscript>hidden</noscript>",
        "<template><p>hidden</p></template>",
        "<textarea>hidden</textarea>",
        "<input value=hidden>",
        "<iframe>hidden</iframe>",
        "<p hidden>hidden</p>",
        "<p style='display: none'>hidden</p>",
        "<p style='color:red;DISPLAY:NONE !important'>hidden</p>",
        "<p style='visibility:hidden'>hidden</p>",
        "<dialog>hidden</dialog>",
        "<svg><desc>hidden</desc><g>hidden</g></svg>",
    ],
)
def test_what_is_never_rendered_is_not_text(body):
    assert text(f"<p>before</p>{body}<p>after</p>") == "before after"


def test_ruby_parentheses_are_not_text():
    assert text("<ruby>字<rp>(</rp><rt>zi</rt><rp>)</rp></ruby>") == "字zi"


def test_hidden_attribute_loses_to_an_inline_display():
    assert text("<p>a</p><p hidden style='display:block'>b</p>") == "a b"


def test_visibility_visible_inside_hidden_is_shown():
    html = (
        "<div style='visibility:hidden'>x <b style='visibility:visible'>y</b> z</div>"
    )
    assert text(html) == "y"


def test_blocks_break_words_and_inline_elements_do_not():
    assert text("<p>one</p><p>two</p>") == "one two"
    assert text("<div>one<div>two</div>three</div>") == "one two three"
    assert text("on<b>e</b><i>two</i>") == "onetwo"
    assert text("one<br>two") == "one two"
    assert text("<ul><li>a</li><li>b</li></ul><table><tr><td>c<td>d</table>") == (
        "a b c d"
    )


def test_inline_styles_change_what_is_a_block():
    assert text("a<span style='display:block'>b</span>c") == "a b c"
    assert text("a<div style='display:inline'>b</div>c") == "abc"
    assert text("a<div style='display:inline-block'>b</div>c") == "abc"


def test_whitespace_is_folded_as_javascript_folds_it():
    assert text("  a \n\t b&nbsp;&nbsp;c\u2003d  ") == "a b c d"


def test_text_is_cleaned_as_reports_are():
    # Soft hyphens and zero-width spaces are dropped, text is NFC: a quote the server
    # cleaned is found character for character.
    assert text("co\u00adoperate zero\u200bwidth cafe\u0301") == (
        "cooperate zerowidth caf\u00e9"
    )


def test_svg_text_is_kept_only_in_text_elements():
    assert text("a <svg><text>b<tspan>c</tspan></text><title>t</title></svg> d") == (
        "a bc d"
    )


def test_select_options_count_as_innerText_counts_them():
    assert text("<select><option>one<option>two</select>") == "one two"


def test_container_offsets_turn_positions_into_page_offsets():
    page = extract("<body><nav>Home News</nav><article><p>Story text</p></article>")
    assert page.text == "Home News Story text"
    assert page.containers == (0, page.text.index("Story"))


def test_charset_from_http_beats_meta_and_meta_beats_default():
    html = "<meta charset='windows-1251'><p>Привет</p>"
    assert page_text(html.encode("cp1251")) == "Привет"
    assert page_text(html.encode("koi8-r"), "text/html; charset=koi8-r") == "Привет"
    assert page_text("<p>Привет</p>".encode()) == "Привет"
    assert page_text(b"\xef\xbb\xbf<p>bom</p>", "text/html; charset=cp1251") == "bom"


def test_latin1_means_windows_1252_as_in_browsers():
    assert page_text(b"<p>\x93quoted\x94</p>", "text/html; charset=iso-8859-1") == (
        "\u201cquoted\u201d"
    )


def test_undecodable_bytes_raise_bad_encoding():
    with pytest.raises(BadEncoding):
        page_text("<p>Съешь же ещё этих мягких булок</p>".encode("cp1251"))
    with pytest.raises(BadEncoding):
        page_text(b"\x00\x01\x02PNG" * 100)


def test_a_few_bad_bytes_are_read_as_browsers_read_them():
    assert page_text(b"<p>ok " * 500 + b"\xff</p>").endswith("ok \ufffd")


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "pages"
PAGES = sorted(p.parent.name for p in CORPUS.glob("*/source.html"))


@pytest.mark.skipif(not PAGES, reason=f"no corpus at {CORPUS}")
def test_every_corpus_page_is_read_quickly_and_has_text():
    import time

    for name in PAGES:
        data = (CORPUS / name / "source.html").read_bytes()
        started = time.perf_counter()
        page = extract(data, "text/html; charset=utf-8")
        assert time.perf_counter() - started < 0.5, name
        assert len(page.text) > 500, name
        assert "<script" not in page.text and "function(" not in page.text, name


@pytest.mark.browser
@pytest.mark.skipif(not PAGES, reason=f"no corpus at {CORPUS}")
def test_corpus_text_matches_what_chromium_renders(browser):
    """150-character stretches of Chromium's text model of each corpus page (scripts
    stripped, as tests/widget/test_corpus.py serves them) are found in the
    extraction: what a reader selects with its context is found again."""
    from tests.widget.test_corpus import COMMENT, CSP, HEAD, REVEAL, SCRIPT

    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())
    current = {}
    page.route(
        "http://127.0.0.1:8000/p/",
        lambda route: route.fulfill(
            body=current["body"], content_type="text/html; charset=utf-8"
        ),
    )
    found = total = 0
    worst = []
    for name in PAGES:
        data = (CORPUS / name / "source.html").read_bytes()
        served = CSP.sub(b"", SCRIPT.sub(b"", COMMENT.sub(b"", data)))
        served = HEAD.sub(lambda m: m[0] + REVEAL.encode(), served, count=1)
        current["body"] = served
        page.goto("http://127.0.0.1:8000/p/", wait_until="load")
        truth = page.evaluate("document.body.innerText")
        truth = clean_inline(re.sub(r"\s+", " ", truth)).strip()
        ours = extract(data, "text/html; charset=utf-8").text
        if len(truth) < 300:
            continue
        rnd = random.Random(name)
        windows = [rnd.randrange(len(truth) - 150) for _ in range(50)]
        hits = sum(truth[w : w + 150] in ours for w in windows)
        found, total = found + hits, total + len(windows)
        worst.append((hits / len(windows), name))
    context.close()
    assert found / total >= 0.95, (found / total, sorted(worst)[:5])
