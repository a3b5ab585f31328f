"""Inspections: the decision and the team, the diary, findings, recommendations, conclusion, closing.

Every step after creation is a transition of :data:`INSPECTIONS` (the one
workflow mechanism): the decision (preparing → decided), the team's recording
work while the inspection is in progress (status unchanged), the conclusion
(decided → concluded) and the closing (concluded → closed, once every
recommendation is implemented).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import Run, Transition, Workflow

from ..models import (
    DiaryEntry,
    Finding,
    Inspection,
    InspectionStatus,
    PlanItem,
    PlanStatus,
    Recommendation,
    TeamMember,
    TeamRole,
)
from .attachments import attachment_store

IS = InspectionStatus


@transaction.atomic
def inspection_create(
    *,
    actor: Any,
    unit: Any,
    subject_name: str,
    topic: str,
    period_start: date,
    period_end: date,
    subject_unit: Any = None,
    legal_basis: str = "",
    plan_item: PlanItem | None = None,
) -> Inspection:
    policy.require(actor, "inspection.plan", unit)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end cannot be before the start.")})
    if plan_item is not None and plan_item.plan.status != PlanStatus.APPROVED:
        raise ValidationError({"plan_item": _("The plan is not approved yet.")})
    insp = Inspection(
        unit=unit,
        subject_name=nfc(subject_name),
        topic=nfc(topic),
        period_start=period_start,
        period_end=period_end,
        subject_unit=subject_unit,
        legal_basis=nfc(legal_basis),
        plan_item=plan_item,
        created_by=actor,
    )
    insp.full_clean()
    insp.save()
    audit_record(actor=actor, action="inspection.inspection_create", obj=insp, summary={"subject": insp.subject_name})
    return insp


# --- The inspection workflow ------------------------------------------------------------


def _in_team(user: Any, insp: Inspection) -> bool:
    """Recording work is for the team (and the inspectorate's leaders)."""
    return policy.can(user, "inspection.approve_plan", insp) or insp.team.filter(user=user).exists()


def _decide(run: Run) -> None:
    insp, d = run.obj, run.data
    team = d.get("team") or []
    if not d.get("decision_number", "").strip():
        raise ValidationError({"decision_number": _("Give the decision number.")})
    if not any(role == TeamRole.HEAD for _u, role in team):
        raise ValidationError({"team": _("The team needs a head.")})
    for user, _role in team:
        policy.forget(user)
        if not policy.can(user, "inspection.inspect", insp):
            raise ValidationError(
                {"team": _("%(name)s is not an inspector of this unit.") % {"name": user.display_name}}
            )
    run.set(decision_number=nfc(d["decision_number"]), decision_date=d["decision_date"])
    for user, role in team:
        TeamMember.objects.update_or_create(inspection=insp, user=user, defaults={"role": role})
    run.summary = {"decision": insp.decision_number, "team": [u.get_username() for u, _r in team]}
    run.notify(
        [u for u, _r in team],
        gettext_noop("You are in the team of inspection %(decision)s: %(topic)s"),
        decision=insp.decision_number,
        topic=insp.topic,
    )


def _diary(run: Run) -> None:
    day, insp = run.data["day"], run.obj
    if day > timezone.localdate() or (insp.decision_date and day < insp.decision_date):
        raise ValidationError(
            {"day": _("The date must be between the inspection decision and today.")}, code="diary_day"
        )
    entry = DiaryEntry(inspection=run.obj, day=run.data["day"], text=nfc(run.data["text"]), author=run.actor)
    entry.full_clean()
    entry.save()
    run.summary, run.result = {"day": entry.day.isoformat()}, entry


def _finding(run: Run) -> None:
    d = run.data
    finding = Finding(
        inspection=run.obj,
        title=nfc(d["title"]),
        description=nfc(d.get("description", "")),
        amount=d.get("amount"),
        created_by=run.actor,
    )
    finding.full_clean()
    finding.save()
    run.summary, run.result = {"finding": finding.title}, finding


def _recommend(run: Run) -> None:
    insp, d = run.obj, run.data
    finding = d.get("finding")
    if finding is not None and finding.inspection_id != insp.pk:
        raise ValidationError({"finding": _("That finding belongs to another inspection.")})
    rec = Recommendation(
        inspection=insp,
        text=nfc(d["text"]),
        responsible_unit=d["responsible_unit"],
        deadline=d["deadline"],
        measure=nfc(d["measure"]),
        finding=finding,
    )
    rec.full_clean()
    rec.save()
    run.summary = {"responsible": rec.responsible_unit.code, "deadline": rec.deadline.isoformat()}
    run.result = rec


def _document(run: Run) -> None:
    f = run.data["file"]
    att = attachment_store(
        actor=run.actor, owner=run.obj, data=f.read(), filename=f.name, description=run.data.get("description", "")
    )
    run.summary, run.result = {"file": att.filename, "size": att.size}, att


def _conclude(run: Run) -> None:
    d = run.data
    if not d.get("conclusion", "").strip() or not d.get("conclusion_number", "").strip():
        raise ValidationError(_("Give the conclusion's number and text."))
    run.set(
        conclusion_number=nfc(d["conclusion_number"]),
        conclusion=nfc(d["conclusion"]),
        conclusion_date=d["conclusion_date"],
    )
    run.summary = {"conclusion": run.obj.conclusion_number}


def _all_implemented(insp: Inspection) -> bool:
    return not insp.recommendations.not_implemented().exists()


LEAD, TEAM = "inspection.approve_plan", "inspection.inspect"
IN_TEAM = {"guard": _in_team, "guard_message": gettext_lazy("Only members of the inspection team may record its work.")}
FORMS = "civildesk.inspection.forms."

INSPECTIONS = Workflow(
    name="inspection.inspection",
    model=Inspection,
    url_name="inspection:inspection_action",
    wrong_state_message=gettext_lazy("This cannot be done while the inspection is “%(status)s”."),
    transitions=[
        Transition(
            "decide",
            (IS.PREPARING,),
            IS.DECIDED,
            LEAD,
            gettext_lazy("Issue the inspection decision and form the team"),
            _decide,
            FORMS + "InspectionDecisionForm",
            form_kwargs=lambda i: {"inspection": i},
            audit_action="inspection.decision_issue",
        ),
        Transition(
            "diary",
            (IS.DECIDED,),
            None,
            TEAM,
            gettext_lazy("Diary"),
            _diary,
            FORMS + "DiaryForm",
            audit_action="inspection.diary_add",
            **IN_TEAM,
        ),
        Transition(
            "finding",
            (IS.DECIDED,),
            None,
            TEAM,
            gettext_lazy("Record a finding"),
            _finding,
            FORMS + "FindingForm",
            audit_action="inspection.finding_add",
            **IN_TEAM,
        ),
        Transition(
            "document",
            (IS.DECIDED,),
            None,
            TEAM,
            gettext_lazy("Document collected"),
            _document,
            FORMS + "AttachmentForm",
            audit_action="inspection.attachment_add",
            **IN_TEAM,
        ),
        Transition(
            "recommendation",
            (IS.DECIDED, IS.CONCLUDED),
            None,
            TEAM,
            gettext_lazy("Add a recommendation"),
            _recommend,
            FORMS + "RecommendationForm",
            form_kwargs=lambda i: {"inspection": i},
            audit_action="inspection.recommendation_add",
            **IN_TEAM,
        ),
        Transition(
            "conclude",
            (IS.DECIDED,),
            IS.CONCLUDED,
            LEAD,
            gettext_lazy("Conclusion"),
            _conclude,
            FORMS + "InspectionConcludeForm",
            audit_action="inspection.conclude",
        ),
        Transition(
            "close",
            (IS.CONCLUDED,),
            IS.CLOSED,
            LEAD,
            gettext_lazy("Close the inspection"),
            None,
            condition=_all_implemented,
            condition_message=gettext_lazy("Some recommendations are not implemented yet."),
            audit_action="inspection.close",
        ),
    ],
)


# --- The same steps as functions --------------------------------------------------------


def inspection_issue_decision(
    *, actor: Any, inspection: Inspection, decision_number: str, decision_date: date, team: list[tuple[Any, str]]
) -> Inspection:
    """Issue the inspection decision and form the team (at least its head)."""
    return INSPECTIONS.apply(
        inspection, "decide", actor=actor, decision_number=decision_number, decision_date=decision_date, team=team
    )


def diary_add(*, actor: Any, inspection: Inspection, day: date, text: str) -> DiaryEntry:
    return INSPECTIONS.apply(inspection, "diary", actor=actor, day=day, text=text)


def finding_add(
    *, actor: Any, inspection: Inspection, title: str, description: str = "", amount: Any = None
) -> Finding:
    return INSPECTIONS.apply(inspection, "finding", actor=actor, title=title, description=description, amount=amount)


def recommendation_add(
    *,
    actor: Any,
    inspection: Inspection,
    text: str,
    responsible_unit: Any,
    deadline: date,
    measure: str,
    finding: Finding | None = None,
) -> Recommendation:
    return INSPECTIONS.apply(
        inspection,
        "recommendation",
        actor=actor,
        text=text,
        responsible_unit=responsible_unit,
        deadline=deadline,
        measure=measure,
        finding=finding,
    )


def inspection_conclude(
    *, actor: Any, inspection: Inspection, conclusion_number: str, conclusion: str, conclusion_date: date
) -> Inspection:
    return INSPECTIONS.apply(
        inspection,
        "conclude",
        actor=actor,
        conclusion_number=conclusion_number,
        conclusion=conclusion,
        conclusion_date=conclusion_date,
    )


def inspection_close(*, actor: Any, inspection: Inspection) -> Inspection:
    return INSPECTIONS.apply(inspection, "close", actor=actor)
