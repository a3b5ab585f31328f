"""Fusion weights per query route, and query-side stopwords.

Routes: ``vi`` (Vietnamese with diacritics), ``vi-nodiac`` (typed without
diacritics: folded lexical fields stand in for the exact ones), ``dense``
(English, Bengali and anything else: lexical scores are meaningless there,
"a", "to", "in" are Vietnamese syllables too).

The weights were chosen on the ALQAC dev questions with cross-validation;
``bench/retrieval.py`` prints the figures.
"""

from __future__ import annotations

import re

from civildesk.text import fold

__all__ = ["DEFAULT_WEIGHTS", "QUERY_STOPWORDS", "route_for", "strip_boilerplate"]

#: Signal weights per route. Signals: BM25 of fields u, b, fu, fb, t (see
#: ``index.FIELDS``), cu/cb (idf-weighted share of query unigrams/bigrams
#: matched), ``dense`` (e5 cosine), ``law`` (document cited by name).
#: vi and vi-nodiac: coordinate ascent on MRR@10 + R@1 over the 354
#: alqac25-dev questions, 5-fold cross-validation repeated with 3 seeds; the
#: weights are the mean of the 15 fold solutions (CV R@1 0.887-0.893, MRR@10
#: 0.922-0.926 for vi). Not tuned on alqac22, which serves as a held-out check.
#: xl (English, Bengali): the earlier hand-set weights plus ``dense_g`` (the
#: embedded glossary rendering) at 0.3, the middle of the plateau 0.3-0.5 on the
#: 122 en/bn dev questions (R@1 0.672 -> 0.705; bench/tune_crosslingual.py, whose
#: cross-validated coordinate ascent did not beat it: 0.656).
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "vi": {"u": 0.307, "b": 0.397, "t": 0.097, "dense": 0.487, "law": 0.05, "cu": 0.907, "cb": 0.283},
    "vi-nodiac": {"u": 0.877, "b": 1.38, "t": 0.347, "dense": 0.15, "law": 0.093, "cu": 0.36, "cb": 0.827},
    "xl": {"dense": 1.0, "dense_g": 0.3, "u": 0.2, "b": 0.2, "cu": 0.2, "cb": 0.2, "law": 0.1},
    "dense": {"dense": 1.0},
    "lexical": {"u": 0.5, "b": 0.5, "cu": 0.4},
}

#: Folded syllables of question boilerplate that carry no topic
#: ("... là đúng hay sai?", "theo quy định"). Dropped from query unigrams only;
#: bigrams keep them.
QUERY_STOPWORDS: frozenset[str] = frozenset()


def route_for(language: str) -> str:
    """The fusion route for a detected language."""
    if language in ("vi", "vi-nodiac"):
        return language
    if language in ("en", "bn"):
        return "xl"
    return "dense"


_BOILERPLATE = re.compile(
    r"(?:[,.;:]?\s*(?:la\s+|thi\s+)?(?:(?:co\s+)?dung\s+hay\s+(?:la\s+)?sai|co\s+dung\s+khong|dung\s+khong|phai\s+khong)\s*[?.!]*\s*$)"
    r"|(?:\b(?:dieu|noi\s+dung|truong\s+hop|hanh\s+vi|phuong\s+an|y)\s+nao\s+(?:sau\s+day|duoi\s+day)\b)"
    r"|(?:\bnao\s+(?:sau\s+day|duoi\s+day)\b)",
)


def strip_boilerplate(query: str) -> str:
    """Remove question boilerplate ("…, đúng hay sai?", "điều nào sau đây") from ``query``.

    Matching is done on the folded text, so it works with or without
    diacritics; folding is length-preserving, so the spans cut from the
    original are the same. Returns ``query`` unchanged if nothing is left.
    """
    f = fold(query)
    if len(f) != len(query):
        return query
    out, pos = [], 0
    for m in _BOILERPLATE.finditer(f):
        out.append(query[pos : m.start()])
        pos = m.end()
    out.append(query[pos:])
    cleaned = " ".join("".join(out).split()).strip(" ,;:")
    return cleaned or query
