from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "civildesk.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .models import job_messages_register
        from .tasks import JOB_MESSAGES

        job_messages_register(*JOB_MESSAGES)
