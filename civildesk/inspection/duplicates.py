"""Duplicate detection: is a new case the same as one already open?

Signals, strongest first: the same person (keyed HMAC of the citizen ID or
phone, see ``protect.py``), the same party complained about, and text
similarity — cosine of multilingual-e5-small embeddings (the retrieval
engine's ``Embedder`` with its on-disk cache) when the dense model is on
(``CIVILDESK_INDEX_DENSE``), else TF-IDF cosine of folded syllables and
bigrams (IDF over the candidates). Thresholds were set on reworded resubmissions against unrelated
cases of the demo (dense: reworded ≈ 0.97, unrelated ≈ 0.87).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from civildesk.text import fold, terms

DENSE_THRESHOLD = 0.93
LEXICAL_THRESHOLD = 0.25
# With the same person or the same party, a weaker text match is enough.
DENSE_RELATED = 0.89
LEXICAL_RELATED = 0.12
CANDIDATES = 300

_embedder: Any = None


@dataclass
class Match:
    case: Any
    score: float
    reasons: list[str] = field(default_factory=list)


def _text(case: Any) -> str:
    return f"{case.title}. {case.content}"


def _vector(counts: Counter[str], idf: dict[str, float] | None) -> dict[str, float]:
    return {k: v * (idf.get(k, 1.0) if idf else 1.0) for k, v in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def lexical_similarity(a: str, b: str) -> float:
    """Cosine of folded syllable + bigram counts (no corpus weighting)."""
    return _cosine(_vector(Counter(terms(a, folded=True)), None), _vector(Counter(terms(b, folded=True)), None))


def lexical_scores(text: str, others: list[str]) -> list[float]:
    """TF-IDF cosine of ``text`` against each of ``others`` (IDF over all of them)."""
    bags = [Counter(terms(t, folded=True)) for t in [text, *others]]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}
    vecs = [_vector(bag, idf) for bag in bags]
    return [_cosine(vecs[0], v) for v in vecs[1:]]


def _dense_scores(text: str, others: list[str]) -> list[float]:
    global _embedder
    if _embedder is None:
        from civildesk.retrieval.embed import Embedder

        _embedder = Embedder(threads=1)
    vecs = _embedder.passages([text, *others])
    return [float(v) for v in vecs[1:] @ vecs[0]]


def _same_party(a: Any, b: Any) -> bool:
    if a.subject_unit_id and a.subject_unit_id == b.subject_unit_id:
        return True
    return bool(a.subject_name and fold(a.subject_name).strip() == fold(b.subject_name).strip())


def find_duplicates(case: Any, candidates: Any, *, limit: int = 5, person_visible: Any = None) -> list[Match]:
    """Open cases (from ``candidates``, a queryset) that look like ``case``, best first.

    ``person_visible(other)`` says whether the same-person signal may be used for
    that pair: it tells who filed, so it is used only where the reader may see
    both filers' identities (a protected denouncer must not be revealed by it).
    """
    others = list(candidates.exclude(pk=case.pk).order_by("-received_on", "-pk")[:CANDIDATES])
    if not others:
        return []
    dense = bool(getattr(settings, "CIVILDESK_INDEX_DENSE", False))
    if dense:
        scores = _dense_scores(_text(case), [_text(o) for o in others])
        strong, related = DENSE_THRESHOLD, DENSE_RELATED
    else:
        scores = lexical_scores(_text(case), [_text(o) for o in others])
        strong, related = LEXICAL_THRESHOLD, LEXICAL_RELATED
    matches: list[Match] = []
    for other, score in zip(others, scores, strict=True):
        reasons = []
        same_person = bool(
            (case.person_key and case.person_key == other.person_key)
            or (case.phone_key and case.phone_key == other.phone_key)
        ) and (person_visible is None or person_visible(other))
        same_party = _same_party(case, other)
        if same_person:
            reasons.append("person")
        if same_party:
            reasons.append("party")
        if score >= strong or ((same_person or same_party) and score >= related):
            reasons.append("text")
        if score >= strong or (same_person and "text" in reasons) or (same_party and "text" in reasons) or same_person:
            matches.append(Match(other, round(score, 3), reasons))
    matches.sort(key=lambda m: ("person" in m.reasons, m.score), reverse=True)
    return matches[:limit]
