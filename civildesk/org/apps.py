from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "civildesk.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django_tasks.signals import task_started

        from . import signals  # noqa: F401

        task_started.connect(_sweep_stale_jobs, dispatch_uid="org.sweep_stale_jobs")

        from .models import job_messages_register
        from .tasks import JOB_MESSAGES

        job_messages_register(*JOB_MESSAGES)

        from django.db.backends.signals import connection_created

        from .backup import sqlite_make_private

        connection_created.connect(sqlite_make_private, dispatch_uid="org.sqlite_private")


def _sweep_stale_jobs(sender: object, **kwargs: object) -> None:
    """Workers look for jobs left running by a dead worker (at their first task, then at most once a minute)."""
    from .services import job_sweep_stale_throttled

    job_sweep_stale_throttled()
