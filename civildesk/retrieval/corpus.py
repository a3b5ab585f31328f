"""Loading the ALQAC-style corpus and question files used by evaluation and benchmarks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from civildesk.retrieval.passages import Passage
from civildesk.text import nfc

__all__ = ["Question", "load_corpus", "load_questions", "article_passage"]


@dataclass(frozen=True)
class Question:
    """An evaluation question with its gold passage ids (``"law_id:article_id"``)."""

    text: str
    relevant: frozenset[str]
    lang: str | None = None


def article_passage(law_id: str, article_id: str, text: str) -> Passage:
    """Turn one ALQAC article (``"heading\\n\\nbody"``) into a :class:`Passage`."""
    text = nfc(text)
    heading, sep, body = text.partition("\n\n")
    if not sep:
        heading, body = "", text
    title = f"{law_id} — Điều {article_id}. {heading.strip()}".rstrip(". ")
    return Passage(id=f"{law_id}:{article_id}", doc_id=law_id, title=title, text=body.strip())


def load_corpus(path: str | Path) -> list[Passage]:
    """Read ``[{"id": law_id, "articles": [{"id", "text"}]}]`` into passages."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [article_passage(str(law["id"]), str(a["id"]), a["text"]) for law in data for a in law["articles"]]


def load_questions(path: str | Path) -> list[Question]:
    """Read questions: ``text``/``statement`` + ``relevant_articles``/``legal_passages``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out: list[Question] = []
    for q in data:
        text = q.get("text") or q.get("statement") or ""
        gold = q.get("relevant_articles") or q.get("legal_passages") or []
        rel = frozenset(f"{g['law_id']}:{g['article_id']}" for g in gold)
        out.append(Question(text=nfc(text), relevant=rel, lang=q.get("lang")))
    return out
