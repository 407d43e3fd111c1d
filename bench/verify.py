#!/usr/bin/env python
"""Verification of the live page, measured over every page of ../shared/corpus/pages.

    .venv/bin/python bench/verify.py              # verdicts and speed, ~1 min
    .venv/bin/python bench/verify.py --speed-only

For each corpus page, up to 10 selections are captured as the widget captures them
(a few words of the page's text model, unique on the page, in a paragraph of at
least 200 characters, with 64 characters of context each side and the position in
its container), then the page is served from a loopback server in versions:

- unchanged: every selection present;
- fixed: every selection replaced by a correction (fixed);
- fixed+inserted, fixed+markup, fixed+whitespace, fixed+comments: every other
  selection fixed, the rest left as they were (present), plus unrelated changes: a
  paragraph inserted above each fixed one; ads added and markup changed around
  (attributes on every paragraph, the correction in <b>, the untouched quotes in a
  <span>); whitespace changed (new lines and tabs around the selections, between
  tags); an HTML comment before each selection's paragraph and a readers'
  comments section at the end;
- removed: every other selection's paragraph removed (gone), the rest present;
- 404 (page_missing), slow (past ORFO_VERIFY_TIMEOUT), huge (past
  ORFO_VERIFY_MAX_BYTES) and a redirect loop (unreachable).

Each version is checked as the worker checks it (fetch_page through orfo.lib.http,
extraction, check_page) and the verdict of each selection is compared with what the
version did to it. Goals (issue 17): >= 99 % correct, and zero fixed or gone where
the error is still present.

Speed: the unchanged and fixed versions of every page checked again one after the
other, the process pinned to one core (server thread included): page checks per
second; and the check of the corpus page nearest 1 MB, median of 20 (goal: >= 50
checks/s, <= 100 ms).
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from orfo.verification.extract import extract  # noqa: E402
from orfo.verification.fetch import fetch_page  # noqa: E402
from orfo.verification.verify import Anchor, check_page  # noqa: E402
from tests.verification.pageserver import PageServer  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
UTF8 = {"Content-Type": "text/html; charset=utf-8"}
HOSTS = ["127.0.0.1"]
PER_PAGE = 10
CONTEXT = 64  # widget/src/report.js
BLOCK_TAGS = {"p", "li", "blockquote", "dd", "td", "h2", "h3", "h4", "div"}
WORD = re.compile(r"(?<![\w])[^\W\d_]{2,}(?: [^\W\d_]{2,}){0,2}(?![\w])")
VERSIONS = [
    "unchanged",
    "fixed",
    "fixed+inserted",
    "fixed+markup",
    "fixed+whitespace",
    "fixed+comments",
    "removed",
    "404",
    "slow",
    "huge",
    "redirect loop",
]


class Selection:
    def __init__(self, i, quote, start, text, origins, html_at, block_tag):
        self.i = i
        self.quote = quote
        self.html_at = html_at
        self.block_tag = block_tag
        origin = max(o for o in origins if o <= start)
        self.anchor = Anchor(
            i,
            quote,
            text[max(origin, start - CONTEXT) : start],
            text[start + len(quote) : start + len(quote) + CONTEXT],
            start - origin,
        )
        self.correction = correct(quote)


def correct(quote: str) -> str:
    """A correction of QUOTE: two letters of its longest word swapped, or one
    letter changed."""
    words = quote.split(" ")
    k = max(range(len(words)), key=lambda j: len(words[j]))
    w = words[k]
    if len(w) >= 4 and w[1] != w[2]:
        w = w[0] + w[2] + w[1] + w[3:]
    else:
        w = w[:-1] + ("e" if w[-1] != "e" else "a")
    words[k] = w
    return " ".join(words)


def block_of(node):
    """NODE's nearest block ancestor of at least 200 characters of text, or None."""
    parent = node.parent
    while parent is not None and parent.tag not in BLOCK_TAGS:
        parent = parent.parent
    if parent is None or len(parent.text(deep=True)) < 200:
        return None
    return parent


def text_nodes(tree) -> list:
    return [
        n
        for n in tree.body.traverse(include_text=True)
        if n.is_text_node and len(n.text_content or "") >= 30
    ]


def select(name: str, html: str, rnd: random.Random) -> list[Selection]:
    page = extract(html, UTF8["Content-Type"])
    text = page.text
    nodes = text_nodes(LexborHTMLParser(html))
    chosen: list[Selection] = []
    for _ in range(600):
        if len(chosen) == PER_PAGE or len(text) < 500:
            break
        match = WORD.search(text, rnd.randrange(len(text) - 50))
        if not match or len(match[0]) < 4:
            continue
        quote, start = match[0], match.start()
        if text.count(quote) != 1 or html.count(quote) != 1:
            continue
        at = html.index(quote)
        if any(abs(at - s.html_at) < 600 for s in chosen):
            continue  # one selection per paragraph, or so
        holders = [n for n in nodes if quote in n.text_content]
        block = block_of(holders[0]) if len(holders) == 1 else None
        if block is None:
            continue
        # Removing the block takes away at least one side of the context whole.
        own = " ".join(block.text(deep=True).split())
        inside = own.find(quote)
        if inside < 0 or (
            inside < CONTEXT and len(own) - inside - len(quote) < CONTEXT
        ):
            continue
        correction = correct(quote)
        if correction in text or correction in html:
            continue
        # The HTML occurrence is the one the reader sees (not one in a script).
        edited = html[:at] + correction + html[at + len(quote) :]
        if quote in extract(edited, UTF8["Content-Type"]).text:
            continue
        chosen.append(
            Selection(len(chosen), quote, start, text, page.containers, at, block.tag)
        )
    return chosen


