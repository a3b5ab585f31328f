"""JSON API of the incoming register: list, one entry, and its workflow's transitions (the same calls as the pages)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out
from civildesk.text.normalize import fold

from .models import Incoming
from .workflows import INCOMING

router = Router(tags=["correspondence"])


class IncomingOut(Schema):
    id: int
    unit_code: str
    number: str
    status: str
    source: str
    received_at: datetime
    sender: str
    symbol: str
    doc_date: date | None
    subject: str
    urgency: str
    confidentiality: str
    deadline: date | None
    overdue: bool
    reply_id: int | None
    url: str

    @staticmethod
    def resolve_unit_code(i: Incoming) -> str:
        return i.unit.code

    @staticmethod
    def resolve_number(i: Incoming) -> str:
        return i.number_display

    @staticmethod
    def resolve_overdue(i: Incoming) -> bool:
        return i.is_overdue

    @staticmethod
    def resolve_url(i: Incoming) -> str:
        return i.get_absolute_url()


class AssignmentOut(Schema):
    to: str
    role: str
    deadline: date | None
    note: str


class IncomingDetailOut(IncomingOut):
    validation_summary: str | None
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_validation_summary(i: Incoming) -> str | None:
        return (i.validation or {}).get("summary")

    @staticmethod
    def resolve_assignments(i: Incoming) -> list[dict[str, Any]]:
        return [
            {
                "to": a.assignee.get_username() if a.assignee_id else a.unit.code,
                "role": a.role,
                "deadline": a.deadline,
                "note": a.note,
            }
            for a in i.assignments.select_related("assignee", "unit")
        ]


@router.get("/correspondence/incoming", response=list[IncomingOut], summary="The incoming register the caller may see")
@paginate(LimitOffsetPagination)
def incoming_list(request: HttpRequest, q: str = "", status: str = "", overdue: bool = False) -> Any:
    rows = Incoming.objects.visible_to(request.user).select_related("unit")
    for word in fold(q).split():
        rows = rows.filter(search__contains=word)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.overdue()
    return rows.order_by("-received_at", "-pk")


def _visible(request: HttpRequest, incoming_id: int) -> Incoming:
    return get_object_or_404(Incoming.objects.visible_to(request.user).select_related("unit"), pk=incoming_id)


@router.get("/correspondence/incoming/{incoming_id}", response=IncomingDetailOut, summary="One incoming document")
def incoming_detail(request: HttpRequest, incoming_id: int) -> Incoming:
    return _visible(request, incoming_id)


@router.get(
    "/correspondence/incoming/{incoming_id}/transitions",
    response=list[TransitionOut],
    summary="What the caller may do to this incoming document now",
)
def incoming_transitions(request: HttpRequest, incoming_id: int) -> list[dict]:
    return transitions_out(INCOMING, request.user, _visible(request, incoming_id))


@router.post(
    "/correspondence/incoming/{incoming_id}/transitions/{name}",
    response={200: IncomingDetailOut, 400: ErrorOut, 403: ErrorOut},
    summary="Apply one of the allowed transitions (register, assign, report, complete), with its form's fields",
)
def incoming_transition_apply(request: HttpRequest, incoming_id: int, name: str, payload: TransitionIn) -> Any:
    return transition_apply(INCOMING, request.user, _visible(request, incoming_id), name, payload.data)
