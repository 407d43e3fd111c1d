"""With REDIS_URL, the cache (rate limits, site lookups) lives in Redis."""

import os
import subprocess
import sys
import time

import pytest

REDIS = "redis://127.0.0.1:6379/15"


def test_rate_limits_share_redis_across_processes(tmp_path):
    # Both processes count in the same windows, even if a minute ends between them.
    code = (
        "import django; django.setup();"
        "from orfo.reports import limits; from orfo.reports.limits import Rate;"
        f"limits._now = lambda: {int(time.time())};"
        "print(limits.over_limit(('r:redis-test', [Rate(1, 60), Rate(5, 3600)])))"
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


@pytest.fixture
def silent_redis(settings):
    """A "Redis" that accepts connections and never answers (a hung server)."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.getsockname()[1]}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield accepted
    server.close()
    for conn in accepted:
        conn.close()


def test_a_hung_redis_lets_reports_through_and_is_left_alone_awhile(
    silent_redis, monkeypatch
):
    from orfo.reports import limits

    rates = [limits.Rate(1, 60)]
    for _ in range(20):  # over the limit many times, had it been counted
        assert limits.over_limit(("r:hung-test", rates)) is None
    # The first report waited for one answer; the rest did not try again.
    assert len(silent_redis) == 1
    monkeypatch.setattr(limits, "_cache_down_until", 0.0)  # the pause is over
    assert limits.over_limit(("r:hung-test", rates)) is None
    assert len(silent_redis) == 2


def test_production_settings_bound_every_redis_wait(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(sorted(settings.CACHES['default']['OPTIONS'].items()))"
    )
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ORFO_DATA_DIR": str(tmp_path),
        "REDIS_URL": REDIS,
        "ORFO_REDIS_TIMEOUT_MS": "250",
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == (
        "[('socket_connect_timeout', 0.25), ('socket_timeout', 0.25)]"
    ), out.stderr
