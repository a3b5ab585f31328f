"""Value types of the retrieval engine and the windowing of long passages."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Passage", "Hit", "WINDOW_WORDS", "WINDOW_STRIDE", "windows", "doc_title"]

#: Words (whitespace tokens) of body per window, and the step between windows.
#: 256 Vietnamese words are about 310 model tokens, well inside e5's 512.
WINDOW_WORDS = 256
WINDOW_STRIDE = 192


@dataclass(frozen=True)
class Passage:
    """One retrievable unit, normally one article of a legal document.

    ``title`` should start with the document's name, then ``" — "``, then the
    article heading (``"Luật Viên chức — Điều 5. Phạm vi điều chỉnh"``): the
    part before ``" — "`` is matched against law names cited in questions.
    ``access`` is one access tag (``"public"``, ``"unit:7"``); ``meta`` maps
    str to str and can be filtered on with ``Index.search(where=...)``.
    """

    id: str
    doc_id: str
    title: str
    text: str
    access: str = "public"
    meta: dict[str, str] = field(default_factory=dict)

    def content_hash(self) -> str:
        """Hash of everything that affects indexing (not of the id)."""
        blob = json.dumps(
            [self.doc_id, self.title, self.text, self.access, sorted(self.meta.items())],
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Hit:
    """One search result: a passage id with its fused score and rank (1-based).

    ``snippet`` is HTML-escaped text with ``<mark>…</mark>`` around matched
    terms; ``explain`` is filled when ``search(explain=True)``.
    """

    id: str
    doc_id: str
    score: float
    rank: int
    snippet: str
    explain: dict[str, Any] | None = None


def doc_title(title: str) -> str:
    """The document part of a passage title (before ``" — "``)."""
    return title.split(" — ", 1)[0] if " — " in title else ""


def windows(title: str, text: str, size: int = WINDOW_WORDS, stride: int = WINDOW_STRIDE) -> list[str]:
    """Split ``text`` into overlapping word windows, each prefixed by ``title``.

    A short text gives one window. Every word of ``text`` is in at least one
    window; consecutive windows overlap by ``size - stride`` words.
    """
    words = text.split()
    starts = [0]
    while starts[-1] + size < len(words):
        starts.append(starts[-1] + stride)
    head = f"{title}\n" if title else ""
    return [head + " ".join(words[s : s + size]) for s in starts]
