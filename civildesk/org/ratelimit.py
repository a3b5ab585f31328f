"""A small fixed-window rate limiter on Django's cache.

The cache is shared by every process (Redis, or the database table), so a
limit holds however many workers serve the requests.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/m" -> (20, 60). Units: s, m, h, d."""
    count, _, unit = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip()[:1] or "m"]
    return int(count), seconds


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one request; False when ``key`` is over ``rate`` in the current window."""
    limit, window = parse_rate(rate)
    bucket = f"rl:{scope}:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window + 1)
        return True
    return count <= limit
