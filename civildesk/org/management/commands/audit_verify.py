from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civildesk.org.models import AuditEntry
from civildesk.org.services import audit_anchor_head, audit_verify_chain


class Command(BaseCommand):
    help = (
        "Verify the keyed hash chain of the audit trail against its last anchor; exits non-zero naming the first "
        "bad entry. When intact, the head (seq, hash) is anchored again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        problems = list(audit_verify_chain())
        if problems:
            for p in problems[:20]:
                self.stderr.write(f"entry #{p.seq} (id {p.pk}): {p.reason}")
            first = problems[0]
            raise CommandError(f"audit trail tampered: first bad entry #{first.seq} (id {first.pk}): {first.reason}")
        anchor = audit_anchor_head()
        head = f"; head #{anchor.seq} {anchor.entry_hash[:16]}… anchored" if anchor else ""
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {total} entries verified{head}"))
