"""Extractive answer composition, free of Django.

Given a question and the structure of the best article (its clauses and
points), pick the clause or point that answers, the sentences inside it to
highlight, and build the citation ("Điểm a Khoản 1 Điều 28 Luật Viên chức").
Plain inputs (dicts of the library's structure JSON), plain outputs.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from civildesk.text import fold, syllables

# Folded syllables that carry no topic in a question.
STOP = frozenset(
    """
    la gi co khong duoc nao nhu the thi sao va hay hoac cua cho voi trong theo quy dinh nhung cac mot nay do ai
    bao nhieu khi nao o dau tai vi neu ve ra vao len bi se da dang phai can nen cung con nua dung sai
    luat dieu khoan diem
    """.split()
)

_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ0-9\"“(])|\n+")


@dataclass
class Unit:
    """A clause, a point, or a whole article body: the smallest citable place."""

    anchor: str
    labels: list[str]  # innermost first: ["Điểm a", "Khoản 1"]
    text: str


@dataclass
class Composition:
    anchor: str
    citation: str
    excerpt_html: str
    sentences: list[str]
    score: float
    units_considered: int
    extra: dict[str, Any] = field(default_factory=dict)


# A clause or point number alone ("1.", "a)", "đ)"): the start of the sentence that follows it.
_ENUMERATOR = re.compile(r"^(?:\d{1,3}\.|[a-zđ]\)|[IVXLC]{1,6}\.)$")


def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and _ENUMERATOR.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged or [text.strip()]


def units_of(article: dict[str, Any]) -> list[Unit]:
    """Citable units of an article node: its points, its clauses without points, or its body."""
    units: list[Unit] = []
    for clause in article.get("children", []):
        if clause.get("kind") != "khoan":
            continue
        clause_label = f"Khoản {clause.get('number', '')}".strip()
        points = [c for c in clause.get("children", []) if c.get("kind") == "diem"]
        lead = clause.get("text", "")
        units.append(Unit(clause["anchor"], [clause_label], _join(lead, *(p.get("text", "") for p in points))))
        for point in points:
            units.append(
                Unit(
                    point["anchor"],
                    [f"Điểm {point.get('number', '')}", clause_label],
                    _join(lead, point.get("text", "")),
                )
            )
    if not units:
        units.append(Unit(article.get("anchor", ""), [], _join(article.get("text", ""))))
    return units


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _terms(text: str) -> tuple[set[str], set[str]]:
    sy = [s for s in syllables(fold(text)) if s]
    uni = {s for s in sy if s not in STOP and len(s) > 1}
    bi = {f"{a}_{b}" for a, b in zip(sy, sy[1:], strict=False)}
    return uni, bi


def lexical_score(question: str, text: str) -> float:
    q_uni, q_bi = _terms(question)
    if not q_uni:
        return 0.0
    t_uni, t_bi = _terms(text)
    matched = len(q_uni & t_uni) + 2 * len(q_bi & t_bi)
    return matched / math.sqrt(len(t_uni) + 5)


def compose(
    question: str,
    article: dict[str, Any],
    *,
    article_label: str,
    document_name: str,
    similarity: Callable[[str, Sequence[str]], list[float]] | None = None,
    max_sentences: int = 2,
) -> Composition:
    """Pick the unit and sentences of ``article`` that answer ``question``.

    ``similarity(question, texts)`` (e.g. dense cosine) is used when lexical
    overlap finds nothing, as for English or Bengali questions.
    """
    units = units_of(article)
    scores = [lexical_score(question, u.text) for u in units]
    used = "lexical"
    if max(scores, default=0.0) <= 0.0 and similarity is not None and len(units) > 1:
        scores = similarity(question, [u.text for u in units])
        used = "dense"
    # Prefer the clause over a point of it when they tie (the wider citation).
    best = max(range(len(units)), key=lambda i: (scores[i], -len(units[i].labels)))
    unit = units[best]
    sentences = split_sentences(unit.text)
    if used == "lexical":
        s_scores = [lexical_score(question, s) for s in sentences]
    elif similarity is not None and len(sentences) > 1:
        s_scores = similarity(question, sentences)
    else:
        s_scores = [1.0] * len(sentences)
    ranked = sorted(range(len(sentences)), key=lambda i: -s_scores[i])
    chosen = {i for i in ranked[:max_sentences] if s_scores[i] > 0} or {ranked[0]}
    excerpt = _excerpt(sentences, chosen)
    citation = " ".join([*unit.labels, article_label, document_name]).strip()
    return Composition(
        anchor=unit.anchor,
        citation=citation,
        excerpt_html=excerpt,
        sentences=[sentences[i] for i in sorted(chosen)],
        score=float(scores[best]),
        units_considered=len(units),
        extra={"method": used},
    )


# A unit longer than this many sentences (a letter or a notice read as one "full text") is
# quoted around the highlighted sentences only, with "…" for what is left out.
LONG_UNIT = 6


def _excerpt(sentences: list[str], chosen: set[int]) -> str:
    keep = set(range(len(sentences)))
    if len(sentences) > LONG_UNIT:
        keep = {j for i in chosen for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)}
    parts: list[str] = []
    previous = -1
    for i in sorted(keep):
        if i != previous + 1:
            parts.append("…")
        parts.append(f"<mark>{html.escape(sentences[i])}</mark>" if i in chosen else html.escape(sentences[i]))
        previous = i
    if previous != len(sentences) - 1:
        parts.append("…")
    return " ".join(parts)


def find_node(nodes: Sequence[dict[str, Any]], anchor: str) -> dict[str, Any] | None:
    """The node with ``anchor`` in a structure tree (depth-first)."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node.get("anchor") == anchor:
            return node
        stack.extend(node.get("children", []))
    return None
