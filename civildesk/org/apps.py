from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """Every ``migrate`` (setup, deployment, the test database) creates the database cache table."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class OrgConfig(AppConfig):
    name = "civildesk.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django_tasks.signals import task_finished, task_started

        from . import signals  # noqa: F401

        task_started.connect(_sweep_stale_jobs, dispatch_uid="org.sweep_stale_jobs")
        task_finished.connect(_fail_job_of_failed_task, dispatch_uid="org.fail_job_of_failed_task")

        from .models import job_messages_register
        from .tasks import JOB_MESSAGES

        job_messages_register(*JOB_MESSAGES)

        from django.db.backends.signals import connection_created

        from .backup import sqlite_make_private

        connection_created.connect(sqlite_make_private, dispatch_uid="org.sqlite_private")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="civildesk.org.create_cache_table")


def _sweep_stale_jobs(sender: object, **kwargs: object) -> None:
    """Workers look for jobs left running by a dead worker (at their first task, then at most once a minute)."""
    from .services import job_sweep_stale_throttled

    job_sweep_stale_throttled()


def _fail_job_of_failed_task(sender: object, task_result: Any, **kwargs: object) -> None:
    """A task that failed without reporting it (an unexpected exception, a dead RQ worker) fails its job."""
    from django_tasks.base import TaskResultStatus

    from .services import job_task_failed

    if task_result.status == TaskResultStatus.FAILED:
        job_task_failed(task_result=task_result)


class TwoStepAdminConfig(admin_apps.AdminConfig):
    """Replaces ``django.contrib.admin`` in INSTALLED_APPS: ``admin.site`` asks for the authenticator code."""

    default = False
    default_site = "civildesk.org.admin_site.TwoStepAdminSite"
