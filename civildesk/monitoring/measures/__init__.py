"""The platform's own measurements, one module per app that holds the data (read-only queries)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Q


def within(unit_paths: Sequence[str] | None, field: str) -> Q:
    """Rows whose unit (``field`` is the path to the Unit) is one of the units or below it."""
    if unit_paths is None:
        return Q()
    if not unit_paths:
        return Q(pk__in=[])
    key = f"{field}__path__startswith" if field else "path__startswith"
    return reduce(or_, (Q(**{key: p}) for p in unit_paths))
