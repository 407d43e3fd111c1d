"""Two machines on one PostgreSQL and one Redis; one server and one worker die mid-run.

Each "machine" is `orfo serve` and `orfo worker`, each in a process group of its own,
with a data dir of its own and the same SECRET_KEY, DATABASE_URL and REDIS_URL, as
docs/deploy.md ("Several machines") describes. Reports go through both servers at
once (a client-side balancer spreads them and, like the widget, resends elsewhere
what got no answer); notifications go to a webhook receiver in this test. Mid-run,
the receiver, before it answers a send, finds the worker that sent it (from /proc)
and SIGKILLs it, and server A. Then:

- every acknowledged report is stored once and counted in exactly one issue;
- a reader sending to A and B alternately is limited by the combined count (Redis);
- every notification is recorded once per issue and delivered at least once; only
  the send in flight at the kill is delivered twice (its lease ran out);
- the survivors carry on, unrestarted: reports sent after the kill (new pages) are
  stored, grouped and notified.

Runs with the rest of the suite on PostgreSQL with Redis (REDIS_URL for it:
ORFO_TEST_REDIS_URL, default redis://127.0.0.1:6379/14; every key it writes is
the test's own site's, so nothing needs flushing); skipped on SQLite or without Redis.
The spelling engine gets no dictionaries: a cold lexicon build in each fresh data dir
would take most of a minute and is not what this test is about.
"""

