"""The leaders' dashboard and its drill-down: pillar → target → unit report → evidence."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from civildesk.org import policy

from .. import charts, scoring
from ..labels import group_labels, status_labels
from ..measured import REGISTRY
from ..models import Indicator, Pillar, Report, Resolution, Source, Target
from ..services import ranking, results
from .common import language, require_view, resolution_or_404, year_of


def dashboard_context(resolution: Any, year: int) -> dict[str, Any]:
    years = results.trend_years(resolution, year)
    all_years = results.compute(resolution, years)
    res = all_years[year]
    labels = status_labels()
    pillar_chart = charts.bars(
        [(p.pillar.name, p.progress) for p in res.pillars],
        title=_("Progress per pillar, %(year)s") % {"year": year},
        no_data=_("No data"),
        ident="pillars",
        decimal=get_format("DECIMAL_SEPARATOR"),
    )
    trend_rows = [
        (y, all_years[y].achieved, all_years[y].total, [p.progress for p in all_years[y].pillars]) for y in years
    ]
    trend_chart = charts.lines(
        [(p.pillar.name, [all_years[y].pillars[i].progress for y in years]) for i, p in enumerate(res.pillars)],
        years,
        title=_("Progress per pillar across years"),
        ident="trend",
    )
    measured = [
        (ind, REGISTRY[ind.measure_key], results.measured_value(ind, year))
        for ind in Indicator.objects.filter(target__pillar__resolution=resolution, source=Source.MEASURED)
        .select_related("target")
        .order_by("target__pillar__order", "target__order", "order")
        if ind.measure_key in REGISTRY
    ]
    return {
        "resolution": resolution,
        "year": year,
        "res": res,
        "measured": measured,
        "labels": labels,
        "status_counts": [(labels[s], res.by_status[s], s) for s in scoring.STATUSES],
        "pillar_chart": pillar_chart,
        "trend_chart": trend_chart,
        "trend_rows": trend_rows,
        "years": list(range(resolution.start_year + 1, resolution.horizon_year + 1)),
    }


@login_required
def index(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_view(request.user)
    if pk is None and not Resolution.objects.filter(is_active=True).exists():
        if any(u.depth == 0 for u in policy.units_for(request.user, "monitoring.manage")):
            return redirect("monitoring:resolution_new")
        return render(request, "monitoring/empty.html")
    resolution = resolution_or_404(request.user, pk)
    year = year_of(request, resolution)
    ctx = dashboard_context(resolution, year)
    groups = ranking.ranking(year)
    labels = group_labels()
    ctx["ranking"] = [(labels[g.key], g.cards[:5]) for g in groups if g.cards]
    ctx["can_manage"] = policy.can(request.user, "monitoring.manage", resolution)
    ctx["lang"] = language(request)
    return render(request, "monitoring/dashboard.html", ctx)


@login_required
def pillar(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(Pillar.objects.select_related("resolution__unit"), pk=pk)
    require_view(request.user)
    year = year_of(request, p.resolution)
    res = results.results(p.resolution, year)
    row = next(r for r in res.pillars if r.pillar.pk == p.pk)
    chart = charts.bars(
        [(f"{t.target.code}. {t.target.title}", t.progress) for t in row.targets],
        title=_("Progress of the targets of %(pillar)s, %(year)s") % {"pillar": p.name, "year": year},
        no_data=_("No data"),
        ident="targets",
        decimal=get_format("DECIMAL_SEPARATOR"),
    )
    return render(
        request,
        "monitoring/pillar.html",
        {"pillar": p, "row": row, "year": year, "chart": chart, "labels": status_labels(), "resolution": p.resolution},
    )


@login_required
def target(request: HttpRequest, pk: int) -> HttpResponse:
    t = get_object_or_404(Target.objects.select_related("pillar__resolution__unit", "responsible_unit"), pk=pk)
    require_view(request.user)
    resolution = t.pillar.resolution
    year = year_of(request, resolution)
    res = results.results(resolution, year)
    row = next(r for r in res.targets if r.target.pk == t.pk)
    indicators = list(t.indicators.all())
    reports = (
        Report.objects.visible_to(request.user)
        .filter(indicator__target=t, period__year=year)
        .select_related("unit", "period", "indicator")
        .order_by("indicator__order", "unit__path")
    )
    measured = [
        (ind, REGISTRY[ind.measure_key]) for ind in indicators if ind.is_measured and ind.measure_key in REGISTRY
    ]
    return render(
        request,
        "monitoring/target.html",
        {
            "target": t,
            "row": row,
            "year": year,
            "indicators": indicators,
            "reports": reports,
            "measured": measured,
            "labels": status_labels(),
            "resolution": resolution,
            "contributing": list(t.contributing_units.all()),
        },
    )


@login_required
def measured_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind a measured figure (a unit's, or the province's for those who may see every unit)."""
    require_view(request.user)
    m = REGISTRY.get(key)
    if m is None:
        raise Http404
    from datetime import date

    from civildesk.org.models import Unit

    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else timezone.localdate().year
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(Unit, pk=int(request.GET["unit"]))
        if not policy.can(request.user, "monitoring.view_reports", unit):
            raise Http404
        paths = [unit.path]
    else:
        paths = [u.path for u in policy.units_for(request.user, "monitoring.view_reports") if u.depth == 0] or None
        if paths is None and policy.unit_filter(request.user, "monitoring.view_reports") is not None:
            raise Http404
    measurement = m.measure(paths, date(year, 1, 1), date(year, 12, 31), with_records=True)
    return render(
        request,
        "monitoring/measured.html",
        {"measure": m, "measurement": measurement, "year": year, "unit": unit},
    )
