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
