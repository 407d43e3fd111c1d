"""Counters of rejected reports by reason, kept in the cache, never the database."""

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
    "blocked_reader",
)


def _key(reason: str, day: str) -> str:
    return f"orfo:rejected:{reason}:{day}"


def count_rejection(reason: str) -> None:
    key = _key(reason, timezone.now().strftime("%Y-%m-%d"))
    try:
        if cache.add(key, 1, timeout=8 * 86400):
            return
        cache.incr(key)
    except Exception:  # noqa: BLE001 - counting must never turn a 4xx into a 500
        pass


def rejections(day: str | None = None) -> dict[str, int]:
    day = day or timezone.now().strftime("%Y-%m-%d")
    return {reason: cache.get(_key(reason, day), 0) for reason in REASONS}
