from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civildesk.ideas.services import rounds_close_expired


class Command(BaseCommand):
    help = (
        "Close the idea campaigns past their end (their voter key is wiped). Pages do this when a campaign is "
        "opened; run it from cron (e.g. hourly) so that no key outlives its campaign when nobody looks."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = rounds_close_expired()
        for rnd in closed:
            self.stdout.write(f"closed round {rnd.pk}: {rnd.question}")
        self.stdout.write(f"{len(closed)} round(s) closed")
