"""Every write of the correspondence app: receiving (from the platform, e-mail, paper), the
workflow's transitions (:data:`workflows.INCOMING`), replies, and the register's export."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from civildesk.org import policy
from civildesk.org.models import Role, Unit
from civildesk.org.services import audit_record, nfc, notify

from .models import Confidentiality, Dispatch, Incoming, IncomingStatus, Progress, Source, Urgency
from .workflows import INCOMING, is_handler, search_text

log = logging.getLogger(__name__)
ENVELOPE_VERSION = "civildesk-edoc/1"


def _read(field: Any) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def _extract(data: bytes, filename: str) -> tuple[str, Any]:
    """The text (OCR for scans) and what the library reads from it (number, date, issuer, title)."""
    from civildesk.library import extract, metadata

    try:
        text = extract.extract_text(data, filename=filename).text
    except extract.ExtractionError:
        return "", metadata.DocMetadata()
    return text, metadata.parse_metadata(text)


# --- Receiving ----------------------------------------------------------------------------------


@transaction.atomic
def incoming_receive(
    *,
    actor: Any,
    unit: Unit,
    source: str,
    data: bytes,
    filename: str,
    sender: str = "",
    subject: str = "",
    symbol: str = "",
    doc_date: date | None = None,
    urgency: str = Urgency.NORMAL,
    confidentiality: str = Confidentiality.NONE,
) -> Incoming:
    """A document received by e-mail or on paper (scanned): stored, read, and registered at once.
    What the form leaves empty is taken from the document's own text."""
    from civildesk.library.services import check_upload

    policy.require(actor, "correspondence.register", unit)
    if source not in (Source.EMAIL, Source.PAPER):
        raise ValidationError({"source": _("Choose how the document was received.")})
    check_upload(data=data, filename=filename)
    text, meta = _extract(data, filename)
    incoming = Incoming(
        unit=unit,
        source=source,
        sender=nfc(sender) or (meta.issuer or ""),
        subject=nfc(subject) or (meta.title or ""),
        symbol=nfc(symbol) or (meta.number_symbol or ""),
        doc_date=doc_date or meta.signed_date,
        doc_type=meta.doc_type or "",
        text=text[:200_000],
    )
    if not incoming.sender:
        raise ValidationError({"sender": _("Say who sent the document.")})
    if not incoming.subject:
        raise ValidationError({"subject": _("Say what the document is about.")})
    incoming.file.save(f"{hashlib.sha256(data).hexdigest()[:16]}-{filename[-80:]}", ContentFile(data), save=False)
    incoming.full_clean(exclude=["registered_by"])
    incoming.save()
    return INCOMING.apply(incoming, "register", actor=actor, urgency=urgency, confidentiality=confidentiality)


def receive_dispatch(*, draft: Any, actor: Any, units: list[Unit], external: list[str]) -> None:
    """Drafting's dispatch listener: each platform unit finds the signed PDF (and its validation)
    in its incoming register; each external recipient gets an export package. Both are recorded."""
    from civildesk.signing import services as signing

    data = _read(draft.signed_pdf)
    filename = f"{draft.doc_type}-{draft.number:02d}-{draft.issued_on.year}.pdf"
    try:
        report = signing.validate_upload(data=data, filename=filename).to_dict()
    except ValidationError as exc:
        report = {"summary": "invalid", "error": " ".join(exc.messages)}
    sender = draft.unit.name
    for unit in units:
        incoming = Incoming(
            unit=unit,
            source=Source.PLATFORM,
            sender=sender,
            sender_unit=draft.unit,
            symbol=draft.symbol,
            doc_date=draft.issued_on,
            doc_type=str(draft.get_doc_type_display()),
            subject=draft.subject,
            validation=report,
            outgoing=draft,
        )
        incoming.search = search_text(incoming)
        incoming.file.save(filename, ContentFile(data), save=False)
        incoming.full_clean(exclude=["registered_by"])
        incoming.save()
        Dispatch.objects.create(
            draft=draft, unit=draft.unit, recipient_unit=unit, recipient=unit.name, incoming=incoming, sent_by=actor
        )
        audit_record(actor=actor, action="correspondence.incoming_arrive", obj=incoming, summary={"from": sender})
        clerks = get_user_model().objects.filter(
            role_assignments__unit=unit, role_assignments__role=Role.CLERK, is_active=True
        )
        url = incoming.get_absolute_url()
        people = list(clerks)
        transaction.on_commit(
            lambda people=people, url=url: notify(
                users=people,
                message=gettext_noop("A document arrived from %(sender)s: “%(subject)s”."),
                params={"sender": sender, "subject": draft.subject[:200]},
                url=url,
            )
        )
    for name in external:
        dispatch = Dispatch(draft=draft, unit=draft.unit, recipient=name[:255], sent_by=actor)
        dispatch.package.save(
            f"{draft.doc_type}-{draft.number:02d}-{draft.issued_on.year}-{hashlib.sha256(name.encode()).hexdigest()[:8]}.zip",
            ContentFile(export_package(draft=draft, pdf=data, filename=filename, recipient=name, report=report)),
            save=False,
        )
        dispatch.save()


