"""Ranking ideas by support: the lower bound of the Wilson score interval. Plain Python.

An idea with 5 agrees out of 5 votes is less certain than one with 90 of
100: the lower bound of the 95 % interval of its agree share is 0.57 against
0.83, so it ranks below. Passes are not counted (they say neither).
"""

from __future__ import annotations

import math

Z_95 = 1.959964


def wilson_lower_bound(agrees: int, disagrees: int, z: float = Z_95) -> float:
    """Lower bound of the Wilson interval of agrees / (agrees + disagrees); 0 with no votes."""
    n = agrees + disagrees
    if n <= 0:
        return 0.0
    p = agrees / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)
    return (centre - margin) / (1 + z2 / n)
