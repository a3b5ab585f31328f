from __future__ import annotations

from django.utils.translation import gettext_noop as _
from django_tasks import task

from civildesk.org.services import job_fail, job_finish, job_progress

# Stored in English, translated when shown (``Job.message_text``).
JOB_MESSAGES = (_("Summarising “%(t)s”"), _("Reading the articles"), _("Summary ready"))


@task()
def summary_task(document_id: int, user_id: int, job_id: str) -> None:
    """Summarise a long document in the background; the result is cached."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from civildesk.library.models import Document

    from . import summaries

    job_progress(job_id=job_id, percent=10, message=_("Reading the articles"))
    try:
        user = get_user_model().objects.get(pk=user_id)
        document = Document.objects.get(pk=document_id)
        summaries.document_summary(user=user, document=document)
    except Exception as exc:  # noqa: BLE001 - shown on the job
        job_fail(job_id=job_id, message=str(exc) or exc.__class__.__name__)
        return
    job_finish(job_id=job_id, message=_("Summary ready"), result_url=reverse("assistant:summary", args=[document_id]))
