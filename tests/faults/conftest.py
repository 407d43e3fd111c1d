"""Fault tests: a live gunicorn, a real PostgreSQL, and the database taken away.

Only 127.0.0.1 is contacted. Every loop is bounded in requests and seconds.

- The outage test puts a TCP proxy of its own between the server and PostgreSQL and
  cuts it: a real outage for the server (its connections die, new ones are refused)
  that no other test's connection notices. It runs with the rest of the suite on
  PostgreSQL and is skipped on SQLite.
- The restart test (marker `pgrestart`) restarts the PostgreSQL cluster itself, which
  breaks every other connection to it; it runs only when asked for, alone:

      ORFO_PGRESTART=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
          .venv/bin/pytest tests/faults -m pgrestart
"""

import http.client
import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from orfo.ops import gunicorn
from tests import processes
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "pgrestart: restarts PostgreSQL; run alone with ORFO_PGRESTART=1"
    )


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ORFO_PGRESTART") == "1":
        return
    skip = pytest.mark.skip(reason="restarts PostgreSQL: set ORFO_PGRESTART=1")
    for item in items:
        if "pgrestart" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def postgres(transactional_db):
    """The test database's address; skips the test on SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": int(s["PORT"] or 5432),
        "user": s["USER"] or "postgres",
        "name": s["NAME"],
    }


class Proxy:
    """A TCP proxy on 127.0.0.1 that can be cut (an outage) and restored."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()  # refused: the database is unreachable
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        """Kill every connection and refuse new ones."""
        self.up = False
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.sockets.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.closed = True
        self.cut()
        self.listener.close()


class LiveServer:
    """gunicorn as `orfo serve` runs it (gthread), with the test settings."""

    def __init__(self, database_url: str, tmp: Path, workers=2, threads=4, **extra):
        self.port = free_port()
        self.log = tmp / "gunicorn.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ORFO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DATABASE_URL=database_url,
            ORFO_DATA_DIR=str(tmp),
            PYTHONPATH=str(ROOT),
            ALLOWED_HOSTS="127.0.0.1",
            LOG_LEVEL="ERROR",
            # Readers are told apart by X-Forwarded-For, as behind a proxy.
            ORFO_TRUSTED_PROXY_HOPS="1",
        )
        env.update(extra)
        env.pop("REDIS_URL", None)
        self.proc = processes.start(
            gunicorn.command(
                f"127.0.0.1:{self.port}", workers, threads, "--graceful-timeout", "5"
            ),
            env=env,
            cwd=ROOT,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        self.wait_until_listening()

    def wait_until_listening(self):
        """Return once the port takes connections; fail if the server exits first."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise AssertionError(self.log.read_text()[-3000:])
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not start in 60 s")

    def post(self, payload: dict, reader: int = 1, timeout=15) -> tuple[int, dict, str]:
        """POST a report as the widget does; (0, {}, error) when no answer came."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(
                "POST",
                "/api/v1/reports",
                body=json.dumps(payload),
                headers={
                    "Content-Type": "text/plain",
                    "Origin": "https://news.kz",
                    "X-Forwarded-For": f"198.18.{reader // 250 % 250}.{reader % 250}",
                },
            )
            response = conn.getresponse()
            body = response.read()
            try:
                answer = json.loads(body)
            except ValueError:
                answer = {"raw": body[:300].decode("latin-1")}
            return response.status, answer, response.getheader("Retry-After") or ""
        except (OSError, http.client.HTTPException) as e:  # cut off mid-answer too
            return 0, {"raw": repr(e)}, ""
        finally:
            conn.close()

    def stop(self):
        """gunicorn and its workers: SIGTERM, then SIGKILL after 15 s."""
        processes.stop(self.proc, grace=15)


def database_url(host, port, user, name) -> str:
    return f"postgres://{user}@{host}:{port}/{name}"
