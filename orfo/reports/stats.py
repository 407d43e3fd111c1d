"""Counters of rejected reports by reason, kept in the cache, never the database."""

import threading
import time
from collections import Counter

from django.core.cache import cache
from django.utils import timezone

REASONS = (
    "too_large",
    "invalid_json",
    "invalid_field",
    "unknown_site",
    "foreign_origin",
    "database_unavailable",
    "rate_limited",
    "spam_trap",
)


def _key(reason: str, day: str) -> str:
    return f"orfo:rejected:{reason}:{day}"


# Counts are gathered in the process and added to the shared cache at most once a
# second, so that counting a flood of refusals costs a flood nothing.
FLUSH_SECONDS = 1.0
_pending: Counter = Counter()
_lock = threading.Lock()
_flushed = time.monotonic()


def count_rejection(reason: str) -> None:
    global _flushed
    with _lock:
        _pending[reason] += 1
        if time.monotonic() - _flushed < FLUSH_SECONDS:
            return
        counts = dict(_pending)
        _pending.clear()
        _flushed = time.monotonic()
    flush(counts)


def flush(counts: dict[str, int] | None = None) -> None:
    """Add COUNTS (default: whatever is pending) to today's shared counters."""
    if counts is None:
        with _lock:
            counts = dict(_pending)
            _pending.clear()
    day = timezone.now().strftime("%Y-%m-%d")
    for reason, n in counts.items():
        key = _key(reason, day)
        try:
            if not cache.add(key, n, timeout=8 * 86400):
                cache.incr(key, n)
        except Exception:  # noqa: BLE001 - counting must never turn a 4xx into a 500
            pass


def rejections(day: str | None = None) -> dict[str, int]:
    flush()
    day = day or timezone.now().strftime("%Y-%m-%d")
    return {reason: cache.get(_key(reason, day), 0) for reason in REASONS}