def receive_cancellation(*, draft: Any, actor: Any, reason: str) -> None:
    """Drafting's cancel listener: the sender withdrew a dispatched document (its number is cancelled).
    Each recipient unit's entry records it, and its clerks and handlers are told."""
    from .workflows import handlers

    note = _("The sender cancelled this document (number %(symbol)s): %(reason)s") % {
        "symbol": draft.symbol,
        "reason": reason,
    }
    for incoming in Incoming.objects.filter(outgoing=draft).select_related("unit"):
        Progress.objects.create(incoming=incoming, author=None, text=note)
        audit_record(actor=actor, action="correspondence.incoming_withdrawn", obj=incoming, summary={"reason": reason})
        people = list(
            get_user_model().objects.filter(
                role_assignments__unit=incoming.unit, role_assignments__role=Role.CLERK, is_active=True
            )
        ) + handlers(incoming)
        url = incoming.get_absolute_url()
        transaction.on_commit(
            lambda people=people, url=url: notify(
                users=list(dict.fromkeys(people)),
                message=gettext_noop("“%(subject)s” was cancelled by its sender."),
                params={"subject": draft.subject[:200]},
                url=url,
            )
        )


def envelope(*, draft: Any, pdf: bytes, filename: str, recipient: str, report: dict[str, Any]) -> dict[str, Any]:
    """The metadata of the document exchange, after the fields of the national e-document exchange
    (the "edXML" envelope of Circular 10/2016/TT-BTTTT): from, to, code, date, type, subject, signer,
    urgency, the file and its hash, and the validation of its signatures."""
    return {
        "format": ENVELOPE_VERSION,
        "from": {"organ_id": draft.unit.code, "organ_name": draft.unit.name, "place": draft.place},
        "to": [{"organ_name": recipient}],
        "code": {"number": f"{draft.number:02d}", "notation": draft.symbol.split("/", 1)[-1], "symbol": draft.symbol},
        "promulgation": {"place": draft.place, "date": draft.issued_on.isoformat()},
        "document_type": {"code": draft.doc_type, "name": str(draft.get_doc_type_display())},
        "subject": draft.subject,
        "signer": {"title": draft.signer_title, "full_name": draft.signer_name, "competence": draft.authority},
        "to_places": [line.strip() for line in draft.recipients.splitlines() if line.strip()],
        "attachments": [
            {"name": filename, "content_type": "application/pdf", "sha256": hashlib.sha256(pdf).hexdigest()}
        ],
        "signatures": {
            "summary": report.get("summary"),
            "signers": [s.get("signer") for s in report.get("signatures", [])],
        },
        "sent_at": timezone.now().isoformat(timespec="seconds"),
    }


