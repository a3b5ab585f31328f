"""A period's values from an Excel file: every row checked, errors by row number, nothing imported if any fails.

Columns (first sheet, a header row then one value per row): indicator code,
unit code, value, evidence link, document number, document date, note. The
evidence is a link or a library document (number and date); a file is
attached on the report's page. Each row goes through ``report_save``, so the
same rules hold as on the page: a unit reports only for itself, an approved
value is final, a measured indicator is never typed in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civildesk.org.models import Unit

from ..models import EvidenceKind, Indicator, ReportingPeriod
from .periods import dues
from .reports import report_save

HEADER = ["indicator", "unit", "value", "evidence_link", "document_number", "document_date", "note"]


class ImportRefused(Exception):
    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(f"{len(errors)} row(s) refused")
        self.errors = errors


@dataclass
class Row:
    number: int
    indicator: Indicator
    unit: Unit
    value: Decimal
    kind: str
    url: str
    doc_number: str
    doc_date: date | None
    note: str


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _date(v: Any) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = str(v).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(text)


def _rows(data: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRefused([(0, _("The file is not an Excel workbook (.xlsx)."))]) from exc
    ws = wb.worksheets[0]
    out = []
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if n == 1 or all(c in (None, "") for c in row):
            continue
        out.append((n, tuple(row) + (None,) * (len(HEADER) - len(row))))
    wb.close()
    return out


def parse(period: ReportingPeriod, data: bytes) -> list[Row]:
    """Check every row; raise ImportRefused with (row number, reason) for each bad one."""
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(target__pillar__resolution=period.resolution).select_related("target__pillar")
    }
    units = {u.code: u for u in Unit.objects.active()}
    errors: list[tuple[int, str]] = []
    rows: list[Row] = []
    seen: set[tuple[int, int]] = set()
    raw = _rows(data)
    if not raw:
        raise ImportRefused([(0, _("The file has no rows to import."))])
    for n, cells in raw:
        code, unit_code, value, url, doc_number, doc_date, note = (cells + (None,) * 7)[:7]
        ind = indicators.get(_text(code))
        if ind is None:
            errors.append((n, _("Unknown indicator “%(code)s”.") % {"code": _text(code)}))
            continue
        unit = units.get(_text(unit_code))
        if unit is None:
            errors.append((n, _("Unknown unit “%(code)s”.") % {"code": _text(unit_code)}))
            continue
        try:
            number = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
        except InvalidOperation:
            number = None
        if number is None:
            errors.append((n, _("The value is missing or not a number.")))
            continue
        try:
            when = _date(doc_date)
        except ValueError:
            errors.append((n, _("The document date is not a date (dd/mm/yyyy).")))
            continue
        if (ind.pk, unit.pk) in seen:
            errors.append((n, _("This indicator and unit appear twice.")))
            continue
        seen.add((ind.pk, unit.pk))
        kind = EvidenceKind.LINK if _text(url) else EvidenceKind.DOCUMENT
        rows.append(Row(n, ind, unit, number, kind, _text(url), _text(doc_number), when, _text(note)))
    if errors:
        raise ImportRefused(errors)
    return rows


def import_values(*, actor: Any, period: ReportingPeriod, data: bytes) -> int:
    """Import every row or none; returns how many values were saved."""
    rows = parse(period, data)
    errors: list[tuple[int, str]] = []
    try:
        with transaction.atomic():
            for r in rows:
                try:
                    with transaction.atomic():
                        report_save(
                            actor=actor,
                            period=period,
                            unit=r.unit,
                            indicator=r.indicator,
                            value=r.value,
                            evidence_kind=r.kind,
                            evidence_url=r.url,
                            evidence_number=r.doc_number,
                            evidence_date=r.doc_date,
                            note=r.note,
                        )
                except PermissionDenied as exc:
                    errors.append((r.number, str(exc)))
                except ValidationError as exc:
                    errors.append((r.number, " ".join(exc.messages)))
            if errors:
                raise ImportRefused(errors)
    except ImportRefused:
        raise
    return len(rows)


def template(period: ReportingPeriod, *, unit_ids: set[int] | None) -> bytes:
    """An Excel file to fill in: one row per value the units (all, or ``unit_ids``) owe for the period."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(period)
    ws.append(HEADER)
    units = None if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    for d in dues(period, units=units):
        r = d.report
        ws.append(
            [
                d.indicator.code,
                d.unit.code,
                float(r.value) if r else None,
                r.evidence_url if r else None,
                r.evidence_number if r else None,
                r.evidence_date.strftime("%d/%m/%Y") if r and r.evidence_date else None,
                r.note if r else None,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
