"""Vietnamese normalisation, diacritics folding and syllable tokenisation.

Everything here is pure Python (``re`` + ``unicodedata``) and deterministic, so
the same function can be used at index time and at query time.

Vocabulary used in this module:

* *syllable*: Vietnamese words are written as space-separated syllables
  ("viên chức" = two syllables). We tokenise on syllables, never on words;
  bigrams of adjacent syllables stand in for word segmentation (measured to be
  as good as pyvi segmentation on the ALQAC data and 13x cheaper).
* *folding*: removing all diacritics, including ``đ -> d``, and lower-casing,
  so that text typed without diacritics matches the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "nfc",
    "fold",
    "canonical_tones",
    "normalize",
    "segments",
    "syllables",
    "bigrams",
    "terms",
    "has_diacritics",
    "fold_syllable",
]

# Combining tone marks (grave, acute, tilde, hook above, dot below).
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Old/new tone placement in open syllables "oa", "oe", "uy" ("hoà"/"hòa",
# "thuỷ"/"thủy"). Canonical form here: tone on the first vowel ("hòa", "thủy"),
# except after "q" where "u" belongs to the onset ("quý").
_OA_OE = re.compile(rf"(?<!q)o([ae])([{_TONE_MARKS}])$")
_UY = re.compile(rf"(?<![qQ])u(y)([{_TONE_MARKS}])$")
_SYLLABLE = re.compile(r"[^\W_]+")
# Punctuation that ends a phrase: bigrams never cross it.
_SEGMENT_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’«»…/\\|\n\r\t–—-]+")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_VI_DIACRITIC_CHARS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC form (composed characters).

    Vietnamese text from PDFs and web forms mixes composed and decomposed
    forms (``"ệ"`` as one code point or as ``e`` + two combining marks); NFC
    makes them compare equal.
    """
    return unicodedata.normalize("NFC", s)


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and len(base) == 1:  # keep folding length-preserving
            table[cp] = base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "D"
    return table


_FOLD_TABLE = _build_fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(s: str) -> str:
    """Lower-case ``s`` and remove every diacritic, including ``đ -> d``.

    Works on composed and decomposed input alike.

    >>> fold("Viên chức Đà")
    'vien chuc da'
    """
    out = s.lower().translate(_FOLD_TABLE)
    if _COMBINING.search(out):  # decomposed input: strip the marks left over
        out = _COMBINING.sub("", unicodedata.normalize("NFD", out)).translate(_FOLD_TABLE)
    return out


def canonical_tones(syllable: str) -> str:
    """Put the tone mark of a lower-case syllable on its canonical vowel.

    ``"hoà" -> "hòa"``, ``"khoẻ" -> "khỏe"``, ``"thuỷ" -> "thủy"``; ``"quý"``
    and closed syllables (``"hoàn"``) are unchanged. Returns NFC.
    """
    d = unicodedata.normalize("NFD", syllable)
    d = _OA_OE.sub(r"o\2\1", d)
    d = _UY.sub(r"u\2\1", d)
    return unicodedata.normalize("NFC", d)


def normalize(s: str) -> str:
    """NFC + lower-case: the form in which text is compared and displayed."""
    return nfc(s).lower()


@lru_cache(maxsize=1 << 17)
def _norm_syllable(tok: str, folded: bool) -> str:
    if tok.isdigit():
        return _LEADING_ZEROS.sub("", tok)  # "02 năm" matches "2 năm"
    return fold(tok) if folded else canonical_tones(tok)


def segments(s: str, *, folded: bool = False) -> list[list[str]]:
    """Split ``s`` into phrases (at punctuation) of normalised syllables.

    Syllables are lower-cased NFC with canonical tone placement, or folded
    when ``folded`` is true. Numbers lose leading zeros (``"02" -> "2"``).
    """
    out: list[list[str]] = []
    for part in _SEGMENT_BREAK.split(normalize(s)):
        toks = [_norm_syllable(t, folded) for t in _SYLLABLE.findall(part)]
        if toks:
            out.append(toks)
    return out


def syllables(s: str, *, folded: bool = False) -> list[str]:
    """Return the normalised syllables of ``s`` in order (see :func:`segments`)."""
    return [t for seg in segments(s, folded=folded) for t in seg]


def bigrams(segs: Iterable[list[str]]) -> list[str]:
    """Return adjacent-syllable bigrams (``"viên_chức"``) within each segment."""
    out: list[str] = []
    for seg in segs:
        out.extend(f"{a}_{b}" for a, b in zip(seg, seg[1:], strict=False))
    return out


def terms(s: str, *, folded: bool = False) -> list[str]:
    """Unigrams followed by bigrams of ``s``: the lexical terms of a text."""
    segs = segments(s, folded=folded)
    return [t for seg in segs for t in seg] + bigrams(segs)


@lru_cache(maxsize=1 << 17)
def fold_syllable(syllable: str) -> str:
    """:func:`fold` for one syllable, memoised (the syllable inventory is small)."""
    return fold(syllable)


def has_diacritics(s: str) -> bool:
    """True if ``s`` contains a Vietnamese diacritic (tone mark or modified letter)."""
    if any(ch in _VI_DIACRITIC_CHARS for ch in s):
        return True
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", s))
