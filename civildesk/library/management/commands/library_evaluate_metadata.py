from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civildesk.library import evaluation


class Command(BaseCommand):
    help = (
        "Read every document of the metadata evaluation set (civildesk/library/evalset) as an upload is read, "
        "and print per-field accuracy for born-digital documents and scans."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--split", choices=["all", "dev", "heldout"], default="all")
        parser.add_argument("--mistakes", action="store_true", help="list every field read wrong")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = evaluation.evaluate(split=options["split"], progress=lambda name: self.stderr.write(name))
        self.stdout.write(evaluation.table(rows))
        if options["mistakes"]:
            for line in evaluation.mistakes(rows):
                self.stdout.write(line)
