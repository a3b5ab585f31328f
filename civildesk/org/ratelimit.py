"""A small fixed-window rate limiter, counted where every process sees it.

With Redis as the cache, a window's counter is a Redis key (INCR is
atomic). With the database cache (the embedded default, or PostgreSQL
without Redis), Django's ``cache.incr`` reads and writes back, so two
requests at once would count one: the counter is a row of
:class:`~civildesk.org.models.RateCount` instead, incremented by one UPDATE.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/m" -> (20, 60). Units: s, m, h, d."""
    count, _, unit = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip()[:1] or "m"]
    return int(count), seconds


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one request; False when ``key`` is over ``rate`` in the current window."""
    limit, window = parse_rate(rate)
    bucket = f"rl:{scope}:{key}:{int(time.time() // window)}"
    if len(bucket) > 200:  # a long key (a token, a long address) counts under its digest
        bucket = f"rl:{scope}:{hashlib.sha256(bucket.encode()).hexdigest()}"
    if isinstance(caches["default"], DatabaseCache):
        return _count_in_database(bucket, window) <= limit
    if cache.add(bucket, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window + 1)
        return True
    return count <= limit


def _count_in_database(bucket: str, window: int) -> int:
    """Add one to the window's row (created by the window's first request, which sweeps) and read it back."""
    from .models import RateCount

    now, created = timezone.now(), False
    with transaction.atomic():
        if not RateCount.objects.filter(key=bucket).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCount.objects.create(key=bucket, count=1, expires=now + timedelta(seconds=window + 1))
                created = True
            except IntegrityError:  # another request created it first
                RateCount.objects.filter(key=bucket).update(count=F("count") + 1)
        count: int = RateCount.objects.values_list("count", flat=True).get(key=bucket)
    if created:
        _sweep(now)
    return count


def _sweep(now: datetime) -> None:
    """Delete the rows of windows that are over (any key's), once per new window, in its own transaction."""
    from .models import RateCount

    try:
        with transaction.atomic():
            RateCount.objects.filter(expires__lt=now).delete()
    except DatabaseError:  # two sweeps at once may deadlock on PostgreSQL: one gives way, the next sweep will do
        pass
