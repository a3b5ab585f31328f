"""Roll-up of the resolution's targets: plain Python, no Django (tested and benchmarked on its own).

A target's progress runs from its baseline (0 %) to its value for the target
year (100 %), in the target's direction, clipped to 0–100 %. A pillar's
progress is the weighted mean of its targets *that have data* (the plain mean
when no weight is set); a target without data is reported apart, never
counted as zero nor as achieved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

HIGHER, LOWER = "higher", "lower"

ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
NOT_ACHIEVED = "not_achieved"
NOT_IMPLEMENTED = "not_implemented"
NO_DATA = "no_data"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, NOT_ACHIEVED, NOT_IMPLEMENTED, NO_DATA)

# How far behind the straight line from baseline to target a target may be and still be "on track".
TOLERANCE = 10.0


def progress(baseline: float, target: float, value: float | None, direction: str = HIGHER) -> float | None:
    """Percent of the way from ``baseline`` to ``target`` (0–100), or None without a value."""
    if value is None:
        return None
    span = target - baseline
    if span == 0:
        raise ValueError("the target equals the baseline")
    if direction == LOWER and span > 0 or direction == HIGHER and span < 0:
        raise ValueError("the target lies on the wrong side of the baseline for its direction")
    done = (value - baseline) / span * 100.0
    return max(0.0, min(100.0, done))


def expected_progress(year: int, start_year: int, target_year: int) -> float:
    """Where a straight line from the baseline year to the target year stands in ``year`` (0–100)."""
    if year >= target_year:
        return 100.0
    if year <= start_year:
        return 0.0
    return (year - start_year) / (target_year - start_year) * 100.0


def status(pct: float | None, *, year: int, start_year: int, target_year: int) -> str:
    """A target's status in ``year`` from its progress (never typed in)."""
    if pct is None:
        return NO_DATA
    if pct >= 100.0:
        return ACHIEVED
    if pct <= 0.0:
        return NOT_IMPLEMENTED
    if year >= target_year:
        return NOT_ACHIEVED
    expected = expected_progress(year, start_year, target_year)
    return ON_TRACK if pct >= expected - TOLERANCE else AT_RISK


def weighted_mean(items: Iterable[tuple[float | None, float | None]]) -> float | None:
    """Mean of the values that exist, weighted when any weight is set (a missing weight then counts 1).

    ``items`` are (value, weight); a None value is left out (no data), never counted as zero.
    Returns None when no item has a value, or every weight of the items with a value is 0.
    """
    present = [(v, w) for v, w in items if v is not None]
    if not present:
        return None
    if all(w is None for _, w in present):
        return sum(v for v, _ in present) / len(present)
    total_weight = sum(1.0 if w is None else w for _, w in present)
    if total_weight == 0:
        return None
    return sum(v * (1.0 if w is None else w) for v, w in present) / total_weight


def aggregate(values: Sequence[float], how: str) -> float | None:
    """The province's value of an indicator from its units' values ("sum" or "mean")."""
    if not values:
        return None
    if how == "sum":
        return float(sum(values))
    return float(sum(values)) / len(values)


def aggregate_total(total: float, count: int, how: str) -> float | None:
    """The same from a sum and a count (what the database returns)."""
    if count == 0:
        return None
    return float(total) if how == "sum" else float(total) / count


@dataclass
class TargetResult:
    key: object
    progress: float | None
    status: str
    value: float | None
    weight: float | None = None


@dataclass
class PillarResult:
    key: object
    progress: float | None
    targets: list[TargetResult]
    with_data: int = 0
    without_data: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def target_result(
    key: object,
    *,
    baseline: float,
    target: float,
    value: float | None,
    direction: str,
    year: int,
    start_year: int,
    target_year: int,
    weight: float | None = None,
) -> TargetResult:
    pct = progress(baseline, target, value, direction)
    return TargetResult(
        key=key,
        progress=pct,
        status=status(pct, year=year, start_year=start_year, target_year=target_year),
        value=value,
        weight=weight,
    )


def pillar_result(key: object, targets: list[TargetResult]) -> PillarResult:
    counts = dict.fromkeys(STATUSES, 0)
    for t in targets:
        counts[t.status] += 1
    return PillarResult(
        key=key,
        progress=weighted_mean((t.progress, t.weight) for t in targets),
        targets=targets,
        with_data=sum(1 for t in targets if t.progress is not None),
        without_data=sum(1 for t in targets if t.progress is None),
        by_status=counts,
    )


def headline(targets: Iterable[TargetResult]) -> tuple[int, int]:
    """(achieved, total): "22/30 targets achieved"."""
    items = list(targets)
    return sum(1 for t in items if t.status == ACHIEVED), len(items)
