#!/usr/bin/env python
"""Load benchmark: many concurrent readers against gunicorn + PostgreSQL (or SQLite).

    .venv/bin/python bench/load.py                      # PostgreSQL, ~1 min
    .venv/bin/python bench/load.py --sqlite             # the demo's SQLite
    .venv/bin/python bench/load.py --duration 20 --concurrency 64 --json out.json

It (re)creates a dedicated database (default postgres://…/orfo_load; --sqlite: a file
in a temporary folder), migrates it, creates two sites, starts gunicorn on a free
loopback port the way `orfo serve` does (gthread, --workers/--threads), and drives it
with an asyncio client of raw HTTP/1.1 keep-alive connections, one per concurrent
reader. Every report has its own client_id and comes from one of --readers reader
addresses (X-Forwarded-For, ORFO_TRUSTED_PROXY_HOPS=1); rate limits are raised out of
the way (their counting still runs, in Redis when it answers on 127.0.0.1:6379).

Phases alternate, --rounds times: the CEILING, then INGEST (every other round the
other way round, so that drift favours neither), each for --duration seconds or
--max-requests requests, whichever comes first:

- INGEST: POST /api/v1/reports, the product's endpoint as production runs it
  (ORFO_GROUP_INLINE=0): validation, rate limits, site lookup, one INSERT; grouping
  is left to the worker. --inline measures grouping in the request instead (page
  lock, fingerprint, issue, outbox event: one transaction after the INSERT).
- CEILING: POST /bench/insert (bench/benchsite.py) on the same server, workers,
  middleware, client, concurrency and bodies: the view parses the JSON and INSERTs
  the same row into the reports table, in autocommit. That is what storing a report
  costs at the least on this machine.

Besides requests per second it reports each phase's busy CPU time of the whole machine
per request (/proc/stat): a ratio that stalls on the disk do not move, though a busy
host still does.

Then it checks that every acknowledged report (201, or 200 for a collapsed repeat)
is a row, that rows == distinct acknowledged ids, that no answer was 5xx or a
transport error, and (SQLite) that the server never logged "database is locked".
Last, DRAIN: --drain-workers processes group every report left waiting as the worker
does, timed, and every stored report must then belong to an issue; drain / ingest
says whether as many workers group reports as fast as the API accepts them.
Exit status 0 only if all checks pass. Only 127.0.0.1 is ever contacted.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from orfo.ops import gunicorn

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/orfo_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"
HOST = "127.0.0.1"
WORDS = (
    "almaty city library opened doors collection readers books hall new old mayor "
    "council budget river bridge school teacher market price winter summer road "
    "hospital doctor station train airport flight weather snow rain wind"
).split()
TYPOS = [
    "teh",
    "recieve",
    "adress",
    "goverment",
    "untill",
    "wich",
    "occured",
    "seperate",
]


# --- the server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(database_url: str, data_dir: Path, redis: str, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ORFO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="benchsite",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        SECRET_KEY="bench-only-" + uuid.uuid4().hex,
        DATABASE_URL=database_url,
        ORFO_DATA_DIR=str(data_dir),
        ALLOWED_HOSTS=HOST,
        ORFO_TRUSTED_PROXY_HOPS="1",
        ORFO_RATE_LIMIT_READER="1000000/m",
        ORFO_RATE_LIMIT_SITE="100000000/m",
        ORFO_MIN_COMPOSE_MS="0",
        LOG_LEVEL="ERROR",
    )
    if redis:
        env["REDIS_URL"] = redis
    env.update({k: str(v) for k, v in extra.items()})
    return env


def redis_answers() -> bool:
    """Whether REDIS_URL can be used: the client library is there and Redis answers."""
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def recreate_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


SETUP = r"""
import json, django
django.setup()
from django.core.management import call_command
from orfo.sites.api import create_site
call_command("migrate", verbosity=0)
sites = {}
for name in ("ingest", "ceiling"):
    site = create_site(name, ["news.example"], "en")
    sites[name] = {"key": site.key, "id": site.pk}
