"""URLs read the way browsers read them: the WHATWG URL standard, parsed by Ada.

Python's urllib reads some URLs differently from a browser: in
`https://evil.invalid\\@news.example/x` it finds the host news.example, where a
browser opens evil.invalid. Every URL that decides something in Orfo (which site a
report is for, which page it is on, where a link leads) is parsed here, by the parser
Node.js uses, and every link Orfo shows or sends is the parser's serialisation of it,
never the string it was given.
"""

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

import ada_url

from orfo.lib.text import clean_inline

MAX_LENGTH = 2048  # Report.url, Page.url
_WEB_SCHEMES = {"http:": "http", "https:": "https"}
# What parse() reads of a URL (each costs a call into Ada).
_ATTRIBUTES = (
    "href",
    "protocol",
    "username",
    "password",
    "hostname",
    "port",
    "pathname",
    "search",
    "hash",
)
# What no URL a browser reports holds, but a parser would remove or reinterpret:
# whitespace and control characters (tabs and newlines are dropped silently) and
# backslashes (read as "/" in http(s) URLs, which moves the host).
_REFUSED = re.compile(r"[\s\x00-\x1f\x7f-\x9f\\]")
_WEB_PREFIX = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True)
class WebUrl:
    """An http(s) URL as the WHATWG parser serialises it."""

    href: str
    scheme: str  # "http" or "https"
    host: str  # ASCII (IDNA), lower case, no trailing dot; IPv6 in brackets
    port: str  # "" for the scheme's default
    path: str
    query: str  # without the "?"
    fragment: str  # without the "#"
    credentials: bool  # a user name or password was given

    @property
    def page(self) -> str:
        """The URL without its fragment: what opens the page."""
        return self.href.split("#", 1)[0]

    def with_fragment(self, fragment: str) -> str:
        """The URL with FRAGMENT (already percent-encoded) in place of its own."""
        url = ada_url.URL(self.href)
        url.hash = fragment
        return url.href


def parse(raw: str, strict: bool = True) -> WebUrl:
    """Parse RAW as a browser would; raise ValueError saying why it is refused.

    STRICT (what readers send, what Orfo links to) also refuses what a browser would
    silently reinterpret (backslashes, whitespace, control characters), user names
    and passwords, and URLs longer than MAX_LENGTH once serialised. Without it, RAW
    is only required to be an http(s) URL: for URLs stored before these rules,
    whose page identity must still be what a browser opens.
    """
    if len(raw) > MAX_LENGTH:  # before the cache, which keeps only short keys
        raise ValueError(f"must be at most {MAX_LENGTH} characters")
    parsed = _parse(raw, strict)
    if isinstance(parsed, str):
        raise ValueError(parsed)
    return parsed


# A report's URL is parsed when it is validated, grouped and linked, and an inbox
# links many issues of one page: each call into Ada costs about a microsecond. At
# most ~12 MB per process even if every entry were a 2048-character URL.
@functools.lru_cache(maxsize=1024)
def _parse(raw: str, strict: bool) -> WebUrl | str:
    try:
        return _parse_uncached(raw, strict)
    except ValueError as exc:
        return str(exc)


def _parse_uncached(raw: str, strict: bool) -> WebUrl:
    if strict and _REFUSED.search(raw):
        if "\\" in raw:
            raise ValueError("must not contain a backslash")
        raise ValueError("must not contain spaces or control characters")
    if strict and not _WEB_PREFIX.match(raw):
        # "https:news.example" is one too for the parser; never for a browser's bar.
        raise ValueError("must be an absolute http(s) URL")
    try:
        url = ada_url.parse_url(raw, _ATTRIBUTES)
    except (ValueError, UnicodeError):
        raise ValueError("must be an absolute http(s) URL") from None
    scheme = _WEB_SCHEMES.get(url["protocol"])
    parsed = WebUrl(
        href=url["href"],
        scheme=scheme or "",
        host=url["hostname"].rstrip("."),
        port=url["port"],
        path=url["pathname"],
        query=url["search"][1:],
        fragment=url["hash"][1:],
        credentials=bool(url["username"] or url["password"]),
    )
    if not scheme or not parsed.host:
        raise ValueError("must be an absolute http(s) URL")
    if strict and parsed.credentials:
        raise ValueError("must not contain a user name or password")
    if strict and len(parsed.href) > MAX_LENGTH:
        raise ValueError(f"must be at most {MAX_LENGTH} characters once encoded")
    return parsed


def host_of(raw: str) -> str | None:
    """The host a browser would contact for RAW, an http(s) URL or origin, or None
    when RAW is refused (see parse)."""
    try:
        return parse(raw).host
    except ValueError:
        return None


def canonical_host(value: str) -> str | None:
    """VALUE, a bare host name or address, as the parser serialises a URL's host
    (IDNA per UTS #46, percent-decoded, lower case, IPv4 in dotted decimal), or None
    when it is not a host alone."""
    if not value or _REFUSED.search(value) or any(c in value for c in "/?#@:"):
        return None
    try:
        url = ada_url.URL(f"http://{value}/")
        host = url.hostname
    except (ValueError, UnicodeError):
        return None
    if url.href != f"http://{host}/":
        return None
    return host.rstrip(".")


def readable_path(raw: str) -> str:
    """The path and query of RAW, percent-decoded for people to read, or RAW."""
    try:
        url = parse(raw, strict=False)
    except ValueError:
        return clean_inline(raw)
    path = url.path + (f"?{url.query}" if url.query else "")
    return clean_inline(unquote(path, errors="replace"))


SECTION_MAX = 200  # Page.section


def section_of(raw: str) -> str:
    """The site section RAW is in: its path's first segment between slashes,
    percent-decoded for people to read ("/sport/" for /sport/2026/match), or "/"
    for a page at the top of the site (/, /about). RAW is read as browsers read it;
    one that is not an http(s) URL is in "/"."""
    try:
        path = parse(raw, strict=False).path
    except ValueError:
        return "/"
    first, slash, _ = path[1:].partition("/")
    if not (first and slash):
        return "/"
    return clean_inline(f"/{unquote(first, errors='replace')}/")[:SECTION_MAX]
