"""A page's text as the widget sees it (widget/src/capture.js, "the text model").

The widget flattens the container's text nodes in document order, leaving out what is
never rendered (script, style, template, textarea, input, iframe, ... and anything
under display:none), text under visibility:hidden and SVG text outside <text>; it puts
a break at every block boundary and <br>, folds every run of JavaScript's \\s into
one space and trims. Orfo then cleans what the reader sent (orfo.lib.text.clean_inline:
NFC, no soft hyphens or zero-width spaces), so the page text is cleaned the same way
and a quote with its context is found in it character for character.

The widget also leaves out whitespace the browser does not render: at the start and
end of an inline-block and next to CSS-generated content. That needs the page's style
sheets, so here such a space stays; the anchoring allows for it (anchor.py: the context
is matched approximately).

The server has no style sheets: hidden means the `hidden` attribute, an inline
`display:none` or `visibility:hidden`, and what the browser's own style sheet hides
(<head>, a closed <dialog>, <rp>, ...); blocks are the elements the browser's style
sheet makes blocks, and those an inline style makes one.

Parser: selectolax's Lexbor, an HTML5 parser in C, chosen by measurement on the corpus
(BENCHMARKS.md, "Verification"). Instead of walking the tree in Python, the walk is
done by Lexbor: what is never shown is removed, a space is put around each block, and
the text of the rest is read in one call.
"""

import codecs
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from orfo.lib.text import clean_inline

# Never rendered (the widget's SKIP), and what the browser's style sheet hides.
SKIPPED = [
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "textarea",
    "input",
    "title",
    "head",
    "rp",
    "datalist",
    "noembed",
    "noframes",
    "area",
    "param",
    "orfo-dialog",
    "orfo-button",
]
HIDDEN = "[hidden]:not([hidden=until-found i]), dialog:not([open])"
# display other than inline* / contents / ruby* in the browser's style sheet.
BLOCKS = (
    "html body address blockquote center div figure figcaption footer form header hr "
    "legend listing main p plaintext pre xmp article aside h1 h2 h3 h4 h5 h6 hgroup "
    "nav section search dir dd dl dt menu ol ul li table caption colgroup col thead "
    "tbody tfoot tr td th fieldset details summary optgroup option dialog frameset "
    "frame"
).split()
_BLOCK_SET = frozenset(BLOCKS) | {"br"}
_BLOCK_SELECTOR = ",".join([*BLOCKS, "br"])
# The widget renders SVG text only in these.
_SVG_TEXT = "text, tspan, textPath"
# JavaScript's \s, which is not Python's.
JS_SPACE = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)
_DECLARATION = re.compile(
    r"(?:^|;)\s*(display|visibility)\s*:\s*([a-z-]+)[^;]*", re.IGNORECASE
)
MAX_CONTAINERS = 8


class BadEncoding(ValueError):
    """The bytes are not text in the encoding the page declares (or UTF-8)."""


@dataclass(frozen=True)
class PageText:
    """The page's text, and where in it each <article> and <main> begins.

    The widget's `position` counts from the start of the container it picked (the
    article or main holding the selection, else body); these are the offsets that
    turn such a position into one in `text`.
    """

    text: str
    containers: tuple[int, ...] = (0,)


def page_text(html: str | bytes, content_type: str = "") -> str:
    """The rendered text of the page's <body>, as the widget reads it."""
    return extract(html, content_type).text


def extract(html: str | bytes, content_type: str = "") -> PageText:
    """The rendered text of the page's <body> and its containers' offsets."""
    if isinstance(html, bytes):
        html = decode(html, content_type)
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return PageText("")
    tree.strip_tags(SKIPPED)
    for node in tree.css(HIDDEN):
        if not _shown_by_style(node):
            node.decompose()
    inline = _apply_inline_styles(tree)
    for svg in tree.css("svg"):
        _keep_svg_text(svg)
    for node in tree.css(_BLOCK_SELECTOR):
        if node.mem_id not in inline:
            node.insert_before(" ")
            node.insert_after(" ")
    text = _fold(body.text(deep=True))
    return PageText(text, _container_offsets(tree, text))


def _fold(raw: str) -> str:
    return clean_inline(JS_SPACE.sub(" ", raw)).strip()


