"""The leader's statistics (charts drawn on the server as SVG, the figures beside), Excel, and the catalogue
import and export."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from civildesk.org import policy
from civildesk.org.workflow import field_errors

from .. import forms
from ..models import Procedure, Status
from ..services import catalogue as catalogue_services
from ..services import stats
from .public import _download

INDICATORS = [  # lazy: translated per request, in the reader's language
    ("on_time", gettext_lazy("On time")),
    ("online", gettext_lazy("Online")),
    ("online_payment", gettext_lazy("Paid online")),
    ("satisfaction", gettext_lazy("Satisfaction")),
    ("digitisation", gettext_lazy("Digitised")),
]


def _bars(rows: list[tuple[str, float]], width: int = 420, bar: int = 22) -> dict[str, Any]:
    """An SVG bar chart's geometry (the template draws it; no script, no CDN)."""
    top = max((v for _l, v in rows), default=0) or 1
    items = [
        {"label": label, "value": value, "y": i * (bar + 6), "w": round((width - 210) * value / top, 1)}
        for i, (label, value) in enumerate(rows)
    ]
    for item in items:
        item["tx"] = round(item["w"] + 170, 1)
    return {"items": items, "height": max(1, len(items)) * (bar + 6), "width": width, "bar": bar}


def _require_dashboard(request: HttpRequest) -> None:
    if not policy.can(request.user, "procedures.dashboard"):
        raise PermissionDenied


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request)
    period = stats.Period.from_query(request.GET)
    summary = stats.summary(request.user, period)
    units, procedures, status_counts = summary.units, summary.procedures, summary.statuses
    months = stats.by_month(request.user, period)
    status_rows = [(str(Status(s).label), n) for s, n in status_counts.items()]
    context = {
        "period": period,
        "units": units,
        "procedures": procedures,
        "indicators": INDICATORS,
        "status_rows": status_rows,
        "status_chart": _bars(status_rows),
        "month_chart": _bars(months),
        "months": months,
        "on_time_chart": _bars([(name, r.rates["on_time"]) for name, r in units]),
    }
    return render(request, "procedures/statistics.html", context)


@login_required
@require_GET
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request)
    from openpyxl import Workbook

    period = stats.Period.from_query(request.GET)
    wb = Workbook()
    summary = stats.summary(request.user, period)
    for sheet, rows in ((_("By unit"), summary.units), (_("By procedure"), summary.procedures)):
        ws = wb.create_sheet(sheet[:31])
        ws.append(
            [_("Name"), _("Dossiers"), _("On time"), _("Late"), _("Open"), _("Waiting for a supplement")]
            + [str(label) + " (%)" for _k, label in INDICATORS]
            + [str(label) + " (" + _("points") + ")" for _k, label in INDICATORS]
            + [_("Total points")]
        )
        for name, r in rows:
            ws.append(
                [name, r.total, r.on_time, r.late, r.pending, r.waiting]
                + [r.rates[k] for k, _l in INDICATORS]
                + [r.points[k] for k, _l in INDICATORS]
                + [r.total_points]
            )
    del wb[wb.sheetnames[0]]
    out = io.BytesIO()
    wb.save(out)
    return _download(out.getvalue(), f"thu-tuc-{period.start}-{period.end}.xlsx", "xlsx")


@require_GET
def catalogue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The published catalogue (public data) as JSON or Excel."""
    qs = Procedure.objects.active()
    if fmt == "json":
        return _download(catalogue_services.export_json(qs), "thu-tuc-hanh-chinh.json", "json")
    if fmt == "xlsx":
        return _download(catalogue_services.export_xlsx(qs), "thu-tuc-hanh-chinh.xlsx", "xlsx")
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "procedures.catalogue"):
        raise PermissionDenied
    form = forms.CatalogueImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = catalogue_services.catalogue_import(actor=request.user, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("%(n)d procedure versions added.") % {"n": added})
            return redirect("procedures:catalogue")
    return render(request, "procedures/catalogue_import.html", {"form": form}, status=400 if form.errors else 200)
