"""orfo serve: it stops its children with it, spreads connections over its workers,
refuses a port that is in use and keeps its control socket to itself."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from orfo.suggestions import conf
from tests import processes
from tests.conftest import free_port

# Generous bounds, each one polled: on a loaded machine (measured with the test's CPU
# capped at 6 % of a core) `orfo migrate` took 47 s, `orfo serve` 45 s to answer and
# 20 s to stop; gunicorn alone gives its workers 30 s to stop gracefully.
MIGRATES_WITHIN = 600
STARTS_WITHIN = 300.0
STOPS_WITHIN = 120.0


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"  # a zombie has stopped
    except FileNotFoundError:
        return False


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(child) for child in out.stdout.split()]


def _env(tmp_path) -> dict:
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        "HOME": str(tmp_path / "home"),
        # The suite's lexicons: serve builds missing ones before it starts (tested
        # below with tiny dictionaries), once for the whole suite.
        "ORFO_SUGGESTIONS_CACHE_DIR": str(conf.cache_dir()),
    }
    env.pop("DATABASE_URL", None)
    env.pop("XDG_RUNTIME_DIR", None)  # gunicorn's default place for its control socket
    return env


def _serve(tmp_path, port: int, *args: str, **popen) -> subprocess.Popen:
    """`orfo serve` in a session of its own: stopped with its children after the test,
    whatever the outcome (tests/processes.py)."""
    return processes.start(
        [sys.executable, "-m", "orfo", "serve", "--bind", f"127.0.0.1:{port}", *args],
        env=_env(tmp_path),
        **popen,
    )


def _answering(serve: subprocess.Popen, url: str) -> None:
    """Wait until URL answers, failing if SERVE exits or STARTS_WITHIN runs out."""
    deadline = time.monotonic() + STARTS_WITHIN
    while True:
        assert serve.poll() is None, f"orfo serve exited with {serve.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:
            assert time.monotonic() < deadline, f"no answer in {STARTS_WITHIN} s"
            time.sleep(0.2)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_its_children(tmp_path, stop):
    port = free_port()
    subprocess.run(
        [sys.executable, "-m", "orfo", "migrate", "-v0"],
        env=_env(tmp_path),
        check=True,
        timeout=MIGRATES_WITHIN,
    )
    serve = _serve(
        tmp_path,
        port,
        "--workers",
        "1",
        "--with-worker",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _answering(serve, f"http://127.0.0.1:{port}/accounts/login/")
        children = _children(serve.pid)
        assert len(children) == 2  # gunicorn and the worker
        grandchildren = [pid for child in children for pid in _children(child)]
        assert grandchildren  # gunicorn's worker
        serve.send_signal(stop)  # to serve alone: it must pass it on
        assert serve.wait(timeout=STOPS_WITHIN) == 0
        deadline = time.monotonic() + STOPS_WITHIN
        while time.monotonic() < deadline:
            if not any(alive(pid) for pid in children + grandchildren):
                break
            time.sleep(0.2)
        assert not any(alive(pid) for pid in children + grandchildren)
    finally:
        processes.stop(serve)


def _sockets_on(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets on local PORT in STATE (/proc/net/tcp: "01" for an
    accepted connection, "0A" for a listening socket)."""
    inodes = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            local, inode = fields[1], fields[9]
            if fields[3] == state and int(local.split(":")[1], 16) == port:
                inodes.add(inode)
    return inodes


def _sockets_of(pid: int) -> set[str]:
    found = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[8:-1])
    return found


