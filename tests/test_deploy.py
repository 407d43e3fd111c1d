"""The deployment files in deploy/ (docs/deploy.md), checked for real: the systemd
units by `systemd-analyze verify`, the nginx site by `nginx -t`, and a request through
that nginx to a running `orfo serve`.

Each file is copied with its install paths and ports swapped for the test's own (a
temporary prefix, free loopback ports, a self-signed certificate): nothing
system-wide is read or written, and every swapped text must be in the file, so a
change to it cannot slip past the checks unnoticed.
"""

import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from orfo.suggestions import conf
from tests import processes
from tests.conftest import free_port, make_report
from tests.test_serve import MIGRATES_WITHIN, STARTS_WITHIN

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())
SITE = DEPLOY / "nginx" / "orfo.conf"
INSTALLED_ORFO = "/opt/orfo/venv/bin/orfo"
HOST = "orfo.example.com"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _under_ci() -> bool:
    # .ci/run marks what it starts with CI_RUN_TOKEN; other CI systems set CI=true.
    return os.environ.get("CI") == "true" or "CI_RUN_TOKEN" in os.environ


def _nginx() -> str:
    if not os.access(NGINX, os.X_OK):
        if _under_ci():
            pytest.fail(f"{NGINX} is missing: make test installs Debian's nginx")
        pytest.skip(f"{NGINX} is not installed (make test installs Debian's nginx)")
    return NGINX


def _swapped(text: str, swaps: dict[str, str]) -> str:
    for old, new in swaps.items():
        assert old in text, f"{old!r} is no longer in the file: update this test"
        text = text.replace(old, new)
    return text


def test_the_guide_names_every_file_and_the_readme_points_to_it():
    root = DEPLOY.parent
    guide = (root / "docs" / "deploy.md").read_text()
    for path in [*UNITS, SITE]:
        assert f"(../{path.relative_to(root)})" in guide
    assert "(docs/deploy.md)" in (root / "README.md").read_text()


# systemd ------------------------------------------------------------------------


def test_the_units_are_systemd_units_we_ship():
    names = {unit.name for unit in UNITS}
    assert names == {
        "orfo-serve.service",
        "orfo-worker.service",
        "orfo-purge.service",
        "orfo-purge.timer",
    }


def _verify(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in directory.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_systemd_analyze_verifies_the_units(tmp_path):
    orfo = Path(sys.executable).parent / "orfo"  # this venv's `orfo` command
    assert os.access(orfo, os.X_OK)
    for unit in UNITS:
        text = unit.read_text()
        if unit.suffix == ".service":
            text = _swapped(text, {INSTALLED_ORFO: str(orfo)})
        (tmp_path / unit.name).write_text(text)
    result = _verify(tmp_path)
    # verify exits 0 on mere warnings (an unknown key, say): they fail here too.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_systemd_analyze_catches_a_broken_unit(tmp_path):
    """The check above can fail: a unit whose command is missing does not pass."""
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text())
    result = _verify(tmp_path)
    assert result.returncode != 0
    assert INSTALLED_ORFO in result.stderr


# nginx --------------------------------------------------------------------------


def _certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _nginx_prefix(tmp_path: Path, upstream: int) -> SimpleNamespace:
    """A prefix holding nginx.conf, which includes the site, swapped to TMP_PATH."""
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    cert, key = _certificate(prefix)
    http_port, https_port = free_port(), free_port()
    site = _swapped(
        SITE.read_text(),
        {
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
            "/var/cache/nginx/orfo": str(prefix / "cache"),
            "/var/www/html": str(prefix / "www"),
            f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
            f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
        },
    )
    (prefix / "orfo.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root nginx's workers would run as nobody, who cannot enter tmp_path.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log stderr notice;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n{temp}\n"
        f"    include /etc/nginx/mime.types;\n    include {prefix / 'orfo.conf'};\n}}\n"
    )
    argv = [_nginx(), "-p", str(prefix), "-e", "stderr", "-c", "nginx.conf"]
    return SimpleNamespace(argv=argv, http=http_port, https=https_port, cert=cert)


