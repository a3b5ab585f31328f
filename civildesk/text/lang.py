"""Small offline language detector for questions: vi, vi without diacritics, en, bn.

Heuristics, in order:

1. Bengali script (U+0980–U+09FF) makes up a large share of letters → ``"bn"``.
2. Vietnamese diacritics on a fair share of syllables → ``"vi"``.
3. Otherwise the text is Latin without diacritics: it is English if many
   tokens are English function words or cannot be Vietnamese syllables
   (consonant clusters like "str", "ct", endings like "-s", "-ed"), else
   ``"vi-nodiac"`` (Vietnamese typed without diacritics).
"""

from __future__ import annotations

import re
import unicodedata

from civildesk.text.normalize import fold

__all__ = ["detect_language", "is_vietnamese_syllable", "LANGUAGES"]

LANGUAGES = ("vi", "vi-nodiac", "en", "bn", "other")

_WORD = re.compile(r"[^\W\d_]+")
# A folded Vietnamese syllable: optional onset, vowel nucleus, optional coda.
_VI_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"(a|e|i|o|u|y|ai|ao|au|ay|eo|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|uya|uye|uyu|ieu|oai|oay|oeo|uay|uoi|uou|yeu|ye)"
    r"(ng|nh|ch|c|m|n|p|t)?$"
)
# English function and frequent question words that are not common
# Vietnamese syllables ("a", "an", "to", "do", "in" are Vietnamese too).
_EN_WORDS = frozenset(
    """the of and is are was were be been what which who whom whose when where why how
    does did can could should would will shall may might must not no yes or if than then
    for with from by about into under over after before between according law laws
    article person people state right rights duty duties must there their this that these
    those it its has have had having any all each other such as at on""".split()
)
_VI_DIACRITIC_LETTERS = frozenset("ăâđêôơư")


def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` (any case, diacritics allowed) can be a Vietnamese syllable."""
    return bool(_VI_SYLLABLE.match(fold(word)))


def _has_vi_marks(word: str) -> bool:
    w = word.lower()
    if any(ch in _VI_DIACRITIC_LETTERS for ch in w):
        return True
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", w))


def detect_language(text: str) -> str:
    """Return ``"vi"``, ``"vi-nodiac"``, ``"en"``, ``"bn"`` or ``"other"`` for ``text``."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "other"
    bengali = sum(1 for ch in letters if "\u0980" <= ch <= "\u09ff")
    if bengali >= 0.3 * len(letters):
        return "bn"
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    latin = [w for w in words if all(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in w)]
    if not latin:
        return "other"
    marked = sum(1 for w in latin if _has_vi_marks(w))
    if marked >= max(1, 0.2 * len(latin)):
        return "vi"
    lower = [w.lower() for w in latin]
    en = sum(1 for w in lower if w in _EN_WORDS)
    not_vi = sum(1 for w in lower if not is_vietnamese_syllable(w))
    if (en + not_vi) >= 0.3 * len(lower) and not_vi >= 0.15 * len(lower):
        return "en"
    return "vi-nodiac"
