#!/usr/bin/env python
"""Dashboard benchmark: inbox, search and issue-page time at 1,000 and 1M reports.

    .venv/bin/python bench/dashboard.py [--reports 1000000] [--small 1000]
        [--repeats 30] [--reuse]
        [--database-url postgres://postgres@127.0.0.1:5432/orfo_bench]

For each size it (re)creates a dedicated PostgreSQL database (the large one is named
by --database-url, the small one gets a "_small" suffix), migrates it, seeds it with
COPY and INSERT ... SELECT (20 sites, one issue per 10 reports, power-law report
counts, ru/kk/en comments, resolved/ignored/spam issues, history rows), then requests
dashboard pages with Django's test Client as an editor of the biggest site and as a
superuser, and prints median/p95 server time, SQL time and query counts per page, and
the ratio large/small of the medians. Each size runs in its own process so that each
gets a fresh Django and connection. --reuse keeps a database that already holds the
requested number of reports (migrations are still applied).
"""

import argparse
import hashlib
import json
import math
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/orfo_bench"
SITES = 20
REPORTS_PER_ISSUE = 10
ISSUES_PER_PAGE = 5
DEEP_PAGES = 20  # the deep inbox page is reached by following the cursor this often
RARE_WORD = "зимородок"  # in about 1 report in 20,000
COMMON_WORD = "опечатка"  # in about 1 report in 100
QUOTE_WORD = "бюджет"  # a correction (so also a top correction) of many issues

TOPICS = {
    "ru": "правительство министр выборы экономика погода город школа больница дорога "
    "новости президент заседание решение закон бюджет проект строительство спорт "
    "команда победа",
    "kk": "үкімет министрі сайлау экономикасы ауарайы қаласы мектеп аурухана жолдар "
    "жаңалықтар президенті отырыс шешімі заңы бюджеті жобасы құрылыс спорт командасы "
    "жеңіс",
    "en": "government minister election economy weather city school hospital road "
    "news president meeting decision law budget project construction sport team "
    "victory",
}
TOPICS = {lang: words.split() for lang, words in TOPICS.items()}
COMMENT_WORDS = (
    "здесь ошибка|пропущена буква|неверно написано|исправьте пожалуйста|лишняя буква|"
    "қате жазылған|әріп қалып кеткен|түзетіңіз|дұрыс емес|бұл жерде қате|"
    "typo here|wrong spelling|please fix|should read|missing letter|"
    "спасибо|рахмет|thanks|!!!|см. выше"
).split("|")


# --- orchestration --------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--seed", help=argparse.SUPPRESS)  # internal: seed one size
    args = parser.parse_args()
    sizes = {
        "small": (args.small, _with_suffix(args.database_url, "_small")),
        "large": (args.reports, args.database_url),
    }
    if args.seed:
        return seed(args.seed, *sizes[args.seed], reuse=args.reuse)

    for label in sizes:  # each in a fresh process: a fresh Django and connection
        cmd = [
            sys.executable,
            __file__,
            "--seed",
            label,
            "--reports",
            str(args.reports),
        ]
        cmd += ["--small", str(args.small), "--database-url", args.database_url]
        subprocess.run(cmd + (["--reuse"] if args.reuse else []), check=True)
    setup_django(args.database_url)
    results = measure(sizes, args.repeats)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))


def _with_suffix(url: str, suffix: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix))


def print_table(results) -> None:
    small, large = results["small"], results["large"]
    print()
    print(
        f"reports: {small['reports']:,} vs {large['reports']:,}; issues: "
        f"{small['issues']:,} vs {large['issues']:,}; {large['repeats']} requests per "
        "page and size; times in ms (server = the whole request through the test "
        "Client; SQL = time in the database driver; rows = inbox rows shown, small / "
        "large)"
    )
    head = (
        "| user | page | rows | small median | small p95 | small SQL | small queries "
        "| large median | large p95 | large SQL | large queries | ratio |"
    )
    print(head)
    print("|" + "---|" * 12)
    worst = 0.0
    for key, big in large["pages"].items():
        little = small["pages"][key]
        ratio = big["median"] / little["median"]
        worst = max(worst, ratio)
        user, page = key.split(":", 1)
        rows = f"{small['rows'][key]} / {large['rows'][key]}"
        if "issue page" in page:
            rows = "—"
        print(
            f"| {user} | {page} | {rows} | {little['median']:.1f} "
            f"| {little['p95']:.1f} | {little['sql']:.1f} | {little['queries']} "
            f"| {big['median']:.1f} "
            f"| {big['p95']:.1f} | {big['sql']:.1f} | {big['queries']} | {ratio:.2f} |"
        )
    print()
    for label in ("small", "large"):
        notes = results[label]["notes"]
        print(f"{label}: " + "; ".join(f"{k} {v}" for k, v in notes.items()))
    print(f"worst ratio: {worst:.2f} ({'OK' if worst < 2 else 'OVER 2'})")


