"""Share of complaints settled (decision issued) on or before their statutory deadline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..measured import Measurement, Record
from . import within


def complaints_on_time(unit_paths: Sequence[str] | None, start: date, end: date, with_records: bool) -> Measurement:
    from civildesk.inspection.models import Case, CaseType

    rows = list(
        Case.objects.filter(
            within(unit_paths, "unit"),
            case_type=CaseType.COMPLAINT,
            decided_on__range=(start, end),
            merged_into__isnull=True,
        )
        .order_by("decided_on", "pk")
        .values_list("pk", "number", "decided_on", "deadline")
    )
    on_time = {pk for pk, _n, decided, deadline in rows if deadline is not None and decided <= deadline}
    records = []
    if with_records:
        from django.urls import reverse

        records = [
            Record(
                label=f"{number} ({decided:%d/%m/%Y})", url=reverse("inspection:case", args=[pk]), counted=pk in on_time
            )
            for pk, number, decided, _d in rows
        ]
    return Measurement(numerator=len(on_time), denominator=len(rows), records=records)
