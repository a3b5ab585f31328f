from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "civildesk.library"
    label = "library"
    verbose_name = _("Document library")

    def ready(self) -> None:
        from django.conf import settings

        from civildesk.retrieval import embed

        # The retrieval engine reads no environment: it gets the settings here, once.
        embed.configure(
            cache_dir=settings.CIVILDESK_EMBEDDING_CACHE,
            threads=settings.CIVILDESK_EMBEDDING_THREADS,
            query_threads=settings.CIVILDESK_QUERY_THREADS,
        )

        from civildesk.org.services import job_stale

        job_stale.connect(_on_stale_jobs, dispatch_uid="library.stale_jobs")

        from civildesk.org.models import job_messages_register

        from .messages import FIXED, NAMED
        from .tasks import JOB_MESSAGES

        job_messages_register(*JOB_MESSAGES, *FIXED, NAMED)


def _on_stale_jobs(sender: object, jobs: list, **kwargs: object) -> None:  # type: ignore[type-arg]
    from .services import documents_fail_for_stale_jobs

    documents_fail_for_stale_jobs(jobs=jobs)
