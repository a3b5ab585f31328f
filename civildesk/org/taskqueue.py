"""What the job sweep needs to know about the task backend (the one place that knows its internals).

A task that reports into a ``Job`` takes a ``job_id`` argument
(``extract_version_task(version_id, job_id)``); ``task_job_id`` finds it in
the arguments of any backend's task result.

With RQ (``django_tasks_rq.RQBackend``), a worker that dies mid-job (killed,
out of memory, machine lost) stops the heartbeat of its job in RQ's
``StartedJobRegistry``; about a minute later (RQ's monitoring interval plus
60 s) the entry has expired. ``rq_abandoned_job_ids`` names the ``Job`` of
each such entry and ``rq_forget_abandoned`` lets RQ move it to its failed registry, so that the job
is reported failed within a minute or two instead of after
``CIVILDESK_JOB_STALE_MINUTES``. The database backend has no such registry:
there the heartbeat (``job_progress``) timeout is the only sign of a dead worker.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def task_job_id(func: Any, args: Sequence[Any], kwargs: dict[str, Any]) -> str | None:
    """The ``job_id`` argument of one call of a task (or None when the task reports into no job)."""
    try:
        bound = inspect.signature(func).bind_partial(*args, **kwargs)
    except (TypeError, ValueError):
        return None
    value = bound.arguments.get("job_id")
    return str(value) if value else None


def uses_rq() -> bool:
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_rq.")


def _rq_registries() -> list[Any]:
    import django_rq
    from django_tasks_rq.backend import Job as RQJob

    return [django_rq.get_queue(name, job_class=RQJob).started_job_registry for name in settings.RQ_QUEUES]


def rq_abandoned_job_ids() -> list[str]:
    """The ``Job`` ids of the tasks whose RQ worker died mid-task (see ``rq_forget_abandoned``)."""
    if not uses_rq():
        return []
    from django_tasks_rq.backend import Job as RQJob
    from rq.exceptions import NoSuchJobError

    job_ids: list[str] = []
    try:
        for registry in _rq_registries():
            for rq_id in registry.get_expired_job_ids():
                try:
                    rq_job = RQJob.fetch(rq_id, connection=registry.connection)
                    task = import_string(rq_job.func_name)
                except (NoSuchJobError, ImportError, AttributeError):
                    continue
                job_id = task_job_id(getattr(task, "func", task), rq_job.args, rq_job.kwargs)
                if job_id:
                    job_ids.append(job_id)
    except Exception:  # Redis unreachable: the heartbeat timeout still applies
        logger.warning("Could not read RQ's registry of started jobs", exc_info=True)
    return job_ids


def rq_forget_abandoned() -> None:
    """Let RQ move the abandoned tasks to its failed registry (after their jobs were marked failed)."""
    if not uses_rq():
        return
    try:
        for registry in _rq_registries():
            registry.cleanup()
    except Exception:
        logger.warning("Could not clean RQ's registry of started jobs", exc_info=True)
