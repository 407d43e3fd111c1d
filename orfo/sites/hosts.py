"""Pure helpers for the allowed-hosts list of a site.

Hosts are compared as a browser's URL parser writes them (orfo.lib.urls), both in the
list and in the URLs and origins checked against it.
"""

import re

from django.utils.translation import gettext

from orfo.lib.urls import canonical_host
from orfo.lib.urls import host_of as host_of

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalize_host(value: str) -> str:
    """Return VALUE as a lower-case IDNA host name, or raise ValueError.

    "*.example.com" allows every subdomain of example.com (not example.com itself).
    """
    host = value.strip().lower()
    wildcard = host.startswith("*.")
    if wildcard:
        host = host[2:]
    if "://" in host or "/" in host or ":" in host.replace("[", "").split("]")[-1]:
        raise ValueError(
            gettext("“%(host)s”: give a host name only, without scheme or port")
            % {"host": _shown(value)}
        )
    host = canonical_host(host)
    if not host or len(host) > 253 or not all(_LABEL.match(p) for p in host.split(".")):
        raise ValueError(
            gettext("“%(host)s” is not a valid host name") % {"host": _shown(value)}
        )
    return f"*.{host}" if wildcard else host


def _shown(value: str) -> str:
    """VALUE for an error message: stripped, and clipped if long."""
    value = value.strip()
    return value if len(value) <= 80 else value[:79] + "…"


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
