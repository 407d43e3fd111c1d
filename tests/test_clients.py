"""Who the client is, behind a proxy or not: one address for rate limits, the reader
hash and the login lockout; IPv6 per /64; the unconfigured proxy is noticed."""

import logging
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from orfo.lib.clients import client_address
from orfo.ops import checks, proxy
from orfo.reports import readers
from orfo.reports.limits import Rate
from orfo.reports.models import Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
PROXY = {"REMOTE_ADDR": "127.0.0.1"}


def via_proxy(address: str, forged: str = "") -> dict:
    """Headers of a request that nginx forwarded for ADDRESS (FORGED: what the
    client itself put in X-Forwarded-For, which nginx keeps on the left)."""
    chain = f"{forged}, {address}" if forged else address
    return {**PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.mark.parametrize(
    "meta,hops,expected",
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, 0, "203.0.113.7"),
        # Not believed without hops, nor left of the trusted entry.
        (via_proxy("203.0.113.7"), 0, "127.0.0.1"),
        (via_proxy("203.0.113.7", forged="198.51.100.1"), 1, "203.0.113.7"),
        (via_proxy("203.0.113.7", forged="198.51.100.1"), 2, "198.51.100.1"),
        # Fewer entries than hops, or garbage where the address should be: the peer.
        (via_proxy("203.0.113.7"), 2, "127.0.0.1"),
        (via_proxy("<script>alert(1)</script>"), 1, "127.0.0.1"),
        (via_proxy("unknown"), 1, "127.0.0.1"),
        (via_proxy("1" * 5000), 1, "127.0.0.1"),
        (via_proxy(""), 1, "127.0.0.1"),
        ({"REMOTE_ADDR": "not an address"}, 0, ""),
        # IPv6: the /64, however written; IPv4-mapped: the IPv4 address.
        ({"REMOTE_ADDR": "2001:DB8:1:2:aaaa::1"}, 0, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "2001:db8:1:2:ffff:ffff:ffff:ffff"}, 0, "2001:db8:1:2::"),
        (via_proxy("::ffff:203.0.113.7"), 1, "203.0.113.7"),
        ({"REMOTE_ADDR": "fe80::1%eth0"}, 0, "fe80::"),
    ],
)
def test_the_client_address_is_validated_and_reduced(
    rf, settings, meta, hops, expected
):
    settings.ORFO_TRUSTED_PROXY_HOPS = hops
    assert client_address(rf.get("/", **meta)) == expected


def test_ipv6_readers_are_limited_per_64_and_mapped_ipv4_is_ipv4(site, send, settings):
    settings.ORFO_RATE_LIMIT_READER = [Rate(1, 60)]
    statuses = [
        send(make_report(site, comment=str(n)), REMOTE_ADDR=address).status_code
        for n, address in enumerate(
            [
                "2001:db8:1:2::1",
                "2001:db8:1:2::dead:beef",  # the same /64: the same reader
                "2001:db8:1:3::1",  # the next /64: another reader
                "203.0.113.7",
                "::ffff:203.0.113.7",  # the same IPv4 reader
            ]
        )
    ]
    assert statuses == [201, 429, 201, 201, 429]


def test_the_reader_hash_is_per_64(rf):
    def reader(address):
        return readers.reader_hash(rf.post("/", REMOTE_ADDR=address), "key")

    assert reader("2001:db8::1") == reader("2001:db8::ffff:1")
    assert reader("2001:db8::1") != reader("2001:db8:0:1::1")


def test_behind_a_proxy_readers_have_limits_of_their_own(site, send, settings):
    settings.ORFO_TRUSTED_PROXY_HOPS = 1
    settings.ORFO_RATE_LIMIT_READER = [Rate(1, 60)]

    def status(headers, n):
        return send(make_report(site, comment=str(n)), **headers).status_code

    assert status(via_proxy("203.0.113.7"), 1) == 201
    assert status(via_proxy("203.0.113.8"), 2) == 201  # not the proxy's limit
    # What the client writes in front of the proxy's entry changes nothing.
    assert status(via_proxy("203.0.113.7", forged="198.51.100.9"), 3) == 429
    assert Report.objects.count() == 2