# --- seeding, one size in its own process ---------------------------------------------


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "orfo.settings"
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def seed(label: str, reports: int, url: str, reuse: bool) -> None:
    _create_database(url, keep=reuse)
    setup_django(url)
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"[{label}] migrated in {time.perf_counter() - t:.1f}s")
    if reuse and _report_count() == reports:
        log(f"[{label}] reusing {reports:,} reports")
        return
    if reuse:
        _create_database(url, keep=False)
        call_command("migrate", verbosity=0)
    t = time.perf_counter()
    Seeder(reports, label).run()
    log(f"[{label}] seeded in {time.perf_counter() - t:.1f}s")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _create_database(url: str, keep: bool) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and keep:
            return
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _report_count() -> int:
    from orfo.reports.models import Report

    return Report.objects.count()


class Seeder:
    """Fill an empty, migrated database with a realistic newsroom workload."""

    def __init__(self, reports: int, label: str):
        self.reports = reports
        self.label = label
        self.rng = random.Random(20261127)
        self.now = datetime.now(UTC).replace(microsecond=0)

    def run(self) -> None:
        from django.db import connection

        self.cursor = connection.cursor()
        self.cursor.execute("SET maintenance_work_mem = '1GB'")
        self.default_unknown_columns()
        self.step("users and sites", self.users_and_sites)
        self.step("pages", self.pages)
        self.step("issues", self.issues)
        dropped = self.drop_indexes("orfo_reports_report")
        self.step("reports", self.report_rows)
        self.step("report indexes", lambda: self.create_indexes(dropped))
        self.step("corrections", self.corrections)
        self.step("activity and fingerprints", self.activity)
        self.step("vacuum analyze", lambda: self.cursor.execute("VACUUM ANALYZE"))

    def default_unknown_columns(self) -> None:
        """Give NOT NULL columns the seed does not fill (added since) an empty default,
        in this database only, so that the raw SQL below keeps working."""
        empty = {
            "character varying": "''",
            "text": "''",
            "boolean": "false",
            "smallint": "0",
            "integer": "0",
            "bigint": "0",
        }
        self.cursor.execute(
            """SELECT table_name, column_name, data_type FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name LIKE 'orfo_%%'
               AND is_nullable = 'NO' AND column_default IS NULL
               AND is_identity = 'NO'"""
        )
        for table, column, kind in self.cursor.fetchall():
            if kind in empty:
                self.cursor.execute(
                    f'ALTER TABLE "{table}" ALTER COLUMN "{column}" '
                    f"SET DEFAULT {empty[kind]}"
                )

    def step(self, name, fn) -> None:
        t = time.perf_counter()
        fn()
        log(f"[{self.label}]   {name}: {time.perf_counter() - t:.1f}s")

    def copy(self, table: str, columns: list[str], rows) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self.cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )

    def users_and_sites(self) -> None:
        from django.contrib.auth import get_user_model

        from orfo.sites.models import Membership, Site

        langs = ["ru"] * 10 + ["kk"] * 6 + ["en"] * 4
        self.sites = Site.objects.bulk_create(
            Site(
                name=f"Newsroom {k:02d}",
                hosts=[f"news{k:02d}.example.kz"],
                default_lang=langs[k - 1],
            )
            for k in range(1, SITES + 1)
        )
        User = get_user_model()
        self.admin = User.objects.create_superuser("bench-admin", "admin@example.kz")
        self.editor = User.objects.create_user("bench-editor", "editor@example.kz")
        self.admin.set_unusable_password()
        self.admin.save()
        # The editor works on the biggest site (the first: sizes follow a power law).
        Membership.objects.create(
            site=self.sites[0], user=self.editor, role=Membership.Role.EDITOR
        )

    def pages(self) -> None:
        n_issues = max(self.reports // REPORTS_PER_ISSUE, 1)
        n_pages = max(n_issues // ISSUES_PER_PAGE, SITES)
        weights = [1 / (k**0.8) for k in range(1, SITES + 1)]
        self.page_site = {}
        rows = []
        for pid in range(1, n_pages + 1):
            # Every site has a page; the rest go to sites by their weight.
            site = (
                self.sites[pid - 1]
                if pid <= SITES
                else self.rng.choices(self.sites, weights)[0]
            )
            lang = site.default_lang if self.rng.random() < 0.9 else "ru"
            words = self.rng.sample(TOPICS[lang], 4)
            slug = "-".join(self.rng.sample(TOPICS["en"], 3))
            created = self.now - timedelta(days=self.rng.uniform(0, 365))
            url = f"https://{site.hosts[0]}/{lang}/news/{created:%Y/%m}/{slug}-{pid}"
            self.page_site[pid] = (site.pk, lang, created)
            rows.append(
                (
                    pid,
                    site.pk,
                    url,
                    hashlib.sha256(url.encode()).hexdigest(),
                    " ".join(words).capitalize(),
                    created,
                )
            )
        self.copy(
            "orfo_issues_page",
            ["id", "site_id", "url", "url_hash", "title", "created"],
            rows,
        )

    def issues(self) -> None:
        rng, now = self.rng, self.now
        n = max(self.reports // REPORTS_PER_ISSUE, 1)
        # Power-law report counts (Zipf, s = 0.8) that add up to exactly self.reports.
        ranks = list(range(1, n + 1))
        rng.shuffle(ranks)
        extra = self.reports - n
        total = sum(r**-0.8 for r in ranks)
        counts = [1 + int(extra * r**-0.8 / total) for r in ranks]
        # The rounding remainder goes one each to random issues, not all to one.
        for i in rng.sample(range(n), self.reports - sum(counts)):
            counts[i] += 1
        page_ids = list(self.page_site)
        statuses = ["open"] * 70 + ["resolved"] * 20 + ["ignored"] * 7 + ["spam"] * 3
        rows = []
        for iid in range(1, n + 1):
            pid = page_ids[iid - 1] if iid <= len(page_ids) else rng.choice(page_ids)
            site_id, lang, page_created = self.page_site[pid]
            word = rng.choice(TOPICS[lang])
            typo = _typo(word, rng)
            topic = TOPICS[lang]
            prefix = " ".join(rng.sample(topic, 3)) + " "
            suffix = " " + " ".join(rng.sample(topic, 3))
            first = page_created + timedelta(hours=rng.uniform(0, 48))
            first = min(first, now - timedelta(minutes=5))
            span = (now - first) * min(1.0, counts[iid - 1] / 50) * rng.random()
            last = first + span
            status = rng.choice(statuses)
            resolved = (
                min(last + timedelta(hours=rng.uniform(0, 72)), now)
                if status == "resolved"
                else None
            )
            assignee = (
                self.editor.pk
                if site_id == self.sites[0].pk and rng.random() < 0.05
                else None
            )
            rows.append(
                (
                    iid,
                    site_id,
                    pid,
                    typo,
                    prefix,
                    suffix,
                    rng.randrange(0, 5000),
                    lang,
                    status,
                    False,
                    counts[iid - 1],
                    counts[iid - 1],  # readers: the reports carry no reader hash
                    word,  # the right spelling; replaced by the readers' top suggestion
                    first,
                    last,
                    resolved,
                    assignee,
                )
            )
        self.copy(
            "orfo_issues_issue",
            [
                "id",
                "site_id",
                "page_id",
                "quote",
                "prefix",
                "suffix",
                "position",
                "lang",
                "status",
                "regressed",
                "report_count",
                "reader_count",
                "top_correction",
                "first_seen",
                "last_seen",
                "resolved_at",
                "assignee_id",
            ],
            rows,
        )

    def drop_indexes(self, table: str) -> list[str]:
        """Drop the plain indexes of TABLE (loading is faster without); return them."""
        self.cursor.execute(
            """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
               AND indexname NOT IN (SELECT conname FROM pg_constraint)""",
            [table],
        )
        found = self.cursor.fetchall()
        for name, _ in found:
            self.cursor.execute(f'DROP INDEX "{name}"')
        return [definition for _, definition in found]

    def create_indexes(self, definitions: list[str]) -> None:
        for definition in definitions:
            self.cursor.execute(definition)

    def report_rows(self) -> None:
        # Every issue gets exactly report_count reports, spread between its first and
        # last sighting. H is a per-report hash; its digits pick the text.
        words = "(ARRAY[" + ",".join(_sql_str(w) for w in COMMENT_WORDS) + "])"
        topic = (
            "(ARRAY["
            + ",".join(_sql_str(w) for lang in ("ru", "kk", "en") for w in TOPICS[lang])
            + "])"
        )
        nw, nt = len(COMMENT_WORDS), 3 * len(TOPICS["ru"])
        self.cursor.execute(
            f"""
            INSERT INTO orfo_reports_report (site_id, issue_id, client_id, url, title,
                lang, quote, prefix, suffix, position_start, position_end, comment,
                correction, grouping_version, created)
            SELECT i.site_id, i.id, md5(i.id || ':' || g), p.url, p.title, i.lang,
                i.quote, i.prefix, i.suffix, i.position, i.position + length(i.quote),
                CASE WHEN h % 10 < 4 THEN ''
                ELSE {words}[1 + (h / 10) % {nw}]
                    || CASE WHEN (h / 1000) % 3 = 0 THEN ''
                       ELSE ' ' || {topic}[1 + (h / 10000) % {nt}] END
                    || CASE WHEN (h / 1000000) % 2 = 0 THEN ''
                       ELSE ', ' || {words}[1 + (h / 10000000) % {nw}] END
                    || CASE WHEN (h / 100000000) % 100 = 0
                       THEN ' {COMMON_WORD}' ELSE '' END
                    || CASE WHEN (h / 10000000000) % 20000 = 0
                       THEN ' {RARE_WORD}' ELSE '' END
                END,
                CASE WHEN (h / 1e14::int8) % 10 < 3 THEN ''
                     WHEN (h / 1e14::int8) % 10 < 8 THEN i.top_correction
                     WHEN (h / 1e14::int8) % 10 = 8 THEN upper(i.top_correction)
                     ELSE i.top_correction || '!' END,
                1,
                i.first_seen + (i.last_seen - i.first_seen)
                    * ((g - 1)::float8 / greatest(i.report_count - 1, 1))
            FROM orfo_issues_issue i
            JOIN orfo_issues_page p ON p.id = i.page_id
            CROSS JOIN LATERAL generate_series(1, i.report_count) g
            CROSS JOIN LATERAL (
                SELECT hashint8extended(i.id * 1000003 + g, 42)
                    & 9223372036854775807 AS h
            ) x
            """
        )

    def corrections(self) -> None:
        self.cursor.execute(
            """INSERT INTO orfo_issues_issuecorrection (issue_id, text, count)
               SELECT issue_id, correction, count(*) FROM orfo_reports_report
               WHERE correction <> '' GROUP BY issue_id, correction"""
        )
        self.cursor.execute(
            """UPDATE orfo_issues_issue i SET top_correction = coalesce(
                   (SELECT text FROM orfo_issues_issuecorrection c
                    WHERE c.issue_id = i.id ORDER BY count DESC, id LIMIT 1), '')"""
        )
        # What grouping keeps for the inbox search: quote, URL, corrections, comments
        # (case-folded, at most 4,000 characters), as Issue.count_report builds it.
        self.cursor.execute(
            """UPDATE orfo_issues_issue i SET search_text = left(lower(concat_ws(E'\n',
                   i.quote, p.url,
                   (SELECT string_agg(c.text, E'\n') FROM orfo_issues_issuecorrection c
                    WHERE c.issue_id = i.id),
                   (SELECT string_agg(DISTINCT r.comment, E'\n')
                    FROM orfo_reports_report r
                    WHERE r.issue_id = i.id AND r.comment <> ''))), 4000)
               FROM orfo_issues_page p WHERE p.id = i.page_id"""
        )

    def activity(self) -> None:
        admin, editor = self.admin.pk, self.editor.pk
        c = self.cursor
        c.execute(
            """INSERT INTO orfo_issues_activity (issue_id, kind, user_id, from_status,
                   to_status, note, created)
               SELECT id, 'created', NULL, '', 'open', '', first_seen
               FROM orfo_issues_issue"""
        )
        c.execute(
            f"""INSERT INTO orfo_issues_activity (issue_id, kind, user_id, from_status,
                   to_status, note, created)
               SELECT id, 'status', CASE WHEN id % 3 = 0 THEN {editor} ELSE {admin} END,
                   'open', status, '', coalesce(resolved_at, last_seen)
               FROM orfo_issues_issue WHERE status <> 'open'"""
        )
        c.execute(
            f"""INSERT INTO orfo_issues_activity (issue_id, kind, user_id, from_status,
                   to_status, note, created)
               SELECT id, 'assigned', {admin}, '', '', 'bench-editor', first_seen
                   + interval '1 hour'
               FROM orfo_issues_issue WHERE assignee_id IS NOT NULL"""
        )
        c.execute(
            f"""INSERT INTO orfo_issues_activity (issue_id, kind, user_id, from_status,
                   to_status, note, created)
               SELECT id, 'note', {editor}, '', '',
                   'Уточнить у автора / авторға хабарлау / ask the author', last_seen
               FROM orfo_issues_issue WHERE id % 30 = 0"""
        )
        c.execute(
            """INSERT INTO orfo_issues_fingerprint (site_id, hash, issue_id,
                   grouping_version, created)
               SELECT site_id, md5('fp' || id) || md5('fp2' || id), id, 1, first_seen
               FROM orfo_issues_issue"""
        )


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]  # drop one


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# --- measuring ------------------------------------------------------------------------


def measure(sizes: dict, repeats: int, rounds: int = 5) -> dict:
    """Time every page on both databases, alternating between them in ROUNDS blocks
    so that a busy machine slows both sizes alike."""
    from django.db import connection

    pages, results = {}, {}
    for label, (reports, url) in sizes.items():
        _use(url)
        pages[label], results[label] = _pages(label)
        results[label]["reports"] = reports
        results[label]["repeats"] = repeats
    samples = {(label, key): ([], [], set()) for label in pages for key in pages[label]}
    per_round = math.ceil(repeats / rounds)
    for r in range(rounds):
        for label in list(sizes)[:: 1 if r % 2 == 0 else -1]:
            _use(sizes[label][1])
            for key, (client, url) in pages[label].items():
                _sample(client, connection, url, per_round, *samples[label, key])
        log(f"round {r + 1}/{rounds} done")
    for (label, key), (totals, sql, counts) in samples.items():
        totals.sort()
        results[label]["pages"][key] = {
            "median": 1000 * statistics.median(totals),
            "p95": 1000 * totals[math.ceil(0.95 * len(totals)) - 1],
            "sql": 1000 * statistics.median(sql),
            "queries": "/".join(str(c) for c in sorted(counts)),
        }
    return results


def _use(url: str) -> None:
    """Point Django's default connection at the database named in URL."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = urlsplit(url).path.lstrip("/")


def _pages(label: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from orfo.dashboard.access import site_ids
    from orfo.issues.models import Issue

    User = get_user_model()
    pages, result = {}, {"pages": {}, "notes": {}, "rows": {}}
    result["issues"] = Issue.objects.count()
    for who in ("editor", "admin"):
        user = User.objects.get(username=f"bench-{who}")
        client = Client()
        client.force_login(user)
        top = (
            Issue.objects.filter(site_id__in=site_ids(user))
            .order_by("-reader_count", "-id")
            .first()
        )
        # What the filter form submits; the next-page links keep its query.
        deep_url, depth = _deep_page(client, "/dashboard/?status=open")
        result["notes"][f"{who} deep page"] = f"#{depth + 1}"
        result["notes"][f"{who} top issue"] = f"{top.report_count:,} reports"
        for name, url in {
            "inbox": "/dashboard/",
            "inbox, any status": "/dashboard/?status=",
            "deep inbox page": deep_url,
            "search rare word": "/dashboard/?status=open&q=" + urlquote(RARE_WORD),
            "search common word": "/dashboard/?status=open&q=" + urlquote(COMMON_WORD),
            "search quote word": "/dashboard/?status=open&q=" + urlquote(QUOTE_WORD),
            "issue page (top issue)": f"/dashboard/issues/{top.pk}/",
        }.items():
            pages[f"{who}:{name}"] = (client, url)
            html = client.get(url).content.decode()
            result["rows"][f"{who}:{name}"] = html.count('class="issue-row"')
    return pages, result


def _deep_page(client, url: str) -> tuple[str, int]:
    """Follow the inbox's next-page link up to DEEP_PAGES times."""
    depth = 0
    for _ in range(DEEP_PAGES):
        html = client.get(url).content.decode()
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        if not found:
            break
        url, depth = "/dashboard/" + unescape(found.group(1)), depth + 1
    return url, depth


def _sample(client, connection, url, n, totals, sql_totals, counts) -> None:
    sql = []

    def timed(execute, query, params, many, context):
        t = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql.append(time.perf_counter() - t)

    assert client.get(url).status_code == 200, url  # warm up (and reconnect)
    for _ in range(n):
        sql.clear()
        with connection.execute_wrapper(timed):
            t = time.perf_counter()
            response = client.get(url)
            totals.append(time.perf_counter() - t)
        assert response.status_code == 200, url
        sql_totals.append(sum(sql))
        counts.add(len(sql))


if __name__ == "__main__":
    main()
