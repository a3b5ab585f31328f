"""Intake of complaints, denunciations and petitions, and the filer's identity (encrypted, audited on every view)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Role, Unit
from civildesk.org.services import audit_record, nfc

from .. import protect
from ..models import (
    Case,
    CaseStatus,
    CaseType,
    Channel,
    Instance,
)
from .cases import case_event
from .rules import recompute, rule_for

# --- Identity ---------------------------------------------------------------------


def identity_can_view(user: Any, case: Case) -> bool:
    """Who may read the filer's identity.

    Complaints and petitions: whoever may handle the case. Denunciations, and
    cases that were ever registered or classified as one (reclassifying must
    not lift the protection) (Law on Denunciations 2018, Art. 47-48): only the
    assigned handler and
    the head of the handling unit — a leader of exactly that unit. Nobody
    else: not the units above, not a system administrator, not a superuser.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not case.is_protected:
        return policy.can(user, "inspection.handle", case)
    if case.assignee_id and case.assignee_id == user.pk:
        return True
    return any(g.role == Role.LEADER and g.unit_id == case.unit_id for g in policy.grants(user))


def case_viewed(*, actor: Any, case: Case) -> None:
    """Record that ``actor`` opened the case page (complaints and denunciations are personal data);
    what they were told about the case is now read."""
    from civildesk.org.services import notifications_read

    audit_record(actor=actor, action="inspection.case_view", obj=case)
    notifications_read(user=actor, url=case.get_absolute_url())


def case_identity_view(*, actor: Any, case: Case) -> protect.Identity:
    """Decrypt the filer's identity for ``actor``; every reading is in the audit trail."""
    if not identity_can_view(actor, case):
        audit_record(actor=actor, action="inspection.identity_refused", obj=case)
        raise PermissionDenied(_("You may not see who filed this case."))
    audit_record(actor=actor, action="inspection.identity_view", obj=case)
    return protect.decrypt_identity(case.identity_token)


# --- Intake -----------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        code = f"{code[:4]}-{code[4:]}"
        if not Case.objects.filter(tracking_code=code).exists():
            return code


@dataclass
class Registered:
    case: Case
    secret: str  # shown once to the filer, stored only hashed


@transaction.atomic
def case_register(
    *,
    actor: Any,
    unit: Unit,
    case_type: str,
    channel: str,
    title: str,
    content: str,
    identity: protect.Identity,
    instance: str = Instance.NONE,
    field: str = "",
    subject_name: str = "",
    subject_unit: Unit | None = None,
    received_on: date | None = None,
    public: bool = False,
) -> Registered:
    """Register a new case (reception desk, or the public portal with ``public=True``)."""
    if not public:
        policy.require(actor, "inspection.receive", unit)
    elif channel != Channel.ONLINE or case_type == CaseType.DENUNCIATION:
        raise ValidationError(_("Online, only complaints and petitions can be sent."))
    if case_type == CaseType.DENUNCIATION and (not identity.name.strip() or not (identity.address or identity.phone)):
        raise ValidationError(
            {
                "name": _(
                    "A denunciation must give the denouncer's full name and address or phone (Law on Denunciations, Art. 23)."
                )
            }
        )
    if case_type != CaseType.COMPLAINT:
        instance = Instance.NONE
    elif instance == Instance.NONE:
        instance = Instance.FIRST
    secret = secrets.token_urlsafe(12)
    case = Case(
        number="pending",
        tracking_code=_new_tracking_code(),
        secret_hash=make_password(secret),
        case_type=case_type,
        instance=instance,
        channel=channel,
        unit=unit,
        title=nfc(title),
        content=nfc(content),
        field=nfc(field),
        subject_name=nfc(subject_name),
        subject_unit=subject_unit,
        received_on=received_on or timezone.localdate(),
        status=CaseStatus.RECEIVED,
        identity_token=protect.encrypt_identity(identity),
        person_key=protect.person_key(identity.citizen_id),
        phone_key=protect.phone_key(identity.phone),
        was_denunciation=case_type == CaseType.DENUNCIATION,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if case.received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    case.rule = rule_for(case_type, instance)
    recompute(case)
    case.full_clean(exclude=["number"])
    case.save()
    case.number = f"{case.received_on.year}-{case.pk:05d}"
    case.save(update_fields=["number"])
    case_event(
        case=case,
        actor=None if public else actor,
        action="receive",
        before="",
        public=True,
        audit={"type": case_type, "channel": channel},
    )
    return Registered(case=case, secret=secret)


def case_find_for_citizen(*, tracking_code: str, secret: str) -> Case | None:
    """The case with this code, if the secret matches (constant work whether or not the code exists)."""
    case = Case.objects.filter(tracking_code=tracking_code.strip().upper()).first()
    ok = check_password(secret.strip(), case.secret_hash if case else make_password(None))
    return case if (case and ok) else None
