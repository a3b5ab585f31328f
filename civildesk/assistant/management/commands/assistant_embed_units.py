"""Embed the clauses and sentences of the library's documents for the assistant's answer cards (once)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from civildesk.assistant.cards import embed_units
from civildesk.library.models import Document, Status


class Command(BaseCommand):
    help = (
        "Embed the clauses and sentences of every ready document into the embedding cache, so English and "
        "Bengali answers choose their clause without embedding anything at question time. Run after a corpus "
        "import (documents uploaded through the library are embedded by their indexing job)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        documents = list(Document.objects.filter(status=Status.READY))

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done}/{total} clauses and sentences", ending="")

        n = embed_units(documents, progress=progress)
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"{n} texts embedded in {time.monotonic() - started:.1f}s"))
