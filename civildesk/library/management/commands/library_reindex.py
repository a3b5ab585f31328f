from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from civildesk.library import search
from civildesk.library.models import Document, Status
from civildesk.retrieval import Index, store


class Command(BaseCommand):
    help = (
        "Rebuild the library's retrieval index from the database and publish it to every app server "
        "(embeddings come from the cache when unchanged)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--from-scratch", action="store_true", help="start from an empty index instead of the published one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        documents = list(Document.objects.filter(status=Status.READY))
        try:
            with search.writing(from_scratch=options["from_scratch"]) as index:
                self._rebuild(index, documents)
        except store.FormatError as exc:
            self.stderr.write(self.style.WARNING(f"{exc}. Rebuilding from scratch."))
            with search.writing(from_scratch=True) as index:
                self._rebuild(index, documents)
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(f"{len(documents)} documents indexed in {time.monotonic() - started:.1f}s")
        )

    def _rebuild(self, index: Index, documents: list[Document]) -> None:
        wanted = set()
        for i, document in enumerate(documents, 1):
            search.index_document(document, index=index)
            wanted |= {f"{document.pk}:{a}" for a in document.articles.values_list("anchor", flat=True)}
            self.stderr.write(f"\r{i}/{len(documents)} documents", ending="")
        index.remove([pid for pid in index.ids() if pid not in wanted])
