"""fetch_page against hostile and ordinary pages on loopback: every failure is an
outcome with a reason, never an exception."""

import gzip
import time

import pytest
from django.core.cache import cache

from orfo.verification.fetch import fetch_page

HOSTS = ["127.0.0.1"]
ARTICLE = b"<html><body><article><p>The quick brown fox.</p></article></body></html>"


def test_a_page_is_fetched_and_read_as_the_widget_reads_it(pages):
    url = pages.route(
        "/a", body=ARTICLE, headers={"ETag": '"v1"', "Last-Modified": "Tue, 1 Dec"}
    )
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.status, got.text) == ("ok", 200, "The quick brown fox.")
    assert (got.etag, got.last_modified, got.final_url) == ('"v1"', "Tue, 1 Dec", url)
    assert pages.requests[0]["headers"]["User-Agent"].startswith("Orfo")


def test_conditional_headers_are_sent_and_304_is_not_modified(pages):
    url = pages.route("/a", status=304, headers={"ETag": '"v1"'})
    got = fetch_page(url, HOSTS, etag='"v1"', last_modified="Tue, 1 Dec")
    assert got.outcome == "not_modified"
    sent = pages.requests[0]["headers"]
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == ('"v1"', "Tue, 1 Dec")


def test_a_304_without_conditional_headers_is_unreachable(pages):
    url = pages.route("/a", status=304)
    assert fetch_page(url, HOSTS).outcome == "unreachable"


@pytest.mark.parametrize("status", [404, 410])
def test_404_and_410_are_missing(pages, status):
    got = fetch_page(pages.route("/gone", status=status, body=b"no"), HOSTS)
    assert (got.outcome, got.status) == ("missing", status)


@pytest.mark.parametrize("status", [500, 503, 403, 429, 204])
def test_other_statuses_are_unreachable_with_the_status(pages, status):
    got = fetch_page(pages.route("/x", status=status, body=b""), HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", f"HTTP {status}")


def test_huge_page_is_unreachable_too_big(pages, settings):
    settings.ORFO_VERIFY_MAX_BYTES = 2 * 2**20
    url = pages.route("/huge", body=b"<p>" + b"a" * (3 * 2**20))
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "too big (> 2 MiB)")


def test_huge_page_without_content_length_is_cut_off(pages, settings):
    settings.ORFO_VERIFY_MAX_BYTES = 2**20
    url = pages.route("/huge", body=b"<p>" + b"a" * (3 * 2**20), length=False)
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "too big (> 1 MiB)")


def test_a_page_of_two_megabytes_is_read(pages):
    body = b"<p>" + b"word " * (2 * 2**20 // 5) + b"</p><p>The end.</p>"
    got = fetch_page(pages.route("/big", body=body), HOSTS)
    assert got.outcome == "ok" and got.text.endswith("word The end.")


def test_compressed_bomb_is_too_big(pages, settings):
    settings.ORFO_VERIFY_MAX_BYTES = 2**20
    body = gzip.compress(b" " * (50 * 2**20))
    url = pages.route("/bomb", body=body, headers={"Content-Encoding": "gzip"})
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "too big (> 1 MiB)")


def test_gzip_page_is_read(pages):
    url = pages.route(
        "/z", body=gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"}
    )
    assert fetch_page(url, HOSTS).text == "The quick brown fox."


def test_slow_server_times_out(pages, settings):
    settings.ORFO_VERIFY_TIMEOUT = 1
    url = pages.route("/slow", body=ARTICLE, delay=3)
    started = time.monotonic()
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "timeout")
    assert time.monotonic() - started < 1.8


def test_dripping_server_is_cut_off_at_the_deadline(pages, settings):
    # Each byte arrives well within a socket timeout; the whole never does.
    settings.ORFO_VERIFY_TIMEOUT = 1
    url = pages.route("/drip", body=ARTICLE * 10, drip=0.05)
    started = time.monotonic()
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "timeout")
    assert time.monotonic() - started < 1.8


def test_redirect_within_the_site_is_followed(pages):
    final = pages.route("/new", body=ARTICLE)
    url = pages.route("/old", status=301, headers={"Location": "/new"})
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.final_url) == ("ok", final)


def test_redirect_to_another_host_is_not_followed(pages):
    other = f"http://localhost:{pages.port}/a"
    pages.route("/a", body=ARTICLE)
    url = pages.route("/r", status=302, headers={"Location": other})
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "redirect to another host")
    assert [r["path"] for r in pages.requests] == ["/r"]


def test_redirect_to_an_internal_address_is_refused(pages):
    # On the site's hosts, but a private address that the settings do not allow:
    # never contacted.
    url = pages.route(
        "/r", status=302, headers={"Location": "http://10.255.255.1:9/admin"}
    )
    got = fetch_page(url, [*HOSTS, "10.255.255.1"])
    assert (got.outcome, got.reason) == ("unreachable", "refused address")


def test_redirect_to_another_scheme_is_not_followed(pages):
    url = pages.route("/r", status=302, headers={"Location": "file:///etc/passwd"})
    assert fetch_page(url, HOSTS).reason == "redirect to another host"


def test_redirect_loop(pages):
    pages.route("/a", status=302, headers={"Location": "/b"})
    url = pages.route("/b", status=302, headers={"Location": "/a"})
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "redirect loop")


def test_too_many_redirects(pages):
    for i in range(10):
        pages.route(f"/{i}", status=302, headers={"Location": f"/{i + 1}"})
    got = fetch_page(pages.origin + "/0", HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "too many redirects")
    assert len(pages.requests) == 6  # the first request and five hops


def test_private_address_is_refused_unless_allowed(pages, settings):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    got = fetch_page(pages.route("/a", body=ARTICLE), HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "refused address")
    assert pages.requests == []


def test_a_url_off_the_site_is_not_fetched(pages):
    got = fetch_page(pages.route("/a", body=ARTICLE), ["news.example"])
    assert got.outcome == "unreachable" and pages.requests == []


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/json"]
)
def test_not_html(pages, content_type):
    url = pages.route("/f", body=b"%PDF-1.4", headers={"Content-Type": content_type})
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", f"not HTML ({content_type})")


def test_invalid_encoding(pages):
    body = "<p>Съешь же ещё этих мягких французских булок</p>".encode("cp1251")
    url = pages.route("/e", body=body)  # said to be UTF-8
    got = fetch_page(url, HOSTS)
    assert (got.outcome, got.reason) == ("unreachable", "bad encoding")


def test_declared_encoding_is_used(pages):
    body = "<p>Съешь же ещё этих булок</p>".encode("cp1251")
    declared = {"Content-Type": "text/html; charset=windows-1251"}
    url = pages.route("/e", body=body, headers=declared)
    assert fetch_page(url, HOSTS).text == "Съешь же ещё этих булок"


def test_unreachable_server(pages):
    pages.close()
    got = fetch_page(pages.origin + "/a", HOSTS)
    assert got.outcome == "unreachable" and got.reason.startswith("network error")


def test_fetches_per_host_are_limited_and_deferred(pages, settings):
    cache.clear()
    settings.ORFO_VERIFY_FETCHES_PER_MINUTE = 2
    url = pages.route("/a", body=ARTICLE)
    outcomes = [fetch_page(url, HOSTS).outcome for _ in range(4)]
    assert outcomes == ["ok", "ok", "deferred", "deferred"]
    assert len(pages.requests) == 2