from orfo.reports.models import Report
sites["table"] = Report._meta.db_table
print(json.dumps(sites))
"""


DRAIN = r"""
import json, sys, time, django
django.setup()
from orfo.issues.models import Issue
from orfo.reports.models import Report
from orfo.reports.pending import group_pending
from orfo.ops.management.commands.worker import GROUP_BATCH
if sys.argv[1] == "clear":  # the ceiling's rows are not reports to group
    Report.objects.filter(site_id=int(sys.argv[2])).delete()
    print(json.dumps({"waiting": Report.objects.filter(issue__isnull=True).count()}))
    sys.exit()
if sys.argv[1] == "count":
    print(json.dumps({"left": Report.objects.filter(issue__isnull=True).count(),
        "issues": Issue.objects.count()}))
    sys.exit()
started, grouped = time.perf_counter(), 0
while done := group_pending(limit=GROUP_BATCH):  # as each pass of `orfo worker`
    grouped += done
print(json.dumps({"grouped": grouped, "seconds": time.perf_counter() - started}))
"""


def _drain_script(env: dict, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-c", DRAIN, *map(str, args)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _answer(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate()
    if proc.returncode:
        sys.exit(f"drain failed:\n{err}")
    return json.loads(out.strip().splitlines()[-1])


def drain(env: dict, ceiling_site: int, workers: int) -> dict:
    """Group what ingestion left waiting, as WORKERS worker processes do; time it."""
    figures = _answer(_drain_script(env, "clear", ceiling_site))
    started = time.perf_counter()
    runs = [_answer(p) for p in [_drain_script(env, "run") for _ in range(workers)]]
    figures["seconds"] = time.perf_counter() - started
    figures["grouped"] = sum(r["grouped"] for r in runs)
    figures["workers"] = workers
    figures.update(_answer(_drain_script(env, "count")))
    return figures


def prepare(database_url: str, env: dict) -> dict:
    if database_url.startswith("postgres"):
        recreate_postgres(database_url)
    out = subprocess.run(
        [PYTHON, "-c", SETUP], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"setup failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


class Server:
    """gunicorn as `orfo serve` starts it, on a free loopback port, logging to a file"""

    def __init__(self, env: dict, workers: int, threads: int, log: Path):
        self.port = free_port()
        self.log = log
        self.proc = subprocess.Popen(
            gunicorn.command(
                f"{HOST}:{self.port}", workers, threads, "--graceful-timeout", "5"
            ),
            env={**env, "DJANGO_SETTINGS_MODULE": env["DJANGO_SETTINGS_MODULE"]},
            cwd=ROOT,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5) as s:
                    s.sendall(b"GET /bench/noop HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    if s.recv(12).startswith(b"HTTP/1"):
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not start in 30 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


# --- the client ----------------------------------------------------------------------


@dataclass
class Result:
    status: int  # 0: transport error
    seconds: float
    body: bytes
    kind: str = ""
    meta: object = None


@dataclass
class Phase:
    name: str
    wall: float
    results: list = field(default_factory=list)
    busy: float = 0.0  # CPU seconds the whole machine spent busy meanwhile

    def of(self, status) -> list:
        return [r for r in self.results if r.status == status]

    def rate(self, status=201) -> float:
        return len(self.of(status)) / self.wall if self.wall else 0.0

    def latency_ms(self, q: float, status=201) -> float:
        times = sorted(r.seconds for r in self.of(status))
        if not times:
            return float("nan")
        return 1000 * times[min(len(times) - 1, int(q * len(times)))]

    def statuses(self) -> dict:
        counts = {}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        return dict(sorted(counts.items()))


def http_request(path: str, body: bytes, headers: dict) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {HOST}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def read_response(reader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    close = headers.get("connection", "").lower() == "close"
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    else:
        body, close = await reader.read(), True
    return status, body, close


async def drive(
    port: int,
    make,
    concurrency: int,
    duration: float,
    max_requests: int,
    name: str = "",
) -> Phase:
    """Send make(i) -> (path, headers, body, kind, meta) until time or count runs out.

    One keep-alive connection per concurrent reader; a connection the server closes
    is reopened. Bounded: at most max_requests requests, for at most duration
    seconds (plus the last answers, each with a 30 s timeout).
    """
    counter = iter(range(max_requests))
    deadline = time.monotonic() + duration
    results: list[Result] = []

    async def reader_task():
        conn = None
        for i in counter:
            if time.monotonic() >= deadline:
                break
            path, headers, body, kind, meta = make(i)
            start = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.wait_for(
                        asyncio.open_connection(HOST, port), 10
                    )
                conn[1].write(http_request(path, body, headers))
                status, answer, close = await asyncio.wait_for(
                    read_response(conn[0]), 30
                )
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as e:
                status, answer, close = 0, repr(e).encode(), True
            results.append(
                Result(status, time.perf_counter() - start, answer, kind, meta)
            )
            if close and conn is not None:
                conn[1].close()
                conn = None
        if conn is not None:
            conn[1].close()

    started, busy = time.perf_counter(), busy_seconds()
    await asyncio.gather(*(reader_task() for _ in range(concurrency)))
    return Phase(name, time.perf_counter() - started, results, busy_seconds() - busy)


def busy_seconds() -> float:
    """CPU time this machine has spent working (not idle, not waiting on the disk,
    not taken by the hypervisor), from /proc/stat; NaN elsewhere."""
    try:
        with open("/proc/stat") as f:
            user, nice, system, _, _, irq, softirq = map(int, f.readline().split()[1:8])
    except (OSError, ValueError):
        return float("nan")
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


# --- the reports ---------------------------------------------------------------------


class Pages:
    """Articles with typos at fixed spots; reports select around those spots."""

    def __init__(self, count: int, seed: int = 7):
        rng = random.Random(seed)
        self.pages = []
        for n in range(count):
            words = [rng.choice(WORDS) for _ in range(120)]
            spots = rng.sample(range(10, 110), 4)
            for s in spots:
                words[s] = rng.choice(TYPOS)
            text = " ".join(words)
            self.pages.append((f"https://news.example/2026/{n}", text, spots, words))
        self.rng = random.Random(seed + 1)

    def report(self, site_key: str) -> dict:
        url, text, spots, words = self.rng.choice(self.pages)
        spot = self.rng.choice(spots)
        # Readers select a little differently: the typo, or it and a neighbour.
        lo = spot - self.rng.choice([0, 0, 1])
        hi = spot + 1 + self.rng.choice([0, 0, 1])
        start = len(" ".join(words[:lo])) + (1 if lo else 0)
        quote = " ".join(words[lo:hi])
        end = start + len(quote)
        return {
            "site": site_key,
            "url": url,
            "title": "City news " + url.rsplit("/", 1)[1],
            "lang": "en",
            "quote": quote,
            "prefix": text[max(0, start - 64) : start],
            "suffix": text[end : end + 64],
            "position": {"start": start, "end": end},
            "comment": self.rng.choice(["", "", "typo", "a spelling error here"]),
            "correction": self.rng.choice(["", "the"]),
            "client_id": uuid.uuid4().hex,
            "elapsed": 4000,
        }


def reader_ip(n: int) -> str:
    # 198.18.0.0/15 is the benchmarking range: only ever a header value here.
    return f"198.18.{n // 250 % 250}.{n % 250 + 1}"


def ingest_maker(pages: Pages, site_key: str, readers: int):
    def make(i):
        report = pages.report(site_key)
        headers = {
            "Content-Type": "text/plain;charset=UTF-8",
            "Origin": "https://news.example",
            "X-Forwarded-For": reader_ip(random.randrange(readers)),
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Firefox/132.0",
        }
        return "/api/v1/reports", headers, json.dumps(report).encode(), "ingest", report

    return make


def ceiling_maker(pages: Pages, site: dict, readers: int):
    path = f"/bench/insert?site={site['id']}"

    def make(i):
        _, headers, body, _, report = ingest_maker(pages, site["key"], readers)(i)
        return path, headers, body, "ceiling", report

    return make


# --- checks --------------------------------------------------------------------------


def stored_ids(database_url: str, table: str, site_id: int) -> set[int]:
    sql = f"SELECT id FROM {table} WHERE site_id = %s"
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            return {r[0] for r in conn.execute(sql.replace("%s", "?"), (site_id,))}
    import psycopg

    with psycopg.connect(database_url) as conn:
        return {r[0] for r in conn.execute(sql, (site_id,))}


def acknowledged_ids(phases) -> tuple[set[int], int]:
    ids, answers = set(), 0
    for phase in phases:
        for r in phase.results:
            if r.status in (200, 201):
                ids.add(json.loads(r.body)["report"])
                answers += 1
    return ids, answers


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=DEFAULT_PG)
    p.add_argument("--sqlite", action="store_true", help="a SQLite file instead")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--concurrency", type=int, default=32, help="readers at once")
    p.add_argument("--readers", type=int, default=5000, help="distinct addresses")
    p.add_argument("--pages", type=int, default=500)
    p.add_argument("--duration", type=float, default=10, help="seconds per phase")
    p.add_argument("--max-requests", type=int, default=20000, help="per phase")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument(
        "--inline", action="store_true", help="group in the request (slower)"
    )
    p.add_argument(
        "--no-redis", action="store_true", help="per-process cache, not Redis"
    )
    p.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS,
        help="the Redis database for the cache (on 127.0.0.1:6379)",
    )
    p.add_argument(
        "--drain-workers",
        type=int,
        help="processes grouping at the end (default 2; 1 on SQLite, one writer)",
    )
    p.add_argument("--json", help="write the figures to this file")
    args = p.parse_args(argv)
    args.drain_workers = args.drain_workers or (1 if args.sqlite else 2)

    tmp = Path(tempfile.mkdtemp(prefix="orfo-load-"))
    url = f"sqlite:///{tmp / 'bench.sqlite3'}" if args.sqlite else args.database_url
    redis = redis_answers() and not args.no_redis
    env = server_env(
        url, tmp, redis and args.redis_url, ORFO_GROUP_INLINE=int(args.inline)
    )
    sites = prepare(url, env)
    log = tmp / "gunicorn.log"
    server = Server(env, args.workers, args.threads, log)
    pages = Pages(args.pages)
    phases = {"ceiling": [], "ingest": []}
    try:
        warm = (ingest_maker(pages, sites["ingest"]["key"], args.readers), "ingest")
        phases["ingest"].append(
            asyncio.run(drive(server.port, warm[0], args.concurrency, 2, 500, "warm"))
        )
        makers = (
            ("ceiling", ceiling_maker(pages, sites["ceiling"], args.readers)),
            ("ingest", ingest_maker(pages, sites["ingest"]["key"], args.readers)),
        )
        for n in range(args.rounds):
            # Every other round in reverse order (ceiling, ingest, ingest, ceiling...):
            # the table grows and the machine drifts, and neither phase may always
            # come second.
            for name, make in makers[:: -1 if n % 2 else 1]:
                phases[name].append(
                    asyncio.run(
                        drive(
                            server.port,
                            make,
                            args.concurrency,
                            args.duration,
                            args.max_requests,
                            name,
                        )
                    )
                )
    finally:
        server.stop()

    failures = []
    figures = {"database": "sqlite" if args.sqlite else "postgresql", "redis": redis}
    for name in ("ceiling", "ingest"):
        measured = [ph for ph in phases[name] if ph.name != "warm"]
        merged = Phase(name, sum(ph.wall for ph in measured))
        for ph in measured:
            merged.results += ph.results
        figures[name] = {
            "requests": len(merged.results),
            "statuses": merged.statuses(),
            "per_second": round(merged.rate(), 1),
            "p50_ms": round(merged.latency_ms(0.50), 1),
            "p99_ms": round(merged.latency_ms(0.99), 1),
            "rounds_per_second": [round(ph.rate(), 1) for ph in measured],
            "cpu_us_per_request": round(
                1e6 * sum(ph.busy for ph in measured) / max(len(merged.results), 1)
            ),
        }
        for ph in phases[name]:
            bad = [r for r in ph.results if r.status == 0 or r.status >= 500]
            if bad:
                failures.append(
                    f"{name}: {len(bad)} answers 5xx or lost, e.g. "
                    f"{bad[0].status} {bad[0].body[:200]!r}"
                )
            odd = [
                r
                for r in ph.results
                if r.status not in (0, 200, 201) and r.status < 500
            ]
            if odd:
                failures.append(
                    f"{name}: {len(odd)} unexpected answers, e.g. {odd[0].status} "
                    f"{odd[0].body[:200]!r}"
                )
    figures["ratio"] = round(
        figures["ingest"]["per_second"] / max(figures["ceiling"]["per_second"], 1e-9),
        3,
    )
    # The same comparison in CPU per request, which leaves out the time the cores sat
    # idle waiting on the disk (this VM's commits stall at times, see BENCHMARKS.md).
    figures["cpu_ratio"] = round(
        figures["ceiling"]["cpu_us_per_request"]
        / max(figures["ingest"]["cpu_us_per_request"], 1),
        3,
    )

    ids, answers = acknowledged_ids(phases["ingest"])
    rows = stored_ids(url, sites["table"], sites["ingest"]["id"])
    figures["acknowledged_answers"] = answers
    figures["acknowledged_reports"] = len(ids)
    figures["rows"] = len(rows)
    if ids - rows:
        failures.append(
            f"{len(ids - rows)} acknowledged reports are not in the database"
        )
    if rows - ids:
        failures.append(f"{len(rows - ids)} rows were never acknowledged")
    server_log = log.read_text(errors="replace")
    figures["database_is_locked"] = server_log.count("database is locked")
    if figures["database_is_locked"]:
        failures.append(f'"database is locked" {figures["database_is_locked"]} times')
    if "Internal Server Error" in server_log:
        failures.append("the server logged a 500:\n" + server_log[-2000:])

    figures["drain"] = d = drain(env, sites["ceiling"]["id"], args.drain_workers)
    d["per_second"] = round(d["grouped"] / d["seconds"], 1) if d["grouped"] else None
    # Whether the workers keep up: grouping as fast as the API accepts (issue 16).
    d["ratio"] = round(
        (d["per_second"] or 0) / max(figures["ingest"]["per_second"], 1e-9), 2
    )
    if d["left"]:
        failures.append(f"{d['left']} reports were left ungrouped")

    c, i = figures["ceiling"], figures["ingest"]
    print(
        f"Load on {figures['database']} (redis cache: {redis}), grouping "
        f"{'in the request' if args.inline else 'in the worker'}, gunicorn "
        f"{args.workers} workers x {args.threads} threads, {args.concurrency} "
        f"concurrent readers, {args.rounds} x {args.duration:g} s per phase"
    )
    print(
        f"{'':10} {'requests':>9} {'stored/s':>9} {'p50 ms':>8} {'p99 ms':>8}  statuses"
    )
    for name, f in (("ceiling", c), ("ingest", i)):
        print(
            f"{name:10} {f['requests']:>9} {f['per_second']:>9.1f} "
            f"{f['p50_ms']:>8.1f} {f['p99_ms']:>8.1f}  {f['statuses']}"
        )
    print(f"ingest / ceiling: {pct(figures['ratio'])} (goal: 80 %)")
    # Round by round, to show how much of the ratio is the machine's noise.
    by_round = zip(
        figures["ceiling"]["rounds_per_second"],
        figures["ingest"]["rounds_per_second"],
        strict=True,
    )
    print("  by round: " + ", ".join(pct(i / c) for c, i in by_round if c))
    c, i = (figures[n]["cpu_us_per_request"] for n in ("ceiling", "ingest"))
    print(
        f"  CPU per request, whole machine: ceiling {c} µs, ingest {i} µs "
        f"({pct(figures['cpu_ratio'])})"
    )
    if d["grouped"]:
        print(
            f"drain: {d['workers']} workers grouped {d['grouped']} waiting reports in "
            f"{d['seconds']:.1f} s ({d['per_second']:.0f}/s) into {d['issues']} issues"
        )
        print(f"drain / ingest: {d['ratio']:.2f} (goal: 1.0 or more)")
    print(
        f"acknowledged reports: {len(ids)} ({answers} answers), rows stored: "
        f"{len(rows)}, 'database is locked': {figures['database_is_locked']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    for failure in failures:
        print("FAIL:", failure)
    print("OK" if not failures else "FAILED")
    if not failures:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"server log: {log}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
