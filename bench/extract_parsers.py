#!/usr/bin/env python
"""Which HTML parser reads the page's text as the widget does, and how fast: the
measurement behind orfo/verification/extract.py's choice (BENCHMARKS.md).

    .venv/bin/python bench/extract_truth.py        # once: Chromium's text, var/
    .venv/bin/pip install lxml==6.1.3 html5lib==1.1 beautifulsoup4==4.15.0
    .venv/bin/python bench/extract_parsers.py

Every parser gets the same rules (orfo.verification.extract: what is skipped, what
is hidden, what is a block); the candidates other than Lexbor walk their tree in
Python. Fidelity: 50 stretches of 150 characters of Chromium's text per page
(bench/extract_truth.py) found exactly in the parser's text, i.e. a quote with its
context found again. Speed: all 64 pages, decoded, parsed and flattened, best of 3.
"""

import random
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from orfo.lib.text import clean_inline  # noqa: E402
from orfo.verification import extract as model  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
TRUTH = ROOT / "var" / "extract-truth"
SKIP = set(model.SKIPPED)
BLOCK = set(model.BLOCKS) | {"br"}
STYLE = re.compile(r"(display|visibility)\s*:\s*([a-z-]+)", re.I)


def walk_etree(root) -> str:
    """The same text model over an ElementTree-like tree (lxml, html5lib)."""
    out: list[str] = []

    def visit(el, visible):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if not tag or tag in SKIP or "hidden" in el.attrib:
            return
        style = dict(
            (k.lower(), v.lower()) for k, v in STYLE.findall(el.get("style", ""))
        )
        if style.get("display") == "none" or (
            tag == "dialog" and "open" not in el.attrib
        ):
            return
        if "visibility" in style:
            visible = style["visibility"] == "visible"
        block = tag in BLOCK
        if block:
            out.append(" ")
        if el.text and visible:
            out.append(el.text)
        for child in el:
            visit(child, visible)
            if child.tail and visible:
                out.append(child.tail)
        if block:
            out.append(" ")

    visit(root, True)
    return model._fold("".join(out))


def lexbor(html: str) -> str:
    return model.extract(html).text


def lxml_html(html: str) -> str:
    import lxml.html

    return walk_etree(lxml.html.document_fromstring(html).body)


def html5lib_lxml(html: str) -> str:
    import html5lib

    doc = html5lib.parse(html, treebuilder="lxml", namespaceHTMLElements=False)
    return walk_etree(doc.getroot().find("body"))


def bs4_htmlparser(html: str) -> str:
    from bs4 import BeautifulSoup, Comment, NavigableString

    out: list[str] = []

    def visit(el, visible):
        for child in el.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if visible:
                    out.append(str(child))
                continue
            tag = child.name.lower()
            if tag in SKIP or child.has_attr("hidden"):
                continue
            style = dict(
                (k.lower(), v.lower()) for k, v in STYLE.findall(child.get("style", ""))
            )
            if style.get("display") == "none":
                continue
            v = style["visibility"] == "visible" if "visibility" in style else visible
            block = tag in BLOCK
            if block:
                out.append(" ")
            visit(child, v)
            if block:
                out.append(" ")

    soup = BeautifulSoup(html, "html.parser")
    visit(soup.body or soup, True)
    return model._fold("".join(out))


PARSERS = {
    "selectolax 1.0.2 (Lexbor), in C": lexbor,
    "lxml 6.1.3 (libxml2), Python walk": lxml_html,
    "html5lib 1.1, Python walk": html5lib_lxml,
    "BeautifulSoup 4.15 (html.parser), Python walk": bs4_htmlparser,
}


def main() -> None:
    warnings.simplefilter("ignore")  # html5lib on names XML would not allow
    pages = {
        p.parent.name: p.read_bytes().decode("utf-8", errors="replace")
        for p in sorted(CORPUS.glob("*/source.html"))
    }
    truths = {}
    for name in pages:
        path = TRUTH / f"{name}.txt"
        if path.exists():
            truths[name] = clean_inline(path.read_text(encoding="utf-8")).strip()
    print(f"{len(pages)} pages, {sum(map(len, pages.values())) / 1e6:.1f} MB")
    for label, parse in PARSERS.items():
        best = float("inf")
        for _ in range(3 if "C" in label else 1):
            started = time.perf_counter()
            texts = {name: parse(html) for name, html in pages.items()}
            best = min(best, time.perf_counter() - started)
        found = total = 0
        for name, truth in truths.items():
            if len(truth) < 300:
                continue
            rnd = random.Random(name)
            for _ in range(50):
                at = rnd.randrange(len(truth) - 150)
                found += truth[at : at + 150] in texts[name]
                total += 1
        fidelity = f"{found / total:.1%}" if total else "n/a (no truth)"
        print(
            f"{label:48} {best:6.2f} s  {best / len(pages) * 1000:6.1f} ms/page  "
            f"fidelity {fidelity}"
        )


if __name__ == "__main__":
    main()
