"""JSON API of the inspection app: cases (for the national complaints database) and recommendations.

Read-only, filtered by the same policy as the pages. The identity of the
filer is never part of any schema here.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .models import Case, Recommendation

router = Router(tags=["inspection"])


class CaseOut(Schema):
    id: int
    number: str
    case_type: str
    instance: str
    channel: str
    status: str
    unit_code: str
    title: str
    field: str
    subject_name: str
    complexity: str
    remote_area: bool
    received_on: date
    accepted_on: date | None
    intake_deadline: date | None
    deadline: date | None
    extensions: int
    suspended_days: int
    overdue: bool
    triage_reason: str
    transferred_to: str
    decision_number: str
    decided_on: date | None
    closed_on: date | None
    merged_into: str | None
    url: str


class EventOut(Schema):
    at: str
    action: str
    from_status: str
    to_status: str


class CaseDetailOut(CaseOut):
    content: str
    conclusion: str
    outcome_public: str
    events: list[EventOut]


class RecommendationOut(Schema):
    id: int
    inspection_id: int
    text: str
    responsible_unit_code: str
    deadline: date
    measure: str
    status: str
    overdue: bool


def _case(c: Case) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "case_type": c.case_type,
        "instance": c.instance,
        "channel": c.channel,
        "status": c.status,
        "unit_code": c.unit.code,
        "title": c.title,
        "field": c.field,
        "subject_name": c.subject_name,
        "complexity": c.complexity,
        "remote_area": c.remote_area,
        "received_on": c.received_on,
        "accepted_on": c.accepted_on,
        "intake_deadline": c.intake_deadline,
        "deadline": c.deadline,
        "extensions": c.extensions,
        "suspended_days": c.suspended_days,
        "overdue": c.is_overdue,
        "triage_reason": c.triage_reason,
        "transferred_to": c.transferred_to,
        "decision_number": c.decision_number,
        "decided_on": c.decided_on,
        "closed_on": c.closed_on,
        "merged_into": c.merged_into.number if c.merged_into_id else None,
        "url": c.get_absolute_url(),
    }


@router.get(
    "/inspection/cases", response=list[CaseOut], summary="Complaints, denunciations and petitions the caller may see"
)
@paginate(LimitOffsetPagination)
def cases(request: HttpRequest, status: str = "", type: str = "", overdue: bool = False) -> list[dict]:
    qs = Case.objects.visible_to(request.user).select_related("unit", "merged_into")
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(case_type=type)
    if overdue:
        qs = qs.overdue()
    return [_case(c) for c in qs.order_by("-received_on", "-pk")]


@router.get("/inspection/cases/{case_id}", response=CaseDetailOut, summary="One case with its history")
def case_detail(request: HttpRequest, case_id: int) -> dict:
    c = get_object_or_404(Case.objects.visible_to(request.user).select_related("unit", "merged_into"), pk=case_id)
    return {
        **_case(c),
        "content": c.content,
        "conclusion": c.conclusion,
        "outcome_public": c.outcome_public,
        "events": [
            {"at": e.at.isoformat(), "action": e.action, "from_status": e.from_status, "to_status": e.to_status}
            for e in c.events.all()
        ],
    }


@router.get(
    "/inspection/recommendations", response=list[RecommendationOut], summary="Recommendations and their follow-up"
)
@paginate(LimitOffsetPagination)
def recommendations(request: HttpRequest, open_only: bool = False) -> list[dict]:
    qs = Recommendation.objects.visible_to(request.user).select_related("responsible_unit")
    if open_only:
        qs = qs.not_implemented()
    return [
        {
            "id": r.pk,
            "inspection_id": r.inspection_id,
            "text": r.text,
            "responsible_unit_code": r.responsible_unit.code,
            "deadline": r.deadline,
            "measure": r.measure,
            "status": r.status,
            "overdue": r.is_overdue,
        }
        for r in qs
    ]
