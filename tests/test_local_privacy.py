"""What Orfo keeps on its own machine: no reader addresses or user agents in its
access log, editors' login records purged, a private data dir and database, and
password reset neither a mail cannon nor a way to read reset links in the log."""

import os
import stat
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from orfo.ops import checks
from orfo.reports import limits
from orfo.reports.limits import Rate
from orfo.suggestions import conf
from tests import processes
from tests.conftest import free_port
from tests.test_serve import STARTS_WITHIN


def _env(data_dir) -> dict:
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        # The suite's lexicons: serve would build its own first in a fresh data dir.
        "ORFO_SUGGESTIONS_CACHE_DIR": str(conf.cache_dir()),
    }
    env.pop("DATABASE_URL", None)
    return env


def test_the_serve_access_log_holds_no_address_user_agent_or_query(tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    _orfo(tmp_path / "data", "migrate", "-v0")
    with log.open("wb") as out:
        serve = processes.start(
            [sys.executable, "-m", "orfo", "serve", "--bind", f"127.0.0.1:{port}"],
            env=_env(tmp_path / "data"),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/login/?next=/dashboard/secret-query",
            headers={
                "User-Agent": "ReaderAgent/7.7 (unique-agent)",
                "X-Forwarded-For": "198.51.100.77",
                "Referer": "https://news.kz/private-article",
            },
        )
        deadline = time.monotonic() + STARTS_WITHIN  # serve may build the lexicons
        while True:
            try:
                urllib.request.urlopen(request, timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "orfo serve did not answer"
                time.sleep(0.2)
        # A reset link's token would let whoever reads the log set the password.
        reset = f"http://127.0.0.1:{port}/accounts/reset/MQ/live-reset-token/"
        urllib.request.urlopen(reset, timeout=5).read()
        deadline = time.monotonic() + 10
        while "/accounts/reset/" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        processes.stop(serve)  # gunicorn's workers too
    text = log.read_text()
    access = [line for line in text.splitlines() if '"GET /accounts/' in line]
    assert len(access) == 2, text
    assert '"GET /accounts/login/" 200 ' in access[0] and access[0].endswith("ms")
    assert '"GET /accounts/reset/-/-/" 200 ' in access[1]
    private = ("unique-agent", "198.51.100.77", "secret-query", "private-article")
    for secret in (*private, "live-reset-token"):
        assert secret not in text
    assert not any("127.0.0.1" in line for line in access)


@pytest.mark.django_db
def test_a_successful_login_records_no_address_or_user_agent(client, owner):
    response = client.post(
        "/accounts/login/",
        {"username": "owner", "password": "pass-owner-1"},
        REMOTE_ADDR="203.0.113.5",
        HTTP_USER_AGENT="EditorBrowser/1.0",
    )
    assert response.status_code == 302
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_purge_deletes_login_records_that_lock_no_one(client, owner):
    for address in ("203.0.113.5", "203.0.113.6"):
        client.post(
            "/accounts/login/",
            {"username": "owner", "password": "no"},
            REMOTE_ADDR=address,
            HTTP_USER_AGENT="EditorBrowser/1.0",
        )
    # One attempt's cool-off has ended; one still counts. A record of a login from
    # before access records were turned off is deleted whatever its age.
    AccessAttempt.objects.filter(ip_address="203.0.113.5").update(
        attempt_time=timezone.now() - timedelta(hours=1)
    )
    AccessLog.objects.create(
        username="owner", ip_address="203.0.113.9", user_agent="Old/1", http_accept=""
    )
    out = StringIO()
    call_command("purge", "--older-than", "365d", stdout=out)
    assert "2 login records" in out.getvalue()
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.6"
    ]
    assert not AccessLog.objects.exists()


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _orfo(data_dir, *args) -> None:
    subprocess.run(
        [sys.executable, "-m", "orfo", *args],
        env=_env(data_dir),
        check=True,
        timeout=120,
        capture_output=True,
        preexec_fn=lambda: os.umask(0o022),  # the usual umask: 0755 dirs, 0644 files
    )


def test_the_data_dir_and_database_are_created_private(tmp_path):
    data = tmp_path / "new" / "data"
    _orfo(data, "migrate", "-v0")
    assert _mode(data) == 0o700
    assert _mode(data / "orfo.sqlite3") == 0o600
    assert all(_mode(path) & 0o077 == 0 for path in data.glob("orfo.sqlite3*"))


def test_an_open_data_dir_and_database_are_made_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "orfo.sqlite3").touch(mode=0o644)
    os.chmod(data, 0o755)
    os.chmod(data / "orfo.sqlite3", 0o644)
    _orfo(data, "check")
    assert (_mode(data), _mode(data / "orfo.sqlite3")) == (0o700, 0o600)


def test_a_data_dir_open_to_others_is_a_system_check_warning(tmp_path, settings):
    open_dir = tmp_path / "data"
    open_dir.mkdir()
    os.chmod(open_dir, 0o755)
    settings.DATA_DIR = open_dir

    def warnings():
        return [m.id for m in checks.data_private(None) if str(open_dir) in m.msg]

    assert warnings() == ["orfo.W012"]
    os.chmod(open_dir, 0o700)
    assert warnings() == []


@pytest.fixture
def reset_limits(settings):
    """Password-reset limits on, counted from nothing."""
    cache.clear()
    limits._over.clear()
    settings.ORFO_RATE_LIMIT_PASSWORD_RESET_EMAIL = [Rate(3, 3600)]
    settings.ORFO_RATE_LIMIT_PASSWORD_RESET_CLIENT = [Rate(10, 3600)]
    yield
    cache.clear()
    limits._over.clear()


@pytest.mark.django_db
def test_password_reset_is_throttled_per_address_asked_for(
    client, editor, mailoutbox, reset_limits
):
    statuses = [
        client.post(
            "/accounts/password_reset/",
            {"email": "editor@news.kz"},
            REMOTE_ADDR=f"203.0.113.{n}",  # many clients, one victim
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_password_reset_is_throttled_per_client(
    client, editor, mailoutbox, reset_limits
):
    statuses = [
        client.post(
            "/accounts/password_reset/",
            {"email": f"someone{n}@news.kz"},
            REMOTE_ADDR="203.0.113.7",
        ).status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    refused = client.post(
        "/accounts/password_reset/",
        {"email": "editor@news.kz"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert refused.status_code == 429 and "Too many" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_without_a_mail_server_no_reset_link_reaches_the_log(
    client, editor, settings, capsys
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.ORFO_DEMO = settings.DEBUG = False
    response = client.post("/accounts/password_reset/", {"email": "editor@news.kz"})
    assert response.status_code == 200
    assert "no mail server" in response.content.decode()
    assert "/accounts/reset/" not in capsys.readouterr().out
    assert [m.id for m in checks.email_configured(None)] == ["orfo.W011"]
    # The demo prints its links on purpose: there is no one else to read them.
    settings.ORFO_DEMO = True
    client.post("/accounts/password_reset/", {"email": "editor@news.kz"})
    assert "/accounts/reset/" in capsys.readouterr().out
