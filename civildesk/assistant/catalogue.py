"""Vietnamese laws by name (data: law_catalogue.json), to say plainly which one the library does not hold.

Plain Python, no Django: :func:`named_in` finds the laws a question names
(with or without diacritics, or by English name); :func:`held` tells whether
one of the given document titles is that law. The service asks both and,
when a named law is missing, answers "the library does not hold it" instead
of citing the nearest article of another law.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from civildesk.text import fold, has_diacritics, nfc, segments, syllables, translate_terms

from .compose import content_pairs

CATALOGUE_FILE = Path(__file__).with_name("law_catalogue.json")


@dataclass(frozen=True)
class Law:
    name: str  # "Luật Khiếu nại"
    year: int
    number: str  # "02/2011/QH13"
    en: str  # "Law on Complaints"
    aliases: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # what questions about it are about ("thường trú", "maternity")
    who: tuple[str, ...] = ()  # the people it governs ("viên chức"): a weaker hint

    @property
    def patterns(self) -> list[re.Pattern[str]]:
        return _patterns(self)


def _key(text: str) -> str:
    """Folded, punctuation as spaces, single-spaced: "Luật Phòng, chống" -> "luat phong chong"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@cache
def _patterns(law: Law) -> list[re.Pattern[str]]:
    names = {_key(n) for n in (law.name, law.en, *law.aliases) if n}
    return [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)") for n in sorted(names, key=len, reverse=True)]


@cache
def laws() -> tuple[Law, ...]:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return tuple(
        Law(
            item["name"],
            int(item["year"]),
            item["number"],
            item.get("en", ""),
            tuple(item.get("aliases", ())),
            tuple(item.get("topics", ())),
            tuple(item.get("who", ())),
        )
        for item in data["laws"]
    )


def named_in(question: str) -> list[Law]:
    """The catalogue's laws the question names, in the order the catalogue lists them."""
    key = _key(question)
    return [law for law in laws() if any(p.search(key) for p in law.patterns)]


def held(law: Law, titles: Iterable[str]) -> bool:
    """Whether one of these document titles (or numbers and symbols) is the law: its name or its number.

    A corpus may title a law by its number ("45/2019/QH14" for the Labour Code).
    """
    number = law.number.upper()
    return any(number in title.upper() or any(p.search(_key(title)) for p in law.patterns) for title in titles)


WHO_WEIGHT = 0.5  # a topic counts 1, a person the law governs half


def _plain(text: str) -> str:
    """Lower-cased NFC, punctuation as spaces, single-spaced (diacritics kept)."""
    return " ".join(re.sub(r"[^\w]+", " ", nfc(text).lower()).split())


