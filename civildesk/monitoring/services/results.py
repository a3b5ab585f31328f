"""The roll-up the dashboard, the exports and the API read: targets, pillars, the headline, trends.

Only approved values count. A target's value in a year is its headline
indicator's value: the units' latest approved values of that year,
aggregated (sum or mean), or the platform's measurement for a measured
indicator. The arithmetic is :mod:`civildesk.monitoring.scoring`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Sum

from .. import scoring
from ..measured import REGISTRY
from ..models import Indicator, Pillar, Report, ReportStatus, Resolution, Target


@dataclass
class TargetRow:
    target: Target
    indicator: Indicator | None
    value: float | None
    progress: float | None
    status: str
    measured: bool
    units_reported: int = 0


@dataclass
class PillarRow:
    pillar: Pillar
    progress: float | None
    targets: list[TargetRow]
    with_data: int
    without_data: int
    achieved: int


@dataclass
class Results:
    resolution: Resolution
    year: int
    pillars: list[PillarRow]
    achieved: int
    total: int
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def targets(self) -> list[TargetRow]:
        return [t for p in self.pillars for t in p.targets]

    @property
    def at_risk(self) -> list[TargetRow]:
        bad = (scoring.AT_RISK, scoring.NOT_ACHIEVED, scoring.NOT_IMPLEMENTED)
        return [t for t in self.targets if t.status in bad]


def structure(resolution: Resolution) -> list[tuple[Pillar, list[tuple[Target, Indicator | None]]]]:
    """Pillars in order, each with its targets and the target's headline indicator (3 queries)."""
    pillars = list(resolution.pillars.order_by("order", "code"))
    targets = list(
        Target.objects.filter(pillar__resolution=resolution)
        .select_related("responsible_unit")
        .order_by("pillar__order", "order", "code")
    )
    headline: dict[int, Indicator] = {}
    for ind in Indicator.objects.filter(target__pillar__resolution=resolution).order_by("-headline", "order", "code"):
        headline.setdefault(ind.target_id, ind)
    by_pillar: dict[int, list[tuple[Target, Indicator | None]]] = defaultdict(list)
    for t in targets:
        by_pillar[t.pillar_id].append((t, headline.get(t.pk)))
    return [(p, by_pillar[p.pk]) for p in pillars]


def approved_values(resolution: Resolution, years: list[int]) -> dict[int, dict[int, tuple[float, int]]]:
    """{year: {indicator id: (sum, number of units)}} of the units' approved values of that year.

    The yearly period's value is the unit's value for the year; a unit that
    reported only quarters counts with its latest approved quarter. The yearly
    figures are summed by the database (one grouped query), the quarterly
    ones, rare, in Python.
    """
    periods = dict(resolution.periods.filter(year__in=years).values_list("pk", "year"))
    yearly = {pk for pk, q in resolution.periods.filter(year__in=years).values_list("pk", "quarter") if q is None}
    base = Report.objects.filter(period_id__in=list(periods), status=ReportStatus.APPROVED)  # no join
    out: dict[int, dict[int, tuple[float, int]]] = {y: {} for y in years}
    for period, ind, total, n in (
        base.filter(period_id__in=list(yearly))
        .values_list("period_id", "indicator_id")
        .annotate(total=Sum("value"), n=Count("pk"))
        .values_list("period_id", "indicator_id", "total", "n")
        .order_by()
    ):
        out[periods[period]][ind] = (float(total), n)
    quarter_ids = [pk for pk in periods if pk not in yearly]
    quarterly = (
        list(
            base.filter(period_id__in=quarter_ids)
            .order_by("period__quarter")
            .values_list("period_id", "indicator_id", "unit_id", "value")
        )
        if quarter_ids
        else []
    )
    if quarterly:
        yearly_units = {
            (periods[p], ind, unit)
            for p, ind, unit in base.filter(period_id__in=list(yearly)).values_list(
                "period_id", "indicator_id", "unit_id"
            )
        }
        latest: dict[tuple[int, int, int], float] = {}
        for period, ind, unit, value in quarterly:
            key = (periods[period], ind, unit)
            if key not in yearly_units:
                latest[key] = float(value)
        for (year, ind, _unit), value in latest.items():
            total, n = out[year].get(ind, (0.0, 0))
            out[year][ind] = (total + value, n + 1)
    return out


