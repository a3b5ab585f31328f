from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civildesk.drafting import render
from civildesk.drafting.document import DOC_TYPES, DocumentDataError, OfficialDocument
from civildesk.drafting.layout import FontMissingError


class Command(BaseCommand):
    help = (
        "Render an official document (Decree 30/2020/NĐ-CP format) from a JSON file to PDF or DOCX. "
        "The JSON fields are described in docs/drafting.md; examples in docs/examples/drafting/."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--type", required=True, choices=sorted(DOC_TYPES), help="Document type.")
        parser.add_argument("--data", required=True, help="JSON file with the document's fields ('-' for stdin).")
        parser.add_argument("--format", required=True, choices=["pdf", "docx", "html"], help="Output format.")
        parser.add_argument("--out", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["data"]
        try:
            text = Path(source).read_text(encoding="utf-8") if source != "-" else self._stdin()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {source}: {exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from exc
        if isinstance(data, dict):
            given = data.get("doc_type")
            if given not in (None, "", options["type"]):
                raise CommandError(f"--type {options['type']} does not match doc_type {given!r} in {source}")
            data = {**data, "doc_type": options["type"]}
        try:
            doc = OfficialDocument.from_dict(data)
            content = render.render(doc, options["format"])
        except DocumentDataError as exc:
            lines = "\n".join(f"  {field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())
            raise CommandError(f"{source} is not a valid document:\n{lines}") from exc
        except FontMissingError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(content)
            tmp.replace(out)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc}") from exc
        self.stdout.write(f"{out} ({len(content)} bytes)")

    def _stdin(self) -> str:
        import sys

        return sys.stdin.read()
