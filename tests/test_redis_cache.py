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
