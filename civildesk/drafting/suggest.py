"""Suggested legal bases ("Căn cứ ...;") for a draft, found in the library.

Retrieval goes through the library's public interface, ``search.search(user,
...)``, so only documents the user may read are suggested; of those, only
the types a document is based on (laws, decrees, circulars, resolutions,
decisions) are kept, one suggestion per document, best first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civildesk.library import search
from civildesk.library.models import DocType, Document

from .layout import format_date

BASIS_TYPES = frozenset(
    {
        DocType.HIEN_PHAP,
        DocType.BO_LUAT,
        DocType.LUAT,
        DocType.NGHI_QUYET,
        DocType.NGHI_DINH,
        DocType.THONG_TU,
        DocType.QUYET_DINH,
        DocType.CHI_THI,
    }
)
# Search deeper than we show: some hits are articles of other types, or
# several articles of one document.
DEPTH = 40
QUERY_CHARS = 2000


@dataclass(frozen=True)
class Suggestion:
    text: str  # the "Căn cứ ...;" line
    document: Document
    url: str  # the best-matching article of the document
    snippet: str
    score: float


def basis_line(document: Document) -> str:
    """The conventional wording: "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 ...;".

    Laws are cited by name and date; other texts by type, number and date,
    then the rest of their title.
    """
    title = " ".join(document.title.split())
    date_part = f" {format_date(document.signed_date)}" if document.signed_date else ""
    if document.doc_type in (DocType.HIEN_PHAP, DocType.BO_LUAT, DocType.LUAT) or not document.number_symbol:
        return f"Căn cứ {title}{date_part};"
    number = document.number_symbol
    type_name = DocType(document.doc_type).label
    for prefix in _VI_NAMES.get(document.doc_type, ()):
        if title.lower().startswith(prefix.lower()):
            rest = title[len(prefix) :].strip()
            if rest.lower().startswith("số"):
                rest = rest[2:].strip()
            rest = rest.removeprefix(number).strip()
            return f"Căn cứ {prefix} số {number}{date_part} {rest}".rstrip() + ";"
    return f"Căn cứ {type_name} số {number}{date_part} {title}".rstrip() + ";"


_VI_NAMES: dict[str, tuple[str, ...]] = {
    DocType.NGHI_DINH: ("Nghị định",),
    DocType.NGHI_QUYET: ("Nghị quyết",),
    DocType.THONG_TU: ("Thông tư liên tịch", "Thông tư"),
    DocType.QUYET_DINH: ("Quyết định",),
    DocType.CHI_THI: ("Chỉ thị",),
}


def suggest_legal_bases(user: Any, *, subject: str, body: str = "", k: int = 5) -> list[Suggestion]:
    """Up to ``k`` legal bases for a draft with this subject and body, that ``user`` may read."""
    query = " ".join(f"{subject}\n{body}".split())[:QUERY_CHARS]
    if not query.strip():
        return []
    seen: set[int] = set()
    out: list[Suggestion] = []
    for result in search.search(user, query, k=DEPTH):
        doc = result.document
        if doc.pk in seen or doc.doc_type not in BASIS_TYPES:
            continue
        seen.add(doc.pk)
        out.append(
            Suggestion(
                text=basis_line(doc),
                document=doc,
                url=result.article.get_absolute_url(),
                snippet=result.snippet,
                score=result.score,
            )
        )
        if len(out) >= k:
            break
    return out
