"""orfo.lib.http: the only way out, and it refuses to go inward."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from orfo.lib import http

pytestmark = pytest.mark.usefixtures("settings")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
    ],
)
def test_it_refuses_non_public_addresses(settings, url):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    with pytest.raises(http.Refused):
        http.request("POST", url, body=b"{}")


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::10.0.0.1",  # NAT64 well-known prefix
        "64:ff9b::169.254.169.254",
        "64:ff9b:1::a00:1",  # NAT64 local-use prefix
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "::ffff:192.168.0.1",  # IPv4-mapped
        "::ffff:0:10.0.0.1",  # IPv4-translated
        "::10.0.0.1",  # IPv4-compatible
        "::127.0.0.1",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
    ],
)
def test_ipv6_forms_of_a_private_ipv4_address_are_refused(settings, address):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    with pytest.raises(http.Refused):
        http.check_address(address)
    with pytest.raises(http.Refused):
        http.request("POST", f"http://[{address}]/", body=b"{}")


@pytest.mark.parametrize(
    "address", ["64:ff9b::8.8.8.8", "2002:808:808::1", "::ffff:8.8.8.8"]
)
def test_ipv6_forms_of_a_public_ipv4_address_are_judged_by_it(settings, address):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    http.check_address(address)  # no Refused
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["10.0.0.0/8"]
    http.check_address("64:ff9b::10.0.0.1")  # the allowed network, through NAT64


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:pw@example.com/",
        "http:///nohost",
    ],
)
def test_it_refuses_other_schemes_and_credentials(url):
    with pytest.raises(http.Refused):
        http.request("GET", url)


def test_allowed_networks_are_reachable(receiver):
    response = http.post_json(receiver.url + "/x", b'{"a": 1}', {"X-Test": "1"})
    assert response.status == 200
    [request] = receiver.to("/x")
    assert request["body"] == b'{"a": 1}'
    assert request["headers"]["X-Test"] == "1"
    assert request["headers"]["User-Agent"].startswith("Orfo")


def test_only_the_listed_network_is_allowed(settings, receiver):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["10.0.0.0/8"]
    with pytest.raises(http.Refused):
        http.post_json(receiver.url + "/x", b"{}")


def test_redirects_are_returned_not_followed(receiver):
    receiver.respond("/moved", 302)
    response = http.post_json(receiver.url + "/moved", b"{}")
    assert response.status == 302
    assert [r["path"] for r in receiver.requests] == ["/moved"]


def test_every_call_has_a_timeout(settings):
    class Slow(BaseHTTPRequestHandler):
        def do_POST(self):
            time.sleep(2)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    settings.ORFO_OUTBOUND_TIMEOUT = 1
    started = time.monotonic()
    with pytest.raises(http.HttpError):
        http.post_json(f"http://127.0.0.1:{server.server_port}/", b"{}")
    assert time.monotonic() - started < 1.8
    server.shutdown()
    server.server_close()


def test_an_unresolvable_host_is_an_error():
    with pytest.raises(http.HttpError):
        http.request("GET", "http://no-such-host.invalid/")
