"""Share of documents issued (numbered in the drafting register) that carry a completed digital signature."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from ..measured import Measurement, Record
from . import within


def signed_share(unit_paths: Sequence[str] | None, start: date, end: date, with_records: bool) -> Measurement:
    from civildesk.drafting.models import EntryStatus, RegisterEntry
    from civildesk.signing.models import RequestStatus, SignatureRequest

    entries = RegisterEntry.objects.filter(
        within(unit_paths, "register__unit"), status=EntryStatus.ISSUED, issued_on__range=(start, end)
    )
    signed = set(
        SignatureRequest.objects.filter(
            status=RequestStatus.COMPLETED, draft_id__in=entries.values("draft_id")
        ).values_list("draft_id", flat=True)
    )
    rows = list(entries.values_list("pk", "draft_id", "symbol", "issued_on").order_by("issued_on", "pk"))
    records = (
        [
            Record(
                label=f"{symbol} ({issued:%d/%m/%Y})",
                url=reverse("drafting:detail", args=[draft]),
                counted=draft in signed,
            )
            for _pk, draft, symbol, issued in rows
        ]
        if with_records
        else []
    )
    return Measurement(numerator=sum(1 for r in rows if r[1] in signed), denominator=len(rows), records=records)
