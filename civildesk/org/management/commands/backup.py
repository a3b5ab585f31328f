from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civildesk.org.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Embedded mode (SQLite): back up the database (online backup API), the files and the audit anchor to DEST "
        "(.tar.gz), and the field and audit keys to a separate keys file. Both are written with mode 0600."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("dest", type=Path, help="the data archive to write, e.g. /backup/civildesk-DATE.tar.gz")
        parser.add_argument(
            "--keys-dest", type=Path, default=None, help="where the keys go (default: DEST.keys.tar); keep it apart"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(dest=options["dest"], keys_dest=options["keys_dest"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"data backed up to {result.archive}"))
        self.stdout.write(
            self.style.WARNING(
                f"keys written to {result.keys}: store this file APART from the data backup (another medium or "
                "place). Without it no denouncer's identity can be read after a restore; with both, anyone can."
            )
        )
