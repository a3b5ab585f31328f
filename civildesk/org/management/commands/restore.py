from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from civildesk.org.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Embedded mode (SQLite): restore a backup made by manage.py backup into the current CIVILDESK_DATA_DIR "
        "(database, files, audit anchor, keys), then migrate, verify the audit trail and rebuild the search index. "
        "Stop the web server and workers first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("src", type=Path, help="the data archive written by manage.py backup")
        parser.add_argument("--keys", type=Path, default=None, help="the keys file (default: SRC.keys.tar)")
        parser.add_argument("--force", action="store_true", help="replace an existing database, files and keys")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(src=options["src"], keys_src=options["keys"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"database restored to {result.database}; {result.files} files; keys: {', '.join(result.keys)}"
        )
        call_command("migrate", interactive=False, verbosity=0)
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
        call_command("library_reindex", from_scratch=True, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS("restore complete: start the services and open /healthz"))
