from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civildesk.org.services import job_sweep_stale


class Command(BaseCommand):
    help = (
        "Mark running jobs with no progress for CIVILDESK_JOB_STALE_MINUTES as failed (their worker died) and make "
        "their documents retryable. Workers and job pages do this too; run it from cron for idle periods."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = job_sweep_stale()
        for job in failed:
            self.stdout.write(f"failed stale job {job.pk} ({job.kind}): {job.title}")
        self.stdout.write(f"{len(failed)} stale job(s)")
