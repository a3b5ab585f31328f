from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from civildesk.library import search


class Command(BaseCommand):
    help = (
        "Compute the dense vectors of the articles indexed lexically first (uploads are searchable at once; "
        "their vectors come from a background job, which this runs now)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        done = search.embed_pending(progress=lambda d, t: self.stderr.write(f"\r{d}/{t} articles", ending=""))
        self.stderr.write("")
        waiting = len(search.get_index().pending())
        self.stdout.write(f"{done} articles embedded in {time.monotonic() - started:.1f}s; {waiting} still waiting")
