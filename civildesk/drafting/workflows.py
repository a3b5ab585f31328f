"""The outgoing document's workflow (:data:`DRAFTS`), in the order Decree 30/2020/NĐ-CP requires.

    draft ──send_for_review──▶ in_review ──(signing: to_signature)──▶ signing
      ▲                           │  │                                   │
      └────────withdraw───────────┘  │            (signing: signed)      ▼
                                     │                                 signed
               issue (on paper) ─────┘                                   │
                       │                                          issue_signed
                       ▼                                                 ▼
                    issued ◀─────────────────────────────────────────────┘
                       │ dispatch
                       ▼
                  dispatched          (cancel: issued/dispatched → cancelled; the number stays cancelled)

The leader signs in the signing module (a signature request made from the draft;
``to_signature``, ``signed`` and ``signature_back`` are its SYSTEM transitions).
Then the clerk (văn thư) takes ``issue_signed``: the next number of the agency's
register and today's date are written into the signed PDF's number and date
fields and the agency's seal signs it, in one transaction (a refused PIN takes no
number). The seal is made by whoever registered itself with :func:`register_sealer`
(the signing module); the recipients are reached by :func:`register_dispatch_listener`
(the correspondence module): drafting imports neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.models import Role
from civildesk.org.services import nfc
from civildesk.org.workflow import SYSTEM, Run, Transition, Workflow

from .models import Draft, DraftStatus, EntryStatus, RegisterEntry

S = DraftStatus
ISSUE_ROLES = (Role.CLERK, Role.UNIT_ADMIN, Role.LEADER)

# --- Hooks of the modules above drafting -------------------------------------------------

# (draft=, actor=, fields={name: text}, appearance=(name, text, box) -> PDF, secret=, key_file=) -> sealed PDF
Sealer = Callable[..., bytes]
_sealers: list[Sealer] = []
_dispatch_listeners: list[Callable[..., None]] = []
_cancel_listeners: list[Callable[..., None]] = []


def register_sealer(fn: Sealer) -> None:
    """The signing module fills the number and date fields and applies the agency's seal."""
    if fn not in _sealers:
        _sealers.append(fn)


def register_dispatch_listener(fn: Callable[..., None]) -> None:
    """Called inside the ``dispatch`` transition with ``draft, actor, units, external``."""
    if fn not in _dispatch_listeners:
        _dispatch_listeners.append(fn)


def register_cancel_listener(fn: Callable[..., None]) -> None:
    """Called inside the ``cancel`` transition with ``draft, actor, reason`` (the recipients are told)."""
    if fn not in _cancel_listeners:
        _cancel_listeners.append(fn)


# --- Who may --------------------------------------------------------------------------------


def can_issue(user: Any, draft: Draft) -> bool:
    """The clerk, unit administrator or a leader *of the issuing unit* (or a system admin)."""
    if not policy.can(user, "drafting.issue", draft):
        return False
    if policy.has_role(user, Role.SYSTEM_ADMIN):
        return True
    return any(g.role in ISSUE_ROLES and g.unit_id == draft.unit_id for g in policy.grants(user))


def _author_or_reviewer(user: Any, draft: Draft) -> bool:
    return policy.can(user, "drafting.draft", draft) or draft.reviewer_id == getattr(user, "pk", None)


# --- Effects --------------------------------------------------------------------------------


def _send_for_review(run: Run) -> None:
    draft, reviewer = run.obj, run.data.get("reviewer")
    if reviewer is None or not policy.can(reviewer, "drafting.view", draft):
        raise ValidationError({"reviewer": _("The reviewer must be someone who may see this draft.")})
    if reviewer.pk == getattr(run.actor, "pk", None):
        raise ValidationError({"reviewer": _("Choose someone other than yourself.")})
    run.set(reviewer=reviewer, updated_at=timezone.now())
    run.summary = {"reviewer": reviewer.get_username(), "version": draft.version}
    run.notify([reviewer], gettext_noop("“%(title)s” is waiting for your review."), title=draft.subject[:200])


def _touch(run: Run) -> None:
    run.set(updated_at=timezone.now())
    run.summary = {"version": run.obj.version, **{k: v for k, v in run.data.items() if isinstance(v, str | int)}}


