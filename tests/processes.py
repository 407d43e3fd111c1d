"""Processes the tests start, and how they are stopped: all of them, every time.

A process started here runs in a session (and process group) of its own, so that
stopping it also stops whatever it started in turn: gunicorn's workers, the worker
`orfo serve --with-worker` runs, a grandchild whose parent was killed already. A test
stops it in a finalizer (fixture teardown, `finally`), whatever the outcome; and
tests/conftest.py stops, after every test, anything started here that is still running.

Stopping is SIGTERM to the session, a bounded wait for all of it to go, then SIGKILL.
Linux only: the session's members are read from /proc.
"""

import os
import signal
import subprocess
import time
from contextlib import contextmanager

# Seconds between SIGTERM and SIGKILL: above gunicorn's --graceful-timeout (30 s by
# default), so that a server a test stops still gets to stop gracefully under load.
GRACE = 40.0
KILLED_WITHIN = 10.0  # seconds SIGKILL may take to show in /proc

_running: list[subprocess.Popen] = []


def start(argv: list[str], **popen) -> subprocess.Popen:
    """subprocess.Popen(ARGV, **POPEN) in a session of its own, stopped by stop()."""
    process = subprocess.Popen(argv, start_new_session=True, **popen)
    _running.append(process)
    return process


def members(session: int) -> list[tuple[int, int]]:
    """(pid, process group) of each live process of SESSION; zombies have stopped."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        # After "pid (command)": state, ppid, process group, session, ...
        state, _, group, sid = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(sid) == session and state != "Z":
            found.append((int(entry.name), int(group)))
    return found


def _signal(process: subprocess.Popen, sig: int) -> None:
    session = process.pid  # start() made it a session and group leader
    try:
        os.killpg(session, sig)  # the group the session started with, at once
    except ProcessLookupError:  # no such group: all gone, or not from start()
        if process.poll() is None:
            process.send_signal(sig)
    for pid, group in members(session):
        if group != session:  # one that moved to a group of its own
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass


def _gone(process: subprocess.Popen, within: float) -> bool:
    deadline = time.monotonic() + within
    while True:
        # poll() reaps the leader, which would otherwise stay a zombie.
        if process.poll() is not None and not members(process.pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def stop(process: subprocess.Popen, grace: float = GRACE) -> None:
    """Stop PROCESS (from start()) and everything in its session.

    SIGTERM to all of them, up to GRACE seconds for them to go, then SIGKILL.
    Raises AssertionError if any outlives SIGKILL (it cannot, short of the kernel).
    """
    if process in _running:
        _running.remove(process)
    session = process.pid
    for sig, within in ((signal.SIGTERM, grace), (signal.SIGKILL, KILLED_WITHIN)):
        if _gone(process, 0):  # a session all gone: its id may be another's now
            break
        _signal(process, sig)
        if _gone(process, within):
            break
    else:
        raise AssertionError(f"still running after SIGKILL: {members(session)}")
    process.wait(KILLED_WITHIN)  # reaped already, or a zombie about to be


def stop_all() -> None:
    """Stop every process start() started and nothing stopped yet, newest first."""
    while _running:
        stop(_running[-1])


@contextmanager
def started(argv: list[str], grace: float = GRACE, **popen):
    """start(ARGV, **POPEN) for the length of a with-block, stopped whatever happens."""
    process = start(argv, **popen)
    try:
        yield process
    finally:
        stop(process, grace)
