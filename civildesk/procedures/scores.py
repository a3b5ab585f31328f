"""The Decision 766/QĐ-TTg scores of a unit, a procedure or a period (plain Python, no Django).

Rules, as the decision's guidance reads them (the thresholds and maximum points are data, ``Rule``):

* on time: the dossier reached its first terminal status on or before its promised date, the working days
  spent waiting for a supplement being added to that date; a dossier with more than one supplement request
  counts as late whatever the date; a dossier still open at the end of the period counts as late when its
  promised date has passed and its clock is running, and is not counted otherwise (nor is one waiting for a
  supplement that never came);
* online rate = online dossiers / all dossiers; online payment rate = paid online / dossiers with a fee;
* satisfaction = 100 % − (late rate + rate of dossiers with complaints);
* digitisation rate = dossiers whose every component is digitised or reused / all dossiers;
* points = max × rate / threshold below the threshold, max at or above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ON_TIME, LATE, PENDING, WAITING = "on_time", "late", "pending", "waiting"


@dataclass(frozen=True)
class Facts:
    """What the scores need of one dossier."""

    online: bool = False
    paid_online: bool = False
    has_fee: bool = False
    finished_on: date | None = None  # the first terminal status
    due_date: date | None = None  # the promised date, supplement time already added
    supplements: int = 0
    waiting_supplement: bool = False
    complaint: bool = False
    digitised: bool = False


@dataclass(frozen=True)
class Rule:
    max_points: float
    threshold: float  # percent


DEFAULT_RULES: dict[str, Rule] = {
    "on_time": Rule(20.0, 100.0),
    "online": Rule(12.0, 80.0),
    "online_payment": Rule(10.0, 50.0),
    "satisfaction": Rule(18.0, 100.0),
    "digitisation": Rule(22.0, 100.0),
}


def classify(f: Facts, period_end: date) -> str:
    """ON_TIME, LATE, PENDING (open, not yet due) or WAITING (open, clock paused for a supplement)."""
    if f.finished_on is not None and f.finished_on <= period_end:
        if f.supplements > 1:
            return LATE
        return ON_TIME if f.due_date is None or f.finished_on <= f.due_date else LATE
    if f.waiting_supplement:
        return WAITING
    if f.supplements > 1 or (f.due_date is not None and f.due_date < period_end):
        return LATE
    return PENDING


def points(rate: float, rule: Rule) -> float:
    """``max × rate / threshold`` below the threshold, ``max`` at or above it."""
    if rule.threshold <= 0 or rate >= rule.threshold:
        return rule.max_points
    return round(rule.max_points * max(rate, 0.0) / rule.threshold, 2)


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


@dataclass
class Report:
    total: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    waiting: int = 0
    online: int = 0
    with_fee: int = 0
    paid_online: int = 0
    complaints: int = 0
    digitised: int = 0
    rates: dict[str, float] = field(default_factory=dict)
    points: dict[str, float] = field(default_factory=dict)

    @property
    def total_points(self) -> float:
        return round(sum(self.points.values()), 2)

    max_total: float = 0.0


def evaluate(facts: list[Facts], period_end: date, rules: dict[str, Rule] | None = None) -> Report:
    """The scores of these dossiers at the end of the period."""
    r = Report(total=len(facts))
    for f in facts:
        kind = classify(f, period_end)
        setattr(r, kind, getattr(r, kind) + 1)
        r.online += f.online
        r.with_fee += f.has_fee
        r.paid_online += f.has_fee and f.paid_online
        r.complaints += f.complaint
        r.digitised += f.digitised
    return score(r, rules)


def score(r: Report, rules: dict[str, Rule] | None = None) -> Report:
    """Fill in the rates and points of a report whose counts are set (by :func:`evaluate` or by a query)."""
    rules = {**DEFAULT_RULES, **(rules or {})}
    counted = r.on_time + r.late
    late_rate = _pct(r.late, counted)
    r.rates = {
        "on_time": _pct(r.on_time, counted) if counted else 100.0,
        "online": _pct(r.online, r.total),
        "online_payment": _pct(r.paid_online, r.with_fee),
        "satisfaction": round(max(0.0, 100.0 - (late_rate + _pct(r.complaints, r.total))), 2),
        "digitisation": _pct(r.digitised, r.total),
    }
    r.points = {name: points(rate, rules[name]) for name, rate in r.rates.items() if name in rules}
    r.max_total = round(sum(rules[n].max_points for n in r.points), 2)
    return r
