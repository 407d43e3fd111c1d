"""The one way Orfo talks to other servers: webhook URLs are user input.

Every call resolves the host, refuses non-global addresses (loopback, private,
link-local, multicast, reserved...) unless `ORFO_OUTBOUND_ALLOW_PRIVATE` lists their
network, and then connects to the very address it checked, so a DNS answer that
changes between the check and the connection cannot smuggle a request inside.
Redirects are never followed by `request`; `get` follows them itself, only to the
hosts its caller allows, each hop checked like the first. Every call has a timeout.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import ada_url
from django.conf import settings

MAX_BODY = 64 * 1024
USER_AGENT = "Orfo (+https://github.com/orfo)"


class HttpError(Exception):
    """A request that could not be made or got no response."""


class Refused(HttpError):
    """The URL is not allowed: a bad scheme, or a forbidden address."""


class TooBig(HttpError):
    """The body is longer than the caller's limit."""


class TimedOut(HttpError):
    """The whole exchange took longer than its timeout (a slow, dribbling server)."""


class BadRedirect(HttpError):
    """A redirect `get` will not follow: to another host, a loop, too many hops."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        import json

        return json.loads(self.body or b"null")


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(n, strict=False)
        for n in settings.ORFO_OUTBOUND_ALLOW_PRIVATE
    ]


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: a gateway on the way
# (NAT64, SIIT) or the host itself turns them into that IPv4 address.
_IPV4_IN_LOW_BITS = [
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64, well-known prefix
    ipaddress.ip_network("::ffff:0:0:0/96"),  # IPv4-translated (SIIT)
    ipaddress.ip_network("::/96"),  # IPv4-compatible (deprecated), :: and ::1 too
]
# NAT64 local-use prefix: where the IPv4 address sits depends on the prefix length
# the network chose, so nothing inside it can be judged; only an allowed network may.
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a connection to IP would reach, if it embeds any."""
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.sixtofour:  # 2002::/16
        return [ip.sixtofour]
    if ip.teredo:  # 2001::/32: the relay server and the client behind its NAT
        return list(ip.teredo)
    if any(ip in net for net in _IPV4_IN_LOW_BITS):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def check_address(address: str) -> None:
    """Raise Refused unless ADDRESS is global or in an allowed network.

    An IPv6 address that embeds an IPv4 one is judged by the IPv4 address it stands
    for: 64:ff9b::10.0.0.1 reaches 10.0.0.1 through a NAT64 gateway.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    allowed = _allowed_networks()
    if any(ip in net for net in allowed):
        return
    judged: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            raise Refused(f"address {ip} is a local NAT64 address")
        judged = _embedded_ipv4(ip) or judged
    for each in judged:
        if any(each in net for net in allowed):
            continue
        if not each.is_global or each.is_multicast:
            raise Refused(f"address {ip} is not public")


def resolve(host: str, port: int) -> list[tuple]:
    """Resolve HOST and return only addresses that may be contacted."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise HttpError(f"cannot resolve {host}: {e}") from e
    allowed, refused = [], None
    for info in infos:
        try:
            check_address(info[4][0])
            allowed.append(info)
        except Refused as e:
            refused = e
    if not allowed:
        raise refused or HttpError(f"cannot resolve {host}")
    return allowed


def _connect(host: str, port: int, timeout: float) -> socket.socket:
    error: OSError | None = None
    for family, kind, proto, _, address in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
            return sock
        except OSError as e:
            sock.close()
            error = e
    raise error or OSError("no address")


class _Connection(http.client.HTTPConnection):
    def connect(self):
        self.sock = _connect(self.host, self.port, self.timeout)


class _TLSConnection(http.client.HTTPSConnection):
    def connect(self):
        sock = _connect(self.host, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> Response:
    """Make one HTTP request; raise Refused or HttpError, else return the response.

    Any status is returned (3xx included, never followed): callers decide what a
    status means for them. Without LIMIT the body is cut at MAX_BODY; with it, a
    longer body raises TooBig, and the whole exchange, not just each read, must end
    within TIMEOUT (else TimedOut), so a server sending a byte at a time cannot hold
    the caller.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"not an http(s) URL: {url[:100]!r}")
    if parts.username or parts.password:
        raise Refused("URLs with credentials are not allowed")
    timeout = timeout or settings.ORFO_OUTBOUND_TIMEOUT
    deadline = time.monotonic() + timeout
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:
        raise Refused(str(e)) from e
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = _TLSConnection(
            parts.hostname, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = _Connection(parts.hostname, port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    all_headers = {"User-Agent": USER_AGENT, "Connection": "close"}
    all_headers.update(headers or {})
    try:
        conn.request(method, path, body=body, headers=all_headers)
        answer = conn.getresponse()
        found = {k.lower(): v for k, v in answer.getheaders()}
        if limit is None:
            data = answer.read(MAX_BODY)
        else:
            data = _read_capped(answer, conn, found, limit, deadline)
        return Response(answer.status, found, data)
    except TimeoutError as e:
        raise TimedOut("timeout") from e
    except (OSError, http.client.HTTPException) as e:
        raise HttpError(f"{type(e).__name__}: {e}"[:300]) from e
    finally:
        conn.close()


def _read_capped(answer, conn, headers: dict, limit: int, deadline: float) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooBig(f"Content-Length {declared} > {limit}")
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimedOut("timeout")
        if conn.sock is not None:
            conn.sock.settimeout(left)
        chunk = answer.read1(min(64 * 1024, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise TooBig(f"body > {limit} bytes")


REDIRECTS = (301, 302, 303, 307, 308)


def get(
    url: str,
    *,
    may_visit: Callable[[str], bool],
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    limit: int,
    max_hops: int = 5,
) -> tuple[Response, str]:
    """GET URL following redirects; return the last response and its URL.

    A redirect is followed only to a URL whose host MAY_VISIT allows (else
    BadRedirect), at most MAX_HOPS times, never back to a URL already seen; each
    hop is a new `request`, so its address is checked again. TIMEOUT bounds all the
    hops together, LIMIT every body (see `request`).
    """
    timeout = timeout or settings.ORFO_OUTBOUND_TIMEOUT
    deadline = time.monotonic() + timeout
    seen = {url}
    for _ in range(max_hops + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimedOut("timeout")
        response = request("GET", url, headers=headers, timeout=left, limit=limit)
        location = response.headers.get("location", "")
        if response.status not in REDIRECTS or not location:
            return response, url
        try:
            target = ada_url.URL(ada_url.join_url(url, location.strip()))
        except (ValueError, UnicodeError):
            raise BadRedirect("bad redirect") from None
        if target.protocol not in ("http:", "https:"):
            raise BadRedirect("redirect to another host")
        if not may_visit(target.hostname.rstrip(".")):
            raise BadRedirect("redirect to another host")
        url = target.href.split("#", 1)[0]
        if url in seen:
            raise BadRedirect("redirect loop")
        seen.add(url)
    raise BadRedirect("too many redirects")


def post_json(url: str, data: bytes, headers: dict[str, str] | None = None):
    return request(
        "POST",
        url,
        body=data,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
