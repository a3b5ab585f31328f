"""Idea rounds: creation, the round workflow (open, close), the vote matrix and opinion groups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import SYSTEM, Run, Transition, Workflow

from .. import opinions
from ..models import AgendaItem, Idea, Meeting, MeetingStatus, OpinionGroup, Round, RoundStatus, Vote
from . import access
from .anonymity import new_round_key

S = RoundStatus


@transaction.atomic
def round_create(
    *,
    actor: Any,
    question: str,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    unit: Unit | None = None,
    allow_anonymous: bool = True,
    closes_at: datetime | None = None,
) -> Round:
    """A round on a meeting's agenda item (its chair), or a campaign of ``unit`` (``ideas.campaign``)."""
    if meeting is not None:
        if meeting.chair_id != actor.pk:
            raise PermissionDenied(_("Only the chair of the meeting opens idea rounds."))
        policy.require(actor, "ideas.chair", meeting)
        if meeting.status in (MeetingStatus.ENDED, MeetingStatus.CANCELLED):
            raise ValidationError(_("The meeting is over: it takes no new round."))
        if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})
        unit = meeting.unit
    else:
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit whose staff the campaign is open to.")})
        policy.require(actor, "ideas.campaign", unit)
        if closes_at is None:
            raise ValidationError({"closes_at": _("A campaign needs an end.")})
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The end must be in the future.")})
    rnd = Round(
        unit=unit,
        meeting=meeting,
        agenda_item=agenda_item,
        owner=actor,
        question=nfc(question),
        allow_anonymous=allow_anonymous,
        closes_at=closes_at,
    )
    rnd.full_clean()
    rnd.save()
    audit_record(actor=actor, action="ideas.round_create", obj=rnd, summary={"campaign": meeting is None})
    return rnd


# --- The workflow -------------------------------------------------------------------


def _open(run: Run) -> None:
    rnd = run.obj
    if rnd.meeting_id and rnd.meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS):
        raise ValidationError(_("The meeting is over: its rounds cannot be opened."))
    if rnd.closes_at is not None and rnd.closes_at <= timezone.now():
        raise ValidationError(_("The end of the campaign has passed."))
    run.set(secret=new_round_key(), opened_at=timezone.now())
    if rnd.meeting_id:
        people = [rnd.meeting.chair, *rnd.meeting.participants.all()]
        run.notify(
            [p for p in people if p.pk != run.actor.pk],
            gettext_noop("Ideas are open: %(question)s"),
            question=rnd.question,
        )


def _close(run: Run) -> None:
    rnd = run.obj
    # The key goes: from now on no pseudonym can be recomputed from a user id.
    run.set(secret="", closed_at=timezone.now())
    run.summary = round_totals(rnd)
    snapshot(rnd)
    run.update_fields.add("analysis")


def _chair(user: Any, rnd: Round) -> bool:
    return access.can_chair(user, rnd)


ROUNDS = Workflow(
    name="ideas.round",
    model=Round,
    audit_prefix="ideas.round_",
    url_name="ideas:round_action",
    wrong_state_message=gettext_lazy("The round is “%(status)s”: this cannot be done now."),
    transitions=[
        Transition(
            "open",
            (S.DRAFT,),
            S.OPEN,
            "ideas.chair",
            gettext_lazy("Open the round"),
            _open,
            guard=_chair,
            guard_message=gettext_lazy("Only the chair of the round may do this."),
        ),
        Transition(
            "close",
            (S.OPEN,),
            S.CLOSED,
            "ideas.chair",
            gettext_lazy("Close the round"),
            _close,
            guard=_chair,
            guard_message=gettext_lazy("Only the chair of the round may do this."),
            style="danger",
        ),
        # A campaign past its end closes by itself, so that its key does not outlive it.
        Transition(
            "expire",
            (S.OPEN,),
            S.CLOSED,
            SYSTEM,
            gettext_lazy("Close at the end of the campaign"),
            _close,
            condition=lambda rnd: rnd.closes_at is not None and rnd.closes_at <= timezone.now(),
            condition_message=gettext_lazy("The campaign has not reached its end."),
        ),
    ],
)


def round_expire_if_due(rnd: Round) -> Round:
    """Close ``rnd`` if its end has passed (pages call this; so does ``manage.py ideas_close_expired``)."""
    if rnd.status == S.OPEN and rnd.closes_at is not None and rnd.closes_at <= timezone.now():
        try:
            return ROUNDS.apply(rnd, "expire", actor=None)
        except ValidationError:
            return Round.objects.get(pk=rnd.pk)  # closed meanwhile by someone else
    return rnd


