from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civildesk.org.models import AuditEntry
from civildesk.org.services import audit_verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exits non-zero naming the first bad entry."

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        problems = list(audit_verify_chain())
        if problems:
            for p in problems[:20]:
                self.stderr.write(f"entry #{p.seq} (id {p.pk}): {p.reason}")
            first = problems[0]
            raise CommandError(f"audit trail tampered: first bad entry #{first.seq} (id {first.pk}): {first.reason}")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {total} entries verified"))
