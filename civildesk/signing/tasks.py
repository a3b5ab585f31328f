"""Background work of the signing app: finishing signatures that need the network."""

from __future__ import annotations

from django_tasks import task


@task()
def finish_signature_task(step_id: int, job_id: str, level: str) -> None:
    """Timestamp, embed and add revocation data to a signature made in a request (no secret here)."""
    from . import services

    services.signature_finish(step_id=step_id, job_id=job_id, level=level)
