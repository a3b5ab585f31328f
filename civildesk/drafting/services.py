"""Every write to drafts, their versions and the numbering register goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Role, Unit
from civildesk.org.services import audit_record, nfc

from .document import DocumentDataError
from .models import (
    CONTENT_FIELDS,
    Draft,
    DraftStatus,
    DraftVersion,
    EntryStatus,
    NumberRegister,
    RegisterEntry,
)

ISSUE_ROLES = (Role.CLERK, Role.UNIT_ADMIN, Role.LEADER)


def _clean_content(content: dict[str, Any]) -> dict[str, str]:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown draft fields: {', '.join(sorted(unknown))}")
    return {k: nfc(str(v or "")) for k, v in content.items()}


def _check(draft: Draft) -> None:
    """Model validation, then the formatter's own (a last guard: the two must agree)."""
    draft.full_clean(exclude=["reviewer", "created_by"])
    try:
        draft.to_document().validate()
    except DocumentDataError as exc:
        raise ValidationError(
            {k if k in CONTENT_FIELDS else NON_FIELD_ERRORS: v for k, v in exc.errors.items()}
        ) from exc


def _snapshot(*, draft: Draft, actor: Any, note: str = "") -> DraftVersion:
    content = draft.content()
    content["number"] = draft.number
    content["issued_on"] = draft.issued_on.isoformat() if draft.issued_on else None
    version = DraftVersion(
        draft=draft,
        number=draft.version,
        content=content,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    version.full_clean(exclude=["draft"])
    version.save()
    return version


def can_edit(user: Any, draft: Draft) -> bool:
    return draft.is_editable and policy.can(user, "drafting.draft", draft)


def can_issue(user: Any, draft: Draft) -> bool:
    """The clerk, unit administrator or a leader *of the issuing unit* (or a system admin)."""
    if not policy.can(user, "drafting.issue", draft):
        return False
    if policy.has_role(user, Role.SYSTEM_ADMIN):
        return True
    return any(g.role in ISSUE_ROLES and g.unit_id == draft.unit_id for g in policy.grants(user))


# --- Drafts ----------------------------------------------------------------


@transaction.atomic
def draft_create(*, actor: Any, unit: Unit, doc_type: str, **content: Any) -> Draft:
    """A new draft in ``unit`` (the issuing agency), saved as version 1."""
    policy.require(actor, "drafting.draft", unit)
    draft = Draft(unit=unit, doc_type=doc_type, created_by=actor, **_clean_content(content))
    _check(draft)
    draft.save()
    _snapshot(draft=draft, actor=actor)
    audit_record(
        actor=actor,
        action="drafting.draft_create",
        obj=draft,
        summary={"after": {"doc_type": doc_type, "subject": draft.subject}},
    )
    return draft


@transaction.atomic
def draft_update(*, actor: Any, draft: Draft, **content: Any) -> Draft:
    """Save new content; a new version when anything changed. Only drafts (not in review or issued)."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if not policy.can(actor, "drafting.draft", draft):
        raise PermissionDenied
    if not draft.is_editable:
        raise ValidationError(
            _("Only a draft can be edited; this document is %(status)s.") % {"status": draft.get_status_display()}
        )
    values = _clean_content(content)
    changed = {k: [getattr(draft, k), v] for k, v in values.items() if getattr(draft, k) != v}
    if not changed:
        return draft
    for key, value in values.items():
        setattr(draft, key, value)
    draft.version += 1
    _check(draft)
    draft.save()
    _snapshot(draft=draft, actor=actor)
    audit_record(
        actor=actor,
        action="drafting.draft_update",
        obj=draft,
        summary={"version": draft.version, "changed": sorted(changed)},
    )
    return draft


@transaction.atomic
def draft_send_for_review(*, actor: Any, draft: Draft, reviewer: Any) -> Draft:
    """Draft → in review, with a reviewer who may see it. The signing module takes it from there."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if not policy.can(actor, "drafting.draft", draft):
        raise PermissionDenied
    if draft.status != DraftStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    if reviewer is None or not policy.can(reviewer, "drafting.view", draft):
        raise ValidationError({"reviewer": _("The reviewer must be someone who may see this draft.")})
    if reviewer.pk == getattr(actor, "pk", None):
        raise ValidationError({"reviewer": _("Choose someone other than yourself.")})
    draft.status = DraftStatus.IN_REVIEW
    draft.reviewer = reviewer
    draft.save(update_fields=["status", "reviewer", "updated_at"])
    audit_record(
        actor=actor,
        action="drafting.draft_send_for_review",
        obj=draft,
        summary={"reviewer": reviewer.get_username(), "version": draft.version},
    )
    return draft


@transaction.atomic
def draft_withdraw(*, actor: Any, draft: Draft) -> Draft:
    """In review → draft again (the author or the reviewer takes it back for changes)."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if not policy.can(actor, "drafting.draft", draft) and draft.reviewer_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if draft.status != DraftStatus.IN_REVIEW:
        raise ValidationError(_("Only a draft in review can be taken back."))
    draft.status = DraftStatus.DRAFT
    draft.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="drafting.draft_withdraw", obj=draft, summary={"version": draft.version})
    return draft


# --- The numbering register ------------------------------------------------


def _register_for_update(unit: Unit, year: int) -> NumberRegister:
    """The agency's register for ``year``, locked until the transaction ends.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on the register row serialises the
    issuers of one agency; a first-of-the-year race is settled by the unique
    constraint (the loser reads the winner's row). SQLite: transactions are
    IMMEDIATE, so the writer already holds the database lock.
    """
    registers = NumberRegister.objects.select_for_update()
    register = registers.filter(unit=unit, year=year).first()
    if register is not None:
        return register
    try:
        with transaction.atomic():
            NumberRegister.objects.create(unit=unit, year=year)
    except IntegrityError:
        pass  # another transaction created it first
    return registers.get(unit=unit, year=year)


@transaction.atomic
def draft_issue(*, actor: Any, draft: Draft) -> RegisterEntry:
    """Take the next number of the issuing agency's register for this year and fix number and date.

    Gap-free and unique: the number is taken under the register's row lock and
    written in the same transaction as the entry and the document, so a
    failure rolls all of them back and no number is lost or given twice.
    """
    draft = Draft.objects.select_for_update().select_related("unit").get(pk=draft.pk)
    if not can_issue(actor, draft):
        raise PermissionDenied
    if draft.status not in (DraftStatus.DRAFT, DraftStatus.IN_REVIEW):
        raise ValidationError(_("This document has already been issued or cancelled."))
    _check(draft)
    today = timezone.localdate()
    register = _register_for_update(draft.unit, today.year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    draft.number = register.last_number
    draft.issued_on = today
    draft.status = DraftStatus.ISSUED
    draft.version += 1
    entry = RegisterEntry(
        register=register,
        number=register.last_number,
        draft=draft,
        symbol=draft.symbol,
        issued_on=today,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    entry.full_clean(exclude=["register", "draft", "issued_by"])
    entry.save()
    draft.save(update_fields=["number", "issued_on", "status", "version", "updated_at"])
    _snapshot(draft=draft, actor=actor, note=_("Issued as %(symbol)s") % {"symbol": entry.symbol})
    audit_record(
        actor=actor,
        action="drafting.number_issue",
        obj=draft,
        summary={"symbol": entry.symbol, "issued_on": today.isoformat(), "register": f"{draft.unit.code}/{today.year}"},
    )
    return entry


@transaction.atomic
def entry_cancel(*, actor: Any, entry: RegisterEntry, reason: str) -> RegisterEntry:
    """Cancel an issued number (the document is withdrawn). The number stays taken forever."""
    entry = RegisterEntry.objects.select_for_update().select_related("register__unit", "draft").get(pk=entry.pk)
    draft = entry.draft
    if not can_issue(actor, draft):
        raise PermissionDenied
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the number is cancelled.")})
    if entry.status == EntryStatus.CANCELLED:
        raise ValidationError(_("This number is already cancelled."))
    entry.status = EntryStatus.CANCELLED
    entry.cancelled_at = timezone.now()
    entry.cancelled_by = actor
    entry.cancel_reason = reason[:500]
    entry.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    draft.status = DraftStatus.CANCELLED
    draft.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="drafting.number_cancel", obj=draft, summary={"symbol": entry.symbol, "reason": reason}
    )
    return entry


def draft_pdf(*, actor: Any, draft: Draft) -> bytes:
    """The PDF of a draft as it stands (for another app, e.g. signing, which reads drafts only through here)."""
    from .render import to_pdf

    policy.require(actor, "drafting.view", draft)
    return to_pdf(draft.to_document(), title=draft.subject[:200])


def document_pdf(data: dict[str, Any]) -> bytes:
    """The PDF of an official document given as data (the JSON of ``docs/examples/drafting``), for demos."""
    from .document import OfficialDocument
    from .render import to_pdf

    return to_pdf(OfficialDocument.from_dict(data))


def draft_visible(*, user: Any, pk: Any) -> Draft | None:
    """The draft with this id if ``user`` may see it (None otherwise), for another app's pages."""
    draft = Draft.objects.filter(pk=pk).select_related("unit").first() if str(pk).isdigit() else None
    return draft if draft is not None and policy.can(user, "drafting.view", draft) else None
