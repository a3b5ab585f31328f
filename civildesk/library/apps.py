from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "civildesk.library"
    label = "library"
    verbose_name = _("Document library")

    def ready(self) -> None:
        from civildesk.org.models import job_messages_register

        from .messages import FIXED, NAMED
        from .tasks import JOB_MESSAGES

        job_messages_register(*JOB_MESSAGES, *FIXED, NAMED)
