"""orfo serve --with-worker stops its server and worker when it is stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"  # a zombie has stopped
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_its_children(tmp_path, stop):
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "orfo", "migrate", "-v0"],
        env=env,
        check=True,
        timeout=120,
    )
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orfo",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--with-worker",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        children = [
            int(pid)
            for pid in subprocess.run(
                ["pgrep", "-P", str(serve.pid)], capture_output=True, text=True
            ).stdout.split()
        ]
        assert len(children) == 2  # gunicorn and the worker
        serve.send_signal(stop)
        assert serve.wait(timeout=30) is not None
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in children)
    finally:
        if serve.poll() is None:
            serve.kill()
