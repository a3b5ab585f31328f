"""Opinion groups among voters, as Pol.is computes them. Plain numpy, no Django.

Input: the participant × idea vote matrix (+1 agree, −1 disagree, 0 pass,
NaN not voted). Steps (after Pol.is, see docs/ideas.md):

1. Missing votes are filled with the idea's mean vote (the column mean).
2. PCA to two dimensions (SVD of the centred matrix; each component's sign
   is fixed so that its largest loading is positive: same input, same picture).
3. Each participant's point is scaled by √(ideas / ideas they voted on), so
   that someone who voted on few ideas is not pulled to the centre.
4. Only participants with at least :data:`MIN_VOTES` votes are clustered:
   k-means for k = 2…5 (k-means++ starts from a fixed seed, best of several),
   k chosen by the silhouette; a k that leaves a group of one is refused.
5. Representative ideas of a group: the smoothed agree ratio pa = (1+agrees) /
   (2+votes) in the group against the rest of the clustered participants,
   kept when both the one-proportion test (pa above one half) and the
   two-proportion test (group above the rest) pass at 90 % (z > 1.2816);
   the same for disagreement.
6. Consensus: ideas whose pa exceeds 0.5 in every group; group-aware
   consensus: the product of the groups' pa (high when every group agrees).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MIN_VOTES = 7  # votes a participant needs to be clustered (Pol.is)
K_RANGE = range(2, 6)
SEED = 20261130
N_INIT = 8
Z_90 = 1.2816  # one-sided 90 %
MAX_REPRESENTATIVE = 3


def fill_missing(matrix: np.ndarray) -> np.ndarray:
    """Missing votes (NaN) replaced by their column's mean vote (0 where nobody voted)."""
    m = np.array(matrix, dtype=float)
    voted = ~np.isnan(m)
    counts = voted.sum(axis=0)
    sums = np.where(voted, m, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    return np.where(voted, m, means[np.newaxis, :])


def pca2(filled: np.ndarray) -> np.ndarray:
    """Coordinates of each row on the first two principal components (zeros where there are fewer)."""
    n, m = filled.shape
    out = np.zeros((n, 2))
    if n < 2 or m < 1:
        return out
    centred = filled - filled.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:2]
    for i in range(comps.shape[0]):
        if comps[i][np.argmax(np.abs(comps[i]))] < 0:
            comps[i] = -comps[i]
    proj = centred @ comps.T
    out[:, : proj.shape[1]] = proj
    return out


def scaled_points(matrix: np.ndarray) -> np.ndarray:
    """PCA points, each scaled by √(ideas / the participant's votes)."""
    m = np.asarray(matrix, dtype=float)
    points = pca2(fill_missing(m))
    votes = (~np.isnan(m)).sum(axis=1)
    scale = np.sqrt(m.shape[1] / np.maximum(votes, 1)) if m.shape[1] else np.ones(len(votes))
    return points * scale[:, np.newaxis]


def _kmeans_once(x: np.ndarray, k: int, rng: np.random.Generator, iters: int = 100) -> tuple[np.ndarray, float]:
    n = len(x)
    centres = [x[rng.integers(n)]]
    for _ in range(1, k):  # k-means++
        d2 = np.min(((x[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(axis=2), axis=1)
        total = d2.sum()
        idx = rng.integers(n) if total <= 0 else rng.choice(n, p=d2 / total)
        centres.append(x[idx])
    c = np.array(centres, dtype=float)
    labels = np.zeros(n, dtype=int)
    for it in range(iters):
        d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        new = np.argmin(d, axis=1)
        if it and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = x[labels == j]
            if len(members):
                c[j] = members.mean(axis=0)
    inertia = float(((x - c[labels]) ** 2).sum())
    return labels, inertia


def kmeans(x: np.ndarray, k: int, *, seed: int = SEED, n_init: int = N_INIT) -> np.ndarray:
    """Labels 0..k-1 of the best of ``n_init`` k-means++ runs; groups numbered by first appearance."""
    rng = np.random.default_rng(seed)
    best: tuple[np.ndarray, float] | None = None
    for _ in range(n_init):
        labels, inertia = _kmeans_once(x, k, rng)
        if best is None or inertia < best[1] - 1e-12:
            best = (labels, inertia)
    assert best is not None
    order: dict[int, int] = {}
    for label in best[0]:
        order.setdefault(int(label), len(order))
    return np.array([order[int(v)] for v in best[0]])


def silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette coefficient (Rousseeuw 1987); −1 when fewer than two groups."""
    groups = np.unique(labels)
    if len(groups) < 2:
        return -1.0
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2))
    scores = []
    for i in range(len(x)):
        own = labels == labels[i]
        if own.sum() <= 1:
            scores.append(0.0)
            continue
        a = d[i, own].sum() / (own.sum() - 1)
        b = min(d[i, labels == g].mean() for g in groups if g != labels[i])
        scores.append(0.0 if max(a, b) == 0 else (b - a) / max(a, b))
    return float(np.mean(scores))


def choose_groups(x: np.ndarray, *, seed: int = SEED) -> tuple[np.ndarray | None, float]:
    """The k-means labels with the best silhouette over k = 2..5, never with a group of one."""
    best: tuple[np.ndarray | None, float] = (None, -2.0)
    for k in K_RANGE:
        if k > len(x) // 2:  # k groups of two at least
            break
        labels = kmeans(x, k, seed=seed)
        sizes = np.bincount(labels, minlength=k)
        if (sizes < 2).any():
            continue
        score = silhouette(x, labels)
        if score > best[1] + 1e-9:
            best = (labels, score)
    return best


def prop_test(successes: float, n: float) -> float:
    """Pol.is's one-proportion z (smoothed): is the share above one half?"""
    s, n = successes + 1, n + 1
    return 2 * math.sqrt(n) * (s / n - 0.5)


def two_prop_test(succ_in: float, n_in: float, succ_out: float, n_out: float) -> float:
    """Pol.is's two-proportion z (smoothed): is the group's share above the rest's?"""
    s1, n1, s2, n2 = succ_in + 1, n_in + 1, succ_out + 1, n_out + 1
    p1, p2, p = s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2)
    if p >= 1 or p <= 0:
        return 0.0
    return (p1 - p2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))


@dataclass
class Statement:
    idea: Any
    kind: str  # "agree" | "disagree"
    p: float  # the group's smoothed share
    p_rest: float
    z: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "idea": self.idea,
            "kind": self.kind,
            "p": round(float(self.p), 3),
            "p_rest": round(float(self.p_rest), 3),
        }