import itertools
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from orfo.issues.models import Issue
from orfo.notifications.models import Channel, Notification
from orfo.outbox.models import Event
from orfo.reports.models import Report
from tests import processes
from tests.conftest import free_port, make_report
from tests.faults.conftest import ROOT, LiveServer, database_url
from tests.faults.driver import (
    QUOTES,
    assert_stored_once,
    load_until,
    load_with_fault,
    retry_unacknowledged,
)

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("ORFO_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
READER_LIMIT = 5  # reports per reader per day, on all servers together
LEASE = 5  # seconds before a send whose worker died is sent again


def machine_env(name: str, tmp: Path, shared: dict) -> dict:
    """One machine's environment: its own data dir, the shared services and secret."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ORFO_", "DJANGO_", "SECRET_KEY", "DATABASE_", "REDIS_"))
    }
    data = tmp / name
    data.mkdir(mode=0o700)
    env.update(
        shared,
        DJANGO_SETTINGS_MODULE="orfo.settings",  # production settings, not the tests'
        ORFO_DATA_DIR=str(data),
        PYTHONPATH=str(ROOT),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        ORFO_TRUSTED_PROXY_HOPS="1",  # readers told apart by X-Forwarded-For
        ORFO_MIN_COMPOSE_MS="0",
        ORFO_RATE_LIMIT_READER=f"{READER_LIMIT}/d",
        ORFO_GROUP_INLINE="0",  # the workers group, as docs/deploy.md sets it
        ORFO_OUTBOUND_ALLOW_PRIVATE="127.0.0.1/32",  # the receiver is on loopback
        # On a busy machine a slow answer must not pass for Redis down (limits lapse).
        ORFO_REDIS_TIMEOUT_MS="5000",
        ORFO_OUTBOUND_TIMEOUT="1",
        EMAIL_TIMEOUT="1",
        ORFO_NOTIFY_LEASE_SECONDS=str(LEASE),
        ORFO_WORKER_SWEEP_SECONDS="1",
        ORFO_VERIFY_PERIOD="0",  # no checks of news.kz pages
        ORFO_SUGGESTIONS_DICT_DIRS=str(tmp / "no-dictionaries"),
    )
    return env


class OrfoServe(LiveServer):
    """`orfo serve` (2 gunicorn workers × 4 threads) as one machine runs it."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.log = log
        bind = f"127.0.0.1:{self.port}"
        self.proc = processes.start(
            [sys.executable, "-m", "orfo", "serve", "--bind", bind],
            env=env,
            cwd=ROOT,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        self.wait_until_listening()

    def stop(self):
        processes.stop(self.proc, grace=15)


class Balancer:
    """Spreads reports over the servers in turn, as a load balancer in front would.

    A server that gives no answer (refused, reset) or a 5xx is skipped for the next
    one; a report is idempotent by its client_id, so resending it is safe.
    """

    def __init__(self, servers: list[OrfoServe], first_reader: int):
        self.servers = servers
        self.first_reader = first_reader
        self.turn = itertools.count()
        self.lock = threading.Lock()
        self.acknowledged_by: Counter = Counter()
        self.failovers = 0  # reports sent on to the next server

    def answered(self) -> int:
        with self.lock:
            return sum(self.acknowledged_by.values())

    def post(self, payload: dict, reader: int) -> tuple[int, dict, str]:
        with self.lock:
            first = next(self.turn)
        for k in range(len(self.servers)):
            server = self.servers[(first + k) % len(self.servers)]
            answer = server.post(payload, reader=self.first_reader + reader, timeout=10)
            if 0 < answer[0] < 500:
                if answer[0] in (200, 201):
                    with self.lock:
                        self.acknowledged_by[server.port] += 1
                return answer
            with self.lock:
                self.failovers += 1
        return answer


class Receiver:
    """A webhook receiver: records each delivery's Idempotency-Key. Armed with a
    function, it calls it with the next delivery's key and sender's port before it
    answers, while the send is still in flight."""

    def __init__(self):
        self.keys: list[str] = []
        self.lock = threading.Lock()
        self.armed = None
        self.fired = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers["Idempotency-Key"]
                with receiver.lock:
                    receiver.keys.append(key)
                    action, receiver.armed = receiver.armed, None
                if action:
                    try:
                        action(key, self.client_address[1])
                    finally:
                        receiver.fired.set()
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the sender died meanwhile
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def arm(self, action) -> None:
        with self.lock:
            self.armed = action

    def received(self) -> Counter:
        with self.lock:
            return Counter(self.keys)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def holder(local_port: int, remote_port: int, candidates: dict) -> str | None:
    """Which of CANDIDATES ({name: process from processes.start}) holds the TCP
    connection from 127.0.0.1:LOCAL_PORT to REMOTE_PORT (read from /proc)."""
    inode = None
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            local, remote = fields[1], fields[2]
            if int(local.split(":")[1], 16) == local_port and (
                int(remote.split(":")[1], 16) == remote_port
            ):
                inode = fields[9]
    for name, process in candidates.items():
        for pid, _ in processes.members(process.pid):
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                        return name
                except OSError:
                    continue
    return None


def story(site, n: int, first_page: int = 0) -> dict:
    """Report N of a run: on five pages from FIRST_PAGE, four errors on each."""
    quote = QUOTES[n // 5 % 4]
    url = f"https://news.kz/2026/11/27/story-{first_page + n % 5}"
    return make_report(site, quote, url=url)


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"needs Redis at {REDIS_URL} (ORFO_TEST_REDIS_URL): {e}")
    return REDIS_URL


@pytest.fixture
def machines(postgres, redis_url, tmp_path):
    """Two machines, A and B: {"serve A": OrfoServe, "worker A": process, ...}."""
    shared = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(**postgres),
        "REDIS_URL": redis_url,
    }
    started: dict = {}
    try:
        for name in "AB":
            env = machine_env(name, tmp_path, shared)
            log = tmp_path / f"worker-{name}.log"
            started[f"worker {name}"] = processes.start(
                [sys.executable, "-m", "orfo", "worker", "--interval", "0.05"],
                env=env,
                cwd=ROOT,
                stdout=log.open("ab"),
                stderr=subprocess.STDOUT,
            )
            started[f"serve {name}"] = OrfoServe(env, tmp_path / f"serve-{name}.log")
        yield started
    finally:  # all at once: each may take seconds to stop gracefully
        stopping = [
            threading.Thread(target=p.stop)
            if isinstance(p, OrfoServe)
            else threading.Thread(target=processes.stop, args=(p,))
            for p in started.values()
        ]
        for thread in stopping:
            thread.start()
        for thread in stopping:
            thread.join()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def tails(folder: Path) -> str:
    """The end of each process's log, less access lines, for a failure's message."""
    found = []
    for log in sorted(folder.glob("*.log")):
        lines = [x for x in log.read_text().splitlines() if '"POST /api/' not in x]
        found.append(f"--- {log.name}\n" + "\n".join(lines)[-3000:])
    return "\n".join(found)


def kill(process) -> None:
    """SIGKILL a machine's process and everything it started: a machine lost."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def test_two_machines_lose_one_server_and_one_worker_mid_run(
    site, machines, receiver, tmp_path
):
    started_at = time.monotonic()
    hook = Channel.objects.create(
        site=site,
        kind="webhook",
        config={"url": receiver.url, "secret": "s"},
        on_new=True,
        threshold=2,
    )
    a, b = machines["serve A"], machines["serve B"]

    # Rate limits: one reader, A and B in turn, is limited by the two together.
    limited = [story(site, n, first_page=100) for n in range(2 * READER_LIMIT)]
    answers = [
        (a if n % 2 == 0 else b).post(payload, reader=10_000)
        for n, payload in enumerate(limited)
    ]
    statuses = [status for status, _, _ in answers]
    assert statuses == [201] * READER_LIMIT + [429] * READER_LIMIT, statuses
    assert all(int(retry_after) > 0 for _, _, retry_after in answers[READER_LIMIT:])

    # Reports through both servers. Mid-run, the worker inside a webhook send dies
    # (the receiver kills it before answering), and so does server A.
    balancer = Balancer([a, b], first_reader=0)
    killed: dict = {}

    def kill_mid_send(key: str, port: int) -> None:
        workers = {n: p for n, p in machines.items() if n.startswith("worker")}
        name = holder(port, receiver.port, workers)
        if name is None:
            killed["error"] = f"no worker holds the connection from port {port}"
            return
        kill(machines[name])
        kill(a.proc)
        killed.update(worker=name, key=key, answered=balancer.answered())

    def fault_then_more() -> bool:
        if balancer.answered() >= 40 and not killed.get("armed"):
            killed["armed"] = True
            receiver.arm(kill_mid_send)
        if "error" in killed:
            return True
        return "key" in killed and balancer.answered() >= killed["answered"] + 40

    marks = {"limits": time.monotonic() - started_at}
    before, first = load_until(
        balancer, lambda n: story(site, n), fault_then_more, most=1500
    )
    assert "key" in killed, f"{killed}: {len(before)} reports\n{tails(tmp_path)}"
    retry_unacknowledged(balancer, before, first)
    failovers = balancer.failovers
    marks["load"] = time.monotonic() - started_at
    assert balancer.acknowledged_by[a.port] > 0, balancer.acknowledged_by
    assert balancer.acknowledged_by[b.port] > 0, balancer.acknowledged_by

    # The survivors carry on: new pages, through B alone, grouped by one worker.
    after = [story(site, n, first_page=10) for n in range(40)]
    balancer = Balancer([a, b], first_reader=len(before))
    second = load_with_fault(balancer, after, lambda: None, threads=4)
    retry_unacknowledged(balancer, after, second)
    assert balancer.acknowledged_by == {b.port: len(after)}, balancer.acknowledged_by

    recorded = Notification.objects.filter(channel=hook)  # for the receiver

    def settled():
        return (
            not Report.objects.filter(site=site, issue__isnull=True).exists()
            and not Event.objects.filter(site=site, dispatched_at__isnull=True).exists()
            and not recorded.exclude(status="sent").exists()
            and receiver.received()[killed["key"]] >= 2
        )

    marks["after"] = time.monotonic() - started_at
    assert wait_for(settled, 90), tails(tmp_path)  # ~15 s; a busy machine is slower
    marks["settled"] = time.monotonic() - started_at
    time.sleep(1)  # a sweep more: anything sent again now would be a duplicate

    # Every acknowledged report stored once, counted in exactly one issue.
    accepted = limited[:READER_LIMIT] + before + after
    assert_stored_once(site, accepted, answers[:READER_LIMIT] + first + second)
    issues = Issue.objects.filter(site=site)
    assert sum(issues.values_list("report_count", flat=True)) == len(accepted)
    assert issues.count() == len({(p["url"], p["quote"]) for p in accepted})

    # A notification per issue, and one per issue at 2 reports; all delivered, only
    # the send the killed worker had in flight delivered twice.
    notifications = Counter(recorded.values_list("issue", "reason"))
    assert set(notifications.values()) == {1}, notifications.most_common(3)
    assert sum(r == "new" for _, r in notifications) == issues.count()
    assert sum(r == "threshold" for _, r in notifications) == (
        issues.filter(report_count__gte=2).count()
    )
    received = receiver.received()
    keys = {str(k) for k in recorded.values_list("key", flat=True)}
    assert set(received) == keys
    assert {k: n for k, n in received.items() if n > 1} == {killed["key"]: 2}
    # Pages first reported after the kill: their issues' news reached the newsroom.
    later = Report.objects.filter(client_id__in=[p["client_id"] for p in after])
    news = recorded.filter(reason="new", issue__in=later.values("issue"))
    assert news.count() == 20
    assert {str(k) for k in news.values_list("key", flat=True)} <= set(received)

    survivor_log = (tmp_path / "serve-B.log").read_text()
    assert "Internal Server Error" not in survivor_log
    assert "Traceback" not in survivor_log
    print(
        f"{killed['worker']} and serve A killed after {killed['answered']} of "
        f"{len(before)} reports ({failovers} sent on to B); {len(accepted)} reports, "
        f"{issues.count()} issues, {len(keys)} notifications; seconds from the start: "
        + ", ".join(f"{k} {v:.1f}" for k, v in marks.items())
    )
