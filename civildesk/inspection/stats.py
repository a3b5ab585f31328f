"""Periodic statistics of cases and their Excel export (no personal data, ever)."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import CaseStatus, CaseType, Channel


@dataclass
class Report:
    date_from: date
    date_to: date
    total: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[tuple[str, int, int, int, int]] = field(
        default_factory=list
    )  # unit, received, settled, on time, late
    settled: int = 0
    on_time: int = 0
    late: int = 0
    overdue_open: int = 0


def build(cases: Any, date_from: date, date_to: date, today: date) -> Report:
    """Counts of the cases received in the period (``cases`` is already limited to what the user may see)."""
    rows = list(cases.filter(received_on__gte=date_from, received_on__lte=date_to).select_related("unit"))
    r = Report(date_from, date_to, total=len(rows))
    labels_type = dict(CaseType.choices)
    labels_channel = dict(Channel.choices)
    labels_status = dict(CaseStatus.choices)
    r.by_type = [(str(labels_type[k]), v) for k, v in Counter(c.case_type for c in rows).most_common()]
    r.by_channel = [(str(labels_channel[k]), v) for k, v in Counter(c.channel for c in rows).most_common()]
    r.by_status = [(str(labels_status[k]), v) for k, v in Counter(c.status for c in rows).most_common()]
    units: dict[str, list[int]] = {}
    for c in rows:
        u = units.setdefault(c.unit.name, [0, 0, 0, 0])
        u[0] += 1
        settled = c.settled_on
        if settled and c.deadline:
            u[1] += 1
            r.settled += 1
            if settled <= c.deadline:
                u[2] += 1
                r.on_time += 1
            else:
                u[3] += 1
                r.late += 1
        if c.is_overdue and not c.merged_into_id:
            r.overdue_open += 1
    r.by_unit = sorted(((name, *vals) for name, vals in units.items()), key=lambda t: -t[1])
    return r


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    bold = Font(bold=True)
    ws.append([_("Statistics of complaints, denunciations and petitions")])
    ws["A1"].font = bold
    ws.append([pgettext("period", "From"), report.date_from, _("To"), report.date_to])
    ws.append([])
    for label, value in [
        (_("Cases received"), report.total),
        (_("Settled"), report.settled),
        (_("Settled on time"), report.on_time),
        (_("Settled late"), report.late),
        (_("Open and overdue"), report.overdue_open),
    ]:
        ws.append([label, value])

    def table(title: str, header: list[str], rows: list[tuple]) -> None:
        sheet = wb.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 50

    table(_("By type"), [_("Type"), _("Cases")], report.by_type)
    table(_("By channel"), [_("Channel"), _("Cases")], report.by_channel)
    table(_("By status"), [_("Status"), _("Cases")], report.by_status)
    table(_("By unit"), [_("Unit"), _("Received"), _("Settled"), _("On time"), _("Late")], report.by_unit)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
