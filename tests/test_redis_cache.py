"""With REDIS_URL, the cache (rate limits, site lookups) lives in Redis."""

import os
import subprocess
import sys

import pytest

REDIS = "redis://127.0.0.1:6379/15"


def test_rate_limits_share_redis_across_processes(tmp_path):
    code = (
        "import django; django.setup();"
        "from orfo.reports.limits import Rate, over_limit;"
        "print(over_limit(('r:redis-test', [Rate(1, 60), Rate(5, 3600)])))"
    )
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(tmp_path),
        "REDIS_URL": REDIS,
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
    }
    env.pop("DATABASE_URL", None)
    try:
        import redis

        redis.Redis.from_url(REDIS).flushdb()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS}: {e}")
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()
        for _ in range(2)
    ]
    # The first process used up the limit; the second sees the same counter.
    assert outputs[0] == "None" and outputs[1].isdigit(), outputs
    # Both windows count twice and expire with their window.
    client = redis.Redis.from_url(REDIS)
    keys = sorted(client.keys("*orfo:rl:r:redis-test:*"))
    assert [int(client.get(k)) for k in keys] == [2, 2]
    assert [0 < client.ttl(k) <= 61 for k in keys if b":60:" in k] == [True]
    assert [60 < client.ttl(k) <= 3601 for k in keys if b":3600:" in k] == [True]


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS)
    try:
        client.flushdb()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS}: {e}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
        }
    }
    yield client
    client.flushdb()


def test_counting_survives_a_redis_restart(redis_cache):
    from orfo.reports import limits

    rates = [limits.Rate(3, 60)]
    assert limits.over_limit(("r:restart-test", rates)) is None
    # A restarted Redis has forgotten the script…
    redis_cache.script_flush()
    assert limits.over_limit(("r:restart-test", rates)) is None
    # …and closed the connection this thread kept.
    (conn,) = limits._threads.connections.values()
    host, port = conn._sock.getsockname()[:2]
    assert redis_cache.client_kill(f"{host}:{port}")
    assert limits.over_limit(("r:restart-test", rates)) is None
    # Every hit was counted (none let through uncounted): the fourth is over.
    assert limits.over_limit(("r:restart-test", rates)) > 0
    (key,) = redis_cache.keys("*orfo:rl:r:restart-test:*")
    assert int(redis_cache.get(key)) == 4
