"""DTI scoring: frameworks as versioned data, components scored by rule, totals, ranking. No Django.

A framework (``dti_frameworks.py``) is groups → main indices → components;
each component has its maximum points, a scoring rule and the evidence it
requires. Totals are out of the framework's scale (1,000 points) and
published as 0–1 with four decimals. Units with the same total share a rank
("1, 2, 2, 4").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

RULES = ("full_half_zero", "ratio", "thresholds", "yes_no", "entered")


@dataclass(frozen=True)
class Component:
    code: str
    name: dict[str, str]
    max: float
    rule: str
    reference: float = 100.0  # ratio: the value that earns the maximum
    steps: tuple[tuple[float, float], ...] = ()  # thresholds: (bound, share of max); the best step met counts
    lower_is_better: bool = False  # thresholds: a step is met at or below its bound (else at or above)
    evidence: str = ""
    measure: str = ""  # a platform measurement the value is taken from, when the unit's data are here

    def score(self, value: float | None) -> float:
        """Points earned for ``value`` (None: nothing entered → 0)."""
        if value is None:
            return 0.0
        if self.rule == "full_half_zero":
            return self.max if value >= 1 else self.max / 2 if value >= 0.5 else 0.0
        if self.rule == "ratio":
            return max(0.0, min(1.0, value / self.reference)) * self.max if self.reference else 0.0
        if self.rule == "thresholds":
            met = [part for bound, part in self.steps if (value <= bound if self.lower_is_better else value >= bound)]
            return max(met, default=0.0) * self.max
        if self.rule == "yes_no":
            return self.max if value else 0.0
        if self.rule == "entered":
            return max(0.0, min(self.max, value))
        raise ValueError(f"unknown rule {self.rule!r}")

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.code


@dataclass(frozen=True)
class MainIndex:
    code: str
    name: dict[str, str]
    max: float
    components: tuple[Component, ...]

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.code


@dataclass(frozen=True)
class Group:
    code: str
    name: dict[str, str]
    indices: tuple[MainIndex, ...]

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.code


@dataclass(frozen=True)
class Framework:
    code: str
    version: str
    name: dict[str, str]
    groups: tuple[Group, ...]
    scale: float = 1000.0
    unscored: tuple[dict[str, str], ...] = ()  # e.g. the smart-city index, shown but not counted
    applies_to: tuple[str, ...] = ()  # unit kinds ranked with it

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.key

    def components(self) -> list[Component]:
        return [c for g in self.groups for i in g.indices for c in i.components]

    def check(self) -> None:
        """A framework's points add up: components to their index, indices to the scale."""
        total = 0.0
        for g in self.groups:
            for i in g.indices:
                points = sum(c.max for c in i.components)
                if abs(points - i.max) > 1e-9:
                    raise ValueError(f"{self.key}: index {i.code} has {points} points in components, not {i.max}")
                for c in i.components:
                    if c.rule not in RULES:
                        raise ValueError(f"{self.key}: component {c.code} has unknown rule {c.rule!r}")
                total += i.max
        if abs(total - self.scale) > 1e-9:
            raise ValueError(f"{self.key}: indices add up to {total}, not {self.scale}")


def framework_from_dict(data: Mapping[str, Any]) -> Framework:
    def comp(c: Mapping[str, Any]) -> Component:
        return Component(
            code=c["code"],
            name=dict(c["name"]),
            max=float(c["max"]),
            rule=c["rule"],
            reference=float(c.get("reference", 100.0)),
            steps=tuple((float(a), float(b)) for a, b in c.get("steps", ())),
            lower_is_better=bool(c.get("lower_is_better", False)),
            evidence=c.get("evidence", ""),
            measure=c.get("measure", ""),
        )

    fw = Framework(
        code=data["code"],
        version=str(data["version"]),
        name=dict(data["name"]),
        scale=float(data.get("scale", 1000)),
        unscored=tuple(dict(u) for u in data.get("unscored", ())),
        applies_to=tuple(data.get("applies_to", ())),
        groups=tuple(
            Group(
                code=g["code"],
                name=dict(g["name"]),
                indices=tuple(
                    MainIndex(
                        code=i["code"],
                        name=dict(i["name"]),
                        max=float(i["max"]),
                        components=tuple(comp(c) for c in i["components"]),
                    )
                    for i in g["indices"]
                ),
            )
            for g in data["groups"]
        ),
    )
    fw.check()
    return fw


@dataclass
class Scorecard:
    """One unit's scores in one year under one framework."""

    subject: Any
    total: float
    components: dict[str, float]
    indices: dict[str, float]
    groups: dict[str, float]
    scale: float = 1000.0
    rank: int = 0
    change: float | None = None  # published index change since last year (0–1 scale)

    @property
    def index(self) -> Decimal:
        """The published figure: total / scale, 0–1, four decimals."""
        return publish(self.total, self.scale)


def publish(total: float, scale: float = 1000.0) -> Decimal:
    return (Decimal(str(total)) / Decimal(str(scale))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def score(framework: Framework, subject: Any, values: Mapping[str, float | None]) -> Scorecard:
    comps: dict[str, float] = {}
    indices: dict[str, float] = {}
    groups: dict[str, float] = {}
    for g in framework.groups:
        gsum = 0.0
        for i in g.indices:
            isum = 0.0
            for c in i.components:
                pts = round(c.score(values.get(c.code)), 4)
                comps[c.code] = pts
                isum += pts
            indices[i.code] = round(isum, 4)
            gsum += isum
        groups[g.code] = round(gsum, 4)
    return Scorecard(
        subject=subject,
        total=round(sum(groups.values()), 4),
        components=comps,
        indices=indices,
        groups=groups,
        scale=framework.scale,
    )


def rank(cards: Iterable[Scorecard]) -> list[Scorecard]:
    """Best first; equal published figures share a rank (standard competition ranking: 1, 2, 2, 4)."""
    ordered = sorted(cards, key=lambda c: (-c.index, str(getattr(c.subject, "name", c.subject))))
    previous: Decimal | None = None
    for position, card in enumerate(ordered, start=1):
        if card.index != previous:
            card.rank = position
            previous = card.index
        else:
            card.rank = ordered[position - 2].rank
    return ordered


def year_on_year(current: Iterable[Scorecard], previous: Mapping[Any, Scorecard]) -> None:
    """Set each card's change of its published figure since ``previous`` (keyed by subject)."""
    for card in current:
        before = previous.get(card.subject)
        card.change = float(card.index - before.index) if before is not None else None


@dataclass
class Headroom:
    component: Component
    index: MainIndex
    earned: float
    available: float


def headroom(framework: Framework, card: Scorecard, limit: int = 10) -> list[Headroom]:
    """ "What would raise our score most": the points still available per component, most first."""
    out = [
        Headroom(
            component=c,
            index=i,
            earned=card.components.get(c.code, 0.0),
            available=c.max - card.components.get(c.code, 0.0),
        )
        for g in framework.groups
        for i in g.indices
        for c in i.components
        if c.max - card.components.get(c.code, 0.0) > 1e-9
    ]
    out.sort(key=lambda h: (-h.available, h.component.code))
    return out[:limit]
