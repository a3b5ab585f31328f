"""Rate limits count in a cache shared by every process (database table or Redis)."""

from __future__ import annotations

import socket
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from civildesk.org import ratelimit
from civildesk.org.models import RateCount


def test_the_cache_is_shared_by_every_process(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def test_limit_counts_in_a_database_row_with_the_database_cache(db):
    assert [ratelimit.hit("test", "198.51.100.1", "2/m") for _ in range(3)] == [True, True, False]
    # The counter is a row of the database, which every worker process reads (not the cache's read-and-write
    # back, which loses a count when two requests come at once).
    row = RateCount.objects.get(key__startswith="rl:test:198.51.100.1:")
    assert row.count == 3 and row.expires > timezone.now()


def test_windows_that_are_over_are_swept_and_long_keys_are_digested(db):
    RateCount.objects.create(key="rl:old:198.51.100.9:1", count=7, expires=timezone.now() - timedelta(seconds=1))
    assert ratelimit.hit("test", "x" * 300, "1/m") is True
    assert not RateCount.objects.filter(key="rl:old:198.51.100.9:1").exists()
    assert all(len(k) <= 200 for k in RateCount.objects.values_list("key", flat=True))
    assert ratelimit.hit("test", "x" * 300, "1/m") is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent requests need PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises writers",
)
def test_requests_at_the_same_time_are_each_counted():
    """16 requests at once against a limit of 5: exactly 5 pass (the cache's incr let more through)."""
    n, passed, errors = 16, [], []
    barrier = threading.Barrier(n)

    def request():
        try:
            barrier.wait(timeout=30)
            passed.append(ratelimit.hit("burst", "198.51.100.7", "5/h"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(passed) == [False] * (n - 5) + [True] * 5
    assert RateCount.objects.get(key__startswith="rl:burst:198.51.100.7:").count == n


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_limit_counts_in_redis_when_configured(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
    }
    scope = f"test-{uuid.uuid4().hex}"
    assert [ratelimit.hit(scope, "198.51.100.2", "2/m") for _ in range(3)] == [True, True, False]
