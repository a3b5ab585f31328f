"""Rate limits count in a cache shared by every process (database table or Redis)."""

from __future__ import annotations

import socket
import uuid

import pytest

from civildesk.org import ratelimit


def test_the_cache_is_shared_by_every_process(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def test_limit_counts_in_the_database_cache_table(db):
    assert [ratelimit.hit("test", "198.51.100.1", "2/m") for _ in range(3)] == [True, True, False]
    # The counter is a row of the database, which every worker process reads.
    assert any(key.startswith("rl:test:198.51.100.1:") for key in _table_keys())


def _table_keys() -> list[str]:
    from django.db import connection

    table = connection.ops.quote_name("civildesk_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608 - fixed name
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]


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
