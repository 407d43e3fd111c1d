#!/usr/bin/env python
"""Footprint benchmark: memory and start-up of a production-like install.

    .venv/bin/python bench/footprint.py                # cold build included, ~1 min
    .venv/bin/python bench/footprint.py --cache DIR    # reuse lexicons built in DIR
    .venv/bin/python bench/footprint.py --json out.json

In a fresh data dir (SQLite; --database-url for PostgreSQL) it

1. builds the three languages' lexicons cold with `orfo lexicon build` (wall time and
   the CPU time of the build's processes);
2. times a fresh Python process from its start to one suggestion in each language
   (lexicons built: the "warm start");
3. starts `orfo serve` (2 workers) and `orfo worker` as a newsroom runs them, times
   the server from its start to a proofreading answer, then sends a report and a
   proofreading call per language through the API and waits until the worker has
   stored each issue's suggestions;
4. prints each process's RSS and PSS (proportional set size: a page shared by three
   processes counts a third in each, so the sum is what the install costs) and
   their sums.

Only 127.0.0.1 is contacted. Exit status 1 if a step fails.
"""

import argparse
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from orfo.demo.articles import ARTICLES  # noqa: E402 - plain data, no Django
from tests.conftest import free_port, make_report  # noqa: E402

PYTHON = sys.executable
LANGS = ("en", "ru", "kk")


def orfo(env: dict, *args: str) -> str:
    out = subprocess.run(
        [PYTHON, "-m", "orfo", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"orfo {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def memory(pid: int) -> dict[str, int]:
    """Return RSS and PSS of PID in MB (from smaps_rollup)."""
    found = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                found[name.lower()] = round(int(value.split()[0]) / 1024, 1)
    return found


def descendants(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    found = [int(p) for p in out.stdout.split()]
    return found + [d for child in found for d in descendants(child)]


def post(url: str, body: dict, token: str = "", origin: str = "") -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if origin:  # a reader's page
        headers["Origin"] = origin
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def report(root: str, site: str, lang: str) -> dict:
    """A reader's report of the first error of the demo article in LANG."""
    article = ARTICLES[lang]
    return make_report(
        SimpleNamespace(key=site),
        article.errors[0][0],
        url=f"{root}/demo/{lang}/",
        text=" ".join(article.paragraphs),
        title=article.title,
        lang=lang,
    )


def start(env: dict, *args: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "orfo", *args],
        env=env,
        cwd=ROOT,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as on its own machine
    )


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", help="a folder of built lexicons to reuse")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="orfo-footprint-"))
    cache = Path(args.cache) if args.cache else data / "suggestions"
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    } | {
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        "ORFO_DATA_DIR": str(data),
        "ORFO_SUGGESTIONS_CACHE_DIR": str(cache),
        "SECRET_KEY": "footprint-benchmark-" + "x" * 40,
        "ORFO_DEMO": "1",
        "SITE_ROOT": root,
    }
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    figures: dict = {"machine": f"{os.cpu_count()} CPUs"}
    serve = worker = None
    try:
        if not args.cache:
            began, cpu = time.perf_counter(), children_cpu()
            orfo(env, "lexicon", "build")
            figures["cold_build_s"] = round(time.perf_counter() - began, 1)
            figures["cold_build_cpu_s"] = round(children_cpu() - cpu, 1)
            print(
                f"cold build of en, ru, kk: {figures['cold_build_s']} s "
                f"({figures['cold_build_cpu_s']} s of CPU)"
            )
        probe = (
            "import time; from orfo.suggestions import suggest;"
            "[suggest(w, lang=l) for w, l in"
            " (('recieved', 'en'), ('обьявили', 'ru'), ('калалык', 'kk'))]"
        )
        began = time.perf_counter()
        subprocess.run([PYTHON, "-c", probe], env=env, cwd=ROOT, check=True)
        figures["warm_start_s"] = round(time.perf_counter() - began, 2)
        print(
            f"warm start (new process to a suggestion in each language): "
            f"{figures['warm_start_s']} s"
        )

        orfo(env, "migrate", "--verbosity", "0")
        site = orfo(env, "demo", "--no-history").split("Demo site key:")[1].split()[0]
        token = orfo(env, "sitetoken", site).strip().splitlines()[-1]
        began = time.perf_counter()
        serve = start(
            env, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2",
            log=data / "serve.log",
        )  # fmt: skip
        worker = start(env, "worker", log=data / "worker.log")
        text = " ".join(ARTICLES["ru"].paragraphs)
        while True:
            try:
                status, found = post(f"{root}/api/v1/proofread", {"text": text}, token)
                if status == 200 and found["findings"]:
                    break
            except OSError:
                pass
            if serve.poll() is not None or time.perf_counter() - began > 120:
                sys.exit(f"orfo serve did not answer: see {data / 'serve.log'}")
            time.sleep(0.1)
        figures["serve_start_s"] = round(time.perf_counter() - began, 2)
        print(
            f"orfo serve, start to a proofreading answer: {figures['serve_start_s']} s"
        )
        for lang in LANGS:
            status, answer = post(
                f"{root}/api/v1/reports", report(root, site, lang), origin=root
            )
            assert status == 201, (status, answer)
            text = " ".join(ARTICLES[lang].paragraphs)
            for _ in range(2):  # each of the two serve workers, likely
                status, found = post(f"{root}/api/v1/proofread", {"text": text}, token)
                assert status == 200 and found["findings"], (lang, found)
        db = data / "orfo.sqlite3"
        deadline = time.perf_counter() + 120
        while not args.database_url:  # the worker stores each issue's suggestions
            with sqlite3.connect(db) as conn:
                done = conn.execute(
                    "SELECT COUNT(*) FROM orfo_suggestions_suggestioncheck"
                ).fetchone()[0]
            if done >= len(LANGS):
                break
            if time.perf_counter() > deadline:
                sys.exit(f"the worker stored no suggestions: see {data / 'worker.log'}")
            time.sleep(0.2)
        time.sleep(1)
        processes = {"serve (gunicorn master)": serve.pid}
        for n, pid in enumerate(descendants(serve.pid), 1):
            processes[f"serve worker {n}"] = pid
        processes["orfo worker"] = worker.pid
        figures["processes"] = {}
        print(f"\n{'process':<26}{'RSS MB':>10}{'PSS MB':>10}")
        for name, pid in processes.items():
            mem = memory(pid)
            figures["processes"][name] = mem
            print(f"{name:<26}{mem['rss']:>10}{mem['pss']:>10}")
        figures["rss_total_mb"] = round(
            sum(m["rss"] for m in figures["processes"].values())
        )
        figures["pss_total_mb"] = round(
            sum(m["pss"] for m in figures["processes"].values())
        )
        print(
            f"{'total':<26}{figures['rss_total_mb']:>10}{figures['pss_total_mb']:>10}"
        )
    finally:
        for process in (worker, serve):
            if process is not None:
                stop(process)
        shutil.rmtree(data, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
