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

from civildesk.text import bigrams, fold, segments

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
    """Content syllables and word pairs (:func:`word_pairs`)."""
    segs = segments(fold(text))
    uni = {s for seg in segs for s in seg if s and s not in STOP and len(s) > 1}
    return uni, set(bigrams(segs))


def word_pairs(text: str) -> set[str]:
    """Folded pairs of adjacent syllables ("cong_chuc"); a pair never spans punctuation.

    The glossary joins the Vietnamese terms of an English or Bengali question
    with " , ": "ngày , nghỉ phép năm" holds no pair "ngày nghỉ".
    """
    return _terms(text)[1]


def content_pairs(text: str) -> set[str]:
    """:func:`word_pairs` without those holding a stop word: what a question says, pair by pair."""
    return {p for p in word_pairs(text) if not any(w in STOP for w in p.split("_"))}


def lexical_score(question: str, text: str) -> float:
    q_uni, q_bi = _terms(question)
    if not q_uni:
        return 0.0
    t_uni, t_bi = _terms(text)
    matched = len(q_uni & t_uni) + 2 * len(q_bi & t_bi)
    return matched / math.sqrt(len(t_uni) + 5)


# A clause that only delegates ("Chính phủ quy định chi tiết ...") answers no question itself.
_DELEGATION = re.compile(r"quy dinh chi tiet|huong dan thi hanh|huong dan chi tiet")
#: "thứ hai" is Monday, but also "second" ("lần thứ hai", "người thứ ba" is a third party):
#: a weekday is not read after the words that take an ordinal.
_NOT_ORDINAL = "".join(
    f"(?<!\\b{w} )"
    for w in ("lan", "nguoi", "ben", "khoan", "dieu", "muc", "chuong", "phan", "cap", "hang", "bac", "lop")
)
# What a question asks for, and what a clause that gives it contains (folded text).
_CUES = (
    # how long / until when: a duration
    (
        re.compile(
            r"bao lau|thoi gian|thoi han|thoi hieu|toi da|may thang|may nam|bao nhieu (ngay|thang|nam)"
            r"|how long|how often|duration|period|maximum|time limit|কত দিন|কত ঘন ঘন|মেয়াদ|সময়সীমা"
        ),
        re.compile(r"\b\d+ (ngay|thang|nam|gio)\b|\b(muoi|hai muoi|ba muoi)\b.*\b(ngay|thang|nam)\b"),
    ),
    # how old: an age
    (re.compile(r"tuoi|\bage\b|adult|how old|বয়স|প্রাপ্তবয়স্ক"), re.compile(r"\btuoi\b")),
    # what forms / which kinds: a list of points
    (
        re.compile(
            r"hinh thuc|gom nhung|nhung gi|cac loai|nhung truong hop|truong hop nao"
            r"|what (forms|measures|types|kinds)|ধরন"
        ),
        re.compile(r"\n[a-zđ]\) "),
    ),
    # fees and costs
    (re.compile(r"\b(phi|le phi|chi phi|tra tien|fee|fees|cost)\b|ফি"), re.compile(r"\b(phi|le phi|chi phi)\b")),
    # which day: a date or a weekday
    (
        re.compile(r"ngay nao|thu may|which day|what day|what date|কোন দিন|কোন তারিখ"),
        re.compile(rf"\bngay \d+\b|{_NOT_ORDINAL}\bthu (hai|ba|tu|nam|sau|bay)\b|\bchu nhat\b"),
    ),
)
CUE_BONUS = 0.6
POSITION_BONUS = 0.3  # the first clause states the rule more often than the last


def _clause_rank(unit: Unit) -> int:
    label = unit.labels[-1] if unit.labels else ""
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits) if digits else 1


def unit_scores(question: str, units: Sequence[Unit], asks: str = "") -> list[float]:
    """Lexical score of each unit for the question, with what the question asks for and where the rule is.

    ``asks``: the question as asked when ``question`` is its Vietnamese terms (English, Bengali).
    """
    cues = _cues(question, asks)
    out = []
    for unit in units:
        score = lexical_score(question, unit.text)
        if score <= 0:
            out.append(0.0)
            continue
        folded = fold(unit.text)
        if len(folded) < 240 and _DELEGATION.search(folded):
            score *= 0.3
        score = _cued(score, folded, cues)
        score += POSITION_BONUS * min(score, 1.0) / _clause_rank(unit)
        out.append(score)
    return out


def _cues(question: str, asks: str) -> list[re.Pattern[str]]:
    """What the question asks for (:data:`_CUES`): the patterns of the text that gives it."""
    folded_q = fold(f"{question} {asks}")
    return [answer for asked, answer in _CUES if asked.search(folded_q)]


def _cued(score: float, folded: str, cues: list[re.Pattern[str]]) -> float:
    """``score`` raised for each thing the question asks for that the (folded) text gives."""
    return score + CUE_BONUS * sum(1 for answer in cues if answer.search(folded)) * min(score, 1.0)


def compose(
    question: str,
    article: dict[str, Any],
    *,
    article_label: str,
    document_name: str,
    similarity: Callable[[str, Sequence[str]], list[float]] | None = None,
    max_sentences: int = 2,
    asks: str = "",
) -> Composition:
    """Pick the unit and sentences of ``article`` that answer ``question``.

    ``similarity(question, texts)`` (e.g. dense cosine) is used when lexical
    overlap finds nothing, as for English or Bengali questions.
    """
    units = units_of(article)
    scores = unit_scores(question, units, asks)
    used = "lexical"
    if max(scores, default=0.0) <= 0.0 and similarity is not None and len(units) > 1:
        dense = similarity(question, [u.text for u in units])
        if dense:  # empty: no vectors for these units (they are embedded at indexing, see cards.embed_units)
            scores, used = dense, "dense"
    # Prefer the clause over a point of it when they tie (the wider citation).
    best = max(range(len(units)), key=lambda i: (scores[i], -len(units[i].labels)))
    unit = units[best]
    sentences = split_sentences(unit.text)
    if used == "lexical":
        # what the question asks for picks the sentence too: "which day" in a notice read as one text
        cues = _cues(question, asks)
        s_scores = [_cued(lexical_score(question, s), fold(s), cues) for s in sentences]
    elif similarity is not None and len(sentences) > 1 and (dense := similarity(question, sentences)):
        s_scores = dense
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
