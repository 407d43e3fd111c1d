#!/usr/bin/env python
"""Flood benchmark: how fast refusals are answered, next to a view that does nothing.

    .venv/bin/python bench/flood.py                      # PostgreSQL, ~40 s
    .venv/bin/python bench/flood.py --sqlite --duration 3 --json out.json

One gunicorn (bench/load.py's server: `orfo serve`-like, bench/benchsite.py settings,
which add `POST /bench/noop`, a Django view that does nothing, behind the same
middleware) answers, in alternating phases of --duration seconds (or --max-requests
requests), --rounds times:

- NOOP: POST /bench/noop with a report-sized body.
- FLOOD: POST /api/v1/reports, round-robin of three refusals:
  - rate-limited: a genuine report from one reader address that used up its limit
    (ORFO_RATE_LIMIT_READER=5/d) → 429 with Retry-After;
  - foreign-origin: a genuine report from https://evil.example, each from a new
    reader address (so never limited) → 403;
  - malformed: half not JSON (→ 400), half with a number for the quote (→ 422).

The no-op view runs through all of Django's middleware; most refusals (413, 400, 403,
429) are answered by orfo/reports/middleware.py before sessions, CSRF, authentication
and django-ninja run, which is the design measured here. The 422s go through
django-ninja's validation.

Then one phase of each refusal alone, for the breakdown. It prints requests/s for
each and FLOOD/NOOP (goal: ≥ 70 %), and checks that every refusal got its status,
nothing was 5xx, and the flood wrote no row. Only 127.0.0.1 is contacted.
"""

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path

from load import (
    DEFAULT_PG,
    Pages,
    Phase,
    Server,
    drive,
    prepare,
    reader_ip,
    redis_answers,
    server_env,
    stored_ids,
)

LIMITED_READER = "198.19.0.1"
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"


def makers(pages: Pages, site_key: str):
    def report():
        return pages.report(site_key)

    def base(origin="https://news.example", ip="198.18.0.1"):
        return {
            "Content-Type": "text/plain;charset=UTF-8",
            "Origin": origin,
            "X-Forwarded-For": ip,
            "User-Agent": UA,
        }

    def noop(i):
        return "/bench/noop", base(), json.dumps(report()).encode(), "noop", None

    def limited(i):
        body = json.dumps(report()).encode()
        return "/api/v1/reports", base(ip=LIMITED_READER), body, "limited", 429

    def foreign(i):
        body = json.dumps(report()).encode()
        headers = base(origin="https://evil.example", ip=reader_ip(i))
        return "/api/v1/reports", headers, body, "foreign", 403

    def malformed(i):
        # From ever new addresses, like foreign: one reader sending junk would be
        # rate-limited (429) before its fields are even looked at.
        headers = base(ip=reader_ip(i))
        if i % 2:
            body = json.dumps(report())[:-40].encode()  # cut short: not JSON
            return "/api/v1/reports", headers, body, "malformed", 400
        body = json.dumps({**report(), "quote": 5}).encode()
        return "/api/v1/reports", headers, body, "malformed", 422

    kinds = [limited, foreign, malformed]

    def flood(i):
        return kinds[i % 3](i // 3)

    return {
        "noop": noop,
        "flood": flood,
        "limited": limited,
        "foreign": foreign,
        "malformed": malformed,
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=DEFAULT_PG)
    p.add_argument("--sqlite", action="store_true")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--duration", type=float, default=5, help="seconds per phase")
    p.add_argument("--max-requests", type=int, default=50000, help="per phase")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--json")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="orfo-flood-"))
    url = f"sqlite:///{tmp / 'bench.sqlite3'}" if args.sqlite else args.database_url
    redis = redis_answers()
    env = server_env(
        url,
        tmp,
        redis,
        ORFO_RATE_LIMIT_READER="5/d",  # a day: no window opens mid-run
        ORFO_RATE_LIMIT_SITE="100000000/m",
    )
    sites = prepare(url, env)
    key = sites["ingest"]["key"]
    make = makers(Pages(200), key)
    log = tmp / "gunicorn.log"
    server = Server(env, args.workers, args.threads, log)

    def run(name, requests=args.max_requests, duration=args.duration) -> Phase:
        return asyncio.run(
            drive(server.port, make[name], args.concurrency, duration, requests, name)
        )

    phases: dict[str, list[Phase]] = {}
    try:
        # Use up the limited reader's allowance in every worker (and warm up).
        spent = run("limited", requests=200, duration=10)
        # Warm the no-op path as well: a cold first round would flatter the flood.
        run("noop", requests=2000, duration=2)
        before = len(stored_ids(url, sites["table"], sites["ingest"]["id"]))
        for _ in range(args.rounds):
            for name in ("noop", "flood"):
                phases.setdefault(name, []).append(run(name))
        for name in ("limited", "foreign", "malformed"):
            phases.setdefault(name, []).append(run(name))
        after = len(stored_ids(url, sites["table"], sites["ingest"]["id"]))
    finally:
        server.stop()

    failures = []
    figures = {"database": "sqlite" if args.sqlite else "postgresql", "redis": redis}
    for name, runs in phases.items():
        requests = sum(len(ph.results) for ph in runs)
        wall = sum(ph.wall for ph in runs)
        figures[name] = {
            "requests": requests,
            "per_second": round(requests / wall, 1),
            "rounds_per_second": [round(len(ph.results) / ph.wall, 1) for ph in runs],
        }
        for ph in runs:
            wrong = [
                r for r in ph.results if r.meta is not None and r.status != r.meta
            ] + [r for r in ph.results if r.status == 0 or r.status >= 500]
            if wrong:
                failures.append(
                    f"{name}: {len(wrong)} wrong answers, e.g. {wrong[0].kind} "
                    f"{wrong[0].status} {wrong[0].body[:200]!r}"
                )
    figures["ratio"] = round(
        figures["flood"]["per_second"] / figures["noop"]["per_second"], 3
    )
    figures["rows_written_by_flood"] = after - before
    if after != before:
        failures.append(f"the flood wrote {after - before} reports")
    if "Internal Server Error" in log.read_text(errors="replace"):
        failures.append("the server logged a 500")

    print(
        f"Flood on {figures['database']} (redis cache: {redis}), gunicorn "
        f"{args.workers} workers x {args.threads} threads, {args.concurrency} "
        f"connections, phases of {args.duration:g} s; limited reader warm-up: "
        f"{sorted({r.status for r in spent.results})}"
    )
    print(f"{'':10} {'requests':>9} {'per s':>9}  rounds")
    for name in ("noop", "flood", "limited", "foreign", "malformed"):
        f = figures[name]
        print(
            f"{name:10} {f['requests']:>9} {f['per_second']:>9.1f}  "
            f"{f['rounds_per_second']}"
        )
    print(f"flood / noop: {100 * figures['ratio']:.0f} % (goal: 70 %)")
    for name in ("limited", "foreign", "malformed"):
        share = figures[name]["per_second"] / figures["noop"]["per_second"]
        print(f"  {name} / noop: {100 * share:.0f} %")
    print(f"rows written during the flood: {after - before}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    for failure in failures:
        print("FAIL:", failure)
    print("OK" if not failures else "FAILED")
    if not failures:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
