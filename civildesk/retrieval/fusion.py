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

#: Signal weights per route. Signals: BM25 fields u, b, fu, fb, t (see
#: ``index.FIELDS``), ``dense`` (e5 cosine) and ``law`` (law cited by name).
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "vi": {"u": 0.3, "b": 0.3, "fu": 0.0, "fb": 0.0, "t": 0.0, "dense": 0.4, "law": 0.0},
    "vi-nodiac": {"u": 0.3, "b": 0.3, "fu": 0.0, "fb": 0.0, "t": 0.0, "dense": 0.4, "law": 0.0},
    "dense": {"dense": 1.0},
    "lexical": {"u": 0.5, "b": 0.5},
}

#: Folded syllables of question boilerplate that carry no topic
#: ("... là đúng hay sai?", "theo quy định"). Dropped from query unigrams only;
#: bigrams keep them.
QUERY_STOPWORDS: frozenset[str] = frozenset()


def route_for(language: str) -> str:
    """The fusion route for a detected language."""
    if language == "vi":
        return "vi"
    if language == "vi-nodiac":
        return "vi-nodiac"
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
