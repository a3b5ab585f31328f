"""JSON API of the assistant: ask, follow up, rate, list conversations."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from civildesk.library.models import Article
from civildesk.org import ratelimit

from . import services
from .models import Channel, Conversation, Turn

router = Router(tags=["assistant"])


class AskIn(Schema):
    question: str = Field(..., max_length=1000)  # as the web form
    conversation_id: UUID | None = None


class OtherOut(Schema):
    citation: str
    title: str
    url: str


class TurnOut(Schema):
    id: int
    conversation_id: UUID
    question: str
    language: str
    answered: bool
    citation: str | None
    url: str | None
    excerpt_html: str | None
    message: str | None
    others: list[OtherOut]
    confidence: float
    latency_ms: float


class RateIn(Schema):
    helpful: bool
    reason: str = Field("", max_length=32)
    comment: str = Field("", max_length=2000)
    correct_article_id: int | None = None


class ConversationOut(Schema):
    id: UUID
    title: str
    updated_at: datetime
    turns: int


def _turn(turn: Turn) -> dict[str, Any]:
    card = turn.card
    return {
        "id": turn.pk,
        "conversation_id": turn.conversation_id,
        "question": turn.question,
        "language": turn.language,
        "answered": turn.answered,
        "citation": card.get("citation"),
        "url": card.get("url"),
        "excerpt_html": card.get("excerpt_html"),
        "message": card.get("message"),
        "others": [{"citation": o["citation"], "title": o["title"], "url": o["url"]} for o in card.get("others", [])],
        "confidence": turn.confidence,
        "latency_ms": turn.latency_ms,
    }


@router.post("/assistant/ask", response=TurnOut, summary="Ask a question (or a follow-up in a conversation)")
def ask(request: HttpRequest, payload: AskIn) -> dict[str, Any]:
    if not ratelimit.hit("assistant", str(request.user.pk), settings.CIVILDESK_ASSISTANT_RATE):
        raise HttpError(429, "Too many questions in a short time.")
    conversation = None
    try:
        if payload.conversation_id:
            conversation = services.conversation_for(request.user, payload.conversation_id)
        turn = services.ask(
            user=request.user, question=payload.question, conversation=conversation, channel=Channel.API
        )
    except PermissionDenied as exc:
        raise HttpError(404, "Conversation not found.") from exc
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return _turn(turn)


@router.post("/assistant/turns/{turn_id}/rating", response={204: None}, summary="Rate an answer")
def rate(request: HttpRequest, turn_id: int, payload: RateIn) -> Status:
    turn = get_object_or_404(Turn.objects.select_related("conversation"), pk=turn_id, conversation__user=request.user)
    article = Article.objects.filter(pk=payload.correct_article_id).first() if payload.correct_article_id else None
    if payload.correct_article_id and article is None:
        raise HttpError(400, "Unknown article.")
    try:
        services.rating_create(
            user=request.user,
            turn=turn,
            helpful=payload.helpful,
            reason=payload.reason,
            comment=payload.comment,
            correct_article=article,
        )
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return Status(204, None)


@router.get("/assistant/conversations", response=list[ConversationOut], summary="My conversations")
def conversations(request: HttpRequest) -> list[dict[str, Any]]:
    from django.db.models import Count

    rows = Conversation.objects.of(request.user).annotate(n=Count("turns"))[:100]
    return [{"id": c.pk, "title": c.title, "updated_at": c.updated_at, "turns": c.n} for c in rows]


@router.get(
    "/assistant/conversations/{conversation_id}", response=list[TurnOut], summary="The turns of one conversation"
)
def conversation(request: HttpRequest, conversation_id: UUID) -> list[dict[str, Any]]:
    try:
        conv = services.conversation_for(request.user, conversation_id)
    except PermissionDenied as exc:
        raise HttpError(404, "Conversation not found.") from exc
    return [_turn(t) for t in conv.turns.all()]
