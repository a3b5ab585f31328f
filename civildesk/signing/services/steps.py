"""The step workflow (:data:`STEPS`): a person approves, returns or signs their step; the background
job finishes a signature (SYSTEM transitions ``finish`` / ``finish_failed``).

Every transition locks the request row, then the step; refuses a closed
request, a step whose group has not opened, the wrong state or the wrong kind
of step; lets only the step's assignee act; writes the audit entry on the step
and the request's own history entry; and notifies once the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_fsm import RETURN_VALUE

from civildesk.org.services import audit_record, job_fail, job_finish, job_progress, nfc
from civildesk.org.workflow import SYSTEM, Run, Transition, Workflow

from .. import signer, texts
from ..models import ChainStep, SignatureRequest, SigningSettings, StepAction, TrustedRoot
from ..models import RequestStatus as R
from ..models import StepStatus as S
from . import sign
from .chain import REQUESTS, VIEW, advance
from .trust import read


def _lock(step: ChainStep) -> ChainStep:
    """The request row first (every step of a chain goes through it), then the step."""
    request = (
        SignatureRequest.objects.select_for_update(of=("self",)).select_related("unit", "owner").get(pk=step.request_id)
    )
    step = ChainStep.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=step.pk)
    step.request = request
    return step


def _not_now(step: ChainStep) -> str | None:
    if step.request.status != R.IN_PROGRESS and step.status != S.FINISHING:
        return _("This request is “%(status)s”.") % {"status": step.request.get_status_display()}
    if step.status == S.WAITING:
        return _("This step waits for the earlier steps of the chain.")
    return None


def _history(run: Run) -> None:
    """The request's own trail: what happened to which of its steps."""
    step = run.obj
    action = "signing.step_signed" if step.status == S.SIGNED else f"signing.step_{run.transition.name}"
    audit_record(
        actor=run.actor or step.assignee,
        action=action,
        obj=step.request,
        summary={"step": step.pk, "position": step.position, **run.summary},
    )


def _approve(run: Run) -> None:
    step = run.obj
    run.set(comment=nfc(run.data.get("comment", "")), acted_at=timezone.now())
    advance(step.request, actor=run.actor, notify=run.notify, acting=(step, S.APPROVED))


def _return(run: Run) -> None:
    step, comment = run.obj, nfc(run.data.get("comment", ""))
    if not comment:
        raise ValidationError({"comment": _("Say why you return the document.")})
    run.set(comment=comment, acted_at=timezone.now())
    # The other open steps of the group wait again; the request goes back to its owner.
    ChainStep.objects.filter(request=step.request, status=S.PENDING).exclude(pk=step.pk).update(status=S.WAITING)
    REQUESTS.apply(step.request, "return", actor=None)
    run.summary = {"comment": comment[:200]}
    run.notify(
        [step.request.owner],
        gettext_noop("“%(title)s” was returned by %(user)s: %(comment)s"),
        title=step.request.title,
        user=getattr(run.actor, "display_name", "") or run.actor.get_username(),
        comment=comment[:200],
    )


def _finish(run: Run) -> None:
    """The background job embedded the timestamp and revocation data (``data``: the signed PDF)."""
    step = run.obj
    sign.drop_pending(step)
    sign.store_signed(run, run.data["data"])
    if step.request.status == R.IN_PROGRESS:  # not when the request was cancelled meanwhile
        advance(step.request, actor=step.assignee, notify=run.notify, acting=(step, S.SIGNED))


def _finish_failed(run: Run) -> None:
    """The step is open again: the assignee signs again (the reason is shown on the request page)."""
    step = run.obj
    sign.drop_pending(step)
    run.set(failure=run.data.get("code", "signer"))
    run.summary = {"reason": run.data.get("code", ""), "detail": run.data.get("detail", "")[:200]}
    run.notify(
        [step.assignee],
        gettext_noop(
            "Your signature on “%(title)s” could not be finished. Open the document to see why, and sign again."
        ),
        title=step.request.title,
    )


def _is_assignee(user: Any, step: ChainStep) -> bool:
    return step.assignee_id == getattr(user, "pk", None)


def _request_of(step: ChainStep) -> SignatureRequest:
    return step.request


MINE = {
    "permission": VIEW,
    "permission_object": _request_of,
    "guard": _is_assignee,
    "guard_message": gettext_lazy("This step is not yours."),
    "wrong_state_message": gettext_lazy("This step is already “%(status)s”."),
}

