"""Signature requests and their chains: creating a request, the request workflow (:data:`REQUESTS`)
and :func:`advance`, the one place that opens the next group of steps.

A request moves only through the transitions declared in :data:`REQUESTS`:
the owner sends a returned request again or cancels it; the system marks it
returned (a step was returned) or completed (the last group acted). The
steps have their own workflow (:data:`civildesk.signing.services.steps.STEPS`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import SYSTEM, Run, Transition, Workflow

from ..models import DONE_STEP, ChainStep, SignatureRequest, StepAction, StepStatus
from ..models import RequestStatus as R
from .trust import check_level, check_pdf, default_level, read

log = logging.getLogger(__name__)
Notify = Callable[..., None]  # (users, message, **params), e.g. Run.notify


@dataclass(frozen=True)
class StepSpec:
    """One group of the chain: ``assignees`` act on ``action``; ``required`` of them must act
    (None: all of them, i.e. parallel; 1 with one assignee: sequential)."""

    assignees: list[Any]
    action: str = StepAction.APPROVE
    required: int | None = None


# --- Creating a request ------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    pdf: bytes,
    filename: str,
    chain: list[StepSpec],
    level: str = "",
    signer_name: str = "",
    signer_title: str = "",
    is_attachment: bool = False,
    number_symbol: str = "",
    draft: Any = None,
) -> SignatureRequest:
    policy.require(actor, "signing.request", unit)
    check_pdf(data=pdf, filename=filename)
    if not chain or not any(s.assignees for s in chain):
        raise ValidationError(_("Choose at least one person to review or sign."))
    if not any(s.action in (StepAction.SIGN, StepAction.SEAL) for s in chain):
        raise ValidationError(_("The chain needs at least one signature step."))
    level = level or default_level()
    check_level(level)
    request = SignatureRequest(
        unit=unit,
        owner=actor,
        title=nfc(title) or nfc(filename.rsplit(".", 1)[0]) or _("Untitled document"),
        level=level,
        signer_name=nfc(signer_name),
        signer_title=nfc(signer_title),
        is_attachment=is_attachment,
        number_symbol=nfc(number_symbol),
        draft=draft,
    )
    request.full_clean(exclude=["original", "current"])
    name = f"{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
    request.original.save(name, ContentFile(pdf), save=False)
    request.current.save(name, ContentFile(pdf), save=False)
    request.save()
    for position, spec in enumerate(chain, start=1):
        people = list(dict.fromkeys(spec.assignees))
        if not people:
            continue
        required = len(people) if spec.required is None else spec.required
        if not 1 <= required <= len(people):
            raise ValidationError(
                _("A group of %(m)d people cannot require %(n)d of them.") % {"m": len(people), "n": required}
            )
        for person in people:
            if not policy.can(person, "signing.view", request):
                raise ValidationError(
                    _("%(user)s cannot see documents of %(unit)s and cannot be in this chain.")
                    % {"user": person.get_username(), "unit": unit.name}
                )
            step = ChainStep(request=request, position=position, required=required, assignee=person, action=spec.action)
            step.full_clean()
            step.save()
    audit_record(
        actor=actor,
        action="signing.request_create",
        obj=request,
        summary={"title": request.title, "steps": request.steps.count(), "level": request.level},
    )
    advance(request, actor=actor, notify=_notify_on_commit(request))
    return request


@transaction.atomic
def request_from_draft(*, actor: Any, draft: Any, chain: list[StepSpec], level: str = "") -> SignatureRequest:
    """Send a drafting document (in review or issued) for signature, with its PDF."""
    from civildesk.drafting import services as drafting

    from .outgoing import add_fields

    policy.require(actor, "drafting.view", draft)
    if draft.status not in ("in_review", "issued"):
        raise ValidationError(_("Only a draft sent for review or an issued document can go for signature."))
    if draft.status == "in_review":
        # Not numbered yet: the signer signs a PDF with empty number and date fields, certifying it
        # (see services/outgoing.py); after that only the clerk's seal may sign, at issue time.
        signs = [s for s in chain if s.assignees and s.action != StepAction.APPROVE]
        if (
            len(signs) != 1
            or signs[0].action != StepAction.SIGN
            or signs[0] is not chain[-1]
            or (len(signs[0].assignees) > 1 and signs[0].required != 1)
        ):
            raise ValidationError(
                _(
                    "A document not numbered yet is signed by one signer, last in the chain; "
                    "the agency's seal is applied when the clerk issues its number."
                )
            )
        pdf, fields = drafting.draft_signing_pdf(actor=actor, draft=draft)
        pdf = add_fields(pdf, fields)
        drafting.draft_signature_started(draft=draft)
    else:
        pdf = drafting.draft_pdf(actor=actor, draft=draft)
    return request_create(
        actor=actor,
        unit=draft.unit,
        title=draft.subject,
        pdf=pdf,
        filename=f"draft-{draft.pk}.pdf",
        chain=chain,
        level=level,
        signer_name=draft.signer_name,
        signer_title=draft.signer_title,
        draft=draft,
    )


def _notify_on_commit(request: SignatureRequest) -> Notify:
    """Outside a transition (creating a request): notify once the transaction commits."""

    def notify(users: Any, message: str, **params: Any) -> None:
        from civildesk.org.services import notify as org_notify

        people = [u for u in dict.fromkeys(users) if u is not None]
        url = request.get_absolute_url()
        transaction.on_commit(lambda: org_notify(users=people, message=message, params=params, url=url))

    return notify


# --- The one place that opens the next group -----------------------------------------------

WAITING_MESSAGES = {
    StepAction.APPROVE: gettext_noop("“%(title)s” is waiting for your review."),
    StepAction.SIGN: gettext_noop("“%(title)s” is waiting for your signature."),
    StepAction.SEAL: gettext_noop("“%(title)s” is waiting for the agency's signature (seal)."),
}


def advance(
    request: SignatureRequest, *, actor: Any, notify: Notify, acting: tuple[ChainStep, str] | None = None
) -> None:
    """Open the next group when the current one has enough approvals/signatures; complete at the end.

    Called inside a locked transition. ``acting`` is the step being moved by that
    transition and its new state (not saved yet: the workflow saves it after the
    effect). The other steps change state here by a bulk update, not by a transition:
    nobody acts on them, the chain does (waiting → pending when their group opens,
    pending or waiting → skipped when their group has enough without them).
    """
    steps = list(ChainStep.objects.select_for_update().filter(request=request).order_by("position", "pk"))
    state = {s.pk: s.status for s in steps}
    if acting is not None:
        state[acting[0].pk] = acting[1]
    for position in sorted({s.position for s in steps}):
        group = [s for s in steps if s.position == position]
        if sum(state[s.pk] in DONE_STEP for s in group) >= group[0].required:
            idle = [s.pk for s in group if state[s.pk] in (StepStatus.PENDING, StepStatus.WAITING)]
            ChainStep.objects.filter(pk__in=idle).update(status=StepStatus.SKIPPED)
            continue
        if any(state[s.pk] == StepStatus.FINISHING for s in group):
            return
        opened = [s for s in group if state[s.pk] == StepStatus.WAITING]
        if opened:
            ChainStep.objects.filter(pk__in=[s.pk for s in opened]).update(status=StepStatus.PENDING)
            notify([s.assignee for s in opened], WAITING_MESSAGES[opened[0].action], title=request.title)
        return
    REQUESTS.apply(request, "complete", actor=None, by=getattr(actor, "username", ""))


# --- The request workflow --------------------------------------------------------------------


def _resubmit(run: Run) -> None:
    """The chain restarts (every step waits again), optionally with a corrected PDF."""
    request, upload = run.obj, run.data.get("file")
    pdf = run.data.get("pdf")
    filename = run.data.get("filename") or "document.pdf"
    if upload is not None:
        pdf, filename = upload.read(), upload.name
    if pdf is not None:
        check_pdf(data=pdf, filename=filename)
        name = f"{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
        request.original.save(name, ContentFile(pdf), save=False)
        request.current.save(name, ContentFile(pdf), save=False)
        run.update_fields |= {"original", "current"}
    elif request.steps.filter(status=StepStatus.SIGNED).exists():
        request.current.save(Path(request.original.name).name, ContentFile(read(request.original)), save=False)
        run.update_fields.add("current")
    request.steps.update(status=StepStatus.WAITING, acted_at=None, failure="")
    run.set(updated_at=timezone.now())
    run.summary = {"new_pdf": pdf is not None}
    advance(request, actor=run.actor, notify=run.notify)


def _touch(run: Run) -> None:
    run.set(updated_at=timezone.now())


def _back(run: Run) -> None:
    """Returned or cancelled: a draft waiting for this signature goes back to review."""
    _touch(run)
    if run.obj.draft_id is not None:
        from civildesk.drafting import services as drafting

        drafting.draft_signature_done(draft=run.obj.draft, completed=False)


def _complete(run: Run) -> None:
    """The last group acted: the signed PDF goes to the library and the owner is told.

    An outgoing draft waiting for its number goes to the library once numbered and sealed."""
    request = run.obj
    waits_for_number = False
    if request.draft_id is not None:
        from civildesk.drafting import services as drafting

        waits_for_number = drafting.draft_signature_done(draft=request.draft, completed=True).status == "signed"
    document = None if waits_for_number else _file_in_library(request)
    if document is not None:
        run.set(document=document)
    run.set(updated_at=timezone.now())
    run.summary = {"document": request.document_id, "after": run.data.get("by", "")}
    run.notify([request.owner], gettext_noop("“%(title)s” is signed."), title=request.title)


def _file_in_library(request: SignatureRequest) -> Any:
    """Put the signed PDF in the library: a new version of its document, or a new document."""
    from civildesk.library import services as library

    data = read(request.current)
    filename = f"{request.title[:80]}.pdf"
    try:
        with transaction.atomic():
            if request.document is not None:
                library.document_new_version(
                    actor=request.owner, document=request.document, data=data, filename=filename
                )
                return None
            return library.document_upload(
                actor=request.owner, data=data, filename=filename, unit=request.unit, title=request.title
            ).document
    except (ValidationError, PermissionDenied) as exc:
        log.warning("signed PDF of request %s not filed in the library: %s", request.pk, exc)
        return None


def _is_owner(user: Any, request: SignatureRequest) -> bool:
    return request.owner_id == getattr(user, "pk", None)


VIEW = "signing.view"
OWNER_ONLY = {"guard": _is_owner, "guard_message": gettext_lazy("Only the person who sent the request may do this.")}

REQUESTS = Workflow(
    name="signing.request",
    model=SignatureRequest,
    audit_prefix="signing.request_",
    url_name="signing:request_action",
    wrong_state_message=gettext_lazy("This request is “%(status)s”."),
    transitions=[
        Transition(
            name="resubmit",
            source=(R.RETURNED,),
            target=R.IN_PROGRESS,
            permission=VIEW,
            label=gettext_lazy("Send again"),
            effect=_resubmit,
            form="civildesk.signing.forms.ResubmitForm",
            wrong_state_message=gettext_lazy("Only a returned request can be sent again."),
            **OWNER_ONLY,
        ),
        Transition(
            name="cancel",
            source=(R.IN_PROGRESS, R.RETURNED),
            target=R.CANCELLED,
            permission=VIEW,
            label=gettext_lazy("Cancel the request"),
            effect=_back,
            style="danger",
            **OWNER_ONLY,
        ),
        # Taken by the chain, never offered to a person:
        Transition(
            name="return",
            source=(R.IN_PROGRESS,),
            target=R.RETURNED,
            permission=SYSTEM,
            label=gettext_lazy("Returned to the owner"),
            effect=_back,
        ),
        Transition(
            name="complete",
            source=(R.IN_PROGRESS,),
            target=R.COMPLETED,
            permission=SYSTEM,
            label=gettext_lazy("Completed"),
            effect=_complete,
        ),
    ],
)


def request_resubmit(
    *, actor: Any, request: SignatureRequest, pdf: bytes | None = None, filename: str = ""
) -> SignatureRequest:
    """The owner sends a returned request again (optionally with a corrected PDF): the chain restarts."""
    return REQUESTS.apply(request, "resubmit", actor=actor, pdf=pdf, filename=filename)


def request_cancel(*, actor: Any, request: SignatureRequest) -> SignatureRequest:
    return REQUESTS.apply(request, "cancel", actor=actor)
