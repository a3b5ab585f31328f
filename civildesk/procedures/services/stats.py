"""The leader's figures: due soon / overdue by unit, and the Decision 766 scores per unit, procedure, period.

Counted in the database with one grouped query each (conditional counts), so the page stays fast with
10⁵ dossiers; the classification is the one of :mod:`civildesk.procedures.scores` written as SQL
conditions (``test_stats`` checks that both agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from civildesk.org import policy

from .. import scores
from ..models import RUNNING, Dossier, ScoreRule, Status


def rules() -> dict[str, scores.Rule]:
    return {r.indicator: scores.Rule(float(r.max_points), float(r.threshold)) for r in ScoreRule.objects.all()}


def _conditions(period_end: date) -> dict[str, Q]:
    finished = Q(finished_on__isnull=False, finished_on__lte=period_end)
    on_time = finished & Q(supplement_count__lte=1) & (Q(due_date__isnull=True) | Q(finished_on__lte=F("due_date")))
    waiting = ~finished & Q(status=Status.SUPPLEMENT)
    late = (finished & ~on_time) | (~finished & ~waiting & (Q(supplement_count__gt=1) | Q(due_date__lt=period_end)))
    return {
        "on_time": on_time,
        "late": late,
        "waiting": waiting,
        "online": Q(channel="online"),
        "with_fee": Q(version__fee_amount__gt=0),
        "paid_online": Q(version__fee_amount__gt=0, paid_online=True),
        "complaints": Q(complaint=True),
        "digitised": Q(digitised=True),
    }


@dataclass
class Period:
    start: date
    end: date

    @classmethod
    def from_query(cls, params: Any) -> Period:
        today = timezone.localdate()
        try:
            start = date.fromisoformat(params.get("start", ""))
        except ValueError:
            start = date(today.year, 1, 1)
        try:
            end = date.fromisoformat(params.get("end", ""))
        except ValueError:
            end = today
        if end < start:
            start, end = end, start
        return cls(start, end)


def visible(user: Any, action: str = "procedures.dashboard") -> Any:
    """The dossiers of the units where ``user`` may ``action``: ``unit_id IN (ids)``, which uses the indexes
    starting with the unit (the policy's path join would scan every row)."""
    q = policy.unit_filter(user, action, field="")
    if q is None:
        return Dossier.objects.all()
    from civildesk.org.models import Unit

    ids = list(Unit.objects.filter(q).values_list("pk", flat=True))
    if len(ids) == Unit.objects.count():  # the whole province: no filter to evaluate on every row
        return Dossier.objects.all()
    return Dossier.objects.filter(unit_id__in=ids)


def _period_qs(qs: Any, period: Period) -> Any:
    return qs.filter(received_on__gte=period.start, received_on__lte=period.end)


_COUNTS = ("total", "on_time", "late", "waiting", "online", "with_fee", "paid_online", "complaints", "digitised")


@dataclass
class Summary:
    """The statistics of one period, from one grouped query (by unit and procedure, summed here)."""

    units: list[tuple[str, scores.Report]]
    procedures: list[tuple[str, scores.Report]]
    statuses: dict[str, int]


def summary(user: Any, period: Period) -> Summary:
    """Counts per (unit, procedure) in one pass over the period's dossiers; reports by unit and by
    procedure and the counts by status are sums of those rows (the counts are additive)."""
    from civildesk.org.models import Unit

    from ..models import Procedure, ProcedureVersion

    qs = _period_qs(visible(user), period)
    conds = _conditions(period.end)
    fee_versions = list(ProcedureVersion.objects.filter(fee_amount__gt=0).values_list("pk", flat=True))
    conds["with_fee"] = Q(version_id__in=fee_versions)
    conds["paid_online"] = Q(version_id__in=fee_versions, paid_online=True)
    per_status = {f"s_{s}": Count("pk", filter=Q(status=s)) for s in Status.values}
    rows = list(
        qs.values("unit_id", "procedure_id")
        .annotate(total=Count("pk"), **{k: Count("pk", filter=c) for k, c in conds.items()}, **per_status)
        .order_by()
    )
    unit_names = dict(Unit.objects.values_list("pk", "name"))
    proc_names = dict(Procedure.objects.values_list("pk", "name"))
    rule_set = rules()

    def reports(key: str, names: dict[int, str]) -> list[tuple[str, scores.Report]]:
        sums: dict[int, dict[str, int]] = {}
        for row in rows:
            acc = sums.setdefault(row[key], dict.fromkeys(_COUNTS, 0))
            for k in _COUNTS:
                acc[k] += row[k]
        out = []
        for pk, acc in sums.items():
            r = scores.Report(**acc)
            r.pending = r.total - r.on_time - r.late - r.waiting
            out.append((names.get(pk, ""), scores.score(r, rule_set)))
        return sorted(out, key=lambda item: item[0])

    statuses = {s: sum(row[f"s_{s}"] for row in rows) for s in Status.values}
    return Summary(reports("unit_id", unit_names), reports("procedure_id", proc_names), statuses)


def report_by(user: Any, period: Period, group: str = "unit") -> list[tuple[Any, scores.Report]]:
    """(unit or procedure name, report) rows for the dossiers ``user`` may see, received in the period."""
    s = summary(user, period)
    return s.units if group == "unit" else s.procedures


def by_status(user: Any, period: Period) -> dict[str, int]:
    return summary(user, period).statuses


def by_month(user: Any, period: Period) -> list[tuple[str, int]]:
    """Dossiers received per month (counted per day in the database, summed here: no date function per row)."""
    qs = _period_qs(visible(user), period)
    months: dict[tuple[int, int], int] = {}
    for day, n in qs.values_list("received_on").annotate(n=Count("pk")).values_list("received_on", "n").order_by():
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + n
    return [(f"{m:02d}/{y}", n) for (y, m), n in sorted(months.items())]


def due_panel(user: Any, today: date | None = None, days: int = 3) -> list[dict[str, Any]]:
    """Per unit the leader may see: dossiers due within ``days`` and overdue (clock running)."""
    today = today or timezone.localdate()
    qs = visible(user).filter(status__in=RUNNING)
    rows = (
        qs.values("unit_id", "unit__name")
        .annotate(
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + timedelta(days=days))),
        )
        .filter(Q(overdue__gt=0) | Q(due_soon__gt=0))
        .order_by("-overdue", "unit__name")
    )
    return list(rows)
