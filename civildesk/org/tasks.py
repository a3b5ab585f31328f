"""Background work of the org app.

Job messages are stored in English and translated when shown (``Job.message_text``).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _
from django_tasks import task

from . import services

JOB_MESSAGES = (
    _("Verify the audit trail"),
    _("Checking the audit trail…"),
    _("Checked %(n)d entries"),
    _("Tampering detected at entry #%(seq)d: %(reason)s"),
    _("All %(n)d entries are intact."),
    services.JOB_INTERRUPTED,
    services.JOB_CRASHED,
)


@task()
def audit_verify_task(job_id: str) -> int:
    """Verify the whole audit chain, reporting progress to the job."""
    from .models import AuditEntry

    total = AuditEntry.objects.count() or 1
    services.job_progress(job_id=job_id, percent=1, message=_("Checking the audit trail…"))

    def progress(done: int, _total: int) -> None:
        services.job_progress(
            job_id=job_id, percent=int(done * 100 / total), message=_("Checked %(n)d entries") % {"n": done}
        )

    problems = list(services.audit_verify_chain(progress=progress))
    if problems:
        first = problems[0]
        services.job_fail(
            job_id=job_id,
            message=_("Tampering detected at entry #%(seq)d: %(reason)s") % {"seq": first.seq, "reason": first.reason},
        )
    else:
        services.audit_anchor_head()
        services.job_finish(job_id=job_id, message=_("All %(n)d entries are intact.") % {"n": total})
    return len(problems)
