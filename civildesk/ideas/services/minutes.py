"""Decisions and action items (the minutes), their follow-up, and the Biên bản export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import Run, Transition, Workflow

from ..models import ActionItem, ActionStatus, Decision, Idea, Meeting, MeetingStatus, Round
from . import access


def _may_decide(actor: Any, meeting: Meeting | None, rnd: Round | None) -> None:
    if meeting is not None:
        if meeting.chair_id != actor.pk:
            raise PermissionDenied(_("Only the chair of the meeting may do this."))
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting was cancelled."))
    elif rnd is None or not access.can_chair(actor, rnd):
        raise PermissionDenied(_("Only the chair of the round may do this."))


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    text: str,
    meeting: Meeting | None = None,
    round: Round | None = None,
    idea: Idea | None = None,
) -> Decision:
    """Record a decision of a meeting (or a campaign), usually by promoting an idea."""
    if idea is not None:
        round = idea.round
    if round is not None and meeting is None:
        meeting = round.meeting
    _may_decide(actor, meeting, round)
    decision = Decision(meeting=meeting, round=round, idea=idea, text=nfc(text or (idea.text if idea else "")))
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action="ideas.decision_create", obj=decision, unit=decision.get_policy_unit())
    return decision


@transaction.atomic
def action_item_add(*, actor: Any, decision: Decision, owner: Any, deadline: date, expected_result: str) -> ActionItem:
    """Give a decision to someone, with a deadline and the result expected; they see it on their home page."""
    _may_decide(actor, decision.meeting, decision.round)
    item = ActionItem(decision=decision, owner=owner, deadline=deadline, expected_result=nfc(expected_result))
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="ideas.action_add",
        obj=item,
        unit=decision.get_policy_unit(),
        summary={"owner": owner.get_username(), "deadline": deadline.isoformat()},
    )
    url = item.get_absolute_url()
    transaction.on_commit(
        lambda: _tell(owner, gettext_noop("An action is yours, due %(deadline)s: %(result)s"), item, url)
    )
    return item


def _tell(owner: Any, message: str, item: ActionItem, url: str) -> None:
    from civildesk.org.services import notify

    notify(
        users=[owner],
        message=message,
        params={"deadline": item.deadline.strftime("%d/%m/%Y"), "result": item.expected_result},
        url=url,
    )


def _owner_or_chair(user: Any, item: ActionItem) -> bool:
    return item.owner_id == user.pk or _chair_of(user, item)


def _chair_of(user: Any, item: ActionItem) -> bool:
    d = item.decision
    if d.meeting_id:
        return d.meeting.chair_id == user.pk
    return d.round is not None and d.round.owner_id == user.pk


def _done(run: Run) -> None:
    run.set(done_at=timezone.now(), result_note=run.data.get("result_note", ""))
    if run.actor.pk != run.obj.owner_id:
        return
    d = run.obj.decision
    chair = d.meeting.chair if d.meeting_id else (d.round.owner if d.round else None)
    run.notify([chair], gettext_noop("Action done: %(result)s"), result=run.obj.expected_result)


def _reopen(run: Run) -> None:
    run.set(done_at=None)


ACTIONS = Workflow(
    name="ideas.action",
    model=ActionItem,
    audit_prefix="ideas.action_",
    url_name="ideas:action_action",
    transitions=[
        Transition(
            "complete",
            (ActionStatus.OPEN,),
            ActionStatus.DONE,
            "org.view_unit",
            gettext_lazy("Mark as done"),
            _done,
            "civildesk.ideas.forms.DoneForm",
            guard=_owner_or_chair,
            guard_message=gettext_lazy("Only the owner of the action or the chair may do this."),
            permission_object=lambda item: None,
        ),
        Transition(
            "reopen",
            (ActionStatus.DONE,),
            ActionStatus.OPEN,
            "org.view_unit",
            gettext_lazy("Reopen"),
            _reopen,
            guard=_chair_of,
            guard_message=gettext_lazy("Only the chair may do this."),
            permission_object=lambda item: None,
        ),
    ],
)


def can_see_action(user: Any, item: ActionItem) -> bool:
    if item.owner_id == user.pk or _chair_of(user, item):
        return True
    d = item.decision
    if d.meeting_id:
        return access.can_see_meeting(user, d.meeting)
    return d.round is not None and access.can_see_round(user, d.round)
