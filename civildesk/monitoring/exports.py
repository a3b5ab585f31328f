"""A period's report as Excel (openpyxl) and PDF (WeasyPrint, as drafting makes its PDFs), in vi or en.

Both are built from the same :class:`~.services.results.Results` the
dashboard shows, so the figures are the same (a test reads the Excel file
back and compares).
"""

from __future__ import annotations

import io
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from . import charts
from .labels import status_labels
from .services.results import Results

PDF_CSS = (
    "@page{size:A4 landscape;margin:15mm}"
    'body{font-family:"DejaVu Sans","Liberation Sans",sans-serif;font-size:9pt;color:#1b1b1b}'
    "h1{font-size:15pt}h2{font-size:12pt;margin-top:14pt}table{border-collapse:collapse;width:100%}"
    "th,td{border:0.5pt solid #888;padding:2pt 4pt;text-align:left;vertical-align:top}"
)
SHEET_TARGETS = "targets"
SHEET_PILLARS = "pillars"


def _labels() -> dict[str, str]:
    return status_labels()


def _round(v: float | None, n: int = 1) -> float | None:
    return None if v is None else round(v, n)


def to_xlsx(res: Results, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(language):
        labels = _labels()
        wb = Workbook()
        ws = wb.active
        ws.title = "summary"
        ws.append([str(res.resolution)])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([_("Year"), res.year])
        ws.append([_("Targets achieved"), res.achieved])
        ws.append([_("Targets"), res.total])
        for status, n in res.by_status.items():
            ws.append([labels[status], n])

        wp = wb.create_sheet(SHEET_PILLARS)
        wp.append(
            [
                _("Code"),
                _("Pillar"),
                _("Progress (%)"),
                _("Targets with data"),
                _("Targets without data"),
                _("Achieved"),
            ]
        )
        for p in res.pillars:
            wp.append([p.pillar.code, p.pillar.name, _round(p.progress), p.with_data, p.without_data, p.achieved])

        wt = wb.create_sheet(SHEET_TARGETS)
        wt.append(
            [
                _("Pillar"),
                _("Code"),
                _("Target"),
                _("Unit of measure"),
                _("Baseline"),
                _("Target value"),
                _("Value"),
                _("Progress (%)"),
                _("Status"),
                _("Source"),
                _("Responsible unit"),
            ]
        )
        for p in res.pillars:
            for t in p.targets:
                wt.append(
                    [
                        p.pillar.code,
                        t.target.code,
                        t.target.title,
                        t.target.unit_of_measure,
                        float(t.target.baseline),
                        float(t.target.target_value),
                        _round(t.value, 2),
                        _round(t.progress),
                        labels[t.status],
                        _("measured") if t.measured else _("reported"),
                        t.target.responsible_unit.name,
                    ]
                )
        for sheet in (wp, wt):
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        if res.pillars:
            from openpyxl.chart import BarChart, Reference

            chart = BarChart()
            chart.type = "bar"
            chart.title = _("Progress per pillar, %(year)s") % {"year": res.year}
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
            n = len(res.pillars) + 1
            chart.add_data(Reference(wp, min_col=3, min_row=1, max_row=n), titles_from_data=True)
            chart.set_categories(Reference(wp, min_col=2, min_row=2, max_row=n))
            chart.legend = None
            wp.add_chart(chart, "H2")
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _img(svg: str) -> str:
    """The chart as an image of its own size (WeasyPrint sizes an inline SVG to the page)."""
    import base64
    import re

    size = re.search(r'data-width="(\d+)" data-height="(\d+)"', svg)
    w, h = (size.group(1), size.group(2)) if size else ("640", "200")
    data = base64.b64encode(svg.replace('width="100%"', f'width="{w}" height="{h}"', 1).encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" style="width:{w}px;height:{h}px" alt="">'


def to_html(res: Results, language: str, *, trend: list[tuple[int, int, int]] | None = None) -> str:
    with translation.override(language):
        chart = charts.bars(
            [(p.pillar.name, p.progress) for p in res.pillars],
            title=_("Progress per pillar, %(year)s") % {"year": res.year},
            no_data=_("No data"),
            ident="pdf-pillars",
            width=620,
            decimal=get_format("DECIMAL_SEPARATOR"),
        )
        body = render_to_string(
            "monitoring/export_pdf.html",
            {"res": res, "labels": _labels(), "chart": _img(chart), "language": language, "trend": trend or []},
        )
        title = escape(f"{_('Digital-transformation report')} {res.year}")
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{PDF_CSS}</style></head><body>{body}</body></html>"
    )


def to_pdf(res: Results, language: str, **kw: Any) -> bytes:
    import logging

    from weasyprint import HTML

    for name in ("fontTools", "weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return HTML(string=to_html(res, language, **kw)).write_pdf()
