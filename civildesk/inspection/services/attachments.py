"""Files attached to a case, an inspection or a follow-up report (checked like library uploads)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from civildesk.org import policy
from civildesk.org.services import audit_record, nfc

from ..models import Attachment, Case, Inspection, RecommendationReport

_EXT = {"pdf": "pdf", "docx": "docx", "html": "html", "text": "txt", "image": "img"}


def attachment_store(*, actor: Any, owner: Any, data: bytes, filename: str, description: str = "") -> Attachment:
    """Check and store the file for ``owner``; the caller has checked permission and audits."""
    from civildesk.library.services import check_upload

    kwargs: dict[str, Any]
    if isinstance(owner, Case):
        kwargs = {"case": owner}
    elif isinstance(owner, Inspection):
        kwargs = {"inspection": owner}
    elif isinstance(owner, RecommendationReport):
        kwargs = {"report": owner}
    else:
        raise TypeError(owner)
    file_type = check_upload(data=data, filename=filename)
    sha = hashlib.sha256(data).hexdigest()
    att = Attachment(
        **kwargs,
        filename=nfc(filename)[:255],
        file_type=file_type,
        size=len(data),
        sha256=sha,
        description=nfc(description),
        uploaded_by=actor,
    )
    att.file.save(f"{sha}.{_EXT.get(file_type, 'bin')}", ContentFile(data), save=False)
    try:
        att.full_clean()
        att.save()
    except Exception:
        att.file.delete(save=False)
        raise
    return att


@transaction.atomic
def attachment_add(*, actor: Any, owner: Any, data: bytes, filename: str, description: str = "") -> Attachment:
    """Attach a file (size and type checked from the bytes, as in the library) to a case, inspection or report."""
    if isinstance(owner, Inspection):  # a document the team collected: the inspection's "document" step
        from .inspections import INSPECTIONS

        return INSPECTIONS.apply(
            owner, "document", actor=actor, file=ContentFile(data, name=filename), description=description
        )
    if isinstance(owner, Case):
        policy.require(actor, "inspection.view_cases", owner)
    elif isinstance(owner, RecommendationReport):
        policy.require(actor, "inspection.follow_up", owner.recommendation.responsible_unit)
    att = attachment_store(actor=actor, owner=owner, data=data, filename=filename, description=description)
    audit_record(
        actor=actor, action="inspection.attachment_add", obj=owner, summary={"file": att.filename, "size": att.size}
    )
    return att


def attachment_can_read(user: Any, att: Attachment) -> bool:
    if att.case_id:
        return policy.can(user, "inspection.view_cases", att.case)
    if att.inspection_id:
        return policy.can(user, "inspection.inspect", att.inspection)
    rec = att.report.recommendation
    return policy.can(user, "inspection.inspect", rec.inspection) or policy.can(
        user, "inspection.follow_up", rec.responsible_unit
    )
