"""The demo library: documents written for CivilDesk (fictional numbers, dates and people).

A province's everyday rules a civil servant consults — working regulations,
official documents and archives, the one-stop shop, digital signatures, IT
and information security, leave and allowances, meetings, complaint
reception, the digital-transformation plan — as plain-text files in
``demo_docs/``, listed with their owning unit and access in
``demo_docs/index.json``. Loaded through the same pipeline as an upload
(extraction, structure, metadata, index). Idempotent: matched by source key.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from civildesk.org.models import Unit

from .models import Document, DocumentVersion, Scope, Status

DEMO_DOCS = Path(__file__).with_name("demo_docs")

REAL_CORPUS_HINT = """\
The demo library holds the province's own rules (written for the demo). To let the
assistant answer on real laws too, load a legal corpus, e.g. the 17 laws of ALQAC 2024:
  .venv/bin/python manage.py import_legal_corpus ../shared/data/legal-qa/alqac24-laws.json
(format: [{"id": law, "articles": [{"id", "text"}]}]); a folder of PDF/DOCX files:
  .venv/bin/python manage.py library_import FOLDER --user USERNAME --unit UNITCODE"""


def manifest() -> list[dict[str, str]]:
    """The demo documents: key, owning unit code, scope and file name, in loading order."""
    data = json.loads((DEMO_DOCS / "index.json").read_text(encoding="utf-8"))
    return list(data["documents"])


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    from .services import version_process

    created = 0
    existing = set(Document.objects.filter(source_key__startswith="demo:").values_list("source_key", flat=True))
    units = {u.code: u for u in Unit.objects.all()}
    for entry in manifest():
        if entry["key"] in existing:
            continue
        filename = entry["file"]
        data = (DEMO_DOCS / filename).read_bytes()
        document = Document.objects.create(
            title=filename.rsplit(".", 1)[0],
            source_key=entry["key"],
            scope=Scope(entry["scope"]),
            unit=units[entry["unit"]],
            status=Status.PROCESSING,
        )
        version = DocumentVersion(
            document=document,
            number=1,
            filename=filename,
            file_type="text",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        version.file.save(f"{version.sha256}.txt", ContentFile(data), save=False)
        version.save()
        version_process(version_id=version.pk)
        created += 1
    if created:
        # Uploads are searchable lexically at once and get their vectors from a
        # background job; the demo embeds now, so that its assistant answers
        # English and Bengali questions from the first minute.
        from .search import embed_pending

        embed_pending()
    if stdout is not None:
        stdout.write(REAL_CORPUS_HINT)
    return {"documents": created}
