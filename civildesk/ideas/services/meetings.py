"""Meetings: calling one, and its workflow (start, end with minutes, cancel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import Run, Transition, Workflow

from ..models import AgendaItem, Meeting, MeetingStatus, Round, RoundStatus

S = MeetingStatus


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    starts_at: datetime,
    place: str = "",
    participants: Any = (),
    agenda: list[str] | None = None,
) -> Meeting:
    """Call a meeting of ``unit``, chaired by ``actor`` (who must be able to organise there)."""
    policy.require(actor, "ideas.organise", unit)
    meeting = Meeting(unit=unit, title=nfc(title), starts_at=starts_at, place=nfc(place), chair=actor)
    meeting.full_clean()
    meeting.save()
    people = [p for p in participants if p.pk != actor.pk]
    meeting.participants.set(people)
    for i, line in enumerate(x for x in (agenda or []) if nfc(x)):
        AgendaItem.objects.create(meeting=meeting, order=i + 1, title=nfc(line)[:300])
    audit_record(actor=actor, action="ideas.meeting_create", obj=meeting, summary={"participants": len(people)})
    transaction.on_commit(lambda: _invite(meeting, people))
    return meeting


def _invite(meeting: Meeting, people: list[Any]) -> None:
    from civildesk.org.services import notify

    notify(
        users=people,
        message=gettext_noop("You are invited to the meeting “%(title)s”"),
        params={"title": meeting.title},
        url=meeting.get_absolute_url(),
    )


@transaction.atomic
def meeting_update_summary(*, actor: Any, meeting: Meeting, summary: str) -> Meeting:
    if meeting.chair_id != actor.pk:
        raise ValidationError(_("Only the chair writes the minutes."))
    if meeting.status == S.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."))
    meeting.summary = nfc(summary)
    meeting.full_clean()
    meeting.save(update_fields=["summary"])
    audit_record(actor=actor, action="ideas.meeting_summary", obj=meeting)
    return meeting


def _end(run: Run) -> None:
    from .rounds import ROUNDS

    # Rounds still open close with the meeting (their keys go).
    for rnd in Round.objects.filter(meeting=run.obj, status=RoundStatus.OPEN):
        ROUNDS.apply(rnd, "close", actor=run.actor)
    run.set(ended_at=timezone.now())


def _is_chair(user: Any, meeting: Meeting) -> bool:
    return meeting.chair_id == getattr(user, "pk", None)


_ONLY_CHAIR = gettext_lazy("Only the chair of the meeting may do this.")

MEETINGS = Workflow(
    name="ideas.meeting",
    model=Meeting,
    audit_prefix="ideas.meeting_",
    url_name="ideas:meeting_action",
    transitions=[
        Transition(
            "start",
            (S.PLANNED,),
            S.IN_PROGRESS,
            "ideas.chair",
            gettext_lazy("Start the meeting"),
            guard=_is_chair,
            guard_message=_ONLY_CHAIR,
        ),
        Transition(
            "end",
            (S.IN_PROGRESS,),
            S.ENDED,
            "ideas.chair",
            gettext_lazy("End the meeting"),
            _end,
            guard=_is_chair,
            guard_message=_ONLY_CHAIR,
        ),
        Transition(
            "cancel",
            (S.PLANNED,),
            S.CANCELLED,
            "ideas.chair",
            gettext_lazy("Cancel the meeting"),
            guard=_is_chair,
            guard_message=_ONLY_CHAIR,
            style="danger",
        ),
    ],
)
