"""Exports of a year's report (Excel, PDF) in Vietnamese or English: for anyone who may see the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .. import exports
from ..services import results
from .common import language, resolution_or_404, year_of


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    resolution = resolution_or_404(request.user, pk)
    year = year_of(request, resolution)
    lang = language(request)
    if fmt == "xlsx":
        res = results.results(resolution, year)
        data = exports.to_xlsx(res, lang)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        years = results.trend_years(resolution, year)
        all_years = results.compute(resolution, years)
        res = all_years[year]
        data = exports.to_pdf(res, lang, trend=[(y, all_years[y].achieved, all_years[y].total) for y in years])
        ctype = "application/pdf"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="monitoring-{resolution.code}-{year}-{lang}.{fmt}"'
    return response