def rounds_close_expired() -> list[Round]:
    """Close every open round past its end; returns them."""
    due = Round.objects.filter(status=S.OPEN, closes_at__lte=timezone.now())
    return [round_expire_if_due(rnd) for rnd in due]


def round_open(*, actor: Any, round: Round) -> Round:
    return ROUNDS.apply(round, "open", actor=actor)


def round_close(*, actor: Any, round: Round) -> Round:
    return ROUNDS.apply(round, "close", actor=actor)


def round_totals(rnd: Round) -> dict[str, int]:
    ideas = Idea.objects.filter(round=rnd, merged_into__isnull=True)
    return {
        "ideas": ideas.count(),
        "anonymous_ideas": ideas.filter(anonymous=True).count(),
        "votes": Vote.objects.filter(round=rnd).count(),
        "voters": Vote.objects.filter(round=rnd).values("voter").distinct().count(),
    }


# --- Reading: ranking, matrix, opinion groups ------------------------------------------


_recent: dict[int, tuple[float, list[Idea]]] = {}


def ranked_ideas(rnd: Round, *, max_age: float = 0.0) -> list[Idea]:
    """The round's ideas (merged ones left out), best supported first (Wilson lower bound).

    ``max_age`` > 0 allows a list computed that many seconds ago in this process (copies are
    returned): a hundred phones polling the same round share one query a second.
    """
    import copy
    import time

    if max_age > 0:
        hit = _recent.get(rnd.pk)
        if hit is not None and time.monotonic() - hit[0] < max_age:
            return [copy.copy(i) for i in hit[1]]
    ideas = _ranked(rnd)
    if max_age > 0:
        _recent[rnd.pk] = (time.monotonic(), ideas)
        return [copy.copy(i) for i in ideas]
    return ideas


def idea_counts(idea: Idea) -> Idea:
    """The idea with its agrees, disagrees and passes counted now."""
    return _ranked(idea.round, pk=idea.pk)[0]


def _ranked(rnd: Round, pk: int | None = None) -> list[Idea]:
    from ..ranking import wilson_lower_bound

    qs = Idea.objects.filter(round=rnd, merged_into__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    ideas = list(
        qs.select_related("author__person").annotate(
            agrees=Count("votes", filter=Q(votes__value=1)),
            disagrees=Count("votes", filter=Q(votes__value=-1)),
            passes=Count("votes", filter=Q(votes__value=0)),
        )
    )
    for idea in ideas:
        idea.score = wilson_lower_bound(idea.agrees, idea.disagrees)
    ideas.sort(key=lambda i: (-i.score, -i.agrees, i.pk))
    return ideas


def vote_matrix(rnd: Round) -> tuple[list[str], list[int], Any]:
    """(voter pseudonyms, idea ids, matrix) of the round's live ideas; NaN where no vote."""
    import numpy as np

    idea_ids = list(
        Idea.objects.filter(round=rnd, merged_into__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    column = {pk: j for j, pk in enumerate(idea_ids)}
    rows: dict[str, int] = {}
    cells: list[tuple[int, int, int]] = []
    for voter, idea_id, value in (
        Vote.objects.filter(round=rnd, idea_id__in=idea_ids)
        .order_by("voter", "idea_id")
        .values_list("voter", "idea_id", "value")
    ):
        i = rows.setdefault(voter, len(rows))
        cells.append((i, column[idea_id], value))
    matrix = np.full((len(rows), len(idea_ids)), np.nan)
    for i, j, v in cells:
        matrix[i, j] = v
    return list(rows), idea_ids, matrix


def analyse(rnd: Round) -> opinions.Analysis:
    _voters, idea_ids, matrix = vote_matrix(rnd)
    return opinions.analyse(matrix, idea_ids)


def analysis_json(result: opinions.Analysis) -> dict[str, Any]:
    """What is kept of an analysis: points and groups, no pseudonym."""
    return {
        "points": [
            [round(float(x), 4), round(float(y), 4), int(g)]
            for (x, y), g in zip(result.points, result.labels, strict=True)
        ],
        "consensus": [int(i) for i in result.consensus],
        "group_aware": {str(k): round(v, 4) for k, v in result.group_aware.items()},
        "silhouette": round(float(result.silhouette), 4),
        "computed_at": timezone.now().isoformat(),
    }


def snapshot(rnd: Round) -> opinions.Analysis:
    """Compute the opinion groups and keep them (at closing, or after a merge in a closed round)."""
    result = analyse(rnd)
    rnd.analysis = analysis_json(result)
    OpinionGroup.objects.filter(round=rnd).delete()
    OpinionGroup.objects.bulk_create(
        OpinionGroup(
            round=rnd,
            number=g.number,
            size=len(g.members),
            representative=[s.as_dict() for s in g.representative],
        )
        for g in result.groups
    )
    return result
