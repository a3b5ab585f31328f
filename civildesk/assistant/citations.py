"""Citation checking for generated answers: no made-up article reaches the page.

A model asked to answer from numbered legal sources may still cite an article
that is not among them ("theo Điều 99 Luật Không Có"). :func:`check_citations`
finds the legal citations in a text ("Điều 28", "Khoản 1 Điều 28 Luật Viên
chức", "Điểm a Khoản 1 Điều 28", "Article 28", "Clause 1 of Article 28",
"ধারা ২৮"...) and removes those that do not point at one of the sources, with
their lead-in words, then tidies the punctuation left behind.

Plain Python, standard library only (no Django, no HTTP): the transport in
:mod:`civildesk.assistant.llm` calls it on each sentence before yielding it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Source", "check_citations"]


@dataclass
class Source:
    """One numbered source given to the model; the check compares citations with its law and article."""

    label: str  # e.g. "Khoản 1 Điều 28 Luật Viên chức"
    law: str  # e.g. "Luật Viên chức"
    article: str  # e.g. "28"
    text: str


# Words that may introduce a citation and go with it when it is removed.
_LEAD = (
    r"(?:theo\s+quy\s+định\s+(?:tại|của)|quy\s+định\s+tại|căn\s+cứ(?:\s+vào)?|theo|tại"
    r"|xem(?:\s+thêm)?|according\s+to|pursuant\s+to|as\s+provided\s+(?:for\s+)?in|under|see(?:\s+also)?|in)\s+"
)
_CITATION = re.compile(
    rf"""
    (?<!\w)(?P<lead>{_LEAD})?
    (?P<ref>
        (?:điểm\s+(?P<vi_point>[a-zđ])\s*,?\s+)?
        (?:khoản\s+(?P<vi_clause>\d+)\s*,?\s+)?
        điều\s+(?P<vi_article>\d+[a-zđ]?)(?!\w)
        (?:\s*,?\s+khoản\s+\d+(?!\w))?
    |
        (?:(?:point|item)\s+[a-zđ]\s*(?:,|\s+of)?\s+)?
        (?:clause\s+\d+\s*(?:,|\s+of)?\s+)?
        (?:article|art\.)\s+(?P<en_article>\d+[a-z]?)(?!\w)
    |
        (?:ধারা|অনুচ্ছেদ)\s+(?P<bn_article>[0-9০-৯]+)(?!\w)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Between an article reference and the law it belongs to: ", ", " của ", " of the ".
_CONNECTOR = re.compile(r"\s*,?\s+(?:(?:của|of)\s+)?(?:the\s+)?")
# A Vietnamese law named by its kind, then its name up to punctuation or a word
# that cannot be part of it ("thì", "quy định"...). Used for laws that are not
# among the sources, so the whole citation can be removed.
_STOP = (
    r"thì|và|là|được|có|của|quy|nêu|này|đó|khi|nếu|để|mà|với|cho|trong|nhưng|hoặc|tại|theo|về việc"
    r"|says|states|provides|and|or|which|that|is|are|for|to"
)
_VI_LAW = re.compile(
    r"(?i:bộ\s+luật|luật|hiến\s+pháp|nghị\s+định|thông\s+tư|nghị\s+quyết|pháp\s+lệnh|quyết\s+định)(?!\w)"
    rf"(?:\s+(?!(?:{_STOP})(?!\w))[^\s,.;:!?()\[\]\"“”]+)+"
    r"|(?i:hiến\s+pháp)(?!\w)"
)
# An English law name: "Civil Code", "Law on Public Employees", "Constitution".
_EN_LAW = re.compile(
    r"(?:[A-Z][\w'-]*\s+){0,3}(?:Law|Code|Constitution|Decree|Circular|Resolution|Ordinance)(?!\w)"
    r"(?:\s+(?:on|of)\s+[A-Z][\w'-]*(?:\s+(?:(?:and|of|the|on|for)\s+)*[A-Z][\w'-]*)*)?"
)
_YEAR_OR_NUMBER = re.compile(r"(?:\s+(?:năm\s+)?\d{4}(?!\w)|\s+số\s+[\w/.-]+|\s+\d+/\d{4}/[\w-]+)+", re.IGNORECASE)
_BN_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _core_law(name: str) -> str:
    """A law's name without its year or number, folded: "Luật Viên chức năm 2010" → "luật viên chức"."""
    return _fold(_YEAR_OR_NUMBER.sub("", " " + name))


@dataclass(frozen=True)
class _Citation:
    start: int  # where the removable phrase starts (its lead-in words included)
    ref_start: int
    end: int
    article: str
    law: str | None  # folded core name, or None when no law is named or it cannot be compared


def _law_after(text: str, pos: int, laws: list[tuple[re.Pattern[str], str]]) -> tuple[int, str | None] | None:
    """The law named right after an article reference at ``pos``: (end, folded core name or None)."""
    connector = _CONNECTOR.match(text, pos)
    if not connector:
        return None
    at = connector.end()
    for pattern, core in laws:  # a law of the sources, longest name first
        known = pattern.match(text, at)
        if known:
            extra = _YEAR_OR_NUMBER.match(text, known.end())
            return (extra.end() if extra else known.end()), core
    vi_law = _VI_LAW.match(text, at)
    if vi_law:
        extra = _YEAR_OR_NUMBER.match(text, vi_law.end())
        return (extra.end() if extra else vi_law.end()), _core_law(vi_law.group())
    en_law = _EN_LAW.match(text, at)
    if en_law:  # translated names cannot be compared with the sources' Vietnamese ones
        return en_law.end(), None
    return None


def _citations(text: str, sources: list[Source]) -> Iterator[tuple[_Citation, bool]]:
    cores = sorted({_core_law(s.law) for s in sources if s.law.strip()}, key=len, reverse=True)
    laws = [(re.compile(r"\s+".join(map(re.escape, core.split())) + r"(?!\w)", re.IGNORECASE), core) for core in cores]
    known = {(s.article.strip().casefold(), _core_law(s.law)) for s in sources}
    articles = {article for article, _ in known}
    for m in _CITATION.finditer(text):
        article = (m["vi_article"] or m["en_article"] or m["bn_article"] or "").translate(_BN_DIGITS).casefold()
        end, law = m.end(), None
        after = _law_after(text, end, laws)
        if after is not None:
            end, law = after
        cited = _Citation(m.start(), m.start("ref"), end, article, law)
        yield cited, (article in articles if law is None else (article, law) in known)


_AFTER_SENTENCE = re.compile(r"[.!?…।\n][\"'”’)\]]*\s*$")
_SEPARATOR = re.compile(r"[ \t]*[,;:]?[ \t]*(?:(?:và|hoặc|and|or|এবং|বা)[ \t]+)?")
_SENTENCE_STOP = re.compile(r"[.!?…।]+[ \t]*")
_TIDY = [
    (re.compile(r"\(\s*[,;]?\s*\)|\[\s*[,;]?\s*\]"), ""),  # emptied brackets
    (re.compile(r"\(\s*[,;]\s*"), "("),
    (re.compile(r"\s*[,;]\s*\)"), ")"),
    (re.compile(r"[ \t]+(?:và|hoặc|and|or|এবং|বা)(?=[ \t]*(?:[.,;:!?)।]|$))", re.MULTILINE), ""),  # dangling "and"
    (re.compile(r"[ \t]+(?=[.,;:!?)।])"), ""),
    (re.compile(r"([,;:])(?:[ \t]*[,;:])+"), r"\1"),
    (re.compile(r"[,;:][ \t]*(?=[.!?])"), ""),
    (re.compile(r"\([ \t]+"), "("),
    (re.compile(r"[ \t]{2,}"), " "),
]


def check_citations(text: str, sources: list[Source]) -> tuple[str, list[str]]:
    """Remove from ``text`` the citations that do not point at one of ``sources``.

    A citation ("Điều 28", "Khoản 1 Điều 28", "Điểm a Khoản 1 Điều 28",
    "Article 28", "Clause 1 of Article 28", "ধারা ২৮"), optionally followed by a
    law's name ("Luật Viên chức", "Bộ luật Dân sự năm 2015", "Hiến pháp"), is
    kept when a source has that article and, when a Vietnamese law name is
    given, that law (compared without case, year or number). English law names
    cannot be compared with the sources' Vietnamese ones, so those citations
    are checked by article only. Clauses and points are not checked: a source
    stands for its whole article.

    A removed citation takes its lead-in words ("theo", "quy định tại",
    "according to"...) and brackets around it with it, and the punctuation and
    spaces left behind are tidied. Returns the text (NFC-normalised, otherwise
    unchanged when nothing is removed) and the removed citations as written.
    """
    text = unicodedata.normalize("NFC", text)
    bad = [c for c, valid in _citations(text, sources) if not valid]
    if not bad:
        return text, []
    removed = [text[c.ref_start : c.end].strip() for c in bad]
    out: list[str] = []
    pos = 0
    for c in bad:
        out.append(text[pos : c.start])
        end = c.end
        head = "".join(out)
        if not head.strip() or _AFTER_SENTENCE.search(head):
            # "Theo Điều 99 Luật X, viên chức..." → "Viên chức..."; "Xem Điều 99 Luật X." → ""
            end = _SEPARATOR.match(text, end).end()  # type: ignore[union-attr]
            if stop := _SENTENCE_STOP.match(text, end):
                end = stop.end()
            elif end < len(text) and text[end].islower():
                out.append(text[end].upper())
                end += 1
        pos = end
    out.append(text[pos:])
    cleaned = "".join(out)
    for pattern, replacement in _TIDY:
        cleaned = pattern.sub(replacement, cleaned)
    if not text[:1].isspace():
        cleaned = cleaned.lstrip(" \t")
    return cleaned, removed