@dataclass
class Group:
    number: int
    members: list[int]  # row indices
    representative: list[Statement] = field(default_factory=list)


@dataclass
class Analysis:
    ideas: list[Any]
    points: np.ndarray  # (participants, 2), scaled
    labels: np.ndarray  # group number per participant, −1 if not clustered
    groups: list[Group]
    silhouette: float
    consensus: list[Any]  # ideas every group agrees with (pa > 0.5 everywhere), best first
    group_aware: dict[Any, float]  # idea -> product of the groups' pa

    @property
    def clustered(self) -> int:
        return int((self.labels >= 0).sum())


def _counts(m: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sub = m[rows]
    return (sub == 1).sum(axis=0), (sub == -1).sum(axis=0), (~np.isnan(sub)).sum(axis=0)


def analyse(matrix: Any, ideas: list[Any] | None = None, *, seed: int = SEED) -> Analysis:
    """Everything the chair sees about opinions, from the vote matrix."""
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2:
        m = m.reshape((0, len(ideas or [])))
    n, k_ideas = m.shape
    ideas = list(ideas) if ideas is not None else list(range(k_ideas))
    points = scaled_points(m) if n else np.zeros((0, 2))
    labels = np.full(n, -1, dtype=int)
    eligible = np.flatnonzero((~np.isnan(m)).sum(axis=1) >= MIN_VOTES) if n else np.array([], dtype=int)
    chosen: np.ndarray | None = None
    score = -1.0
    if len(eligible) >= 4:
        chosen, score = choose_groups(points[eligible], seed=seed)
    groups: list[Group] = []
    if chosen is not None:
        labels[eligible] = chosen
        for number in range(int(chosen.max()) + 1):
            groups.append(Group(number=number, members=[int(i) for i in eligible[chosen == number]]))
    pa_by_group = []
    for g in groups:
        rows_in = np.array(g.members)
        rows_out = np.array([i for i in eligible if labels[i] != g.number])
        a_in, d_in, n_in = _counts(m, rows_in)
        a_out, d_out, n_out = _counts(m, rows_out)
        pa_by_group.append((1 + a_in) / (2 + n_in))
        found = []
        for j in range(k_ideas):
            for kind, s_in, s_out in (("agree", a_in[j], a_out[j]), ("disagree", d_in[j], d_out[j])):
                p = (1 + s_in) / (2 + n_in[j])
                p_rest = (1 + s_out) / (2 + n_out[j])
                pat = prop_test(s_in, n_in[j])
                rat = two_prop_test(s_in, n_in[j], s_out, n_out[j])
                if pat > Z_90 and rat > Z_90:
                    found.append((p / p_rest * rat * p * pat, Statement(ideas[j], kind, p, p_rest, rat)))
        found.sort(key=lambda t: (-t[0], str(t[1].idea)))
        g.representative = [s for _score, s in found[:MAX_REPRESENTATIVE]]
    consensus: list[Any] = []
    group_aware: dict[Any, float] = {}
    if pa_by_group:
        pa = np.vstack(pa_by_group)
        product = pa.prod(axis=0)
        group_aware = {ideas[j]: float(product[j]) for j in range(k_ideas)}
        everywhere = [j for j in range(k_ideas) if (pa[:, j] > 0.5).all()]
        consensus = [ideas[j] for j in sorted(everywhere, key=lambda j: (-product[j], j))]
    return Analysis(ideas, points, labels, groups, score, consensus, group_aware)
