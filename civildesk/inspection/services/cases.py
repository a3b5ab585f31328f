"""Complaints, denunciations and petitions: intake, the filer's identity, the case workflow, links.

A case moves only through the transitions declared in :data:`CASES` (on the
one workflow mechanism, :mod:`civildesk.org.workflow`): each refuses a wrong
state, checks permission, records a :class:`CaseEvent` and an audit entry.
The identity of a filer is encrypted before it reaches the database and is
never written to an audit summary, an event note or a log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_fsm import RETURN_VALUE

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import Run, Transition, Workflow

from .. import deadlines
from ..models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    Channel,
    Complexity,
    DayCount,
    Instance,
    TriageReason,
)
from .rules import extendable, recompute, rule_for, rule_terms

S = CaseStatus


# --- The case workflow ----------------------------------------------------------------


def _classify(run: Run) -> None:
    case, d = run.obj, run.data
    case_type, instance = d["case_type"], d["instance"]
    if case_type != CaseType.COMPLAINT:
        instance = Instance.NONE
    elif instance == Instance.NONE:
        raise ValidationError({"instance": _("Say whether the complaint is at first or second instance.")})
    if case_type == CaseType.DENUNCIATION and case.channel == Channel.ONLINE:
        raise ValidationError(
            {"case_type": _("An online submission cannot become a denunciation without the denouncer's identity.")}
        )
    # Reclassifying a denunciation is the leader's decision; its protection stays (``was_denunciation``).
    reclassified = case.case_type == CaseType.DENUNCIATION and case_type != CaseType.DENUNCIATION
    if reclassified and not policy.can(run.actor, "inspection.decide", case):
        raise PermissionDenied(_("Only a leader of the unit may reclassify a denunciation."))
    if case_type == CaseType.DENUNCIATION:
        run.set(was_denunciation=True)
    run.set(
        case_type=case_type,
        instance=instance,
        field=nfc(d.get("field", "")),
        complexity=d["complexity"],
        remote_area=d["remote_area"],
        rule=rule_for(case_type, instance),
    )
    if d.get("subject_name"):
        run.set(subject_name=nfc(d["subject_name"]))
    if d.get("subject_unit") is not None:
        run.set(subject_unit=d["subject_unit"])
    recompute(case)
    run.update_fields |= {"intake_deadline", "deadline"}
    run.note = nfc(d.get("note", ""))
    run.summary = {"type": case_type, "instance": instance, "complexity": d["complexity"]}


def _accept(run: Run) -> None:
    case = run.obj
    if case.rule is None:
        raise ValidationError(_("No statutory time limit is configured for this type of case."))
    accepted_on = run.data.get("accepted_on") or timezone.localdate()
    if accepted_on < case.received_on or accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("The acceptance date must be between receipt and today.")})
    run.set(accepted_on=accepted_on)
    recompute(case)
    run.update_fields.add("deadline")
    run.note = nfc(run.data.get("note", ""))
    run.summary = {"deadline": case.deadline.isoformat()}


def _triage(run: Run) -> None:
    d, name = run.data, run.transition.name
    reason, note, transferred_to = d.get("reason", ""), d.get("note", ""), d.get("transferred_to", "")
    if reason not in TriageReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if name == "transfer" and not transferred_to.strip():
        raise ValidationError({"transferred_to": _("Name the competent agency the case is transferred to.")})
    if reason == TriageReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason in the note.")})
    run.set(triage_reason=reason, transferred_to=nfc(transferred_to))
    public_note = TriageReason(reason).label
    text = f"{public_note}. {transferred_to}".strip(". ") if transferred_to else str(public_note)
    run.note = text + (f" — {nfc(note)}" if note else "")
    run.summary = {"reason": reason}


def _assign(run: Run) -> None:
    case, assignee = run.obj, run.data["assignee"]
    policy.forget(assignee)
    if not policy.can(assignee, "inspection.handle", case):
        raise ValidationError({"assignee": _("This person cannot handle cases of this unit.")})
    run.set(assignee=assignee)
    run.note = nfc(run.data.get("note", ""))
    run.summary = {"assignee": assignee.get_username()}
    run.notify(
        [assignee], gettext_noop("Case %(number)s was assigned to you: %(title)s"), number=case.number, title=case.title
    )


def _start_verification(run: Run) -> None:
    if not run.obj.assignee_id:
        raise ValidationError(_("Assign a handler first."))
    run.note = nfc(run.data.get("note", ""))


def _extend(run: Run) -> None:
    case, d = run.obj, run.data
    reason = d.get("reason", "")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    terms = rule_terms(case.rule)
    if terms.extension_days:
        if d.get("complexity"):
            case.complexity = d["complexity"]
        if case.complexity == Complexity.NORMAL:
            raise ValidationError({"complexity": _("Only a complex case may be extended.")})
        if case.extensions >= deadlines.max_extensions(terms, complexity=case.complexity):
            raise ValidationError(_("The law allows no further extension for this case."))
        case.extensions += 1
    else:
        # Complaints: a complex case has the longer limit, once.
        if case.complexity != Complexity.NORMAL:
            raise ValidationError(_("The law allows no further extension for this case."))
        case.complexity = Complexity.COMPLEX
    old = case.deadline
    recompute(case)
    run.update_fields |= {"complexity", "extensions", "deadline"}
    run.note = nfc(reason)
    run.summary = {"deadline": [old.isoformat() if old else None, case.deadline.isoformat()]}


def _suspend(run: Run) -> None:
    reason = run.data.get("reason", "")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    run.set(status_before_suspension=run.before, suspended_on=run.data.get("on") or timezone.localdate())
    run.note = nfc(reason)


def _resume(run: Run) -> str:
    """The suspended days are added to the deadline; the case returns to where it was."""
    case = run.obj
    on = run.data.get("on") or timezone.localdate()
    if on < case.suspended_on:
        raise ValidationError(_("A case cannot resume before it was suspended."))
    working = case.rule.day_count == DayCount.WORKING
    case.suspended_days += max(0, deadlines.days_between(case.suspended_on, on, working=working))
    back = case.status_before_suspension or S.VERIFYING
    run.set(status_before_suspension="", suspended_on=None)
    recompute(case)
    run.update_fields |= {"suspended_days", "deadline"}
    run.note = nfc(run.data.get("note", ""))
    run.summary = {"deadline": case.deadline.isoformat()}
    return back  # the target (declared RETURN_VALUE): where the case was when suspended


def _conclude(run: Run) -> None:
    conclusion = run.data.get("conclusion", "")
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write the conclusion.")})
    run.set(conclusion=nfc(conclusion), concluded_on=run.data.get("concluded_on") or timezone.localdate())


def _issue_decision(run: Run) -> None:
    case, d = run.obj, run.data
    if not d.get("decision_number", "").strip():
        raise ValidationError({"decision_number": _("Give the number of the decision or the reply.")})
    if not d.get("outcome_public", "").strip():
        raise ValidationError({"outcome_public": _("Write the outcome to tell the filer.")})
    run.set(
        decision_number=nfc(d["decision_number"]),
        outcome_public=nfc(d["outcome_public"]),
        decided_on=d.get("decided_on") or timezone.localdate(),
    )
    run.note = case.decision_number
    run.summary = {"on_time": bool(case.deadline and case.decided_on <= case.deadline)}


def _close(run: Run) -> None:
    run.set(closed_on=timezone.localdate())
    run.note = nfc(run.data.get("note", ""))


def _handler_or_decider(user: Any, case: Case) -> bool:
    return case.assignee_id == getattr(user, "pk", None) or policy.can(user, "inspection.decide", case)


def _merged(case: Case) -> str | None:
    if case.merged_into_id:
        return _("This case was merged into %(number)s; act on that case.") % {"number": case.merged_into.number}
    return None


def case_event(
    *, case: Case, actor: Any, action: str, before: str, note: str = "", public: bool = False, audit: Any = None
) -> None:
    """One row of a case's history; with ``audit`` (a summary dict) also its audit entry.

    Transitions get their audit entry from the workflow; intake and links pass ``audit``.
    """
    person = actor if getattr(actor, "is_authenticated", False) else None
    CaseEvent.objects.create(
        case=case, actor=person, action=action, from_status=before, to_status=case.status, note=note, public=public
    )
    if audit is not None:
        audit_record(
            actor=person,
            action=f"inspection.case_{action}",
            obj=case,
            summary={"from": before, "to": case.status, **audit},
        )


def _history(run: Run) -> None:
    CaseEvent.record(run, public=run.transition.public)


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("rule", "merged_into").get(pk=case.pk)


def _case_transition(
    name: str, source: Any, target: Any, permission: str, label: Any, effect: Any, form: str, **kw: Any
) -> Transition:
    return Transition(
        name=name,
        source=tuple(source),
        target=target,
        permission=permission,
        label=label,
        effect=effect,
        form=f"civildesk.inspection.forms.{form}",
        **kw,
    )


def _classify_initial(case: Case) -> dict[str, Any]:
    fields = ("case_type", "instance", "field", "complexity", "remote_area", "subject_name", "subject_unit")
    return {"initial": {f: getattr(case, f) for f in fields}}


TRIAGED = (S.TRANSFERRED, S.RETURNED, S.REJECTED)
RECEIVE, DECIDE, HANDLE = "inspection.receive", "inspection.decide", "inspection.handle"
HANDLER_ONLY = {"guard": _handler_or_decider, "guard_message": gettext_lazy("Only the assigned handler may do this.")}

CASES = Workflow(
    name="inspection.case",
    model=Case,
    audit_prefix="inspection.case_",
    lock=_lock_case,
    history=_history,
    url_name="inspection:case_action",
    wrong_state_message=gettext_lazy("This cannot be done while the case is “%(status)s”."),
    precondition=_merged,
    transitions=[
        _case_transition(
            "classify",
            (S.RECEIVED, S.CLASSIFIED),
            S.CLASSIFIED,
            RECEIVE,
            gettext_lazy("Classify"),
            _classify,
            "ClassifyForm",
            form_kwargs=_classify_initial,
        ),
        _case_transition(
            "accept",
            (S.CLASSIFIED,),
            S.ACCEPTED,
            RECEIVE,
            gettext_lazy("Accept for settlement"),
            _accept,
            "AcceptForm",
            public=True,
        ),
        _case_transition(
            "transfer",
            (S.CLASSIFIED,),
            S.TRANSFERRED,
            RECEIVE,
            gettext_lazy("Transfer to the competent agency"),
            _triage,
            "TransferForm",
            public=True,
        ),
        _case_transition(
            "return",
            (S.CLASSIFIED,),
            S.RETURNED,
            RECEIVE,
            gettext_lazy("Return with guidance"),
            _triage,
            "ReasonForm",
            public=True,
        ),
        _case_transition(
            "reject",
            (S.CLASSIFIED,),
            S.REJECTED,
            RECEIVE,
            gettext_lazy("Not eligible"),
            _triage,
            "ReasonForm",
            public=True,
            style="danger",
        ),
        _case_transition(
            "assign",
            (S.ACCEPTED, S.VERIFYING, S.SUSPENDED),
            None,
            DECIDE,
            gettext_lazy("Assign a handler"),
            _assign,
            "AssignForm",
            form_kwargs=lambda c: {"case": c, "initial": {"assignee": c.assignee}},
        ),
        _case_transition(
            "start_verification",
            (S.ACCEPTED,),
            S.VERIFYING,
            HANDLE,
            gettext_lazy("Start verification"),
            _start_verification,
            "NoteForm",
            **HANDLER_ONLY,
        ),
        _case_transition(
            "extend",
            (S.ACCEPTED, S.VERIFYING),
            None,
            DECIDE,
            gettext_lazy("Extend the time limit"),
            _extend,
            "ExtendForm",
            public=True,
            condition=extendable,
            condition_message=gettext_lazy("The law allows no further extension for this case."),
        ),
        _case_transition(
            "suspend",
            (S.ACCEPTED, S.VERIFYING),
            S.SUSPENDED,
            DECIDE,
            gettext_lazy("Suspend"),
            _suspend,
            "SuspendForm",
            public=True,
        ),
        _case_transition(
            "resume",
            (S.SUSPENDED,),
            RETURN_VALUE(S.ACCEPTED, S.VERIFYING),
            DECIDE,
            gettext_lazy("Resume"),
            _resume,
            "NoteForm",
            public=True,
        ),
        _case_transition(
            "conclude",
            (S.VERIFYING,),
            S.CONCLUDED,
            HANDLE,
            gettext_lazy("Conclude"),
            _conclude,
            "ConcludeForm",
            **HANDLER_ONLY,
        ),
        _case_transition(
            "issue_decision",
            (S.CONCLUDED,),
            S.DECISION_ISSUED,
            DECIDE,
            gettext_lazy("Issue the decision"),
            _issue_decision,
            "DecisionForm",
            public=True,
        ),
        _case_transition(
            "close", (S.DECISION_ISSUED,), S.CLOSED, DECIDE, gettext_lazy("Close"), _close, "NoteForm", public=True
        ),
        _case_transition(
            "close_triaged", TRIAGED, S.CLOSED, RECEIVE, gettext_lazy("Close"), _close, "NoteForm", public=True
        ),
    ],
)


# --- The same transitions as functions (for code, commands, the demo and the tests) -----


def case_classify(
    *,
    actor: Any,
    case: Case,
    case_type: str,
    instance: str,
    field: str,
    complexity: str,
    remote_area: bool,
    subject_name: str = "",
    subject_unit: Unit | None = None,
    note: str = "",
) -> Case:
    return CASES.apply(
        case,
        "classify",
        actor=actor,
        case_type=case_type,
        instance=instance,
        field=field,
        complexity=complexity,
        remote_area=remote_area,
        subject_name=subject_name,
        subject_unit=subject_unit,
        note=note,
    )


def case_accept(*, actor: Any, case: Case, accepted_on: date | None = None, note: str = "") -> Case:
    return CASES.apply(case, "accept", actor=actor, accepted_on=accepted_on, note=note)


def case_transfer(*, actor: Any, case: Case, reason: str, transferred_to: str, note: str = "") -> Case:
    return CASES.apply(case, "transfer", actor=actor, reason=reason, transferred_to=transferred_to, note=note)


def case_return(*, actor: Any, case: Case, reason: str, note: str = "") -> Case:
    return CASES.apply(case, "return", actor=actor, reason=reason, note=note)


def case_reject(*, actor: Any, case: Case, reason: str, note: str = "") -> Case:
    return CASES.apply(case, "reject", actor=actor, reason=reason, note=note)


def case_assign(*, actor: Any, case: Case, assignee: Any, note: str = "") -> Case:
    return CASES.apply(case, "assign", actor=actor, assignee=assignee, note=note)


def case_start_verification(*, actor: Any, case: Case, note: str = "") -> Case:
    return CASES.apply(case, "start_verification", actor=actor, note=note)


def case_extend(*, actor: Any, case: Case, reason: str, complexity: str | None = None) -> Case:
    """Extend the settlement period, within what the rule allows for the case's complexity."""
    return CASES.apply(case, "extend", actor=actor, reason=reason, complexity=complexity)


