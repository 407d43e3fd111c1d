"""Fetching an article page for a check, through the guarded client (orfo.lib.http).

Only the site's hosts are visited (redirects included, each hop's address checked
again), with a size cap, a deadline for the whole fetch, a User-Agent naming Orfo,
conditional headers from the last fetch, and at most ORFO_VERIFY_FETCHES_PER_MINUTE
fetches per host per minute across every process (Django's cache); past that the
fetch is "deferred" at once, never waited for. Nothing here raises: every failure is
an outcome with a short reason for the editor.
"""

import logging
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from orfo.lib import http
from orfo.lib.urls import host_of
from orfo.sites.hosts import host_allowed
from orfo.verification.extract import BadEncoding, extract

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
MAX_HOPS = 5


@dataclass(frozen=True)
class Fetched:
    """What one fetch of a page found.

    outcome: "ok" (text is the page's text as the widget reads it), "not_modified"
    (304 to the conditional headers: the last text still holds), "missing" (404,
    410), "unreachable" (reason says why) or "deferred" (over the host's fetch
    limit: try later).
    """

    outcome: str
    status: int | None = None
    text: str = ""
    etag: str = ""
    last_modified: str = ""
    reason: str = ""
    final_url: str = ""
    # Where each <article>/<main> begins in text (extract.PageText.containers).
    containers: tuple[int, ...] = (0,)


def fetch_page(
    url: str, hosts: list[str], *, etag: str = "", last_modified: str = ""
) -> Fetched:
    """Fetch URL, a page on one of HOSTS (the site's allowed hosts)."""
    host = host_of(url)
    if not host_allowed(host, hosts):
        return Fetched("unreachable", reason="not on the site's hosts", final_url=url)
    if not _within_rate(host):
        return Fetched("deferred", reason="fetch limit for this host", final_url=url)
    headers = {"Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    limit = settings.ORFO_VERIFY_MAX_BYTES
    try:
        response, final_url = http.get(
            url,
            may_visit=lambda h: host_allowed(h, hosts),
            headers=headers,
            timeout=settings.ORFO_VERIFY_TIMEOUT,
            limit=limit,
            max_hops=MAX_HOPS,
        )
    except http.HttpError as e:
        return Fetched("unreachable", reason=_reason(e, limit), final_url=url)
    return _judge(response, final_url, bool(etag or last_modified), limit)


def _reason(error: http.HttpError, limit: int) -> str:
    if isinstance(error, http.Refused):
        return "refused address"
    if isinstance(error, http.TimedOut):
        return "timeout"
    if isinstance(error, http.TooBig):
        return f"too big (> {_size(limit)})"
    if isinstance(error, http.BadRedirect):
        return str(error)
    return f"network error: {error}"[:200]


def _size(n: int) -> str:
    return f"{n / 2**20:g} MiB" if n >= 2**20 else f"{n / 2**10:g} KiB"


def _judge(response, final_url: str, conditional: bool, limit: int) -> Fetched:
    status, headers = response.status, response.headers
    common = {
        "status": status,
        "etag": headers.get("etag", "")[:200],
        "last_modified": headers.get("last-modified", "")[:100],
        "final_url": final_url,
    }
    if status == 304 and conditional:
        return Fetched("not_modified", **common)
    if status in (404, 410):
        return Fetched("missing", reason=f"HTTP {status}", **common)
    if status != 200:
        return Fetched("unreachable", reason=f"HTTP {status}", **common)
    content_type = headers.get("content-type", "")
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return Fetched("unreachable", reason=f"not HTML ({mime[:60]})", **common)
    try:
        body = _decoded(response.body, headers.get("content-encoding", ""), limit)
    except ValueError as e:
        return Fetched("unreachable", reason=str(e), **common)
    try:
        page = extract(body, content_type)
    except BadEncoding:
        return Fetched("unreachable", reason="bad encoding", **common)
    except Exception:  # a parser failure must not end the check
        log.exception("could not read the page %s", final_url)
        return Fetched("unreachable", reason="unreadable page", **common)
    return Fetched("ok", text=page.text, containers=page.containers, **common)


def _decoded(body: bytes, encoding: str, limit: int) -> bytes:
    """BODY without its Content-Encoding, no longer than LIMIT once decoded."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ValueError(f"compressed ({encoding[:20]})")
    # 47: a gzip or zlib header, detected; raw deflate, which some servers send as
    # "deflate", is -15.
    for wbits in (47, -15):
        inflater = zlib.decompressobj(wbits)
        try:
            data = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(data) > limit:
            raise ValueError(f"too big (> {_size(limit)})")
        return data
    raise ValueError("bad compression")


# Per-host fetch counts, in fixed one-minute windows shared through the cache.


def _within_rate(host: str) -> bool:
    limit = settings.ORFO_VERIFY_FETCHES_PER_MINUTE
    key = f"orfo:verify:fetches:{host}:{int(time.time() // 60)}"
    try:
        if cache.add(key, 1, timeout=120):
            return True
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr: a new window
        return True
    except Exception:  # the cache is away: fetch (a few more fetches do no harm)
        log.warning("fetch limit not counted: cache unavailable", exc_info=True)
        return True
