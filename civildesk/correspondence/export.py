"""The incoming register of a period as an Excel workbook (openpyxl)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


def register_xlsx(rows: Any, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Incoming register")[:31]
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    headers = [
        _("Incoming number"),
        _("Received at"),
        _("Sender"),
        _("Number and symbol"),
        _("Date of the document"),
        _("Subject"),
        _("Urgency"),
        _("Confidentiality"),
        _("Handled by"),
        _("Deadline"),
        _("Status"),
    ]
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for inc in rows:
        handlers = "; ".join(
            f"{a.assignee.display_name if a.assignee else a.unit.name} ({a.get_role_display()})"
            for a in inc.assignments.all()
        )
        ws.append(
            [
                inc.number_display,
                timezone.localtime(inc.received_at).replace(tzinfo=None),
                inc.sender,
                inc.symbol,
                inc.doc_date,
                inc.subject,
                inc.get_urgency_display(),
                inc.get_confidentiality_display(),
                handlers,
                inc.deadline,
                inc.get_status_display(),
            ]
        )
    for column, width in zip("ABCDEFGHIJK", (10, 18, 30, 18, 14, 60, 14, 14, 40, 12, 24), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
