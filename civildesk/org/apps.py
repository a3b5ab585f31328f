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
        from . import signals  # noqa: F401

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="civildesk.org.create_cache_table")


class TwoStepAdminConfig(admin_apps.AdminConfig):
    """Replaces ``django.contrib.admin`` in INSTALLED_APPS: ``admin.site`` asks for the authenticator code."""

    default = False
    default_site = "civildesk.org.admin_site.TwoStepAdminSite"
