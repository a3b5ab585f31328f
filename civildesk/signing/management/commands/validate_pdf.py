from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from civildesk.signing import services, texts


class Command(BaseCommand):
    help = "Validate the signatures of a PDF against the trusted roots; --json prints the API's report."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            report = services.validate_upload(data=data, filename=path.name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        out = texts.localise(report.to_dict())
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{path.name}: {out['summary_text']}")
            for i, s in enumerate(out["signatures"], start=1):
                self.stdout.write(
                    f"  {i}. {s['signer']} — {s['status_text']}; PAdES {s['level']}; "
                    f"intact={s['intact']} trusted={s['trusted']} revocation={s['revocation']}; {s['modification_text']}"
                )
                for p in s["problems_text"]:
                    self.stdout.write(f"     - {p}")
        if out["summary"] == "invalid":
            raise SystemExit(2)
