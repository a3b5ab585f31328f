"""Calibrated abstention: does the best article answer the question? Free of Django.

The assistant answers only when the best retrieved article contains enough of
the question's word pairs ("công chức", not "công" + "chức"), or, for English
and Bengali questions, enough of the glossary's Vietnamese terms for its
words, or is close enough in meaning (e5 cosine of the question and the
article's best window). Otherwise it says it could not find the answer.

The thresholds were chosen with ``bench/assistant.py`` on alqac25-dev, the
retrieval en/bn dev sets (answerable) and
``civildesk/assistant/devsets/unanswerable.json``; see docs/assistant.md.

Plain inputs (the question, its language, the candidates' text and dense
similarity, best first), plain outputs: testable without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from civildesk.text import fold, syllables, translate_terms

from .compose import STOP, content_pairs, word_pairs

__all__ = [
    "FOLLOWUP_MARKERS",
    "MIN_DENSE",
    "MIN_DENSE_CROSSLINGUAL",
    "MIN_LEAD_CROSSLINGUAL",
    "MIN_PHRASE",
    "MIN_PHRASE_CROSSLINGUAL",
    "MIN_PHRASE_ON_SUBJECT",
    "Candidate",
    "Decision",
    "content_terms",
    "coverage",
    "decide",
    "is_elliptical",
    "phrase_coverage",
    "titled",
]

# Vietnamese questions: word-pair coverage or dense cosine.
MIN_PHRASE = 0.7
MIN_DENSE = 0.87
# ... or a lower word-pair coverage when the best article belongs to the law the
# question is about (its topics, see catalogue.subjects_in): chosen on
# civildesk/assistant/devsets/civil_servants_dev.json to keep wrong answers down.
MIN_PHRASE_ON_SUBJECT = 0.4
# English, Bengali and other questions: dense cosine or glossary-term coverage ...
MIN_DENSE_CROSSLINGUAL = 0.82
MIN_PHRASE_CROSSLINGUAL = 0.3
# ... and, for English and Bengali, a lead of the best article's fused retrieval
# score over the runner-up's. Neither the cosine nor the glossary coverage tells a
# right first article from a wrong one; the lead does. Chosen on the retrieval
# en/bn dev sets and the civil servants' dev set (bench/tune_crosslingual.py) as
# the value that maximises right answers minus twice the wrong ones.
MIN_LEAD_CROSSLINGUAL = 0.10

# Folded phrases that mark a follow-up needing the conversation's context.
FOLLOWUP_MARKERS = ("con ", "the con", "vay con", "thi sao", "what about", "how about", "and for", "and what")


@dataclass(frozen=True)
class Candidate:
    """A retrieved article as abstention sees it."""

    text: str  # document title, article title and article text
    dense: float | None = None  # cosine of the question and the article's best window; None without the dense model
    score: float | None = None  # the retrieval engine's fused score (its order; comparable within one question)
    title: str = ""  # the article's own title ("Quyền và nghĩa vụ của hướng dẫn viên du lịch")


@dataclass(frozen=True)
class Decision:
    coverage: float  # share of the question's content words in the best article
    phrase: float  # share of its word pairs (for en/bn: of the glossary's Vietnamese terms)
    dense: float | None  # cosine of the question and the best article's best window
    margin: float  # dense similarity of the best article minus the runner-up's
    answer: bool
    lead: float | None = None  # fused retrieval score of the best article minus the runner-up's


def content_terms(text: str) -> list[str]:
    """The folded syllables of ``text`` that carry a topic (no stop words, no single letters)."""
    return [s for s in syllables(fold(text)) if s not in STOP and len(s) > 1]


def is_elliptical(question: str) -> bool:
    """A follow-up that needs the conversation's context ("còn viên chức thì sao?")."""
    folded = " " + fold(question).strip(" ?.!") + " "
    return any(f" {m}" in folded for m in FOLLOWUP_MARKERS) or len(content_terms(question)) <= 3


def coverage(question: str, text: str) -> float:
    """Share of the question's content words that the text contains (diacritics folded)."""
    q = set(content_terms(question))
    if not q:
        return 0.0
    t = set(syllables(fold(text)))
    return len(q & t) / len(q)


def phrase_coverage(question: str, text: str) -> float:
    """Like :func:`coverage`, on pairs of adjacent content words ("công chức", not "công" + "chức").

    A pair never spans punctuation, in the question or the text: the glossary
    joins an English or Bengali question's terms with " , " ("ngày , nghỉ
    phép năm" holds no pair "ngày nghỉ"), as the card's clause choice does.
    """
    pairs = content_pairs(question)
    if not pairs:
        return coverage(question, text)
    return len(pairs & word_pairs(text)) / len(pairs) + 0.1 * coverage(question, text)


def titled(terms: str, title: str) -> bool:
    """Whether the article's title holds every one of at least two glossary terms of the question.

    "What are the rights of a tour guide?" ("quyền , hướng dẫn viên du lịch")
    is what "Quyền và nghĩa vụ của hướng dẫn viên du lịch" is about, however
    close the runner-up's fused score: an English or Bengali question that
    names an article's title is answered without the lead (chosen on the
    retrieval en/bn dev sets and the civil servants' dev set).
    """
    parts = list(dict.fromkeys(fold(p).strip() for p in terms.split(" , ") if p.strip()))  # a term twice is one
    folded = f" {' '.join(syllables(fold(title)))} "
    return len(parts) >= 2 and all(f" {' '.join(syllables(p))} " in folded for p in parts)


def decide(question: str, language: str, candidates: Sequence[Candidate], *, on_subject: bool = False) -> Decision:
    """Whether the first of ``candidates`` (best first) answers ``question`` in ``language``.

    ``language`` is the detected one: "vi", "en", "bn" or "other". ``on_subject``:
    the best candidate belongs to the law the question is about.
    """
    if not candidates:
        return Decision(0.0, 0.0, None, 0.0, False)
    top = candidates[0]
    dense = top.dense
    runner = candidates[1].dense if len(candidates) > 1 else None
    margin = (dense - runner) if dense is not None and runner is not None else 0.0
    second = candidates[1].score if len(candidates) > 1 else None
    lead = (top.score - second) if top.score is not None and second is not None else None
    cov = coverage(question, top.text)
    if language in ("en", "bn"):
        terms = translate_terms(question, language)
        phrase = phrase_coverage(terms, top.text) if terms else 0.0
        ok = dense is not None and (dense >= MIN_DENSE_CROSSLINGUAL or phrase >= MIN_PHRASE_CROSSLINGUAL)
        ok = ok and (lead is None or lead >= MIN_LEAD_CROSSLINGUAL or titled(terms, top.title))
    elif language == "other":
        phrase, ok = 0.0, dense is not None and dense >= MIN_DENSE_CROSSLINGUAL
    else:
        phrase = phrase_coverage(question, top.text)
        ok = (
            phrase >= MIN_PHRASE
            or (on_subject and phrase >= MIN_PHRASE_ON_SUBJECT)
            or (dense is not None and dense >= MIN_DENSE)
        )
    return Decision(cov, phrase, dense, margin, ok, lead)
