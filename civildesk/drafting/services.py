"""Every write to drafts, their versions and the numbering register goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc

from .document import DocumentDataError
from .models import CONTENT_FIELDS, Draft, DraftStatus, DraftVersion, NumberRegister, RegisterEntry
from .workflows import (  # noqa: F401 - the app's service interface
    DRAFTS,
    ISSUE_ROLES,
    can_issue,
    register_cancel_listener,
    register_dispatch_listener,
    register_sealer,
)


def _clean_content(content: dict[str, Any]) -> dict[str, str]:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown draft fields: {', '.join(sorted(unknown))}")
    return {k: nfc(str(v or "")) for k, v in content.items()}


def check_content(draft: Draft) -> None:
    """Model validation, then the formatter's own (a last guard: the two must agree)."""
    draft.full_clean(exclude=["reviewer", "created_by", "status", "signed_pdf"])
    try:
        draft.to_document().validate()
    except DocumentDataError as exc:
        raise ValidationError(
            {k if k in CONTENT_FIELDS else NON_FIELD_ERRORS: v for k, v in exc.errors.items()}
        ) from exc


def snapshot(*, draft: Draft, actor: Any, note: str = "") -> DraftVersion:
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


# --- Drafts ----------------------------------------------------------------


@transaction.atomic
def draft_create(*, actor: Any, unit: Unit, doc_type: str, **content: Any) -> Draft:
    """A new draft in ``unit`` (the issuing agency), saved as version 1."""
    policy.require(actor, "drafting.draft", unit)
    draft = Draft(unit=unit, doc_type=doc_type, created_by=actor, **_clean_content(content))
    check_content(draft)
    draft.save()
    snapshot(draft=draft, actor=actor)
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
    check_content(draft)
    draft.save()
    snapshot(draft=draft, actor=actor)
    audit_record(
        actor=actor,
        action="drafting.draft_update",
        obj=draft,
        summary={"version": draft.version, "changed": sorted(changed)},
    )
    return draft


def draft_send_for_review(*, actor: Any, draft: Draft, reviewer: Any) -> Draft:
    """Draft → in review, with a reviewer who may see it. The signing module takes it from there."""
    return DRAFTS.apply(draft, "send_for_review", actor=actor, reviewer=reviewer)


def draft_withdraw(*, actor: Any, draft: Draft) -> Draft:
    """In review → draft again (the author or the reviewer takes it back for changes)."""
    return DRAFTS.apply(draft, "withdraw", actor=actor)


# --- The numbering register ------------------------------------------------


def register_for_update(unit: Unit, year: int) -> NumberRegister:
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


def draft_issue(*, actor: Any, draft: Draft) -> RegisterEntry:
    """Take the next number of the issuing agency's register for this year and fix number and date
    (a document signed on paper; a document signed here takes ``issue_signed``, see :func:`draft_issue_signed`).

    Gap-free and unique: the number is taken under the register's row lock and
    written in the same transaction as the entry and the document, so a
    failure rolls all of them back and no number is lost or given twice.
    """
    return DRAFTS.apply(draft, "issue", actor=actor)


def draft_issue_signed(*, actor: Any, draft: Draft, secret: str, key_file: Any = None) -> RegisterEntry:
    """The clerk gives the signed document its number and date and applies the agency's seal."""
    return DRAFTS.apply(draft, "issue_signed", actor=actor, secret=secret, key_file=key_file)


def draft_dispatch(*, actor: Any, draft: Draft, units: list[Unit], external: str = "") -> Draft:
    """Send the issued document to platform units (their incoming registers) and external recipients."""
    return DRAFTS.apply(draft, "dispatch", actor=actor, units=units, external=external)


def entry_cancel(*, actor: Any, entry: RegisterEntry, reason: str) -> RegisterEntry:
    """Cancel an issued number (the document is withdrawn). The number stays taken forever."""
    return DRAFTS.apply(entry.draft, "cancel", actor=actor, reason=reason)


# --- Called by the signing module ---------------------------------------------------------


def draft_signing_pdf(*, actor: Any, draft: Draft) -> tuple[bytes, list[dict[str, Any]]]:
    """The PDF the signer signs and its number and date fields (see ``render.to_signing_pdf``)."""
    from .render import to_signing_pdf

    policy.require(actor, "drafting.view", draft)
    if draft.number is not None:
        raise ValidationError(_("This document already has a number."))
    return to_signing_pdf(draft.to_document(), title=draft.subject[:200])


def draft_signature_started(*, draft: Draft) -> Draft:
    return DRAFTS.apply(draft, "to_signature", actor=None)


def draft_signature_done(*, draft: Draft, completed: bool) -> Draft:
    """The signature request ended: signed (completed) or back in review (returned, cancelled)."""
    draft = Draft.objects.get(pk=draft.pk)
    if draft.status != DraftStatus.SIGNING:
        return draft
    return DRAFTS.apply(draft, "signed" if completed else "signature_back", actor=None)


def draft_pdf(*, actor: Any, draft: Draft) -> bytes:
    """The PDF of a draft as it stands (for another app, e.g. signing, which reads drafts only through here):
    once issued with signatures, the signed PDF itself (never an unsigned copy)."""
    from .render import to_pdf

    policy.require(actor, "drafting.view", draft)
    if draft.signed_pdf:
        with draft.signed_pdf.open("rb") as fh:
            return fh.read()
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