def test_nginx_accepts_the_site(tmp_path):
    nginx = _nginx_prefix(tmp_path, upstream=8000)
    result = subprocess.run(
        [*nginx.argv, "-t"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_refuses_a_broken_site(tmp_path):
    """nginx -t can fail: the same site with a directive misspelt does not pass."""
    nginx = _nginx_prefix(tmp_path, upstream=8000)
    site = tmp_path / "nginx" / "orfo.conf"
    site.write_text(site.read_text().replace("proxy_pass", "proxy_passs", 1))
    result = subprocess.run(
        [*nginx.argv, "-t"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "proxy_passs" in result.stderr


# Through nginx to a running Orfo -------------------------------------------------


def _orfo_env(tmp_path: Path) -> dict:
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        "HOME": str(tmp_path / "home"),
        "ALLOWED_HOSTS": HOST,
        "ORFO_TRUSTED_PROXY_HOPS": "1",
        "ORFO_RATE_LIMIT_READER": "2/d",  # a fixed window: a minute may end mid-test
        # The suite's lexicons: serve would build its own first in a fresh data dir.
        "ORFO_SUGGESTIONS_CACHE_DIR": str(conf.cache_dir()),
    }
    env.pop("DATABASE_URL", None)  # a SQLite database of the test's own
    env.pop("REDIS_URL", None)
    env.pop("XDG_RUNTIME_DIR", None)
    return env


def _waiting(process: subprocess.Popen, name: str, attempt):
    deadline = time.monotonic() + STARTS_WITHIN
    while True:
        assert process.poll() is None, f"{name} exited with {process.returncode}"
        try:
            return attempt()
        except OSError:
            assert time.monotonic() < deadline, f"{name}: no answer in time"
            time.sleep(0.2)


class _TLSConnection(http.client.HTTPSConnection):
    """HTTPS to a loopback address, checking the certificate's name is HOST."""

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=HOST)


class _Client:
    def __init__(self, connect):
        self.connect = connect

    def request(self, method, path, body=None, **headers):
        connection = self.connect()
        try:
            headers = {"Host": HOST, **headers}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def test_a_reader_reaches_orfo_through_nginx(tmp_path):
    env = _orfo_env(tmp_path)
    orfo = [sys.executable, "-m", "orfo"]
    subprocess.run(
        [*orfo, "migrate", "-v0"], env=env, check=True, timeout=MIGRATES_WITHIN
    )
    created = subprocess.run(
        [*orfo, "createsite", "--name", "News", "--host", "news.kz", "--lang", "en"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=MIGRATES_WITHIN,
    )
    news = SimpleNamespace(key=created.stdout.strip().splitlines()[-1])
    port = free_port()
    nginx = _nginx_prefix(tmp_path, upstream=port)
    tls = ssl.create_default_context(cafile=str(nginx.cert))
    proxied = _Client(
        lambda: _TLSConnection("127.0.0.1", nginx.https, timeout=30, context=tls)
    )
    direct = _Client(lambda: http.client.HTTPConnection("127.0.0.1", port, timeout=30))
    serve_argv = [*orfo, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    with (
        processes.started(serve_argv, env=env, stdout=subprocess.DEVNULL) as serve,
        open(tmp_path / "nginx.log", "wb") as log,
        processes.started(nginx.argv, stderr=log) as proxy,
    ):
        _waiting(serve, "orfo serve", lambda: direct.request("GET", "/widget.js"))
        status, headers, _ = _waiting(
            proxy, "nginx", lambda: proxied.request("GET", "/widget.js")
        )
        # Orfo's caching headers reach the reader; nginx kept a copy.
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=3600"
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        etag = headers["ETag"]
        assert headers["X-Cache-Status"] == "MISS"
        status, headers, _ = proxied.request("GET", "/widget.js")
        assert (status, headers["X-Cache-Status"]) == (200, "HIT")
        assert headers["Cache-Control"] == "public, max-age=3600"
        revalidate = {"If-None-Match": etag}
        status, _, body = proxied.request("GET", "/widget.js", **revalidate)
        assert (status, body) == (304, b"")

        # Plain HTTP is sent to HTTPS.
        plain = http.client.HTTPConnection("127.0.0.1", nginx.http, timeout=30)
        plain.request("GET", "/api/v1/reports", headers={"Host": HOST})
        moved = plain.getresponse()
        assert moved.status == 301
        assert moved.headers["Location"] == f"https://{HOST}/api/v1/reports"
        plain.close()

        def report(client, forwarded_for):
            body = json.dumps(make_report(news, client_id=os.urandom(8).hex()))
            status, _, _ = client.request(
                "POST",
                "/api/v1/reports",
                body=body.encode(),
                **{
                    "Content-Type": "text/plain",
                    "Origin": "https://news.kz",
                    "X-Forwarded-For": forwarded_for,
                },
            )
            return status

        # Through nginx every request here comes from 127.0.0.1, whatever
        # X-Forwarded-For the client sends: its limit (2 a day) holds all three.
        statuses = [report(proxied, f"198.51.100.{n}") for n in (1, 2, 3)]
        # (The second is 200: the same reader's same report again, merged.)
        assert statuses == [201, 200, 429]
        # Orfo took the address nginx appended (hops=1) as the reader's: the same
        # reader, asked directly with that address, is held back; another is not.
        assert report(direct, "127.0.0.1") == 429
        assert report(direct, "198.51.100.1") == 201
