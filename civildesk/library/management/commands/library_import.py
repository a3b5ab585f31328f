from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from civildesk.library import services
from civildesk.library.models import DocumentVersion, Scope
from civildesk.org.models import Unit, User


class Command(BaseCommand):
    help = "Upload every file of a folder (or a .zip) into the library, as USER, for UNIT; text is extracted now."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="a folder (searched recursively) or a .zip archive")
        parser.add_argument("--user", required=True, help="username of the uploader (permissions apply)")
        parser.add_argument("--unit", required=True, help="code of the owning unit")
        parser.add_argument("--public", action="store_true", help="make the documents public (needs a leader/admin)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["user"], is_active=True)
            unit = Unit.objects.get(code=options["unit"])
        except (User.DoesNotExist, Unit.DoesNotExist) as exc:
            raise CommandError(f"unknown user or unit: {exc}") from exc
        scope = Scope.PUBLIC if options["public"] else Scope.UNIT
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"not found: {path}")
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        ok = failed = 0
        for i, file in enumerate(files, 1):
            prefix = f"[{i}/{len(files)}] {file.name}"
            try:
                if file.suffix.lower() == ".zip":
                    batch = services.batch_upload_zip(actor=user, data=file.read_bytes(), unit=unit, scope=scope)
                    uploads = batch.uploads
                    for name, reason in batch.skipped:
                        self.stderr.write(f"{prefix}: {name}: {reason}")
                        failed += 1
                else:
                    uploads = [
                        services.document_upload(
                            actor=user, data=file.read_bytes(), filename=file.name, unit=unit, scope=scope
                        )
                    ]
            except (ValidationError, PermissionDenied) as exc:
                self.stderr.write(f"{prefix}: {' '.join(getattr(exc, 'messages', [str(exc) or 'not allowed']))}")
                failed += 1
                continue
            for upload in uploads:
                version = DocumentVersion.objects.filter(document=upload.document).order_by("-number").first()
                try:
                    document = services.version_process(version_id=version.pk)
                except Exception as exc:  # noqa: BLE001 - reported per file, the document shows the error
                    self.stderr.write(f"{prefix}: extraction failed: {getattr(exc, 'message', exc)}")
                    failed += 1
                else:
                    ok += 1
                    self.stdout.write(f"{prefix}: {document.title} ({document.articles.count()} articles)")
        self.stdout.write(self.style.SUCCESS(f"{ok} documents added, {failed} refused or failed"))
        if failed and not ok:
            raise CommandError("nothing was imported")
