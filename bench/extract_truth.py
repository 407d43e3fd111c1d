#!/usr/bin/env python
"""The text the widget reads on each corpus page, taken from Chromium, to measure the
server-side extraction (orfo/verification/extract.py) against.

    .venv/bin/python bench/extract_truth.py [OUT_DIR]   # default var/extract-truth

Each page of ../shared/corpus/pages is loaded, as UTF-8, the way
tests/widget/test_corpus.py serves it (its own scripts and comments stripped, every
request but the page aborted, anti-flicker rules undone) and the widget's text model
of <body> is written to OUT_DIR/<name>.txt: Chromium's innerText with every run of
\\s folded to one space, trimmed (widget/ARCHITECTURE.md, "The text model": equal to
the widget's own walk on the corpus). Kept out of the repository: it is derived from
the pages. bench/extract_parsers.py reads it.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.chromium import ARGS, CHROMIUM  # noqa: E402
from tests.widget.test_corpus import COMMENT, CSP, HEAD, REVEAL, SCRIPT  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
NORMALISE = "s => s.replace(/\\s+/g, ' ').trim()"


def served(name: str) -> bytes:
    html = (CORPUS / name / "source.html").read_bytes()
    html = CSP.sub(b"", SCRIPT.sub(b"", COMMENT.sub(b"", html)))
    return HEAD.sub(lambda m: m[0] + REVEAL.encode(), html, count=1)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "extract-truth"
    out.mkdir(parents=True, exist_ok=True)
    names = sorted(p.parent.name for p in CORPUS.glob("*/source.html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context().new_page()
        page.route("**/*", lambda route: route.abort())
        page.route(
            "http://127.0.0.1:8000/*/",
            lambda route: route.fulfill(
                body=served(route.request.url.split("/")[-2]),
                # The corpus is UTF-8 (some pages say otherwise in a <meta>);
                # bench/verify.py serves it so, as a server would say.
                content_type="text/html; charset=utf-8",
            ),
        )
        for name in names:
            page.goto(f"http://127.0.0.1:8000/{name}/", wait_until="load")
            text = page.evaluate(f"({NORMALISE})(document.body.innerText)")
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
        browser.close()
    print(f"{len(names)} pages -> {out}")


if __name__ == "__main__":
    main()
