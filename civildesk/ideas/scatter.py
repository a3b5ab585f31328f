"""The participants' map for the chair: points of the opinion analysis as SVG circles. No Django.

Returns plain numbers for the template (``ideas/_scatter.svg.html``), drawn by
the server: no script, no library. Each point is a participant (no name: a
position); its group is shown by colour and by shape, so colour is not the
only cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SIZE = 300
PAD = 16


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    group: int  # −1: not clustered (fewer than 7 votes)

    @property
    def letter(self) -> str:
        return "ABCDE"[self.group] if 0 <= self.group < 5 else ""


def scatter(points: Any, labels: Any) -> dict[str, Any]:
    pts = [(float(x), float(y)) for x, y in points]
    if not pts:
        return {"size": SIZE, "dots": [], "centre": SIZE / 2}
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = (SIZE - 2 * PAD) / span
    dots = [
        Dot(round(SIZE / 2 + (x - cx) * scale, 1), round(SIZE / 2 - (y - cy) * scale, 1), int(g))
        for (x, y), g in zip(pts, labels, strict=True)
    ]
    return {"size": SIZE, "dots": dots, "centre": SIZE / 2}
