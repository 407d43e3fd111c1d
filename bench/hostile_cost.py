#!/usr/bin/env python
"""What the worst input a reader (or a proofreading client) can send costs, against
an ordinary one, on every path their text reaches.

    .venv/bin/python bench/hostile_cost.py                  # every case, ~4 min
    .venv/bin/python bench/hostile_cost.py --only proofread --repeats 3

Paths: report ingest with grouping (POST /api/v1/reports against a page holding the
200 issues a report is compared with), the worker's suggestion for an issue, the
notification of an issue (message built and rendered for email, Telegram, Slack and
a webhook, three delivery attempts each, from before the worker has suggested), the
proofreading API (POST /api/v1/proofread, 100,000 characters) and the issue page.

Each case runs in a fresh Python process with its own copy of a SQLite database
migrated once (tests.settings, as the test suite), the lexicons loaded from their
cache and the path warmed once on an ordinary input. The operation is timed
--repeats times (median ms); then it runs once more under tracemalloc (peak of
Python allocations, MB); "RSS +MB" is how much the process's peak resident memory
grew over the whole case. Goal (issue 13): no hostile case over 10x its ordinary
case, over 1 s, or over +50 MB.
"""

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "https://news.kz"
PAGE = f"{HOST}/2026/12/library"
ARTICLE = (
    "On Wednesday Almaty opened the doors of its new city library. Schoolchildren "
    "and students attended the opening. The director said the new building has a "
    "separate room for children and a computer class that recieved its first "
    "visitors the same day. It is the third library built in Kazakhstan this year, "
    "and the city plans two more before the end of the next one. "
)
LETTERS = {"en": "etaoinshrdlu", "ru": "оеаинтсрвлкм", "kk": "аеыінтрлқсдм"}
TYPOS = {"en": "recieved", "ru": "обьявили", "kk": "окушылары"}


# --- set-up shared by the cases (run in the child) ------------------------------


def setup_django(db: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def make_site():
    from orfo.sites.api import create_site

    return create_site("News.kz", ["news.kz"], "en")


def reporter():
    from django.test import Client

    client, readers = Client(), iter(range(1, 1_000_000))

    def send(quote, prefix="", suffix="", **fields):
        n = next(readers)
        payload = {
            "site": fields.pop("site"),
            "url": PAGE,
            "title": "Almaty opens a library",
            "lang": "en",
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "position": {"start": len(prefix), "end": len(prefix) + len(quote)},
            "client_id": f"{n:032x}",
            **fields,
        }
        response = client.post(
            "/api/v1/reports",
            data=json.dumps(payload),
            content_type="text/plain",
            HTTP_ORIGIN=HOST,
            REMOTE_ADDR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
        )
        assert response.status_code in (200, 201, 202), response.content[:300]
        return response

    return send


def issue_of(site, quote, prefix, suffix, lang="en", n=0):
    """An issue made in the database directly (a state that crafted reports reach)."""
    from django.utils import timezone

    from orfo.issues.models import Issue, Page

    page, _ = Page.objects.get_or_create(
        site=site, url_hash=f"{n:064x}"[:64], defaults={"url": f"{PAGE}/{n}"}
    )
    now = timezone.now()
    return Issue.objects.create(
        site=site,
        page=page,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        lang=lang,
        position=len(prefix),
        first_seen=now,
        last_seen=now,
    )


def around(text: str, quote: str, width: int = 256) -> tuple[str, str]:
    start = text.index(quote)
    end = start + len(quote)
    return text[max(0, start - width) : start], text[end : end + width]


CORPUS = ROOT.parent / "shared" / "corpus"


def real_prose(lang: str) -> str:
    """Text nobody here wrote, from ../shared/corpus when it is beside the project:
    English news pages' visible text, Russian blog posts (SpellRuEval's source
    side), Kazakh news (the only Kazakh prose there, 7.5 KB)."""
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.hidden = [], 0

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("script", "style", "noscript", "svg")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "noscript", "svg") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data):
            if not self.hidden and data.strip():
                self.parts.append(data.strip())

    try:
        if lang == "ru":
            path = CORPUS / "spelling/ru/spellrueval2016_test_source.txt"
            return path.read_text(encoding="utf-8")
        if lang == "kk":
            path = CORPUS / "spelling/kk/maribuoo_sample_corpus_kk.txt"
            return path.read_text(encoding="utf-8")
        pages = []
        for line in (CORPUS / "pages/MANIFEST.tsv").read_text().splitlines()[1:]:
            name, _, _, page_lang, _ = line.split("\t")
            if page_lang == "en":
                parser = Visible()
                html = (CORPUS / "pages" / name / "source.html").read_bytes()
                parser.feed(html.decode("utf-8", "replace"))
                pages.append("\n".join(parser.parts))
        return "\n\n".join(pages)
    except OSError:
        return ""


