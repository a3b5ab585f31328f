"""Intake of dossiers (online and at the counter), their files, and the citizen's look-up by code and secret."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.services import audit_record, nfc

from ..models import (
    Attachment,
    AttachmentKind,
    Channel,
    Digitisation,
    Dossier,
    DossierComponent,
    DossierEvent,
    Procedure,
)
from .codes import next_code

ALLOWED_TYPES = ("pdf", "docx", "image")
_EXT = {"pdf": "pdf", "docx": "docx", "html": "html", "text": "txt", "image": "img"}


def phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits


def receiving_shop(user: Any) -> Any:
    """The province-wide one-stop shop where ``user`` receives dossiers, if any (Decree 118/2025/NĐ-CP)."""
    from ..models import OneStopShop

    for shop in OneStopShop.objects.select_related("unit"):
        if policy.can(user, "procedures.receive", shop.unit):
            return shop.unit
    return None


@dataclass
class Registered:
    dossier: Dossier
    pin: str  # shown once to the applicant, stored only hashed


def check_files(files: list[tuple[str, bytes]]) -> list[str]:
    """Size and type (from the bytes, as the library checks) of every file, before anything is stored."""
    from civildesk.library.services import check_upload

    bad_type = _("“%(name)s”: attach a PDF, a Word .docx file or a photo.")
    types = []
    for name, data in files:
        try:
            types.append(check_upload(data=data, filename=name))
        except ValidationError as exc:  # shown beside the file field, in the portal's own words for a wrong type
            message = bad_type % {"name": name} if exc.code == "bad_type" else exc.messages
            raise ValidationError({"files": message}, code=exc.code) from exc
    for (name, _data), file_type in zip(files, types, strict=True):
        if file_type not in ALLOWED_TYPES:
            raise ValidationError({"files": bad_type % {"name": name}}, code="bad_type")
    return types


def store_files(*, dossier: Dossier, files: list[tuple[str, bytes]], kind: str) -> list[Attachment]:
    """Store checked files; on any failure remove what was written (the caller's transaction rolls back)."""
    types = check_files(files)
    stored: list[Attachment] = []
    try:
        for (name, data), file_type in zip(files, types, strict=True):
            sha = hashlib.sha256(data).hexdigest()
            att = Attachment(
                dossier=dossier,
                kind=kind,
                filename=nfc(name)[:255],
                file_type=file_type,
                size=len(data),
                sha256=sha,
            )
            att.file.save(f"{sha}.{_EXT.get(file_type, 'bin')}", ContentFile(data), save=False)
            stored.append(att)
            att.full_clean()
            att.save()
    except Exception:
        for att in stored:
            att.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def dossier_register(
    *,
    actor: Any,
    procedure: Procedure,
    channel: str,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    applicant_id_number: str = "",
    note: str = "",
    files: list[tuple[str, bytes]] | None = None,
    digitisation: dict[str, str] | None = None,
    paid_online: bool = False,
    received_at: datetime | None = None,
    public: bool = False,
) -> Registered:
    """Register a dossier: online by the applicant (``public=True``) or at the counter by a clerk."""
    if public:
        if channel != Channel.ONLINE:
            raise ValidationError(_("Online, only the online channel is possible."))
        if not procedure.online or not procedure.is_active:
            raise ValidationError(_("This procedure cannot be submitted online."))
    received_by = None
    if not public and not policy.can(actor, "procedures.receive", procedure.unit):
        received_by = receiving_shop(actor)  # a one-stop shop receiving for the whole province
        if received_by is None:
            policy.require(actor, "procedures.receive", procedure.unit)
    received_at = received_at or timezone.now()
    local = timezone.localtime(received_at)
    version = procedure.current_version(local.date())
    if version is None:
        raise ValidationError(_("This procedure has no version in force on that date."))
    files = files or []
    if public and not files:
        raise ValidationError({"files": _("Attach the documents the procedure requires.")})
    check_files(files)  # refuse a wrong file before a number is taken
    pin = f"{secrets.randbelow(10**6):06d}"
    phone = phone_digits(applicant_phone)
    dossier = Dossier(
        code=next_code(unit=received_by or procedure.unit, day=local.date()),
        unit=procedure.unit,
        received_by=received_by,
        procedure=procedure,
        version=version,
        channel=channel,
        paid_online=paid_online,
        applicant_name=nfc(applicant_name),
        applicant_phone=phone,
        applicant_email=nfc(applicant_email),
        applicant_address=nfc(applicant_address),
        applicant_id_number=nfc(applicant_id_number),
        note=nfc(note),
        pin_hash=make_password(pin),
        phone_hash=make_password(phone) if phone else "",
        received_at=received_at,
        received_on=local.date(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    dossier.full_clean()
    dossier.save()
    digitisation = digitisation or {}
    states = [
        (comp["name"], digitisation.get(comp["name"]) or (Digitisation.DIGITISED if files else Digitisation.NONE))
        for comp in version.component_list
    ]
    DossierComponent.objects.bulk_create(
        [DossierComponent(dossier=dossier, name=name, digitisation=state) for name, state in states]
    )
    if all(state != Digitisation.NONE for _name, state in states):
        dossier.digitised = True
        dossier.save(update_fields=["digitised"])
    store_files(dossier=dossier, files=files, kind=AttachmentKind.SUBMITTED)
    DossierEvent.objects.create(
        dossier=dossier, actor=None if public else actor, action="register", to_status=dossier.status
    )
    audit_record(
        actor=None if public else actor,
        action="procedures.dossier_register",
        obj=dossier,
        summary={"procedure": procedure.code, "channel": channel, "files": len(files)},
    )
    return Registered(dossier=dossier, pin=pin)


_DUMMY = make_password("not-a-secret")


def dossier_find_for_citizen(*, code: str, secret: str) -> Dossier | None:
    """The dossier with this code if ``secret`` is its PIN or the applicant's phone (same work either way)."""
    dossier = Dossier.objects.filter(code=(code or "").strip().upper()).select_related("procedure", "unit").first()
    secret = (secret or "").strip()
    pin_ok = check_password(secret, dossier.pin_hash if dossier else _DUMMY)
    phone = phone_digits(secret)
    phone_ok = bool(dossier and dossier.phone_hash and phone) and check_password(phone, dossier.phone_hash)
    return dossier if dossier is not None and (pin_ok or phone_ok) else None


def secret_fingerprint(code: str) -> str:
    """A key for rate-limiting guesses on one code (whoever guesses)."""
    return hashlib.sha256((code or "").strip().upper().encode()).hexdigest()[:32]