def test_the_login_lockout_keys_on_the_client_behind_a_proxy(client, owner, settings):
    """Five failures from one reader behind nginx must not lock the editor out for
    everyone behind it (axes read the proxy's address)."""
    settings.ORFO_TRUSTED_PROXY_HOPS = 1
    attacker, editor = via_proxy("198.51.100.66"), via_proxy("203.0.113.5")
    for _ in range(5):
        client.post(
            "/accounts/login/", {"username": "owner", "password": "no"}, **attacker
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "owner", "password": "pass-owner-1"},
        **attacker,
    )
    assert locked.status_code == 429
    good = client.post(
        "/accounts/login/", {"username": "owner", "password": "pass-owner-1"}, **editor
    )
    assert good.status_code == 302


def test_a_garbage_forwarded_address_never_reaches_the_lockout(client, owner, settings):
    from axes.models import AccessAttempt

    settings.ORFO_TRUSTED_PROXY_HOPS = 1
    response = client.post(
        "/accounts/login/",
        {"username": "owner", "password": "no"},
        **via_proxy("'; DROP TABLE users; --"),
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


def test_https_without_proxy_hops_is_a_system_check_warning(settings):
    settings.SITE_ROOT = "https://orfo.example.com"
    settings.ORFO_TRUSTED_PROXY_HOPS = 0
    assert [m.id for m in checks.proxy_configured(None)] == ["orfo.W010"]
    settings.ORFO_TRUSTED_PROXY_HOPS = 1
    assert checks.proxy_configured(None) == []
    settings.SITE_ROOT, settings.ORFO_TRUSTED_PROXY_HOPS = "http://127.0.0.1:8000", 0
    assert checks.proxy_configured(None) == []


def test_orfo_check_deploy_shows_the_proxy_warning(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(tmp_path),
        "SITE_ROOT": "https://orfo.example.com",
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
    }
    env.pop("ORFO_TRUSTED_PROXY_HOPS", None)
    result = subprocess.run(
        [sys.executable, "-m", "orfo", "check", "--deploy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "orfo.W010" in result.stdout + result.stderr


@pytest.fixture
def fresh_proxy_notice():
    proxy.forget()
    yield
    proxy.forget()


def test_a_proxy_without_hops_is_logged_once_and_shown_to_editors(
    client, editor, site, settings, caplog, fresh_proxy_notice
):
    settings.ORFO_TRUSTED_PROXY_HOPS = 0
    client.force_login(editor)
    assert "ORFO_TRUSTED_PROXY_HOPS" not in client.get("/dashboard/").content.decode()
    with caplog.at_level(logging.WARNING, logger="orfo.ops.proxy"):
        for n in range(3):
            client.get("/accounts/login/", **via_proxy(f"203.0.113.{n}"))
    warnings = [r for r in caplog.records if r.name == "orfo.ops.proxy"]
    assert len(warnings) == 1 and "X-Forwarded-For" in warnings[0].getMessage()
    # Seen by the dashboard of any process (the cache), in the editor's language.
    page = client.get("/dashboard/").content.decode()
    assert 'class="banner"' in page and "ORFO_TRUSTED_PROXY_HOPS" in page
    client.post("/i18n/setlang/", {"language": "ru", "next": "/dashboard/"})
    assert "прокси" in client.get("/dashboard/").content.decode()
    client.post("/i18n/setlang/", {"language": "kk", "next": "/dashboard/"})
    assert "прокси" in client.get("/dashboard/").content.decode()
    # Anonymous visitors are not told; configured, the banner goes.
    client.logout()
    assert 'class="banner"' not in client.get("/accounts/login/").content.decode()
    client.force_login(editor)
    with override_settings(ORFO_TRUSTED_PROXY_HOPS=1):
        assert 'class="banner"' not in client.get("/dashboard/").content.decode()