def long_word(lang: str, length: int = 812, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(LETTERS[lang]) for _ in range(length))


# --- the cases: each returns (per-repeat set-up, operation) ----------------------


def ingest_case(kind: str):
    """200 issues on the page; the report is compared with every one of them."""
    from django.utils import timezone

    from orfo.issues.api import MAX_CANDIDATES, page_key
    from orfo.issues.models import Issue, Page

    site = make_site()
    send = reporter()
    page_text = ARTICLE * 8
    send("the", *around(page_text, "the"), site=site.key)  # makes the page
    page = Page.objects.get()
    assert page.url_hash == page_key(PAGE)
    rng = random.Random(7)
    now = timezone.now()
    issues = []
    for k in range(MAX_CANDIDATES):
        if kind == "ordinary":
            words = page_text.split()
            i = rng.randrange(len(words))
            quote = words[i]
            prefix = " ".join(words[max(0, i - 40) : i]) + " "
            suffix = " " + " ".join(words[i + 1 : i + 41])
        else:  # runs of one letter: every position is a placement
            quote, prefix, suffix = "a" * (1 + k), "a" * 256, "a" * 256
        issues.append(
            Issue(
                site=site,
                page=page,
                quote=quote,
                prefix=prefix[-256:],
                suffix=suffix[:256],
                position=0,
                lang="en",
                first_seen=now,
                last_seen=now,
            )
        )
    Issue.objects.bulk_create(issues)
    counter = iter(range(1_000_000))

    def op():
        n = next(counter)
        if kind == "ordinary":  # a new error among ordinary ones
            quote = f"teh{n}"
            prefix, suffix = around(page_text, "library")
        elif kind == "one letter":  # (a new length each time: no fingerprint known)
            quote, prefix, suffix = "a" * (300 - n), "a" * 256, "a" * 256
        else:  # "near miss": the quote everywhere, the context never agreeing
            quote, prefix, suffix = "a" * (150 + n), "b" + "a" * 255, "c" + "a" * 255
        send(quote, prefix, suffix, site=site.key)

    return None, op


def suggestion_case(kind: str, lang: str):
    from orfo.demo.articles import ARTICLES
    from orfo.suggestions import engine, lexicon
    from orfo.suggestions.api import suggest_for

    site = make_site()
    if kind == "ordinary":
        text = " ".join(ARTICLES[lang].paragraphs)
        quote = TYPOS[lang]
        prefix, suffix = around(text, quote)
    elif kind == "812-letter word":
        word = long_word(lang)
        quote, prefix, suffix = word[256:556], word[:256], word[556:]
    else:  # "long typos": the longest misspelt words one quote may have corrected
        words = sorted(lexicon.get(lang).words, key=len)[-40::4]
        typos = [w[:-2] + w[-1] + w[-2] for w in words]
        while sum(map(len, typos)) > engine.MAX_CORRECTED:
            typos.pop(0)
        quote, prefix, suffix = " ".join(typos), "", ""
    issue = issue_of(site, quote, prefix, suffix, lang)

    def op():
        suggest_for(issue)

    return None, op