def _style(node) -> dict[str, str]:
    found = {}
    for name, value in _DECLARATION.findall(node.attributes.get("style") or ""):
        found[name.lower()] = value.lower()
    return found


def _shown_by_style(node) -> bool:
    display = _style(node).get("display")
    return display is not None and display != "none"


def _apply_inline_styles(tree) -> set[int]:
    """Act on inline display and visibility; return the blocks an inline style made
    inline (by mem_id)."""
    inline: set[int] = set()
    for node in tree.css('[style*="display" i], [style*="visibility" i]'):
        style = _style(node)
        display = style.get("display")
        if display == "none":
            node.decompose()
            continue
        if display is not None:
            is_block = not display.startswith(("inline", "contents", "ruby"))
            if is_block and node.tag not in _BLOCK_SET:
                node.insert_before(" ")
                node.insert_after(" ")
            elif not is_block and node.tag in _BLOCK_SET:
                inline.add(node.mem_id)
        if style.get("visibility") in ("hidden", "collapse"):
            _hide_text(node)
    return inline


def _hide_text(node) -> None:
    """Drop the text under NODE (it keeps its place and its block boundaries), but
    not under a descendant that makes itself visible again."""
    shown = [
        n
        for n in node.css('[style*="visibility" i]')
        if _style(n).get("visibility") == "visible"
    ]
    texts = [n for n in node.traverse(include_text=True) if n.is_text_node]
    for text in texts:
        if not any(_contains(s, text) for s in shown):
            text.decompose()


def _contains(ancestor, node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor.mem_id:
            return True
        parent = parent.parent
    return False


def _keep_svg_text(svg) -> None:
    """Replace an <svg> by the text of its <text> elements (the rest is not drawn
    as text)."""
    kept = "".join(n.text(deep=True) for n in svg.css(_SVG_TEXT) if _outermost(n))
    svg.replace_with(kept) if kept else svg.decompose()


def _outermost(node) -> bool:
    parent = node.parent
    return parent is None or parent.tag not in ("text", "tspan", "textpath")


def _container_offsets(tree, text: str) -> tuple[int, ...]:
    offsets = {0}
    for node in tree.css("article, main")[:MAX_CONTAINERS]:
        own = _fold(node.text(deep=True))
        if own:
            at = text.find(own[:256])
            if at > 0:
                offsets.add(at)
    return tuple(sorted(offsets))


# Encodings a page may declare.

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE
)
# Labels that mean another encoding to a browser (the WHATWG Encoding standard).
_BROWSER_MEANS = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "utf-16": "utf-16-le",
    "unicode": "utf-16-le",
    "x-user-defined": "cp1252",
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "chinese": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "iso-8859-8-i": "iso-8859-8",
}
# Browsers read undecodable bytes as U+FFFD, and so does this (the widget's quotes
# hold the same U+FFFD); a page where they are more than this share of the text, or
# with NUL bytes, is not text in that encoding at all.
MAX_BAD_SHARE = 0.01


def encoding_of(data: bytes, content_type: str = "") -> str:
    """The encoding a browser would read DATA in: its BOM, the HTTP charset, a
    <meta> in its first KiB, else UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for found in (
        _HEADER_CHARSET.search(content_type or ""),
        _META_CHARSET.search(data[:1024]),
    ):
        if found:
            label = found.group(1)
            label = label.decode("ascii") if isinstance(label, bytes) else label
            name = _known(label.strip().lower())
            if name:
                # A <meta> written in ASCII cannot be in UTF-16: browsers take UTF-8.
                meta = found.re is _META_CHARSET
                return "utf-8" if meta and name.startswith("utf-16") else name
    return "utf-8"


def _known(label: str) -> str | None:
    label = _BROWSER_MEANS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, content_type: str = "") -> str:
    """DATA as text (see encoding_of); raise BadEncoding when it is not."""
    encoding = encoding_of(data, content_type)
    if b"\x00" in data[:4096] and not encoding.startswith("utf-16"):
        raise BadEncoding("binary, not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") > max(16, len(text) * MAX_BAD_SHARE):
        raise BadEncoding(f"not {encoding}")
    return text