def export_package(*, draft: Any, pdf: bytes, filename: str, recipient: str, report: dict[str, Any]) -> bytes:
    """A zip of the signed PDF and ``envelope.json``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(filename, pdf)
        data = envelope(draft=draft, pdf=pdf, filename=filename, recipient=recipient, report=report)
        zf.writestr("envelope.json", json.dumps(data, ensure_ascii=False, indent=2))
    return out.getvalue()


# --- The workflow, for code -----------------------------------------------------------------------


def incoming_register(*, actor: Any, incoming: Incoming, **values: Any) -> Incoming:
    return INCOMING.apply(incoming, "register", actor=actor, **values)


def incoming_assign(
    *,
    actor: Any,
    incoming: Incoming,
    assignee: Any = None,
    unit: Unit | None = None,
    role: str = "lead",
    deadline: date | None = None,
    note: str = "",
) -> Incoming:
    return INCOMING.apply(
        incoming, "assign", actor=actor, assignee=assignee, unit=unit, role=role, deadline=deadline, note=note
    )


def incoming_report(*, actor: Any, incoming: Incoming, text: str) -> Incoming:
    return INCOMING.apply(incoming, "report", actor=actor, text=text)


def incoming_complete(*, actor: Any, incoming: Incoming, text: str = "") -> Incoming:
    return INCOMING.apply(incoming, "complete", actor=actor, text=text)


# --- The assistant in this flow -------------------------------------------------------------------


def may_reply(user: Any, incoming: Incoming) -> bool:
    return incoming.status in (IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS) and (
        is_handler(user, incoming) or policy.can(user, "correspondence.assign", incoming)
    )


@transaction.atomic
def incoming_reply(*, actor: Any, incoming: Incoming) -> Any:
    """Draft a reply (a Công văn) linked to the incoming document: V/v, the sender as addressee,
    the legal bases the library suggests for it, and the opening sentence of a reply."""
    from civildesk.drafting import services as drafting
    from civildesk.drafting.models import Draft
    from civildesk.drafting.suggest import suggest_legal_bases

    incoming = (
        Incoming.objects.select_for_update(of=("self",)).select_related("unit", "unit__parent").get(pk=incoming.pk)
    )
    if not may_reply(actor, incoming):
        raise PermissionDenied
    if incoming.reply_id is not None:
        return incoming.reply
    unit = incoming.unit
    previous = Draft.objects.filter(unit=unit).exclude(place="").order_by("-pk").first()
    leader = get_user_model().objects.filter(role_assignments__unit=unit, role_assignments__role=Role.LEADER).first()
    dated = f" ngày {incoming.doc_date:%d/%m/%Y}" if incoming.doc_date else ""
    reference = f"Công văn số {incoming.symbol}{dated}" if incoming.symbol else f"văn bản{dated}"
    body = f"Phúc đáp {reference} của {incoming.sender} về việc {incoming.subject}, {unit.name} có ý kiến như sau:\n…"
    bases = [s.text for s in suggest_legal_bases(actor, subject=incoming.subject, body=incoming.text[:2000])[:3]]
    draft = drafting.draft_create(
        actor=actor,
        unit=unit,
        doc_type="CV",
        parent_agency=unit.parent.name.upper() if unit.parent else "",
        agency=unit.name.upper(),
        agency_code=unit.code,
        unit_code="VP",
        place=previous.place if previous else "Lạng Sơn",
        subject=f"V/v trả lời {_about(incoming.subject)}"[:500],
        addressees=incoming.sender,
        legal_bases="\n".join(bases),
        body=body,
        recipients="Như trên;\nLưu: VT.",
        signer_title=(previous.signer_title if previous else "GIÁM ĐỐC"),
        signer_name=(getattr(leader, "display_name", "") if leader else "") or actor.display_name,
    )
    Incoming.objects.filter(pk=incoming.pk).update(reply=draft, updated_at=timezone.now())
    audit_record(actor=actor, action="correspondence.incoming_reply", obj=incoming, summary={"draft": draft.pk})
    return draft


def _about(subject: str) -> str:
    """ "V/v triển khai X" or "Triển khai X" -> "triển khai X" (to follow "V/v trả lời")."""
    text = subject.strip()
    if text.lower().startswith("v/v"):
        text = text[3:].strip()
    return text[:1].lower() + text[1:]


def incoming_summary(*, user: Any, incoming: Incoming) -> Any:
    """The assistant's extractive summary of the incoming document's file."""
    from civildesk.assistant import summaries

    if not incoming.file:
        raise ValidationError(_("This incoming document has no file."))
    return summaries.file_summary(user=user, data=_read(incoming.file), filename=incoming.file.name.rsplit("/", 1)[-1])
