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


def _sweep_stale_jobs(sender: object, **kwargs: object) -> None:
    """Workers look for jobs left running by a dead worker (at their first task, then at most once a minute)."""
    from .services import job_sweep_stale_throttled

    job_sweep_stale_throttled()
