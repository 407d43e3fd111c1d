"""Pure helpers for the allowed-hosts list of a site."""

import functools
import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalize_host(value: str) -> str:
    """Return VALUE as a lower-case IDNA host name, or raise ValueError.

    "*.example.com" allows every subdomain of example.com (not example.com itself).
    """
    host = value.strip().lower().rstrip(".")
    wildcard = host.startswith("*.")
    if wildcard:
        host = host[2:]
    if "://" in host or "/" in host or ":" in host.replace("[", "").split("]")[-1]:
        raise ValueError(f"{value!r}: give a host name only, without scheme or port")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{value!r} is not a valid host name") from None
    if not host or len(host) > 253 or not all(_LABEL.match(p) for p in host.split(".")):
        raise ValueError(f"{value!r} is not a valid host name")
    return f"*.{host}" if wildcard else host


@functools.lru_cache(maxsize=4096)  # every report asks for its Origin's and URL's
def host_of(url: str) -> str | None:
    """Return the IDNA host of an http(s) URL or origin, or None."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return parts.hostname.encode("idna").decode("ascii").rstrip(".")
    except (ValueError, UnicodeError):
        return None


def host_allowed(host: str | None, allowed: list[str]) -> bool:
    if not host:
        return False
    for pattern in allowed:
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False
