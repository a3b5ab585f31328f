"""The dossier workflow: the national status set 1–10 declared on the workflow mechanism (``org.workflow``).

Who does what (Decree 118/2025/NĐ-CP): the one-stop clerk receives, accepts or refuses (Form 03), asks once,
in writing, for a supplement (Form 02), forwards to the handling unit and returns the result; the specialist
processes and proposes the result; the leader approves (the result is drafted and signed with ``drafting``
and ``signing``), returns it for rework, or stops processing (Form 05). A dossier that will be late gets a
Form 04 apology with a new date, before the promised one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_fsm import RETURN_VALUE

from civildesk.org.models import Role, RoleAssignment
from civildesk.org.workflow import SYSTEM, Run, Transition, Workflow

from .. import deadlines
from ..models import OPEN, Dossier, DossierEvent, Status
from ..models import Status as S


def _today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def _history(run: Run) -> None:
    DossierEvent.record(run)
    if run.obj.status != run.before:
        pk = run.obj.pk
        transaction.on_commit(lambda: _tell_applicant(pk))


def _tell_applicant(pk: int) -> None:
    from .notify import status_changed

    status_changed(dossier_id=pk)


def _leaders(dossier: Dossier) -> list:  # type: ignore[type-arg]
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            unit=dossier.unit, role=Role.LEADER, user__is_active=True
        ).select_related("user")
    ]


def _set_due(run: Run) -> None:
    d: Dossier = run.obj
    v = d.version
    due = deadlines.due_date(
        timezone.localtime(d.received_at), v.processing_days, v.cut_off_hour, paused_days=d.paused_days
    )
    if d.extended_on and d.due_date and d.due_date > due:
        due = d.due_date
    run.set(due_date=due)
    if d.original_due_date is None:
        run.set(original_due_date=due)


def _accept(run: Run) -> None:
    run.set(accepted_on=_today())
    _set_due(run)
    run.summary = {"due": run.obj.due_date.isoformat()}


def _finish(run: Run, reason_key: str = "reason") -> None:
    if run.obj.finished_on is None:
        run.set(finished_on=_today())
    if reason_key and run.data.get(reason_key):
        run.set(reason=run.data[reason_key])
        run.note = run.data[reason_key]


def _refuse(run: Run) -> None:
    _finish(run)


def _request_supplement(run: Run) -> None:
    note = run.data["missing"]
    run.set(
        status_before=run.obj.status,
        paused_since=_today(),
        supplement_count=run.obj.supplement_count + 1,
        supplement_note=note,
    )
    run.note = note


def _supplement_in(run: Run) -> str:
    d: Dossier = run.obj
    paused = deadlines.paused_working_days(d.paused_since or _today(), _today())
    run.set(paused_days=d.paused_days + paused, paused_since=None)
    if d.due_date is not None:
        if d.extended_on:
            from civildesk.workdays import add_working_days

            run.set(due_date=add_working_days(d.due_date, paused))
        else:
            _set_due(run)
    run.summary = {"paused_days": paused}
    files = [(f.name, f.read()) if hasattr(f, "read") else f for f in run.data.get("files") or []]
    if files:
        from ..models import AttachmentKind
        from .intake import store_files

        store_files(dossier=d, files=files, kind=AttachmentKind.SUPPLEMENT)
    return d.status_before or S.NEW


def _forward(run: Run) -> None:
    handler = run.data.get("handler")
    if handler is not None:
        run.set(handler=handler)
        run.notify([handler], gettext_noop("Dossier %(code)s was forwarded to you."), code=run.obj.code)


def _propose(run: Run) -> None:
    run.set(result_summary=run.data["result"], proposed=True)
    if run.obj.handler_id is None:
        run.set(handler=run.actor)
    run.notify(_leaders(run.obj), gettext_noop("Dossier %(code)s awaits your approval."), code=run.obj.code)


def _send_back(run: Run) -> None:
    run.set(proposed=False)
    run.note = run.data["comment"]
    run.notify([run.obj.handler], gettext_noop("Dossier %(code)s was returned for rework."), code=run.obj.code)


def _approve(run: Run) -> None:
    from .results import result_request

    request = result_request(actor=run.actor, dossier=run.obj)
    run.set(signature_request_id=request.pk)
    run.summary = {"signature_request": request.pk}


def _signed(dossier: Dossier) -> bool:
    from .results import result_signed

    return result_signed(dossier)


def _complete(run: Run) -> None:
    from .results import result_store

    result_store(run.obj)
    run.update_fields.add("result_file")
    run.set(finished_on=run.obj.finished_on or _today())


def _extend(run: Run) -> None:
    d: Dossier = run.obj
    new = run.data["new_due_date"]
    if d.due_date and new <= d.due_date:
        raise ValidationError({"new_due_date": _("The new date must be after the promised date.")})
    run.set(due_date=new, extension_reason=run.data["reason"], extended_on=_today())
    run.note = run.data["reason"]
    run.summary = {"new_due": new.isoformat()}


def _payment_in(run: Run) -> None:
    if run.data.get("paid_online"):
        run.set(paid_online=True)


def _returned(run: Run) -> None:
    run.set(returned_on=_today())


def _intake_unit(d: Dossier) -> object:
    """The one-stop shop that received the dossier (or the handling unit) does the intake steps."""
    return d.intake_unit


def _not_late(d: Dossier) -> bool:
    return d.due_date is None or _today() <= d.due_date


T = Transition
DOSSIERS = Workflow(
    name="procedures.dossier",
    model=Dossier,
    audit_prefix="procedures.dossier_",
    history=_history,
    url_name="procedures:dossier_action",
    transitions=[
        T(
            "accept",
            (S.NEW,),
            S.ACCEPTED,
            "procedures.receive",
            _("Accept the dossier"),
            _accept,
            permission_object=_intake_unit,
            public=True,
        ),
        T(
            "refuse",
            (S.NEW,),
            S.REFUSED,
            "procedures.receive",
            _("Refuse (Form 03)"),
            _refuse,
            "civildesk.procedures.forms.ReasonForm",
            permission_object=_intake_unit,
            public=True,
            style="danger",
        ),
        T(
            "request_supplement",
            (S.NEW, S.ACCEPTED, S.PROCESSING),
            S.SUPPLEMENT,
            "procedures.receive",
            _("Request a supplement (Form 02)"),
            _request_supplement,
            "civildesk.procedures.forms.SupplementForm",
            condition=lambda d: d.supplement_count == 0,
            condition_message=_("A supplement may be requested only once, in writing, listing everything missing."),
            permission_object=_intake_unit,
            public=True,
        ),
        T(
            "supplement_receive",
            (S.SUPPLEMENT,),
            RETURN_VALUE(S.NEW, S.ACCEPTED, S.PROCESSING),
            "procedures.receive",
            _("Supplement received"),
            _supplement_in,
            "civildesk.procedures.forms.SupplementReceiveForm",
            permission_object=_intake_unit,
            public=True,
        ),
        T(
            "supplement_submit",
            (S.SUPPLEMENT,),
            RETURN_VALUE(S.NEW, S.ACCEPTED, S.PROCESSING),
            SYSTEM,
            _("Supplement sent online"),
            _supplement_in,
            public=True,
        ),
        T(
            "forward",
            (S.ACCEPTED,),
            S.PROCESSING,
            "procedures.receive",
            _("Forward to the handling unit"),
            _forward,
            "civildesk.procedures.forms.ForwardForm",
            form_kwargs=lambda d: {"dossier": d},
            permission_object=_intake_unit,
            public=True,
        ),
        T(
            "propose",
            (S.PROCESSING,),
            None,
            "procedures.process",
            _("Propose the result"),
            _propose,
            "civildesk.procedures.forms.ProposeForm",
            condition=lambda d: not d.proposed and d.signature_request_id is None,
            condition_message=_("The result has already been proposed."),
        ),
        T(
            "send_back",
            (S.PROCESSING,),
            None,
            "procedures.decide",
            _("Return for rework"),
            _send_back,
            "civildesk.procedures.forms.CommentForm",
            condition=lambda d: d.proposed and d.signature_request_id is None,
            condition_message=_("No result is waiting for approval."),
            style="danger",
        ),
        T(
            "approve",
            (S.PROCESSING,),
            None,
            "procedures.decide",
            _("Approve and send the result for signature"),
            _approve,
            condition=lambda d: d.proposed and d.signature_request_id is None,
            condition_message=_("No result is waiting for approval."),
        ),
        T(
            "complete",
            (S.PROCESSING,),
            S.DONE,
            "procedures.process",
            _("Complete: the result is signed"),
            _complete,
            condition=_signed,
            condition_message=_("The result has not been signed yet."),
            public=True,
        ),
        T(
            "request_payment",
            (S.PROCESSING,),
            S.PAYMENT,
            "procedures.process",
            _("Request the fee or tax"),
            public=True,
        ),
        T(
            "payment_received",
            (S.PAYMENT,),
            S.PROCESSING,
            "procedures.receive",
            _("Payment received"),
            _payment_in,
            "civildesk.procedures.forms.PaymentForm",
            permission_object=_intake_unit,
            public=True,
        ),
        T(
            "extend",
            (S.ACCEPTED, S.PROCESSING, S.PAYMENT, S.SUPPLEMENT),
            None,
            "procedures.process",
            _("Apologise and set a new date (Form 04)"),
            _extend,
            "civildesk.procedures.forms.ExtendForm",
            condition=_not_late,
            condition_message=_("Form 04 must be issued before the promised date."),
            public=True,
        ),
        T(
            "stop",
            (S.ACCEPTED, S.PROCESSING, S.SUPPLEMENT, S.PAYMENT),
            S.STOPPED,
            "procedures.decide",
            _("Stop processing (Form 05)"),
            _finish,
            "civildesk.procedures.forms.ReasonForm",
            public=True,
            style="danger",
        ),
        T(
            "withdraw",
            OPEN,
            S.WITHDRAWAL,
            "procedures.receive",
            _("Record the applicant's withdrawal"),
            _finish,
            "civildesk.procedures.forms.ReasonForm",
            permission_object=_intake_unit,
            public=True,
            style="danger",
        ),
        T(
            "withdraw_request",
            OPEN,
            S.WITHDRAWAL,
            SYSTEM,
            _("Withdrawn online by the applicant"),
            _finish,
            public=True,
        ),
        T(
            "return_result",
            (S.DONE,),
            S.RETURNED,
            "procedures.receive",
            _("Return the result to the applicant"),
            _returned,
            permission_object=_intake_unit,
            public=True,
        ),
    ],
)

STATUS_ORDER = list(Status)
