"""Rate limits in the cache (Redis in production): fixed windows, no database."""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rates(value: str, name: str = "rate") -> list[Rate]:
    """Parse "10/m,100/h" into rates; raise ImproperlyConfigured on a bad value."""
    rates = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        count, _, unit = part.partition("/")
        if not count.isdigit() or unit not in _UNITS or int(count) < 1:
            raise ImproperlyConfigured(f"{name}={value!r}: use e.g. 10/m,100/h")
        rates.append(Rate(int(count), _UNITS[unit]))
    return rates


def over_limit(key: str, rates: list[Rate]) -> int | None:
    """Count one hit on KEY; return seconds to wait if a rate is exceeded, else None."""
    now = int(time.time())
    windows = {
        rate: f"orfo:rl:{key}:{rate.seconds}:{now // rate.seconds}" for rate in rates
    }
    try:
        # One read answers a sender who is already over a limit (the common case in
        # a flood) without counting further.
        counts = cache.get_many(list(windows.values())) if windows else {}
        for rate, window in windows.items():
            if counts.get(window, 0) >= rate.count:
                return rate.seconds - now % rate.seconds
        for rate, window in windows.items():
            if _hit(window, rate.seconds + 1) > rate.count:
                return rate.seconds - now % rate.seconds
    except Exception:  # noqa: BLE001 - a cache outage must not stop genuine reports
        log.warning("rate-limit cache unavailable; letting the request through")
    return None


def _hit(key: str, timeout: int) -> int:
    """Increment KEY, creating it if needed: one round trip once the window exists."""
    try:
        return cache.incr(key)
    except ValueError:  # not there yet (or just expired)
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)
