"""tests/processes.py: a test's processes, and theirs, are gone when it ends, however it
ends; and .ci/leftovers finds what a CI run left running."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests import processes

ROOT = Path(__file__).resolve().parents[1]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has stopped
    except FileNotFoundError:
        return False


def wait_for_pid(path: Path, within: float = 60.0) -> int:
    deadline = time.monotonic() + within
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"nothing wrote {path} in {within} s"
        time.sleep(0.05)
    return int(path.read_text())


def test_a_grandchild_is_stopped_when_the_block_fails(tmp_path):
    """As `orfo serve` starts gunicorn: stopping the process must stop its child."""
    pidfile = tmp_path / "grandchild"
    with pytest.raises(RuntimeError):
        with processes.started(
            ["sh", "-c", f"sleep 300 & echo $! > {pidfile}; wait"]
        ) as parent:
            grandchild = wait_for_pid(pidfile)
            raise RuntimeError("the test failed here")
    assert not alive(grandchild)
    assert parent.returncode is not None


def test_an_orphaned_grandchild_is_stopped(tmp_path):
    """As when `orfo serve` was SIGKILLed: its children live on without it."""
    pidfile = tmp_path / "grandchild"
    orphaner = processes.start(["sh", "-c", f"sleep 300 & echo $! > {pidfile}"])
    grandchild = wait_for_pid(pidfile)
    assert orphaner.wait(30) == 0 and alive(grandchild)
    processes.stop(orphaner)
    assert not alive(grandchild)


def test_what_ignores_sigterm_is_killed_after_the_grace(tmp_path):
    pidfile = tmp_path / "stubborn"
    stubborn = processes.start(
        ["sh", "-c", f"trap '' TERM; sleep 300 & echo $! > {pidfile}; wait"]
    )
    child = wait_for_pid(pidfile)
    started = time.monotonic()
    processes.stop(stubborn, grace=1)
    assert time.monotonic() - started < processes.KILLED_WITHIN
    assert not alive(stubborn.pid) and not alive(child)
    assert stubborn.returncode == -9


def test_a_graceful_stop_needs_no_sigkill():
    with processes.started(
        [sys.executable, "-c", "import time; time.sleep(300)"]
    ) as sleeper:
        pass
    assert sleeper.returncode == -15  # SIGTERM was enough


FORGETFUL_TEST = """
from tests import processes


def test_that_fails_with_a_server_running():
    processes.start(["sh", "-c", "sleep 300 & echo $! > {pidfile}; wait"])
    assert False
"""


def test_a_failed_test_leaves_nothing_running(tmp_path):
    """tests/conftest.py's finalizer stops what a failed test started, children too."""
    pidfile = tmp_path / "left"
    (tmp_path / "test_forgetful.py").write_text(FORGETFUL_TEST.format(pidfile=pidfile))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-p", "tests.conftest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), str(tmp_path / "test_forgetful.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    left = int(pidfile.read_text()) if pidfile.exists() else None
    if left and alive(left):
        os.kill(left, signal.SIGKILL)  # this test's own cleanup, before it fails
        left = f"{left}, left running"
    assert "1 failed" in run.stdout and left, run.stdout + run.stderr
    assert isinstance(left, int), left


# .ci/leftovers: what a CI run left running.


def _leftovers(token: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / ".ci" / "leftovers"), *args],
        env={**os.environ, "CI_RUN_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _plant(tmp_path, name: str, token: str | None, seconds: int = 300):
    """`sleep` under NAME, started with CI_RUN_TOKEN=TOKEN (or without one)."""
    shutil.copy("/bin/sleep", tmp_path / name)
    env = {k: v for k, v in os.environ.items() if k != "CI_RUN_TOKEN"}
    if token:
        env["CI_RUN_TOKEN"] = token
    # Outside any group tests/processes.py stops: the check must find it alone.
    return subprocess.Popen([tmp_path / name, str(seconds)], env=env)


def test_ci_fails_on_what_its_run_left_running_and_stops_it(tmp_path):
    token = f"test-{uuid.uuid4()}"
    planted = [
        left := _plant(tmp_path, "orfo-planted-leftover", token),
        service := _plant(tmp_path, "redis-server", token),  # kept on purpose
        other := _plant(tmp_path, "orfo-not-this-run", None),  # another run's
    ]
    try:
        check = _leftovers(token, "--wait", "1")
        assert check.returncode == 1, check.stderr
        assert f"{left.pid}  {tmp_path}/orfo-planted-leftover 300" in check.stderr
        assert "redis-server" not in check.stderr and "not-this-run" not in check.stderr
        assert left.wait(10) == -signal.SIGTERM
        assert service.poll() is None and other.poll() is None
    finally:
        for process in planted:
            process.kill()
            process.wait()


def test_ci_passes_when_its_run_left_nothing_or_it_exits_in_time(tmp_path):
    token = f"test-{uuid.uuid4()}"
    assert _leftovers(token, "--wait", "0").returncode == 0
    finishing = _plant(tmp_path, "orfo-finishing", token, seconds=1)
    try:
        check = _leftovers(token, "--wait", "20")
        assert check.returncode == 0, check.stderr
    finally:
        finishing.kill()
        finishing.wait()
