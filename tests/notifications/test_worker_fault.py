"""The fault test: SIGKILL a worker mid-way through 200 sends, start another.

The receiver deduplicates by Idempotency-Key: it must see all 200, and the raw count
may exceed 200 only by the sends that were in flight when the worker died.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from orfo.notifications import delivery
from orfo.notifications.models import Notification, make_key
from tests import processes
from tests.notifications.conftest import channel

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
TOTAL = 200


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


def start_worker(tmp_path, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        "SECRET_KEY": "fault-test",
        "DATABASE_URL": database_url(),
        "ORFO_OUTBOUND_ALLOW_PRIVATE": "127.0.0.0/8",
        "ORFO_OUTBOUND_TIMEOUT": "1",
        "EMAIL_TIMEOUT": "1",
        "ORFO_NOTIFY_LEASE_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
        # No dictionaries: the issue's suggestion task must not make this worker build
        # a lexicon (tens of seconds cold) before it gets to the sends under test.
        "ORFO_SUGGESTIONS_DICT_DIRS": str(tmp_path / "no-dictionaries"),
    }
    log = open(tmp_path / f"{name}.log", "w")
    return processes.start(
        [
            sys.executable,
            "-m",
            "orfo",
            "worker",
            "--interval",
            "0.05",
            "--sweep",
            "0.5",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout=40.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_killed_worker_loses_nothing_and_repeats_only_what_was_in_flight(
    site, receiver, report, tmp_path
):
    config = {"url": receiver.url + "/h", "secret": "s"}
    hook = channel(site, "webhook", config=config, on_new=False)
    issue = report()
    receiver.delay = 0.005  # a little time inside each send for the kill to land
    with transaction.atomic():
        for i in range(TOTAL):
            delivery.record(hook, "new", make_key("fault", i), issue_id=issue.pk)
    keys = lambda: [r["headers"]["Idempotency-Key"] for r in receiver.to("/h")]  # noqa: E731

    first = start_worker(tmp_path, "first")
    try:
        assert wait_for(lambda: len(keys()) >= 60), (tmp_path / "first.log").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        processes.stop(first)
    in_flight = Notification.objects.filter(status="sending").count()
    delivered_at_kill = len(set(keys()))
    assert delivered_at_kill < TOTAL, "the worker finished before it was killed"

    second = start_worker(tmp_path, "second")
    try:
        # The send in flight at the kill is sent again once its lease runs out.
        sent = Notification.objects.filter(status="sent")
        assert wait_for(lambda: sent.count() == TOTAL), (
            tmp_path / "second.log"
        ).read_text()
        time.sleep(0.3)  # anything more now would be a duplicate
        second.send_signal(signal.SIGTERM)  # a graceful stop
        assert second.wait(10) == 0
    finally:
        processes.stop(second)

    seen = keys()
    expected = {str(n.key) for n in Notification.objects.all()}
    assert set(seen) == expected and len(expected) == TOTAL
    assert len(seen) - TOTAL <= in_flight <= 1
    assert Notification.objects.filter(status="sent").count() == TOTAL
