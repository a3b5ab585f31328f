"""Restore the diacritics of Vietnamese typed without them, from a corpus's own vocabulary.

"thoi han tam tru toi da" is ambiguous syllable by syllable ("tru" may be
"trú", "trữ", "trừ", "trụ"...), but the corpus says which pairs occur:
"tạm trú" does, "tạm trừ" does not. :class:`Restorer` counts the syllables
and adjacent pairs of a corpus (lower-cased NFC) and picks, for a folded
sentence, the most likely accented sequence with a bigram model (stupid
backoff to the unigram counts) by Viterbi search. Syllables the corpus does
not know are kept as typed.

Pure Python; built once per index (about a second for 2,000 articles).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from civildesk.text.normalize import fold_syllable, normalize

__all__ = ["Restorer"]

_WORD = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”…\n]+")
_BACKOFF = 0.4
_CANDIDATES = 8


class Restorer:
    """A diacritics restorer trained on ``texts`` (see the module's docstring)."""

    def __init__(self, texts: Iterable[str]) -> None:
        uni: Counter[str] = Counter()
        bi: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for part in _BREAK.split(normalize(text)):
                words = _WORD.findall(part)
                uni.update(words)
                bi.update(zip(words, words[1:], strict=False))
        forms: dict[str, list[str]] = defaultdict(list)
        for word, _n in uni.most_common():
            forms[fold_syllable(word)].append(word)
        self.forms = {k: v[:_CANDIDATES] for k, v in forms.items()}
        self.uni = uni
        self.bi = bi
        self.total = max(sum(uni.values()), 1)

    def _logp(self, prev: str | None, word: str) -> float:
        if prev is not None:
            pair = self.bi.get((prev, word), 0)
            if pair:
                return math.log(pair / self.uni[prev])
        return math.log(_BACKOFF * (self.uni.get(word, 0) + 0.1) / self.total)

    def _phrase(self, words: list[str]) -> list[str]:
        # Viterbi over the accented forms of each folded word.
        columns = [self.forms.get(fold_syllable(w.lower()), [w.lower()]) for w in words]
        best: dict[str, tuple[float, list[str]]] = {c: (self._logp(None, c), [c]) for c in columns[0]}
        for column in columns[1:]:
            step: dict[str, tuple[float, list[str]]] = {}
            for c in column:
                score, path = max(((s + self._logp(p, c), pth) for p, (s, pth) in best.items()), key=lambda x: x[0])
                step[c] = (score, [*path, c])
            best = step
        return max(best.values(), key=lambda x: x[0])[1]

    def restore(self, text: str) -> str:
        """``text`` with each word given its most likely diacritics (case of first letters kept)."""
        out: list[str] = []
        pos = 0
        for part in _BREAK.finditer(text + "\n"):
            chunk = text[pos : part.start()]
            matches = list(_WORD.finditer(chunk))
            if matches:
                restored = self._phrase([m.group() for m in matches])
                pieces, last = [], 0
                for m, new in zip(matches, restored, strict=True):
                    if fold_syllable(new) != fold_syllable(m.group().lower()):
                        new = m.group()
                    elif m.group()[:1].isupper():
                        new = new[:1].upper() + new[1:]
                    pieces += [chunk[last : m.start()], new]
                    last = m.end()
                pieces.append(chunk[last:])
                chunk = "".join(pieces)
            out.append(chunk)
            out.append(text[part.start() : min(part.end(), len(text))])
            pos = part.end()
        return "".join(out)[: len(text)] if len("".join(out)) >= len(text) else "".join(out)