def _bengali(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


@cache
def _phrase_pattern(phrase: str, folded: bool) -> re.Pattern[str]:
    key = _key(phrase) if folded else _plain(phrase)
    return re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")


def _found(phrase: str, question: str, plain: str, folded: str, accents: bool) -> bool:
    if _bengali(phrase):
        return phrase in question  # Bengali vowel signs are not word characters: match as written
    if accents or not has_diacritics(phrase):
        return bool(_phrase_pattern(phrase, False).search(plain))
    return bool(_phrase_pattern(phrase, True).search(folded))


def subjects_in(question: str, language: str = "vi") -> dict[Law, float]:
    """How strongly the question is about each law's subject: its topics count 1, its people half.

    Matched with diacritics when the question has them ("lưu trú" is not
    "lưu trữ"), folded when it has none; English and Bengali questions also
    through the glossary's Vietnamese terms for their words.
    """
    return {law: score for law, (score, _) in _matches(question, language).items()}


@lru_cache(maxsize=256)
def _matches(question: str, language: str) -> dict[Law, tuple[float, bool]]:
    """Per law matched: (the best score over the question's texts, whether one of them names its people).

    One pass for :func:`subjects_in` and :func:`people_in`, which ``services.ask`` asks of the same question.
    """
    found: dict[Law, tuple[float, bool]] = {}
    for text in _texts(question, language):
        plain, folded, accents = _plain(text), _key(text), has_diacritics(text)
        for law in laws():
            # A topic's spellings ("nghỉ hằng năm", "nghỉ hàng năm") count once: the same words folded.
            topics = len({_key(p) for p in law.topics if _found(p, text, plain, folded, accents)})
            people = sum(1 for p in law.who if _found(p, text, plain, folded, accents))
            if topics or people:
                score, named = found.get(law, (0.0, False))
                found[law] = (max(score, topics + WHO_WEIGHT * people), named or people > 0)
    return found


def subjects_of(question: str, language: str = "vi", *, typed: str = "") -> dict[Law, float]:
    """:func:`subjects_in`; with ``typed`` (the question as typed, ``question`` its diacritics restored) also
    matched as typed, folded: the restoration may miss a phrase the library's text seldom writes ("giấy phép
    lái xe")."""
    scores = subjects_in(question, language)
    if typed:
        for law, score in subjects_in(typed, language).items():
            scores[law] = max(scores.get(law, 0.0), score)
    return scores


def people_in(question: str, language: str = "vi", *, typed: str = "") -> set[Law]:
    """The laws whose people (``who``) the question names: "viên chức" names the Law on Public Employees.

    Read like :func:`subjects_of` (``typed`` too, and English and Bengali through the glossary).
    """
    asked = (question, typed) if typed else (question,)
    return {law for text in asked for law, (_, named) in _matches(text, language).items() if named}


def _texts(question: str, language: str) -> list[str]:
    """The question, and for English and Bengali also the glossary's Vietnamese terms for its words."""
    question = nfc(question)
    texts = [question]
    if language in ("en", "bn"):
        terms = translate_terms(question, language)
        if terms:
            texts.append(terms)
    return texts


def vietnamese_topics_in(law: Law, question: str, language: str = "vi") -> list[set[str]]:
    """The law's Vietnamese topics (not its people) the question is about, folded, in groups.

    A Vietnamese question gives one group per topic: it states each in its
    own words ([{"khieu nai lan dau"}, {"giai quyet khieu nai"}, ...]). An
    English or Bengali question gives one group per glossary rendering of
    its words, whose topics are alternatives ("marriage": "hôn nhân kết
    hôn" -> [{"hon nhan", "ket hon"}]); a topic that spans two neighbouring
    renderings, in either order, is one more group of its own, so that
    "settling my complaint" ("giải quyết", "khiếu nại") is about "giải quyết
    khiếu nại", not merely "khiếu nại" (Bengali puts the object first).
    Within a group, a topic inside a longer one found there is dropped
    ("khiếu nại" beside "khiếu nại lần đầu"), and so is a rendering's group
    all of whose topics lie inside one spanning topic. A local text answers
    a question about a law the library lacks only if it speaks of one topic
    of every group (see ``services.ask``).
    """
    if language not in ("en", "bn"):
        return [{t} for t in sorted(_longest(_topics_found(law, nfc(question))))]
    parts = translate_terms(nfc(question), language).split(" , ")
    groups: list[set[str]] = []
    for part in parts:
        found = _longest(_topics_found(law, part))
        if found and found not in groups:
            groups.append(found)
    spanning: set[str] = set()
    for a, b in zip(parts, parts[1:], strict=False):
        alone = _topics_found(law, a) | _topics_found(law, b)
        for text in (f"{a} {b}", f"{b} {a}"):
            spanning |= _topics_found(law, text) - alone
    spanning = _longest(spanning)
    groups = [g for g in groups if not any(all(_within(t, u) for t in g) for u in spanning)]
    return groups + [{t} for t in sorted(spanning)]


def _topics_found(law: Law, text: str) -> set[str]:
    """The law's Vietnamese topics found in ``text``, folded."""
    plain, folded, accents = _plain(text), _key(text), has_diacritics(text)
    return {
        _key(p) for p in law.topics if has_diacritics(p) and not _bengali(p) and _found(p, text, plain, folded, accents)
    }


def _within(t: str, u: str) -> bool:
    return f" {t} " in f" {u} "


def _longest(found: set[str]) -> set[str]:
    """Without the topics inside a longer one found too."""
    return {t for t in found if not any(t != u and _within(t, u) for u in found)}


GAP = 2  # words a sentence may put between two words of a topic ("người đến khiếu nại")


def _holds(words: list[str], topic: list[str]) -> bool:
    """Whether ``words`` hold ``topic``'s words in its order, at most :data:`GAP` words apart."""

    def rest(start: int, k: int) -> bool:
        if k == len(topic):
            return True
        return any(words[j] == topic[k] and rest(j + 1, k + 1) for j in range(start, min(start + GAP + 1, len(words))))

    return any(w == topic[0] and rest(i + 1, 1) for i, w in enumerate(words))


def speaks_of(text: str, groups: Iterable[Iterable[str]]) -> bool:
    """Whether ``text`` speaks of one folded topic of every group (:func:`vietnamese_topics_in`).

    A topic is spoken of when one sentence holds its words in its order, at
    most two words apart: "người đến khiếu nại" speaks of "người khiếu nại";
    "phân loại đơn khiếu nại ... một lần" does not speak of "khiếu nại lần
    đầu", nor "đơn khiếu nại thuộc thẩm quyền giải quyết" of "giải quyết
    khiếu nại" (the demo walk: a Bengali question on the time limit for
    settling a complaint cited the province's rule on sorting letters).
    """
    sentences = [_key(s).split() for s in re.split(r"[\n.;:!?]+", text) if s.strip()]
    return all(any(any(_holds(words, t.split()) for words in sentences) for t in group) for group in groups)


# Words that ask rather than say ("mấy tháng", "bao lâu"), beyond the stop words.
ASKING = frozenset({"mấy", "lâu"})


@cache
def _people() -> tuple[tuple[str, ...], ...]:
    """The people any law of the catalogue governs ("viên chức", "công chức"), as syllable tuples."""
    return tuple(
        sorted({tuple(syllables(p)) for law in laws() for p in law.who if has_diacritics(p) and not _bengali(p)})
    )


def rest_of(law: Law, question: str, others: Iterable[Law] = ()) -> set[str]:
    """What a Vietnamese question says beyond its subject: its word pairs, as the answer check reads them.

    Left out: the words of ``law``'s topics the question holds (what makes it
    about that law) and of the ``others``' topics (the other laws it was
    weighed against: "Người lao động được nghỉ phép năm bao nhiêu ngày?" is
    about the Labour Code, and "nghỉ phép", the Law on Public Employees'
    topic, is what lost to it, not more than it), the people any law governs
    and the question words; then,
    as in :func:`abstain.phrase_coverage` (both :func:`compose.content_pairs`),
    pairs across punctuation and pairs with a stop word (folded: "bí" goes with "bị"). Syllables are compared
    with their tone marks in the canonical place ("tuý" is "túy"), numbers
    without leading zeros. "Thời hạn giải quyết tố cáo là bao nhiêu ngày?"
    says only "thoi_han" beyond the Law on Denunciations' "giải quyết tố
    cáo"; "Người tố cáo có quyền yêu cầu được giữ bí mật địa chỉ của mình"
    says "quyen_yeu", "yeu_cau", "mat_dia", "dia_chi" too.
    """
    spans = [tuple(syllables(t)) for one in (law, *others) for t in one.topics if has_diacritics(t) and not _bengali(t)]
    spans += _people()
    kept: list[str] = []
    for words in segments(question):
        masked = [w in ASKING for w in words]
        for span in spans:
            for i in range(len(words) - len(span) + 1):
                if tuple(words[i : i + len(span)]) == span:
                    masked[i : i + len(span)] = [True] * len(span)
        kept.append(" ".join("," if m else w for w, m in zip(words, masked, strict=True)))
    return content_pairs(" , ".join(kept))
