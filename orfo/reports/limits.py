"""Rate limits in the cache (Redis in production): fixed windows, no database."""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)
_over: dict[tuple[str, ...], float] = {}
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


def over_limit(*limits: tuple[str, list[Rate]]) -> int | None:
    """Count one hit on each (KEY, RATES); return seconds to wait if one is exceeded.

    Every window of every key is counted in one round trip to Redis (a pipeline), so
    a flood costs one round trip a request whatever the number of windows.
    """
    now = int(time.time())
    keys = tuple(key for key, _ in limits)
    held = remembered(*keys)
    if held:
        return held
    windows = [
        (rate, f"orfo:rl:{key}:{rate.seconds}:{now // rate.seconds}")
        for key, rates in limits
        for rate in rates
    ]
    if not windows:
        return None
    try:
        counts = _count(windows)
    except Exception:  # noqa: BLE001 - a cache outage must not stop genuine reports
        log.warning("rate-limit cache unavailable; letting the request through")
        return None
    waits = [
        rate.seconds - now % rate.seconds
        for (rate, _), count in zip(windows, counts, strict=True)
        if count > rate.count
    ]
    if not waits:
        return None
    if len(_over) > 10_000:
        _over.clear()
    _over[keys] = time.monotonic() + max(waits)
    return max(waits)


def remembered(*keys: str) -> int | None:
    """Seconds left for KEYS found over a limit by this process, or None.

    A sender over a limit stays over it until that window ends, so this process
    answers it again without asking the cache (or even validating its report).
    """
    held = _over.get(keys)
    if held and held > time.monotonic():
        return max(1, int(held - time.monotonic()))
    return None


def _count(windows: list[tuple[Rate, str]]) -> list[int]:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # Django's Redis cache keeps integers as plain Redis integers, so INCR on its
        # made keys is what cache.incr() does, here in one pipeline for all windows.
        client = backend._cache.get_client(None, write=True)
        pipe = client.pipeline(transaction=False)
        for rate, key in windows:
            made = backend.make_key(key)
            pipe.incr(made)
            pipe.expire(made, rate.seconds + 1, nx=True)
        return pipe.execute()[0::2]
    return [_hit(key, rate.seconds + 1) for rate, key in windows]


def _hit(key: str, timeout: int) -> int:
    """Increment KEY, creating it if needed."""
    try:
        return cache.incr(key)
    except ValueError:  # not there yet (or just expired)
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)
