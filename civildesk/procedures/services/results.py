"""The result of a dossier: drafted with ``drafting`` (Decree 30 layout) and signed with ``signing``.

Only the two apps' public service functions are used: ``drafting.services.document_pdf`` lays the result
out, ``signing.services.request_create`` opens the leader's signature step; once the request is completed,
the signed PDF becomes the dossier's result.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from civildesk.org.models import Position

from ..models import Dossier


def _title_of(user: Any, dossier: Dossier) -> str:
    person = getattr(user, "person", None)
    pos = Position.objects.current().filter(person=person, unit=dossier.unit).first() if person else None
    return pos.title if pos else "Thủ trưởng cơ quan"


def result_document(*, dossier: Dossier, signer: Any) -> dict[str, Any]:
    """The result as the data of a Decree 30 decision (``drafting``'s document model)."""
    unit = dossier.unit
    parent = unit.parent.name if unit.parent_id else ""
    return {
        "doc_type": "QD",
        "parent_agency": parent,
        "agency": unit.name,
        "agency_code": unit.code,
        "issued_on": timezone.localdate().isoformat(),
        "place": "Lạng Sơn",
        "subject": f"Về việc giải quyết hồ sơ {dossier.code}: {dossier.procedure.name}"[:500],
        "legal_bases": [line for line in dossier.version.legal_basis.splitlines() if line.strip()][:10],
        "body": (
            f"Điều 1. Giải quyết hồ sơ số {dossier.code} của {dossier.applicant_name}: {dossier.result_summary}\n"
            f"Điều 2. Kết quả: {dossier.version.result}.\n"
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./."
        ),
        "recipients": [dossier.applicant_name, "Lưu: VT"],
        "signer_title": _title_of(signer, dossier),
        "signer_name": getattr(signer, "display_name", str(signer)),
    }


def result_request(*, actor: Any, dossier: Dossier) -> Any:
    """Lay out the result and open a signature request whose one step is ``actor``'s signature."""
    from civildesk.drafting.services import document_pdf
    from civildesk.signing.services import StepSpec, request_create

    data = result_document(dossier=dossier, signer=actor)
    return request_create(
        actor=actor,
        unit=dossier.unit,
        title=data["subject"][:250],
        pdf=document_pdf(data),
        filename=f"{dossier.code}.pdf",
        chain=[StepSpec(assignees=[actor], action="sign")],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
    )


def _request(dossier: Dossier) -> Any:
    if dossier.signature_request_id is None:
        return None
    from civildesk.signing.models import SignatureRequest

    return SignatureRequest.objects.filter(pk=dossier.signature_request_id).first()


def result_signed(dossier: Dossier) -> bool:
    request = _request(dossier)
    return bool(request is not None and request.status == "completed")


def result_store(dossier: Dossier) -> None:
    """Copy the signed PDF into the dossier (set on the object; the workflow saves it)."""
    request = _request(dossier)
    with request.current.open("rb") as fh:
        data = fh.read()
    dossier.result_file.save(
        f"{dossier.code}-{hashlib.sha256(data).hexdigest()[:12]}.pdf", ContentFile(data), save=False
    )


def signature_url(dossier: Dossier) -> str:
    request = _request(dossier)
    return request.get_absolute_url() if request is not None else ""
