"""Importing a legal corpus in the retrieval command's JSON format.

``[{"id": law_id, "articles": [{"id": article_id, "text": "title\\n\\nbody"}]}]``:
each law becomes a public document, each article its own addressable part.
Re-importing updates documents and articles in place (matched by law id and
article id) instead of duplicating them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civildesk.org.services import audit_record, nfc

from . import structure
from .models import Article, DocType, Document, Scope, Status, Validity

_TYPE_BY_NAME = [
    (re.compile(r"^hiến pháp", re.I), DocType.HIEN_PHAP),
    (re.compile(r"^bộ luật", re.I), DocType.BO_LUAT),
    (re.compile(r"^luật", re.I), DocType.LUAT),
    (re.compile(r"^nghị định|/NĐ-CP", re.I), DocType.NGHI_DINH),
    (re.compile(r"^nghị quyết|/NQ-", re.I), DocType.NGHI_QUYET),
    (re.compile(r"^thông tư|/TT-", re.I), DocType.THONG_TU),
    (re.compile(r"/VBHN-", re.I), DocType.VAN_BAN_HOP_NHAT),
    (re.compile(r"/QH\d+$", re.I), DocType.LUAT),
]


def load_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Read and validate a corpus file; raise ValidationError with a clear message."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError(_("File not found: %(path)s") % {"path": path}) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("Not a UTF-8 JSON file: %(error)s") % {"error": exc}) from exc
    if not isinstance(data, list):
        raise ValidationError(_("The corpus must be a JSON list of laws."))
    for i, law in enumerate(data):
        if not isinstance(law, dict) or not str(law.get("id", "")).strip() or not isinstance(law.get("articles"), list):
            raise ValidationError(_('Law #%(i)d needs an "id" and a list of "articles".') % {"i": i + 1})
        for j, art in enumerate(law["articles"]):
            if not isinstance(art, dict) or not str(art.get("id", "")).strip() or not isinstance(art.get("text"), str):
                raise ValidationError(
                    _('Article #%(j)d of law “%(law)s” needs an "id" and a "text".') % {"j": j + 1, "law": law["id"]}
                )
    return data


def _doc_type(law_id: str) -> str:
    for pattern, doc_type in _TYPE_BY_NAME:
        if pattern.search(law_id):
            return doc_type
    return DocType.KHAC


def _article_parts(article_id: str, text: str) -> tuple[str, str, dict[str, Any]]:
    """Title, full text and structure node of one article of the corpus."""
    text = nfc(text)
    title = text.split("\n", 1)[0].strip()
    nodes = structure.parse_structure(f"Điều {article_id}. {text}")
    node = next((n for root in nodes for n in root.walk() if n.kind == "dieu"), None)
    from .services import _node_json

    if node is None:
        tree = {
            "kind": "dieu",
            "anchor": f"dieu-{article_id}",
            "label": f"Điều {article_id}",
            "number": article_id,
            "title": title,
            "text": text,
            "children": [],
        }
    else:
        tree = _node_json(node)
    return title, text, tree


@transaction.atomic
def import_law(*, law: dict[str, Any], actor: Any = None) -> tuple[Document, bool]:
    """Create or update one law and its articles. Returns (document, created)."""
    law_id = nfc(str(law["id"]))
    title = law_id  # "Luật Viên chức", or a number and symbol such as "91/2015/QH13"
    document, created = Document.objects.get_or_create(
        source_key=f"corpus:{law_id}",
        defaults={
            "title": title[:500],
            "number_symbol": law_id[:100] if re.match(r"^\d", law_id) else "",
            "doc_type": _doc_type(law_id),
            "scope": Scope.PUBLIC,
            "validity": Validity.IN_FORCE,
            "status": Status.READY,
        },
    )
    existing = {a.anchor: a for a in document.articles.all()}
    keep: set[str] = set()
    tree: list[dict[str, Any]] = []
    new: list[Article] = []
    changed: list[Article] = []
    for position, art in enumerate(law["articles"]):
        article_id = nfc(str(art["id"]).strip())
        heading, text, node = _article_parts(article_id, art["text"])
        anchor = node["anchor"] if node["anchor"] not in keep else f"dieu-{article_id}-{position}"
        node["anchor"] = anchor
        keep.add(anchor)
        tree.append(node)
        row = existing.get(anchor)
        values = {
            "number": article_id[:32],
            "label": f"Điều {article_id}"[:100],
            "title": heading[:500],
            "text": text,
            "position": position,
            "path_label": "",
        }
        if row is None:
            new.append(Article(document=document, anchor=anchor, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    document.articles.exclude(anchor__in=keep).delete()
    Article.objects.bulk_create(new)
    Article.objects.bulk_update(changed, ["number", "label", "title", "text", "position", "path_label"])
    document.structure = tree
    document.status = Status.READY
    document.save(update_fields=["structure", "status", "updated_at"])
    if created or new or changed:
        audit_record(
            actor=actor,
            action="library.corpus_import",
            obj=document,
            summary={"created": created, "new_articles": len(new), "changed_articles": len(changed)},
        )
    return document, created


def import_corpus(
    *, path: str | Path, actor: Any = None, progress: Callable[[str, int, int], None] | None = None
) -> list[Document]:
    """Import every law of a corpus file and index it; returns the documents."""
    from . import search

    laws = load_corpus(path)
    documents = []
    for i, law in enumerate(laws, 1):
        document, _created = import_law(law=law, actor=actor)
        documents.append(document)
        if progress:
            progress("import", i, len(laws))
    total = sum(len(law["articles"]) for law in laws)
    done_before = 0
    with search.writing() as index:
        for document in documents:
            count = document.articles.count()

            def report(done: int, _total: int, base: int = done_before) -> None:
                if progress:
                    progress("index", base + done, total)

            search.index_document(document, index=index, progress=report)
            done_before += count
            if progress:
                progress("index", done_before, total)
    return documents