def version(kind: str, html: str, sels: list[Selection]):
    """The HTML of version KIND, and each selection's expected verdict."""
    half = [s for s in sels if s.i % 2 == 0] if kind != "fixed" else sels
    expected = {s.i: "present" for s in sels}
    if kind == "unchanged":
        return html, expected
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in html
    if kind.startswith("fixed"):
        for s in half:
            fix = f"<b>{s.correction}</b>" if kind == "fixed+markup" else s.correction
            edits.append((s.html_at, s.html_at + len(s.quote), fix))
            expected[s.i] = "fixed"
        if kind == "fixed+markup":
            for s in sels:
                if s not in half:
                    span = f'<span class="hl">{s.quote}</span>'
                    edits.append((s.html_at, s.html_at + len(s.quote), span))
    for s in half if kind in ("fixed+inserted", "fixed+comments") else []:
        block = html.rfind(f"<{s.block_tag}", 0, s.html_at)
        block = block if block >= 0 and s.html_at - block < 5000 else s.html_at
        if kind == "fixed+inserted":
            new = "<p>A paragraph added above, unrelated to the rest of the story.</p>"
        else:
            new = "<!-- edited by the desk: " + "lorem ipsum " * 20 + "-->"
        edits.append((block, block, new))
    if kind == "fixed+whitespace":
        for s in sels:
            lo, hi = max(0, s.html_at - 300), s.html_at + len(s.quote) + 300
            window = html[lo:hi]
            # Only in text, never inside a tag (a new line in a tag name breaks it).
            spaced = re.sub(r"(?<=[^\s<>=\"']) (?=[^\s<>=\"'])", " \n\t ", window)
            spaced = spaced.replace(s.quote.replace(" ", " \n\t "), s.quote)
            if s in half:
                spaced = spaced.replace(s.quote, s.correction.replace(" ", "\n "))
            edits.append((lo, hi, spaced))
    html = apply(html, edits)
    if kind == "fixed+whitespace":
        html = html.replace("><", ">\n  <")
    if kind == "fixed+markup":
        ad = '<div class="ad"><p>Advertisement</p><p>Buy the new phone now</p></div>'
        html = re.sub(r"<p(?=[\s>])", '<p data-track="1"', html)
        html = re.sub(r"(<body[^>]*>)", r"\1" + ad, html, count=1)
        html = html.replace("</body>", ad + "</body>")
    if kind == "fixed+comments":
        comments = (
            '<section class="comments"><h3>Comments</h3>'
            + "<p>Reader: great article, thank you for writing it.</p>" * 5
            + "</section>"
        )
        html = html.replace("</body>", comments + "</body>")
    if kind == "removed":
        html = remove_paragraphs(html, half)
        left = extract(html, UTF8["Content-Type"]).text
        for s in sels:  # a removed block may have held another selection too
            if s in half or s.quote not in left:
                expected[s.i] = "gone"
    return html, expected


def apply(html: str, edits) -> str:
    # From the end, so that earlier offsets stay true; overlapping edits are skipped.
    out, limit = html, len(html) + 1
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > limit:
            continue
        out = out[:start] + new + out[end:]
        limit = start
    return out


def remove_paragraphs(html: str, sels: list[Selection]) -> str:
    tree = LexborHTMLParser(html)
    for node in text_nodes(tree):
        if any(s.quote in node.text_content for s in sels):
            block = block_of(node)
            if block is not None:
                block.decompose()
    return tree.html


def verdict(fetched, located) -> str:
    if fetched.outcome == "missing":
        return "page_missing"
    if fetched.outcome != "ok":
        return fetched.outcome
    return located.verdict