def test_kept_alive_connections_are_spread_over_the_workers(tmp_path):
    """A burst of connections must not all land on one worker (whose interpreter
    lock would then cap the throughput while the other idles)."""
    port = free_port()
    serve = _serve(
        tmp_path, port, "--workers", "2", "--threads", "2", stdout=subprocess.DEVNULL
    )
    connections = []
    try:
        # Until both workers listen, the first would get every connection.
        deadline = time.monotonic() + STARTS_WITHIN
        while time.monotonic() < deadline:
            workers = _children(serve.pid)
            listening = _sockets_on(port, "0A")
            if len(workers) == 2 and all(
                _sockets_of(pid) & listening for pid in workers
            ):
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"two workers not listening in {STARTS_WITHIN} s")
        connections = [
            socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(24)
        ]
        for conn in connections:  # half a request each: the server waits for the rest
            conn.sendall(b"GET /widget.js HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the workers have accepted them all
            accepted = _sockets_on(port, "01")
            held = [len(_sockets_of(pid) & accepted) for pid in workers]
            if sum(held) == len(connections):
                break
            time.sleep(0.1)
        assert sum(held) == len(connections), held
        assert min(held) >= 2, held  # at random, fewer: 1 in 300,000
    finally:
        for conn in connections:
            conn.close()
        processes.stop(serve)


def test_a_second_serve_on_a_busy_port_refuses_to_start(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        second = _serve(
            tmp_path, port, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        output, _ = second.communicate(timeout=STARTS_WITHIN)
    assert second.returncode != 0
    assert f"127.0.0.1:{port} is in use" in output.decode()


def test_the_control_socket_is_in_the_data_dir(tmp_path):
    """Not in gunicorn's default place (~/.gunicorn/gunicorn.ctl), which every server
    started by the same account would share."""
    port, control = free_port(), tmp_path / "gunicorn.ctl"
    serve = _serve(
        tmp_path,
        port,
        "--workers",
        "1",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STARTS_WITHIN
        while not control.is_socket() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert control.is_socket()
        assert control.stat().st_mode & 0o777 == 0o600  # the account that runs Orfo
        assert not (tmp_path / "home").exists()
    finally:
        processes.stop(serve)
    assert not control.exists()  # gunicorn removes it when it stops


def _start_up_output(tmp_path, demo: bool) -> str:
    """What `orfo serve` prints until it answers."""
    port, log = free_port(), tmp_path / f"serve-{demo}.log"
    env = {**_env(tmp_path), "ORFO_DEMO": "1" if demo else "0"}
    with open(log, "wb") as out:
        serve = processes.start(
            [sys.executable, "-m", "orfo", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", "1"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _answering(serve, f"http://127.0.0.1:{port}/widget.js")
        finally:
            processes.stop(serve)
    return log.read_text(), port


def test_the_start_up_says_where_to_go(tmp_path):
    """gunicorn's "Listening at:" names the address (with --reuse-port the master
    binds none, and it said "Listening at:  (pid)"); the demo says in one line what
    to open and how to log in, without gunicorn's boot messages."""
    output, port = _start_up_output(tmp_path, demo=False)
    assert f"Serving Orfo at http://127.0.0.1:{port}/" in output
    assert f"Listening at: http://127.0.0.1:{port}/ (" in output
    output, port = _start_up_output(tmp_path, demo=True)
    root = f"http://127.0.0.1:{port}"
    [line] = [line for line in output.splitlines() if "Orfo demo running" in line]
    assert f"open {root}/demo/" in line and f"{root}/dashboard/" in line
    assert "editor / orfo-demo" in line
    assert "Booting worker" not in output and "Listening at" not in output


def test_the_first_start_builds_the_lexicons_once(tmp_path):
    """Without built lexicons `orfo serve` builds them before its workers start (so
    they map them rather than each building one); the next start finds them."""
    dicts = tmp_path / "dicts"
    dicts.mkdir()
    (dicts / "en_US.aff").write_text("SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n")
    (dicts / "en_US.dic").write_text("2\ncat/S\ndog/S\n")
    env = {
        **_env(tmp_path),
        "ORFO_SUGGESTIONS_DICT_DIRS": str(dicts),
        "ORFO_SUGGESTIONS_CACHE_DIR": str(tmp_path / "suggestions"),
    }
    for first in (True, False):
        port, log = free_port(), tmp_path / f"serve-{first}.log"
        with open(log, "wb") as out:
            serve = processes.start(
                [sys.executable, "-m", "orfo", "serve", "--bind",
                 f"127.0.0.1:{port}", "--workers", "1"],
                env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                _answering(serve, f"http://127.0.0.1:{port}/widget.js")
            finally:
                processes.stop(serve)
        output = log.read_text()
        assert ("Building the spelling lexicons" in output) == first, output
        assert ("en: ready in" in output) == first
    [built] = (tmp_path / "suggestions").glob("lexicon-en-*[!k]")
    assert (built / "words.marisa").is_file()