STEPS = Workflow(
    name="signing.step",
    model=ChainStep,
    audit_prefix="signing.chainstep_",
    lock=_lock,
    history=_history,
    url_name="signing:step_action",
    precondition=_not_now,
    transitions=[
        Transition(
            name="approve",
            source=(S.PENDING,),
            target=S.APPROVED,
            label=gettext_lazy("Approve"),
            effect=_approve,
            form="civildesk.signing.forms.CommentForm",
            condition=lambda s: s.action == StepAction.APPROVE,
            condition_message=gettext_lazy("This step is a signature, not a review."),
            **MINE,
        ),
        Transition(
            name="sign",
            source=(S.PENDING,),
            target=RETURN_VALUE(S.SIGNED, S.FINISHING),
            label=gettext_lazy("Sign"),
            effect=sign.sign,
            form="civildesk.signing.forms.SignForm",
            condition=lambda s: s.action in (StepAction.SIGN, StepAction.SEAL),
            condition_message=gettext_lazy("This step is a review, not a signature."),
            **MINE,
        ),
        Transition(
            name="return",
            source=(S.PENDING,),
            target=S.RETURNED,
            label=gettext_lazy("Return with comment"),
            effect=_return,
            form="civildesk.signing.forms.ReturnForm",
            style="danger",
            **MINE,
        ),
        Transition(
            name="finish",
            source=(S.FINISHING,),
            target=S.SIGNED,
            permission=SYSTEM,
            label=gettext_lazy("Signature finished"),
            effect=_finish,
        ),
        Transition(
            name="finish_failed",
            source=(S.FINISHING,),
            target=S.PENDING,
            permission=SYSTEM,
            label=gettext_lazy("Signature could not be finished"),
            effect=_finish_failed,
        ),
    ],
)


def step_approve(*, actor: Any, step: ChainStep, comment: str = "") -> ChainStep:
    return STEPS.apply(step, "approve", actor=actor, comment=comment)


def step_return(*, actor: Any, step: ChainStep, comment: str) -> ChainStep:
    return STEPS.apply(step, "return", actor=actor, comment=comment)


def step_sign(*, actor: Any, step: ChainStep, secret: str, key_file: bytes | None = None) -> ChainStep:
    """Sign in this request with the PIN/passphrase kept in memory only; the timestamp and
    revocation data (network) are added by a background job, which never sees the secret."""
    return STEPS.apply(step, "sign", actor=actor, secret=secret, key_file=key_file)


def signature_finish(*, step_id: int, job_id: str, level: str) -> None:
    """The background half: timestamp, embed, revocation data. Reports to the job."""
    step = ChainStep.objects.select_related("request", "assignee", "pending").get(pk=step_id)
    pending = step.pending
    prepared = signer.Prepared(
        pdf=read(pending.prepared),
        document_digest=bytes(pending.document_digest),
        reserved_start=pending.reserved_start,
        reserved_end=pending.reserved_end,
        cms=bytes(pending.cms),
    )
    language = step.assignee.preferred_language or settings.LANGUAGE_CODE
    stages = {
        "timestamp": gettext_noop("Asking the timestamp authority"),
        "revocation": gettext_noop("Collecting revocation data"),
        "archive timestamp": gettext_noop("Adding the archive timestamp"),
    }

    def progress(percent: int, stage: str) -> None:
        with translation.override(language):
            job_progress(job_id=job_id, percent=percent, message=_(stages.get(stage, stage)))

    try:
        data = signer.sign_finish(
            prepared,
            level=level,
            tsa_url=SigningSettings.get().tsa_url,
            roots_der=TrustedRoot.active_der(),
            progress=progress,
        )
    except signer.SignerError as exc:
        STEPS.apply(step, "finish_failed", actor=None, code=exc.code, detail=exc.detail)
        with translation.override(language):
            job_fail(job_id=job_id, message=texts.signing_failed(exc.code))
        return
    with transaction.atomic():
        STEPS.apply(step, "finish", actor=None, data=data)
    with translation.override(language):
        job_finish(
            job_id=job_id, message=_("Signed (%(level)s)") % {"level": level}, result_url=step.get_absolute_url()
        )


def steps_finish_interrupted(*, job_ids: list[Any]) -> int:
    """The steps whose finishing job died (worker killed) go back to the assignee, who signs again."""
    count = 0
    for step in ChainStep.objects.filter(job_id__in=job_ids, status=S.FINISHING).select_related("request"):
        with transaction.atomic():
            STEPS.apply(step, "finish_failed", actor=None, code="interrupted")
        count += 1
    return count
