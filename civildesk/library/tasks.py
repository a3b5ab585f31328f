"""Background work of the library: extraction and indexing, reporting to a Job.

Job messages are stored in English and translated when shown (``Job.message_text``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_noop as _
from django_tasks import task

from civildesk.org.services import job_fail, job_finish, job_progress

JOB_MESSAGES = (
    _("Reading “%(title)s”"),
    _("Reading the file"),
    _("Page %(n)d of %(total)d"),
    _("Finding chapters and articles"),
    _("Indexing for search"),
    _("%(n)d articles found and indexed"),
)


_AFTER_INDEXING: list[Callable[[Any], None]] = []


def after_indexing(hook: Callable[[Any], None]) -> Callable[[Any], None]:
    """Run ``hook(document)`` in the indexing job once a document is indexed (an app registers it in ready()).

    The assistant embeds the document's clauses there, so that nothing but
    the question is embedded at question time.
    """
    if hook not in _AFTER_INDEXING:
        _AFTER_INDEXING.append(hook)
    return hook


def has_after_indexing() -> bool:
    return bool(_AFTER_INDEXING)


@task()
def extract_version_task(version_id: int, job_id: str) -> None:
    from . import services

    job_progress(job_id=job_id, percent=2, message=_("Reading the file"))
    try:
        document = services.version_process(
            version_id=version_id,
            progress=lambda percent, message: job_progress(job_id=job_id, percent=percent, message=message),
        )
    except Exception as exc:  # noqa: BLE001 - the job shows the error; the document is marked failed
        message = getattr(exc, "message", None) or str(exc)
        job_fail(job_id=job_id, message=message)
        return
    job_finish(
        job_id=job_id,
        message=_("%(n)d articles found and indexed") % {"n": document.articles.count()},
        result_url=document.get_absolute_url(),
    )


@task()
def index_document_task(document_id: int) -> None:
    from . import search
    from .models import Document

    document = Document.objects.filter(pk=document_id).first()
    if document is not None:
        background = search.embed_in_background()
        search.index_document(document, embed=not background)  # the write lock is not held while embedding
        if background:
            search.embed_pending()
        run_after_indexing(document)


def run_after_indexing(document: Any) -> None:
    for hook in _AFTER_INDEXING:
        hook(document)


@task()
def after_indexing_task(document_id: int) -> None:
    """The apps' work on a newly uploaded document once it is indexed (see :func:`after_indexing`)."""
    from .models import Document, Status

    document = Document.objects.filter(pk=document_id, status=Status.READY).first()
    if document is not None:
        run_after_indexing(document)


@task()
def embed_pending_task() -> None:
    """Dense vectors of the passages indexed lexically first (after an upload)."""
    from . import search

    search.embed_pending()
