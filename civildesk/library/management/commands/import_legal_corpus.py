from __future__ import annotations

import sys
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from civildesk.library.corpus import import_corpus


class Command(BaseCommand):
    help = (
        'Import a legal corpus ([{"id": law, "articles": [{"id", "text"}]}]) as public documents and index it. '
        "Re-running updates instead of duplicating. Returns when the corpus is searchable."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("corpus", help="path of the corpus JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        tty = sys.stderr.isatty()
        last = {"stage": "", "t": 0.0}

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - last["t"] < (0.2 if tty else 10) and stage == last["stage"]:
                return
            last.update(stage=stage, t=now)
            width = 30
            filled = int(width * done / max(total, 1))
            rate = done / max(now - started, 1e-6)
            label = "importing laws" if stage == "import" else "indexing articles"
            line = f"{label:18} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.1f}/s)"
            self.stderr.write(("\r" + line) if tty else line, ending="\n" if (done >= total or not tty) else "")
            self.stderr.flush()

        try:
            documents = import_corpus(path=options["corpus"], progress=progress)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        articles = sum(d.articles.count() for d in documents)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(documents)} documents, {articles} articles imported and indexed in {time.monotonic() - started:.1f}s"
            )
        )