def _take_number(run: Run) -> RegisterEntry:
    """The next number of the agency's register for this year, under the register's row lock."""
    from .services import check_content, register_for_update

    draft = run.obj
    check_content(draft)
    today = timezone.localdate()
    register = register_for_update(draft.unit, today.year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    run.set(number=register.last_number, issued_on=today, updated_at=timezone.now())
    entry = RegisterEntry(
        register=register,
        number=register.last_number,
        draft=draft,
        symbol=draft.symbol,
        issued_on=today,
        issued_by=run.actor if getattr(run.actor, "is_authenticated", False) else None,
    )
    entry.full_clean(exclude=["register", "draft", "issued_by"])
    entry.save()
    run.summary = {
        "symbol": entry.symbol,
        "issued_on": today.isoformat(),
        "register": f"{draft.unit.code}/{today.year}",
    }
    run.result = entry
    return entry


def _issue_on_paper(run: Run) -> None:
    """A number for a document signed on paper (or not signed here): a new content version."""
    from .services import snapshot

    entry = _take_number(run)
    run.set(version=run.obj.version + 1)
    snapshot(draft=run.obj, actor=run.actor, note=_("Issued as %(symbol)s") % {"symbol": entry.symbol})


def _issue_signed(run: Run) -> None:
    """The number and date go into the signed PDF's fields; the agency's seal signs it."""
    from .layout import format_date, format_number
    from .render import DATE_FIELD, NUMBER_FIELD, field_appearance

    if not _sealers:
        raise ValidationError(_("No module applies the agency's seal on this installation."))
    draft = run.obj
    entry = _take_number(run)
    date_text = format_date(entry.issued_on)
    fields = {NUMBER_FIELD: format_number(entry.number), DATE_FIELD: date_text}
    pdf = _sealers[0](
        draft=draft,
        actor=run.actor,
        fields=fields,
        appearance=field_appearance,
        secret=run.data.get("secret", ""),
        key_file=run.data.get("key_file"),
    )
    draft.signed_pdf.save(f"{draft.doc_type}-{entry.number:02d}-{entry.issued_on.year}.pdf", ContentFile(pdf), False)
    run.update_fields.add("signed_pdf")
    run.summary = {**run.summary, "sealed": True}


def _signed(run: Run) -> None:
    draft = run.obj
    run.set(updated_at=timezone.now())
    from django.contrib.auth import get_user_model

    clerks = get_user_model().objects.filter(
        role_assignments__unit=draft.unit, role_assignments__role=Role.CLERK, is_active=True
    )
    run.notify(list(clerks), gettext_noop("“%(title)s” is signed and waits for its number."), title=draft.subject[:200])


def _dispatch(run: Run) -> None:
    draft = run.obj
    units = list(run.data.get("units") or [])
    external = [nfc(line).strip() for line in (run.data.get("external") or "").splitlines() if line.strip()]
    if not units and not external:
        raise ValidationError(_("Choose at least one recipient."))
    for listener in _dispatch_listeners:
        listener(draft=draft, actor=run.actor, units=units, external=external)
    run.set(dispatched_at=timezone.now(), updated_at=timezone.now())
    run.summary = {"units": [u.code for u in units], "external": external}


def _cancel(run: Run) -> None:
    draft, reason = run.obj, nfc(run.data.get("reason", "") or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the number is cancelled.")})
    entry = RegisterEntry.objects.select_for_update().filter(draft=draft, status=EntryStatus.ISSUED).first()
    if entry is None:
        raise ValidationError(_("This number is already cancelled."))
    entry.status = EntryStatus.CANCELLED
    entry.cancelled_at = timezone.now()
    entry.cancelled_by = run.actor
    entry.cancel_reason = reason[:500]
    entry.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    run.set(updated_at=timezone.now())
    run.summary = {"symbol": entry.symbol, "reason": reason}
    run.result = entry
    if run.before == S.DISPATCHED:
        for listener in _cancel_listeners:
            listener(draft=draft, actor=run.actor, reason=reason)


ISSUER = {"permission": "drafting.issue", "guard": can_issue}

DRAFTS = Workflow(
    name="drafting.draft",
    model=Draft,
    audit_prefix="drafting.draft_",
    url_name="drafting:action",
    wrong_state_message=gettext_lazy("This document is “%(status)s”."),
    transitions=[
        Transition(
            name="send_for_review",
            source=(S.DRAFT,),
            target=S.IN_REVIEW,
            permission="drafting.draft",
            label=gettext_lazy("Send for review"),
            effect=_send_for_review,
            wrong_state_message=gettext_lazy("Only a draft can be sent for review."),
        ),
        Transition(
            name="withdraw",
            source=(S.IN_REVIEW,),
            target=S.DRAFT,
            permission="drafting.view",
            guard=_author_or_reviewer,
            label=gettext_lazy("Take back for changes"),
            effect=_touch,
            wrong_state_message=gettext_lazy("Only a draft in review can be taken back."),
        ),
        Transition(
            name="issue",
            source=(S.DRAFT, S.IN_REVIEW),
            target=S.ISSUED,
            label=gettext_lazy("Issue a number (signed on paper)"),
            effect=_issue_on_paper,
            audit_action="drafting.number_issue",
            wrong_state_message=gettext_lazy("This document has already been issued or cancelled."),
            **ISSUER,
        ),
        Transition(
            name="to_signature",
            source=(S.IN_REVIEW,),
            target=S.SIGNING,
            permission=SYSTEM,
            label=gettext_lazy("Sent for signature"),
            effect=_touch,
        ),
        Transition(
            name="signature_back",
            source=(S.SIGNING,),
            target=S.IN_REVIEW,
            permission=SYSTEM,
            label=gettext_lazy("Signature request returned or cancelled"),
            effect=_touch,
        ),
        Transition(
            name="signed",
            source=(S.SIGNING,),
            target=S.SIGNED,
            permission=SYSTEM,
            label=gettext_lazy("Signed"),
            effect=_signed,
        ),
        Transition(
            name="issue_signed",
            source=(S.SIGNED,),
            target=S.ISSUED,
            label=gettext_lazy("Issue the number and apply the seal"),
            effect=_issue_signed,
            form="civildesk.drafting.forms.SealForm",
            audit_action="drafting.number_issue",
            **ISSUER,
        ),
        Transition(
            name="dispatch",
            source=(S.ISSUED,),
            target=S.DISPATCHED,
            label=gettext_lazy("Dispatch to the recipients"),
            effect=_dispatch,
            form="civildesk.drafting.forms.DispatchForm",
            form_kwargs=lambda draft: {"draft": draft},
            condition=lambda draft: bool(draft.signed_pdf),
            condition_message=gettext_lazy("Only a document signed in CivilDesk can be dispatched electronically."),
            **ISSUER,
        ),
        Transition(
            name="cancel",
            source=(S.ISSUED, S.DISPATCHED),
            target=S.CANCELLED,
            label=gettext_lazy("Cancel the number"),
            effect=_cancel,
            form="civildesk.drafting.forms.CancelForm",
            audit_action="drafting.number_cancel",
            style="danger",
            **ISSUER,
        ),
    ],
)
