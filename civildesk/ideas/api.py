"""JSON API of meetings and ideas: a round's ranked ideas, submitting, voting, its transitions and groups.

A thin layer over the same services and access rules as the pages. An
anonymous idea has no author here either; votes are never listed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out

from . import services
from .models import Idea, Round

router = Router(tags=["ideas"])


class IdeaOut(Schema):
    id: int
    text: str
    anonymous: bool
    author: str | None
    agrees: int
    disagrees: int
    passes: int
    score: float
    my_vote: int | None


class RoundOut(Schema):
    id: int
    question: str
    status: str
    campaign: bool
    accepting: bool
    ideas: list[IdeaOut]


class IdeaIn(Schema):
    text: str
    anonymous: bool = False


class VoteIn(Schema):
    value: int


class StatementOut(Schema):
    idea: int
    kind: str
    p: float
    p_rest: float


class GroupOut(Schema):
    number: int
    size: int
    representative: list[StatementOut]


class GroupsOut(Schema):
    clustered: int
    groups: list[GroupOut]
    consensus: list[int]


def _round(user: Any, pk: int) -> Round:
    rnd = Round.objects.select_related("unit", "meeting").filter(pk=pk).first()
    if rnd is None or not services.can_see_round(user, rnd):
        raise Http404
    return rnd


def _refusal(exc: Exception) -> Status:
    if isinstance(exc, PermissionDenied):
        return Status(403, {"detail": str(exc) or "forbidden"})
    assert isinstance(exc, ValidationError)
    return Status(400, {"detail": " ".join(exc.messages)})


@router.get("/ideas/rounds/{pk}", response=RoundOut)
def round_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    rnd = _round(request.user, pk)
    mine = services.my_votes(request.user, rnd)
    return {
        "id": rnd.pk,
        "question": rnd.question,
        "status": rnd.status,
        "campaign": rnd.is_campaign,
        "accepting": rnd.accepting() and services.can_take_part(request.user, rnd),
        "ideas": [
            {
                "id": i.pk,
                "text": i.text,
                "anonymous": i.anonymous,
                "author": None if i.anonymous or i.author is None else i.author.display_name,
                "agrees": i.agrees,
                "disagrees": i.disagrees,
                "passes": i.passes,
                "score": round(i.score, 4),
                "my_vote": mine.get(i.pk),
            }
            for i in services.ranked_ideas(rnd)
        ],
    }


@router.post("/ideas/rounds/{pk}/ideas", response={201: dict[str, int], 400: ErrorOut, 403: ErrorOut})
def idea_post(request: HttpRequest, pk: int, body: IdeaIn) -> Any:
    rnd = _round(request.user, pk)
    try:
        idea = services.idea_submit(actor=request.user, round=rnd, text=body.text, anonymous=body.anonymous)
    except (PermissionDenied, ValidationError) as exc:
        return _refusal(exc)
    return Status(201, {"id": idea.pk})


@router.post("/ideas/ideas/{pk}/vote", response={200: dict[str, int], 400: ErrorOut, 403: ErrorOut})
def vote_post(request: HttpRequest, pk: int, body: VoteIn) -> Any:
    idea = Idea.objects.filter(pk=pk).first()
    if idea is None:
        raise Http404
    _round(request.user, idea.round_id)
    try:
        vote = services.vote_cast(actor=request.user, idea=idea, value=body.value)
    except (PermissionDenied, ValidationError) as exc:
        return _refusal(exc)
    return {"idea": vote.idea_id, "value": vote.value}


@router.get("/ideas/rounds/{pk}/groups", response={200: GroupsOut, 403: ErrorOut})
def groups_get(request: HttpRequest, pk: int) -> Any:
    rnd = _round(request.user, pk)
    if not services.can_chair(request.user, rnd):
        return Status(403, {"detail": "Only the chair of the round sees the opinion groups."})
    result = services.analyse(rnd)
    return {
        "clustered": result.clustered,
        "groups": [
            {"number": g.number, "size": len(g.members), "representative": [s.as_dict() for s in g.representative]}
            for g in result.groups
        ],
        "consensus": [int(i) for i in result.consensus],
    }


@router.get("/ideas/rounds/{pk}/transitions", response=list[TransitionOut])
def round_transitions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return transitions_out(services.ROUNDS, request.user, _round(request.user, pk))


@router.post("/ideas/rounds/{pk}/transitions/{name}", response={200: dict[str, str], 400: ErrorOut, 403: ErrorOut})
def round_transition(request: HttpRequest, pk: int, name: str, body: TransitionIn) -> Any:
    result = transition_apply(services.ROUNDS, request.user, _round(request.user, pk), name, body.data)
    if isinstance(result, Status):
        return result
    return {"status": Round.objects.get(pk=pk).status}
