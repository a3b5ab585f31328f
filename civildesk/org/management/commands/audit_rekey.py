"""Re-hash an audit trail written before the chain was keyed (plain SHA-256) with the audit key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from civildesk.org import auditkey
from civildesk.org.models import AuditEntry
from civildesk.org.services import GENESIS_HASH, audit_anchor_head, audit_record


class Command(BaseCommand):
    help = (
        "Once, after upgrading: check the old unkeyed SHA-256 chain and, if it is intact, re-chain every entry "
        "with HMAC-SHA256 and the audit key (CIVILDESK_AUDIT_KEY_FILE). Refuses a broken chain."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            entries = list(AuditEntry.objects.select_for_update().order_by("seq"))
            expected_prev, legacy, keyed = GENESIS_HASH, 0, 0
            for entry in entries:
                if entry.prev_hash != expected_prev:
                    raise CommandError(f"entry #{entry.seq}: the chain is broken before re-keying; nothing changed")
                if entry.entry_hash == auditkey.legacy_hash(entry.hashed_text()):
                    legacy += 1
                elif entry.entry_hash != entry.compute_hash():
                    raise CommandError(f"entry #{entry.seq}: content does not match its hash; nothing changed")
                else:
                    keyed += 1
                expected_prev = entry.entry_hash
            if not legacy:
                self.stdout.write(f"nothing to re-key: {keyed} entries already keyed")
                return
            prev = GENESIS_HASH
            for entry in entries:
                entry.prev_hash = prev
                entry.entry_hash = entry.compute_hash()
                # The queryset refuses updates on purpose; this command is the one sanctioned rewrite.
                AuditEntry._base_manager.filter(pk=entry.pk).update(
                    prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
                )
                prev = entry.entry_hash
            audit_record(actor=None, action="org.audit_rekey", summary={"entries": len(entries)})
        audit_anchor_head()
        self.stdout.write(self.style.SUCCESS(f"re-keyed {len(entries)} audit entries"))
