"""Dossier codes: the unit's code + the receipt date (YYMMDD) + a 4-digit daily sequence, gap-free.

The sequence is a counter row per unit and day, locked (``SELECT … FOR UPDATE``) inside the transaction that
creates the dossier: a failed intake rolls its number back with it, two clerks at once wait for each other,
so the numbers of a day are 1, 2, 3… with no gap and no repeat. The format is a setting
(``CIVILDESK_DOSSIER_CODE_FORMAT``, default ``{unit}-{date:%y%m%d}-{seq:04d}``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction

from civildesk.org.models import Unit

from ..models import DailyCounter

DEFAULT_FORMAT = "{unit}-{date:%y%m%d}-{seq:04d}"


def code_format() -> str:
    return getattr(settings, "CIVILDESK_DOSSIER_CODE_FORMAT", "") or DEFAULT_FORMAT


def format_code(unit_code: str, day: date, seq: int, fmt: str | None = None) -> str:
    return (fmt or code_format()).format(unit=unit_code, date=day, seq=seq)


def next_code(*, unit: Unit, day: date) -> str:
    """The next code of ``unit`` on ``day``; call inside the transaction that saves the dossier."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_code() must run inside the transaction that creates the dossier")
    DailyCounter.objects.bulk_create([DailyCounter(unit=unit, day=day, last=0)], ignore_conflicts=True)
    counter = DailyCounter.objects.select_for_update().get(unit=unit, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_code(unit.code, day, counter.last)