def case_suspend(*, actor: Any, case: Case, reason: str, on: date | None = None) -> Case:
    return CASES.apply(case, "suspend", actor=actor, reason=reason, on=on)


def case_resume(*, actor: Any, case: Case, on: date | None = None, note: str = "") -> Case:
    """Resume a suspended case: the suspended days are added to the deadline."""
    return CASES.apply(case, "resume", actor=actor, on=on, note=note)


def case_conclude(*, actor: Any, case: Case, conclusion: str, concluded_on: date | None = None) -> Case:
    return CASES.apply(case, "conclude", actor=actor, conclusion=conclusion, concluded_on=concluded_on)


def case_issue_decision(
    *, actor: Any, case: Case, decision_number: str, outcome_public: str, decided_on: date | None = None
) -> Case:
    return CASES.apply(
        case,
        "issue_decision",
        actor=actor,
        decision_number=decision_number,
        outcome_public=outcome_public,
        decided_on=decided_on,
    )


def case_close(*, actor: Any, case: Case, note: str = "") -> Case:
    """Close a decided case, or one that was transferred, returned or rejected."""
    name = "close_triaged" if case.status in TRIAGED else "close"
    return CASES.apply(case, name, actor=actor, note=note)


def allowed_transitions(user: Any, case: Case) -> list[str]:
    """The transitions ``user`` may apply to ``case`` now (to show the right buttons)."""
    return [t.name for t in CASES.available(user, case)]