def run_verdicts(server, pages) -> tuple[Counter, list]:
    confusion: Counter = Counter()
    wrong = []
    jobs = []
    for name, html, sels in pages:
        anchors = [s.anchor for s in sels]
        for kind in VERSIONS:
            path = f"/{name}/{kind.replace(' ', '-').replace('+', '-')}"
            if kind == "404":
                url = server.route(path, status=404, body=b"Not found")
                expected = dict.fromkeys(range(len(sels)), "page_missing")
            elif kind == "slow":
                url = server.route(path, body=html.encode(), headers=UTF8, delay=1.3)
                expected = dict.fromkeys(range(len(sels)), "unreachable")
            elif kind == "huge":
                pad = b"<!-- " + b"x" * settings.ORFO_VERIFY_MAX_BYTES + b" -->"
                url = server.route(path, body=html.encode() + pad, headers=UTF8)
                expected = dict.fromkeys(range(len(sels)), "unreachable")
            elif kind == "redirect loop":
                url = server.route(path, status=302, headers={"Location": path + "2"})
                server.route(path + "2", status=302, headers={"Location": path})
                expected = dict.fromkeys(range(len(sels)), "unreachable")
            else:
                body, expected = version(kind, html, sels)
                url = server.route(path, body=body.encode(), headers=UTF8)
            jobs.append((name, kind, url, anchors, expected))
    # The slow pages wait out the timeout: fetched in parallel, the rest one by one
    # (in parallel, the GIL would make fast pages slow).
    slow = [job for job in jobs if job[1] == "slow"]
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda job: fetch_page(job[2], HOSTS), slow))
    results += [fetch_page(job[2], HOSTS) for job in jobs if job[1] != "slow"]
    ordered = slow + [job for job in jobs if job[1] != "slow"]
    pairs = zip(ordered, results, strict=True)
    for (name, kind, _, anchors, expected), fetched in pairs:
        located = check_page(fetched, anchors)
        for i, want in expected.items():
            got = verdict(fetched, located.get(i))
            confusion[(want, got)] += 1
            if got != want:
                a = anchors[i]
                wrong.append((name, kind, want, got, a.quote))
    return confusion, wrong


def print_matrix(confusion: Counter) -> None:
    labels = ["present", "fixed", "gone", "page_missing", "unreachable"]
    print(f"{'expected / got':>16} " + " ".join(f"{x:>12}" for x in labels))
    for want in labels:
        row = [confusion[(want, got)] for got in labels]
        print(f"{want:>16} " + " ".join(f"{n:>12}" for n in row))
    total = sum(confusion.values())
    right = sum(n for (w, g), n in confusion.items() if w == g)
    unsafe = sum(
        n
        for (w, g), n in confusion.items()
        if w == "present" and g in ("fixed", "gone")
    )
    print(f"correct: {right}/{total} = {right / total:.2%}")
    print(f"fixed or gone while the error is present: {unsafe}")


def run_speed(server, pages) -> None:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    jobs = []
    for name, html, sels in pages:
        for kind in ("unchanged", "fixed"):
            body, _ = version(kind, html, sels)
            url = server.route(
                f"/speed/{name}/{kind}", body=body.encode(), headers=UTF8
            )
            jobs.append((url, [s.anchor for s in sels]))
    for url, anchors in jobs[:5]:  # warm up
        check_page(fetch_page(url, HOSTS), anchors)
    started, cpu = time.perf_counter(), time.process_time()
    issues = 0
    for url, anchors in jobs:
        fetched = fetch_page(url, HOSTS)
        assert fetched.outcome == "ok", fetched
        issues += len(check_page(fetched, anchors))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu  # the server's thread included
    print(
        f"speed: {len(jobs)} page checks ({issues} issues) in {elapsed:.2f} s "
        f"on one core = {len(jobs) / elapsed:.0f} checks/s, "
        f"{elapsed / len(jobs) * 1000:.1f} ms per check "
        f"(CPU {cpu:.2f} s = {len(jobs) / cpu:.0f} checks per CPU second)"
    )
    big = min(pages, key=lambda p: abs(len(p[1].encode()) - 2**20))
    name, html, sels = big
    body, _ = version("fixed", html, sels)
    url = server.route("/speed/big", body=body.encode(), headers=UTF8)
    times, cpus = [], []
    for _ in range(20):
        t0, c0 = time.perf_counter(), time.process_time()
        check_page(fetch_page(url, HOSTS), [s.anchor for s in sels])
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    print(
        f"1 MB page ({name}, {len(body.encode()) / 1e6:.2f} MB, {len(sels)} issues): "
        f"median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms, "
        f"CPU median {statistics.median(cpus) * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed-only", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.0/8"]
    settings.ORFO_VERIFY_FETCHES_PER_MINUTE = 10**9
    settings.ORFO_VERIFY_TIMEOUT = 1
    pages = []
    for path in sorted(CORPUS.glob("*/source.html")):
        html = path.read_bytes().decode("utf-8", errors="replace")
        sels = select(path.parent.name, html, random.Random(path.parent.name))
        if sels:
            pages.append((path.parent.name, html, sels))
    count = sum(len(s) for _, _, s in pages)
    print(f"{len(pages)} pages, {count} selections")
    server = PageServer()
    try:
        if not args.speed_only:
            confusion, wrong = run_verdicts(server, pages)
            print_matrix(confusion)
            for row in wrong[:40]:
                print("  wrong:", row)
        run_speed(server, pages)
    finally:
        server.close()


if __name__ == "__main__":
    main()
