"""Noticing a proxy that Orfo was not told about.

Behind nginx with ORFO_TRUSTED_PROXY_HOPS=0, every request comes from the proxy's
address: all readers share one rate limit and one reader hash (their identical reports
merge, one spam verdict blocks them all), and anyone behind the proxy can lock an
editor's login. Requests then carry X-Forwarded-For; the first one seen is logged once
per process and remembered in the cache, whence the dashboard shows a banner to every
process's editors (orfo/dashboard/templatetags/orfo_proxy.py).
"""

import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)
CACHE_KEY = "orfo:proxy:forwarded-without-hops"
# How long the banner stays after the last such request, and how often one process
# refreshes the cache (not on every request).
REMEMBER_SECONDS = 7 * 86400
REFRESH_SECONDS = 600
_logged = False
_refreshed_at = 0.0


class ForwardedWithoutHopsMiddleware:
    """Notes requests that came through a proxy while ORFO_TRUSTED_PROXY_HOPS is 0."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "HTTP_X_FORWARDED_FOR" in request.META
            and not settings.ORFO_TRUSTED_PROXY_HOPS
        ):
            _note_forwarded()
        return self.get_response(request)


def _note_forwarded() -> None:
    global _logged, _refreshed_at
    if not _logged:
        _logged = True
        log.warning(
            "Requests arrive with X-Forwarded-For but ORFO_TRUSTED_PROXY_HOPS is 0: "
            "every reader counts as the proxy (one rate limit, one reader hash, one "
            "login lockout for all). Set ORFO_TRUSTED_PROXY_HOPS to the number of "
            "proxies in front of Orfo (README.md, 'Run it in production')."
        )
    now = time.monotonic()
    if _refreshed_at and now - _refreshed_at < REFRESH_SECONDS:
        return
    _refreshed_at = now
    try:
        cache.set(CACHE_KEY, time.time(), REMEMBER_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the request
        _refreshed_at = 0.0


def forwarded_without_hops_seen() -> datetime | None:
    """When a request last came through an unconfigured proxy, if one did lately."""
    if settings.ORFO_TRUSTED_PROXY_HOPS:
        return None  # configured since: the banner goes with the restart
    try:
        seen = cache.get(CACHE_KEY)
    except Exception:  # noqa: BLE001 - no banner rather than no dashboard
        return None
    return datetime.fromtimestamp(seen, UTC) if seen else None


def forget() -> None:
    """Start over (tests): log again, write the cache again."""
    global _logged, _refreshed_at
    _logged, _refreshed_at = False, 0.0
    cache.delete(CACHE_KEY)
