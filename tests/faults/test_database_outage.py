"""The database goes away under a live server: 503 + Retry-After, never a 500.

A TCP proxy of the test's own stands between gunicorn and PostgreSQL; cutting it kills
the server's connections and refuses new ones, as a crashed or unreachable database
would, without touching any other connection to PostgreSQL.
"""

import time

import pytest

from tests.conftest import make_report
from tests.faults.conftest import LiveServer, Proxy, database_url
from tests.faults.driver import (
    assert_stored_once,
    load_with_fault,
    reports,
    retry_unacknowledged,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def proxied_server(postgres, tmp_path):
    proxy = Proxy((postgres["host"], postgres["port"]))
    url = database_url("127.0.0.1", proxy.port, postgres["user"], postgres["name"])
    server = LiveServer(url, tmp_path)
    yield server, proxy
    server.stop()
    proxy.close()


def test_a_server_without_its_database_answers_503_and_recovers(proxied_server, site):
    server, proxy = proxied_server
    assert server.post(make_report(site))[0] == 201

    proxy.cut()
    down = [server.post(make_report(site), reader=n) for n in range(10)]
    assert {status for status, _, _ in down} == {503}, down
    for _, answer, retry_after in down:
        assert answer["error"] == "database_unavailable"
        assert int(retry_after) > 0

    proxy.restore()
    # Each worker's broken connection is dropped after its failed request.
    assert server.post(make_report(site, "library"), reader=99)[0] == 201
    assert "Internal Server Error" not in server.log.read_text()


def test_an_outage_mid_load_loses_nothing_and_half_writes_nothing(proxied_server, site):
    server, proxy = proxied_server
    payloads = reports(site, 120)

    def outage():
        proxy.cut()
        time.sleep(1.5)
        proxy.restore()

    first = load_with_fault(server, payloads, outage)
    statuses = {status for status, _, _ in first}
    assert 503 in statuses and 201 in statuses, statuses
    assert statuses <= {200, 201, 503}, [a for a in first if a[0] not in (201, 503)]
    assert all(int(r) > 0 for s, _, r in first if s == 503)

    retry_unacknowledged(server, payloads, first)
    assert_stored_once(site, payloads, first)
    assert "Internal Server Error" not in server.log.read_text()
