"""Use of the virtual assistant: which agencies use it, and how many questions it answers.

Conversations are personal: the records behind these figures are counts per
unit, never the questions themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from civildesk.org.models import Unit, UnitKind

from ..measured import Measurement, Record
from . import within

AGENCY_KINDS = (
    UnitKind.PROVINCIAL_BODY,
    UnitKind.DEPARTMENT,
    UnitKind.COMMUNE,
    UnitKind.WARD,
    UnitKind.TOWNSHIP,
)


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz)


def _turns(unit_paths: Sequence[str] | None, start: date, end: date):  # type: ignore[no-untyped-def]
    from civildesk.assistant.models import Turn

    return Turn.objects.filter(within(unit_paths, "conversation__unit"), created_at__range=_span(start, end))


def unit_usage(unit_paths: Sequence[str] | None, start: date, end: date, with_records: bool) -> Measurement:
    agencies = Unit.objects.active().filter(within(unit_paths, ""), kind__in=AGENCY_KINDS)
    used = dict(
        _turns(unit_paths, start, end)
        .values_list("conversation__unit_id")
        .annotate(n=Count("pk"))
        .values_list("conversation__unit_id", "n")
    )
    rows = list(agencies.order_by("path").values_list("pk", "name"))
    records = (
        [Record(label=f"{name}: {used.get(pk, 0)}", counted=pk in used) for pk, name in rows] if with_records else []
    )
    return Measurement(numerator=sum(1 for pk, _ in rows if pk in used), denominator=len(rows), records=records)


def answered_rate(unit_paths: Sequence[str] | None, start: date, end: date, with_records: bool) -> Measurement:
    per_unit = list(
        _turns(unit_paths, start, end)
        .values("conversation__unit__name")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .order_by("conversation__unit__name")
    )
    records = (
        [
            Record(label=f"{r['conversation__unit__name'] or '—'}: {r['answered']}/{r['asked']}", counted=True)
            for r in per_unit
        ]
        if with_records
        else []
    )
    return Measurement(
        numerator=sum(r["answered"] for r in per_unit), denominator=sum(r["asked"] for r in per_unit), records=records
    )