def notification_case(kind: str):
    from django.template.loader import render_to_string  # noqa: F401

    from orfo.notifications import messages
    from orfo.notifications.models import Channel, Notification
    from orfo.notifications.transports.webhook import payload
    from orfo.suggestions.models import IssueSuggestion, SuggestionCheck

    site = make_site()
    if kind == "ordinary":
        prefix, suffix = around(ARTICLE, "recieved")
        issue = issue_of(site, "recieved", prefix, suffix)
    else:
        word = long_word("en")
        issue = issue_of(site, word[256:556], word[:256], word[556:])
    notifications = []
    for channel_kind in ("email", "telegram", "slack", "webhook"):
        channel = Channel.objects.create(site=site, kind=channel_kind)
        notifications.append(
            Notification.objects.create(channel=channel, issue=issue, reason="new")
        )

    def before():  # the worker has not suggested yet
        IssueSuggestion.objects.filter(issue=issue).delete()
        SuggestionCheck.objects.filter(issue=issue).delete()

    def op():
        for _attempt in range(3):
            for notification in notifications:
                message = messages.build(notification)
                kind = notification.channel.kind
                if kind == "email":
                    for name in ("issue-subject.txt", "issue.txt", "issue.html"):
                        message.render(f"notifications/email/{name}")
                elif kind == "telegram":
                    message.render("notifications/telegram/message.html")
                elif kind == "slack":
                    message.render("notifications/slack/message.txt")
                else:
                    json.dumps(payload(message), ensure_ascii=False)

    return before, op


