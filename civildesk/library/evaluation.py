"""Per-field accuracy of the metadata read from documents, on the evaluation set in ``evalset/``.

Each document of ``evalset/docs`` goes through the same path as an upload:
:func:`extract.extract_text` (OCR included), then :func:`services.read_metadata`
and the article split of :func:`services.count_articles`. The result is compared
field by field with ``evalset/labels.json``. Used by ``manage.py library_evaluate_metadata``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVALSET = Path(__file__).resolve().parent / "evalset"
FIELDS = ("type", "number", "issuer", "signed", "effective", "articles")
GROUPS = ("born-digital", "scan")


@dataclass
class Row:
    name: str
    group: str
    split: str
    shape: str
    truth: dict[str, Any]
    found: dict[str, Any] = field(default_factory=dict)
    method: str = ""

    def right(self, name: str) -> bool:
        return _same(name, self.truth.get(name), self.found.get(name))


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).replace("Ð", "Đ")
        return " ".join(value.split()).casefold()
    return value


def _same(name: str, truth: Any, found: Any) -> bool:
    return _norm(truth) == _norm(found)


def load_labels(root: Path = EVALSET) -> dict[str, dict[str, Any]]:
    return json.loads((root / "labels.json").read_text(encoding="utf-8"))


def read_document(path: Path) -> tuple[dict[str, Any], str]:
    """The fields the library reads from one file, and the extraction method."""
    from . import extract, services

    extraction = extract.extract_text(path.read_bytes(), filename=path.name, ocr_languages="vie+eng")
    meta = services.read_metadata(extraction.text)
    found = {
        "type": meta.doc_type,
        "number": meta.number_symbol,
        "issuer": meta.issuer,
        "signed": meta.signed_date.isoformat() if meta.signed_date else None,
        "effective": meta.effective_date.isoformat() if meta.effective_date else None,
        "articles": services.count_articles(extraction.text),
    }
    return found, extraction.method


def evaluate(*, split: str = "all", root: Path = EVALSET, progress: Callable[[str], None] | None = None) -> list[Row]:
    rows: list[Row] = []
    for name, truth in sorted(load_labels(root).items()):
        if split != "all" and truth["split"] != split:
            continue
        row = Row(name=name, group=truth["group"], split=truth["split"], shape=truth.get("shape", ""), truth=truth)
        row.found, row.method = read_document(root / "docs" / name)
        rows.append(row)
        if progress:
            progress(name)
    return rows


def table(rows: Iterable[Row]) -> str:
    """Per-field accuracy, one column per (group, split) present."""
    rows = list(rows)
    columns = [(g, s) for s in ("dev", "heldout") for g in GROUPS if any(r.group == g and r.split == s for r in rows)]
    if len({s for _g, s in columns}) > 1:
        columns += [(g, "all") for g in GROUPS if any(r.group == g for r in rows)]

    def chosen(g: str, s: str) -> list[Row]:
        return [r for r in rows if r.group == g and s in (r.split, "all")]

    head = ["field", *[f"{g} {s} (n={len(chosen(g, s))})" for g, s in columns]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in FIELDS:
        cells = [name]
        for g, s in columns:
            sel = chosen(g, s)
            ok = sum(1 for r in sel if r.right(name))
            cells.append(f"{ok}/{len(sel)} {100 * ok / len(sel):.0f} %")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def mistakes(rows: Iterable[Row]) -> list[str]:
    out = []
    for row in rows:
        for name in FIELDS:
            if not row.right(name):
                out.append(
                    f"{row.name} [{row.method}] {name}: expected {row.truth.get(name)!r}, read {row.found.get(name)!r}"
                )
    return out
