"""Rate limits in the cache (Redis in production): fixed windows, no database."""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError

log = logging.getLogger(__name__)
_over: dict[str, float] = {}
# After the cache fails, requests skip it this long (they are let through): during
# an outage each report would otherwise wait for a connection attempt or a timeout.
OUTAGE_PAUSE = 5.0
_cache_down_until = 0.0
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

    Every window of every key is counted in one round trip to Redis (a script), so
    a request costs one round trip whatever the number of keys and windows. A key
    found over a limit is remembered by this process until its window ends.
    """
    now = _now()
    held = max((remembered(key) or 0 for key, _ in limits), default=0)
    if held:
        return held
    windows = [
        (key, rate, f"orfo:rl:{key}:{rate.seconds}:{now // rate.seconds}")
        for key, rates in limits
        for rate in rates
    ]
    if not windows or time.monotonic() < _cache_down_until:
        return None
    try:
        counts = _count([(rate, made) for _, rate, made in windows])
    except Exception:  # noqa: BLE001 - a cache outage must not stop genuine reports
        _cache_unavailable()
        return None
    waits: dict[str, int] = {}
    for (key, rate, _), count in zip(windows, counts, strict=True):
        if count > rate.count:
            waits[key] = max(waits.get(key, 0), rate.seconds - now % rate.seconds)
    if not waits:
        return None
    if len(_over) > 10_000:
        _over.clear()
    for key, wait in waits.items():
        _over[key] = time.monotonic() + wait
    return max(waits.values())


def _now() -> int:
    """The clock that picks the windows (tests hold it still)."""
    return int(time.time())


def _cache_unavailable() -> None:
    global _cache_down_until
    _cache_down_until = time.monotonic() + OUTAGE_PAUSE
    log.warning(
        "rate-limit cache unavailable; letting requests through uncounted for %g s",
        OUTAGE_PAUSE,
    )


def remembered(key: str) -> int | None:
    """Seconds left for KEY found over a limit by this process, or None.

    A sender over a limit stays over it until that window ends, so this process
    answers it again without asking the cache (or even validating its report).
    """
    held = _over.get(key)
    if held and held > time.monotonic():
        return max(1, int(held - time.monotonic()))
    return None


def uncount(key: str, rates: list[Rate]) -> None:
    """Take back one hit of KEY (counted with a request refused for another key)."""
    now = _now()
    try:
        for rate in rates:
            cache.decr(f"orfo:rl:{key}:{rate.seconds}:{now // rate.seconds}")
    except Exception:  # noqa: BLE001 - gone already, or the cache is away: harmless
        pass


# Every window in one command: INCR each key, set its expiry when it is new. Django's
# Redis cache keeps integers as plain Redis integers, so this is what cache.incr()
# does, without a command (and a reply to parse) per window.
_COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""
_SCRIPT_SHA = hashlib.sha1(_COUNT_SCRIPT.encode()).hexdigest()
# Each thread keeps its own connection for this one command. Checking a connection
# out of redis-py's pool (a lock and a poll() for stray data) and its retry layer
# cost more CPU than the round trip itself; the command is answered before the
# connection is used again, so nothing can be left unread on it.
_threads = threading.local()


def _count(windows: list[tuple[Rate, str]]) -> list[int]:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return [_hit(key, rate.seconds + 1) for rate, key in windows]
    keys = [backend.make_key(key) for _, key in windows]
    args = [len(keys), *keys, *(rate.seconds + 1 for rate, _ in windows)]
    try:
        return _run_script(backend, args)
    except RedisConnectionError:
        # Most likely a connection closed while idle (Redis restarted): once more,
        # on a new one.
        return _run_script(backend, args)


def _run_script(backend: RedisCache, args: list) -> list[int]:
    connections = getattr(_threads, "connections", None)
    if connections is None:
        connections = _threads.connections = {}
    conn = connections.get(id(backend._cache))
    if conn is None:
        pool = backend._cache.get_client(None, write=True).connection_pool
        conn = connections[id(backend._cache)] = pool.connection_class(
            **pool.connection_kwargs
        )
    try:
        try:
            conn.send_command("EVALSHA", _SCRIPT_SHA, *args)
            return conn.read_response()
        except NoScriptError:  # Redis restarted or flushed its scripts
            conn.send_command("EVAL", _COUNT_SCRIPT, *args)
            return conn.read_response()
    except BaseException:
        # In doubt (a timeout, a reset) a connection is not used again.
        conn.disconnect()
        del connections[id(backend._cache)]
        raise


def _hit(key: str, timeout: int) -> int:
    """Increment KEY, creating it if needed."""
    try:
        return cache.incr(key)
    except ValueError:  # not there yet (or just expired)
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)