def measured_value(indicator: Indicator, year: int, unit_paths: list[str] | None = None) -> float | None:
    m = REGISTRY.get(indicator.measure_key)
    if m is None:
        return None
    return m.measure(unit_paths, date(year, 1, 1), date(year, 12, 31)).value


def compute(resolution: Resolution, years: list[int]) -> dict[int, Results]:
    """Results of ``years`` (the dashboard's year and its trend) from one read of the reports."""
    shape = structure(resolution)
    values = approved_values(resolution, years)
    out = {}
    for year in years:
        pillars, all_rows = [], []
        for pillar, items in shape:
            rows = []
            for target, ind in items:
                measured = ind is not None and ind.is_measured
                units_reported = 0
                if ind is None:
                    value = None
                elif measured:
                    value = measured_value(ind, year)
                else:
                    total, units_reported = values[year].get(ind.pk, (0.0, 0))
                    value = scoring.aggregate_total(total, units_reported, ind.aggregation)
                r = scoring.target_result(
                    target.pk,
                    baseline=float(target.baseline),
                    target=float(target.target_value),
                    value=value,
                    direction=target.direction,
                    year=year,
                    start_year=resolution.start_year,
                    target_year=resolution.target_year,
                    weight=float(target.weight) if target.weight is not None else None,
                )
                rows.append(TargetRow(target, ind, value, r.progress, r.status, measured, units_reported))
                all_rows.append(r)
            pr = scoring.pillar_result(
                pillar.pk,
                [
                    scoring.TargetResult(
                        key=t.target.pk,
                        progress=t.progress,
                        status=t.status,
                        value=t.value,
                        weight=float(t.target.weight) if t.target.weight is not None else None,
                    )
                    for t in rows
                ],
            )
            pillars.append(
                PillarRow(pillar, pr.progress, rows, pr.with_data, pr.without_data, pr.by_status[scoring.ACHIEVED])
            )
        achieved, total = scoring.headline(all_rows)
        by_status = dict.fromkeys(scoring.STATUSES, 0)
        for r in all_rows:
            by_status[r.status] += 1
        out[year] = Results(resolution, year, pillars, achieved, total, by_status)
    return out


def results(resolution: Resolution, year: int) -> Results:
    return compute(resolution, [year])[year]


def default_year(resolution: Resolution, today: date) -> int:
    """The latest year with an approved value (else the target year or this year, whichever is earlier)."""
    latest = (
        Report.objects.filter(indicator__target__pillar__resolution=resolution, status=ReportStatus.APPROVED)
        .order_by("-period__year")
        .values_list("period__year", flat=True)
        .first()
    )
    return latest or min(resolution.target_year, today.year)


def trend_years(resolution: Resolution, year: int) -> list[int]:
    return list(range(resolution.start_year + 1, year + 1)) or [year]


def as_dict(r: Results, language: str = "en") -> dict[str, Any]:
    """Plain figures (for the API and to compare with the exports)."""
    return {
        "year": r.year,
        "achieved": r.achieved,
        "total": r.total,
        "pillars": [
            {
                "code": p.pillar.code,
                "name": p.pillar.name,
                "progress": None if p.progress is None else round(p.progress, 1),
                "targets": [
                    {
                        "code": t.target.code,
                        "title": t.target.title,
                        "value": None if t.value is None else round(t.value, 2),
                        "progress": None if t.progress is None else round(t.progress, 1),
                        "status": t.status,
                        "measured": t.measured,
                    }
                    for t in p.targets
                ],
            }
            for p in r.pillars
        ],
    }
