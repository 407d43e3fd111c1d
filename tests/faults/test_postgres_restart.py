"""PostgreSQL restarts in the middle of a load run (marker pgrestart; run it alone).

Every report the server acknowledged is in the database; every report it did not
acknowledge (503, or no answer) is retried by the client with the same client_id and
then stored exactly once.

    ORFO_PGRESTART=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/pytest tests/faults -m pgrestart
"""

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from orfo.reports.models import Report
from orfo.reports.pending import group_pending
from tests.faults.conftest import LiveServer, database_url
from tests.faults.driver import (
    assert_stored_once,
    load_with_fault,
    reports,
    retry_unacknowledged,
)

pytestmark = [pytest.mark.pgrestart, pytest.mark.django_db(transaction=True)]


def restart_postgres():
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        timeout=60,
    )


@pytest.mark.parametrize("group_inline", ["1", "0"], ids=["inline", "worker"])
def test_a_postgres_restart_mid_load_loses_nothing(
    postgres, site, tmp_path, group_inline
):
    server = LiveServer(
        database_url(
            postgres["host"], postgres["port"], postgres["user"], postgres["name"]
        ),
        tmp_path,
        ORFO_GROUP_INLINE=group_inline,
    )
    try:
        payloads = reports(site, 200)
        first = load_with_fault(server, payloads, restart_postgres)
        statuses = {status for status, _, _ in first}
        assert 201 in statuses, statuses
        # 503 while it is down; never a 500. (0: no answer at all, retried too.)
        assert statuses <= {0, 200, 201, 503}, [
            a for a in first if a[0] not in (0, 201, 503)
        ]
        unacknowledged = sum(status not in (200, 201) for status, _, _ in first)
        retry_unacknowledged(server, payloads, first)
        assert "Internal Server Error" not in server.log.read_text()
    finally:
        server.stop()
    connection.close()  # the test's own connection died with the restart
    while group_pending():  # what the worker does (all grouped inline already)
        pass
    assert not Report.objects.filter(site=site, issue__isnull=True).exists()
    assert_stored_once(site, payloads, first)
    print(f"{unacknowledged} of {len(payloads)} reports were retried")
