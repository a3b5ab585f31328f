"""A small English/Bengali → Vietnamese glossary of legal and administrative terms.

Used for cross-lingual retrieval: an English or Bengali question cannot match
Vietnamese articles lexically, and the multilingual embedding alone misses
about a quarter of them. Translating the legal terms a question contains
into Vietnamese gives the lexical index something to match. The glossary is
general vocabulary of Vietnamese public law; it is a signal fused with the
dense score, not a translation system.

Two parts: the hand-written entries (``glossary_terms.py``), and ``glossary_laws.json``, about
1,000 terms of the 17 laws of the reference corpus (ALQAC 2024: civil code,
marriage and family, administrative procedure, public employees, residence...)
with the English (3,993) and Bengali (2,022) words people use for them, written
from the laws' text on 2026-11-30 (every Vietnamese term occurs in the laws).
Where both give a word, the hand-written entry wins.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from civildesk.text.glossary_terms import BN_VI, EN_VI

__all__ = ["EN_VI", "BN_VI", "translate_terms"]


_EN_WORD = re.compile(r"[a-z']+")


def _en_stem(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=1)
def _law_terms() -> dict[str, dict[str, str]]:
    """The terms of the 17 laws of the reference corpus (``glossary_laws.json``), by language."""
    data: dict[str, dict[str, str]] = json.loads((Path(__file__).with_name("glossary_laws.json")).read_text("utf-8"))
    return data


@lru_cache(maxsize=1)
def _en_index() -> dict[tuple[str, ...], str]:
    terms = {**_law_terms()["en"], **EN_VI}  # the hand-written entries win
    return {tuple(_en_stem(w) for w in _EN_WORD.findall(k.lower())): v for k, v in terms.items()}


@lru_cache(maxsize=1)
def _bn_terms() -> list[tuple[str, re.Pattern[str], str]]:
    """Bengali keys, longest first, each matched at the start of a word.

    Bengali inflects with suffixes ("আদালতের" is "আদালত" + "এর"), so a key may
    end inside a word but must start one: "ওয়ার্ড" (ward) is not in "পাসওয়ার্ড".
    """
    terms = {**_law_terms()["bn"], **BN_VI}
    ordered = sorted(terms.items(), key=lambda kv: len(kv[0]), reverse=True)
    return [(key, re.compile(_BN_WORD_START + re.escape(key)), vi) for key, vi in ordered]


_BN_WORD_START = "(?<![\u0980-\u09ff])"


@lru_cache(maxsize=256)
def translate_terms(text: str, lang: str) -> str:
    """Vietnamese renderings of the glossary terms found in ``text``.

    ``lang`` is ``"en"`` or ``"bn"``; anything else returns ``""``. Terms are
    joined with ``" , "`` so that bigrams never span two terms. Cached: one
    question asks for its terms in retrieval, abstention, the catalogue and the
    card (the glossary does not change while the process runs).
    """
    found: list[str] = []
    if lang == "en":
        index = _en_index()
        longest = max(len(k) for k in index)
        words = [_en_stem(w) for w in _EN_WORD.findall(text.lower().replace("’", "'"))]
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                vi = index.get(tuple(words[i : i + n]))
                if vi is not None:  # "" : words that are read and give no term (the province's name)
                    if vi:
                        found.append(vi)
                    i += n
                    break
            else:
                i += 1
    elif lang == "bn":
        rest = text
        for key, pattern, vi in _bn_terms():
            if key in rest and pattern.search(rest):
                found.append(vi)
                rest = pattern.sub(" ", rest)
    return " , ".join(found)
