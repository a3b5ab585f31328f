from __future__ import annotations

import shutil
import time
from typing import Any

from django.core.management.base import BaseCommand

from civildesk.library import search
from civildesk.library.models import Document, Status


class Command(BaseCommand):
    help = "Rebuild the library's retrieval index from the database (embeddings come from the cache when unchanged)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from-scratch", action="store_true", help="delete the index first")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["from_scratch"]:
            shutil.rmtree(search.index_dir(), ignore_errors=True)
        documents = list(Document.objects.filter(status=Status.READY))
        with search.writing() as index:
            wanted = set()
            for i, document in enumerate(documents, 1):
                search.index_document(document, index=index)
                wanted |= {f"{document.pk}:{a}" for a in document.articles.values_list("anchor", flat=True)}
                self.stderr.write(f"\r{i}/{len(documents)} documents", ending="")
            index.remove([pid for pid in index.ids() if pid not in wanted])
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(f"{len(documents)} documents indexed in {time.monotonic() - started:.1f}s")
        )