def proofread_case(kind: str, lang: str):
    from django.test import Client

    from orfo.demo.articles import ARTICLES
    from orfo.suggestions import engine
    from orfo.suggestions.proofread import MAX_TEXT

    site = make_site()
    if kind == "ordinary":  # real prose, as varied as a long article's
        base = real_prose(lang) or "\n\n".join(ARTICLES[lang].paragraphs) + "\n\n"
        text = (base * (MAX_TEXT // len(base) + 1))[:MAX_TEXT]
    elif kind == "demo article":  # one article repeated: its words judged once
        base = "\n\n".join(ARTICLES[lang].paragraphs) + "\n\n"
        text = (base * (MAX_TEXT // len(base) + 1))[:MAX_TEXT]
    elif kind == "distinct long words":  # as long as a word may be, all unknown
        size = engine.MAX_WORD[lang]
        count = MAX_TEXT // (size + 1)
        text = " ".join(long_word(lang, size, seed) for seed in range(count))
    elif kind == "distinct 4-letter words":  # the dearest per letter
        words = {long_word(lang, 4, seed) for seed in range(60_000)}
        text = " ".join(sorted(words))
    else:  # "1,000-letter words"
        text = " ".join(long_word(lang, 1_000, seed) for seed in range(99))
    body = json.dumps({"text": text[:MAX_TEXT], "lang": lang})
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {site.api_token}"}

    def op():
        response = client.post(
            "/api/v1/proofread", data=body, content_type="application/json", **auth
        )
        assert response.status_code == 200, response.content[:300]

    return None, op


def page_case(kind: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from orfo.sites.api import add_member

    site = make_site()
    send = reporter()
    prefix, suffix = around(ARTICLE, "recieved")
    readers = 3 if kind == "ordinary" else 300
    for n in range(readers):
        if kind == "ordinary":
            fields = {"correction": "received", "comment": "Please fix"}
        else:  # every reader a correction of its own, and the longest comment
            fields = {
                "correction": f"{n:03} " + "received " * 32,
                "comment": f"{n:03} " + "x" * 1990,
            }
        send("recieved", prefix, suffix, site=site.key, **fields)
    user = get_user_model().objects.create_user("editor", password="pass-editor-1")
    add_member(site, user, "editor")
    from orfo.issues.models import Issue

    issue = Issue.objects.get()
    client = Client()
    client.force_login(user)
    sizes = []

    def op():
        response = client.get(f"/dashboard/issues/{issue.pk}/")
        assert response.status_code == 200
        sizes.append(len(response.content))

    op.sizes = sizes
    return None, op


CASES = {
    "ingest": [("ordinary", (ingest_case, "ordinary"))]
    + [(k, (ingest_case, k)) for k in ("one letter", "near miss")],
    "suggestion": [
        (f"{kind} ({lang})", (suggestion_case, kind, lang))
        for lang in ("en", "ru", "kk")
        for kind in ("ordinary", "812-letter word", "long typos")
    ],
    "notification": [
        (k, (notification_case, k)) for k in ("ordinary", "812-letter word")
    ],
    "proofread": [
        (f"{kind} ({lang})", (proofread_case, kind, lang))
        for lang in ("en", "ru", "kk")
        for kind in (
            "ordinary",
            "demo article",
            "distinct long words",
            "distinct 4-letter words",
            "1,000-letter words",
        )
    ],
    "issue page": [(k, (page_case, k)) for k in ("ordinary", "300 readers")],
}


# --- the child: one case ----------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(path: str, name: str, repeats: int, db: Path) -> dict:
    setup_django(db)
    from orfo.suggestions import api as suggestions

    suggestions.prepare()  # every lexicon, as the worker and web processes hold them
    factory, *args = dict(CASES[path])[name]
    before, op = factory(*args)
    if before:
        before()
    op()  # a first run warms the path: imports, templates, caches
    rss = peak_rss_mb()
    times = []
    for _ in range(repeats):
        if before:
            before()
        started = time.perf_counter()
        op()
        times.append((time.perf_counter() - started) * 1000)
    if before:
        before()
    tracemalloc.start()
    op()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    out = {
        "ms": statistics.median(times),
        "max_ms": max(times),
        "traced_mb": peak,
        "rss_mb": peak_rss_mb() - rss,
    }
    if getattr(op, "sizes", None):
        out["kib"] = op.sizes[-1] / 1024
    return out


def migrate(db: Path) -> None:
    setup_django(db)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- the parent -------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=list(CASES), action="append")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--case", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--migrate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.migrate:
        migrate(Path(args.migrate))
        return
    if args.case:
        result = run_case(*args.case, args.repeats, Path(args.db))
        print("RESULT " + json.dumps(result))
        return
    folder = Path(tempfile.mkdtemp(prefix="orfo-hostile-"))
    try:
        template = folder / "template.sqlite3"
        subprocess.run(
            [sys.executable, __file__, "--migrate", str(template)], check=True
        )
        results = []
        print(
            f"{'path':<13} {'case':<28} {'ms':>8} {'max ms':>8} {'× ord.':>7} "
            f"{'traced MB':>9} {'RSS +MB':>8} {'page KiB':>8}"
        )
        for path in args.only or list(CASES):
            ordinary = {}
            for name, _ in CASES[path]:
                db = folder / "case.sqlite3"
                shutil.copy(template, db)
                child = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--case",
                        path,
                        name,
                        "--repeats",
                        str(args.repeats),
                        "--db",
                        str(db),
                    ],
                    capture_output=True,
                    text=True,
                )
                line = [x for x in child.stdout.splitlines() if x.startswith("RESULT ")]
                if child.returncode or not line:
                    print(f"{path} {name}: failed\n{child.stderr[-3000:]}")
                    continue
                result = json.loads(line[-1][7:])
                lang = name[-3:-1] if name.endswith(")") else ""
                if name.startswith("ordinary"):
                    ordinary[lang] = result["ms"]
                ratio = result["ms"] / ordinary[lang] if lang in ordinary else None
                results.append({"path": path, "case": name, **result, "ratio": ratio})
                print(
                    f"{path:<13} {name:<28} {result['ms']:>8.1f} "
                    f"{result['max_ms']:>8.1f} "
                    f"{'' if ratio is None else f'{ratio:.1f}':>7} "
                    f"{result['traced_mb']:>9.1f} {result['rss_mb']:>8.1f} "
                    f"{round(result['kib']) if 'kib' in result else '':>8}",
                    flush=True,
                )
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
