"""Abuse: rate limits, spam traps, repeated reports, spam verdicts, cheap refusals."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orfo.issues.models import Issue, Status
from orfo.lib.clients import client_address
from orfo.reports import readers
from orfo.reports.limits import Rate, parse_rates
from orfo.reports.models import BlockedReader, Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
READER = {"REMOTE_ADDR": "203.0.113.7"}


def test_a_reader_over_the_limit_gets_429_with_retry_after(site, send, settings):
    settings.ORFO_RATE_LIMIT_READER = [Rate(3, 60)]
    statuses = [
        send(make_report(site, comment=str(n)), **READER).status_code for n in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    limited = send(make_report(site), **READER)
    assert limited.json()["error"] == "rate_limited"
    assert 0 < int(limited["Retry-After"]) <= 60
    assert Report.objects.count() == 3
    # Another reader is not held back by this one.
    assert send(make_report(site), REMOTE_ADDR="203.0.113.8").status_code == 201


def test_a_flooding_reader_does_not_use_up_the_sites_limit(site, send, settings):
    settings.ORFO_RATE_LIMIT_READER = [Rate(2, 60)]
    settings.ORFO_RATE_LIMIT_SITE = [Rate(5, 60)]
    flood = [
        send(make_report(site, comment=str(n)), **READER).status_code for n in range(20)
    ]
    assert flood.count(429) == 18
    others = [send(make_report(site, comment=f"o{n}")).status_code for n in range(3)]
    assert others == [201, 201, 201]


def test_a_site_over_its_limit_gets_429(site, send, settings):
    settings.ORFO_RATE_LIMIT_SITE = [Rate(2, 3600)]
    statuses = [send(make_report(site, comment=str(n))).status_code for n in range(3)]
    assert statuses == [201, 201, 429]


def test_proxies_are_trusted_only_when_configured(rf, settings):
    request = rf.post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9"
    )
    assert client_address(request) == "10.0.0.1"
    settings.ORFO_TRUSTED_PROXY_HOPS = 1
    assert client_address(request) == "203.0.113.9"


def test_the_honeypot_and_a_too_fast_send_are_accepted_and_dropped(
    site, send, settings
):
    settings.ORFO_MIN_COMPOSE_MS = 800
    trapped = send(make_report(site, hp="http://spam.example"))
    assert trapped.status_code == 202 and trapped.json() == {
        "report": None,
        "issue": None,
    }
    assert send(make_report(site, elapsed=120)).status_code == 202
    assert not Report.objects.exists()
    assert send(make_report(site, elapsed=4000)).status_code == 201


def test_the_same_report_from_one_reader_collapses(site, send):
    first = send(make_report(site, comment="typo"), **READER)
    again = send(make_report(site, comment="typo"), **READER)  # a new client_id
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert send(make_report(site, comment="and here"), **READER).status_code == 201
    assert Issue.objects.get().report_count == 2


def test_a_spam_verdict_blocks_that_reader_for_the_site(site, other_site, send):
    send(make_report(site, "Almaty"), **READER)
    send(make_report(site, "city"), REMOTE_ADDR="203.0.113.99")
    Issue.objects.get(quote="Almaty").set_status(Status.SPAM)
    assert BlockedReader.objects.filter(site=site).count() == 1
    # Answered as anyone else, and kept: held out of the inbox, not grouped.
    blocked = send(make_report(site, "library"), **READER)
    assert blocked.status_code == 201 and blocked.json()["issue"] is None
    assert Report.objects.get(pk=blocked.json()["report"]).held
    assert (
        send(make_report(site, "library"), REMOTE_ADDR="203.0.113.99").status_code
        == 201
    )
    assert Issue.objects.get(quote="library").report_count == 1
    other = make_report(other_site, url="https://other.example/a")
    assert send(other, origin="https://other.example", **READER).status_code == 201


def test_no_raw_ip_or_user_agent_is_stored(site, send):
    agent = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
        " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
    )
    send(make_report(site), HTTP_USER_AGENT=agent, **READER)
    report = Report.objects.get()
    row = json.dumps(list(Report.objects.values().get().values()), default=str)
    assert "203.0.113.7" not in row and "iPhone OS" not in row
    assert (report.browser, report.device) == ("Safari", "mobile")
    assert len(report.reader_hash) == 32


def test_the_reader_hash_rotates_daily_and_differs_per_site(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    today = readers.reader_hash(request, "key-a")
    assert today == readers.reader_hash(request, "key-a")
    assert today != readers.reader_hash(request, "key-b")
    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        assert readers.reader_hash(request, "key-a") != today


@pytest.mark.parametrize(
    "agent,browser,device",
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0",
            "Edge",
            "desktop",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/130.0 YaBrowser/24.10 Mobile Safari/537.36",
            "Yandex",
            "mobile",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Firefox",
            "desktop",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) CriOS/130.0 Mobile/15E148 Safari/604.1",
            "Chrome",
            "tablet",
        ),
        ("python-requests/2.32", "other", "bot"),
        ("", "other", "unknown"),
    ],
)
def test_user_agents_are_reduced_to_family_and_device(agent, browser, device):
    assert (readers.browser_family(agent), readers.device_type(agent)) == (
        browser,
        device,
    )


@pytest.mark.parametrize("value", ["10", "10/x", "0/m", "ten/m", "5/m,"])
def test_bad_rate_settings_are_refused(value):
    if value == "5/m,":
        assert parse_rates(value) == [Rate(5, 60)]
        return
    with pytest.raises(Exception, match="use e.g."):
        parse_rates(value)


@pytest.mark.parametrize(
    "kind", ["too_large", "bad_json", "bad_field", "limited", "foreign"]
)
def test_refusals_write_nothing_to_the_database(site, send, settings, kind):
    settings.ORFO_MAX_REPORT_BYTES = 2048
    settings.ORFO_RATE_LIMIT_READER = [Rate(1, 60)]
    send(make_report(site), **READER)  # uses up the limit and warms the site cache
    payload = make_report(site)
    calls = {
        "too_large": lambda: send(make_report(site, comment="x" * 3000)),
        "bad_json": lambda: send(None, raw="{"),
        "bad_field": lambda: send({**payload, "quote": 7}),
        "limited": lambda: send(payload, **READER),
        "foreign": lambda: send(payload, origin="https://evil.example"),
    }
    with CaptureQueriesContext(connection) as captured:
        assert calls[kind]().status_code in (400, 403, 413, 422, 429)
    # Not a write, not even a read: the site comes from the cache.
    assert [q["sql"] for q in captured] == []
