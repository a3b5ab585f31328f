"""JSON API of the inspection app: cases (for the national complaints database) and recommendations.

Read-only, filtered by the same policy as the pages. The identity of the
filer is never part of any schema here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out

from .models import Case, CaseFilters, Recommendation
from .services import CASES

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

    @staticmethod
    def resolve_unit_code(c: Case) -> str:
        return c.unit.code

    @staticmethod
    def resolve_overdue(c: Case) -> bool:
        return c.is_overdue

    @staticmethod
    def resolve_merged_into(c: Case) -> str | None:
        return c.merged_into.number if c.merged_into_id else None

    @staticmethod
    def resolve_url(c: Case) -> str:
        return c.get_absolute_url()


class EventOut(Schema):
    at: str
    action: str
    label: str
    from_status: str
    to_status: str


class CaseDetailOut(CaseOut):
    content: str
    conclusion: str
    outcome_public: str
    events: list[EventOut]

    @staticmethod
    def resolve_events(c: Case) -> list[dict]:
        return [
            {
                "at": e.at.isoformat(),
                "action": e.action,
                "label": e.label,
                "from_status": e.from_status,
                "to_status": e.to_status,
            }
            for e in c.events.all()
        ]


class RecommendationOut(Schema):
    id: int
    inspection_id: int
    text: str
    responsible_unit_code: str
    deadline: date
    measure: str
    status: str
    overdue: bool

    @staticmethod
    def resolve_responsible_unit_code(r: Recommendation) -> str:
        return r.responsible_unit.code

    @staticmethod
    def resolve_overdue(r: Recommendation) -> bool:
        return r.is_overdue


@router.get(
    "/inspection/cases", response=list[CaseOut], summary="Complaints, denunciations and petitions the caller may see"
)
@paginate(LimitOffsetPagination)
def cases(request: HttpRequest, status: str = "", type: str = "", overdue: bool = False, q: str = "") -> Any:
    """Filtered like the case list page (one query; the paginator slices the queryset)."""
    filters = CaseFilters.from_query({"status": "overdue" if overdue else status, "type": type, "q": q})
    return Case.objects.listing(user=request.user, filters=filters)


def _visible_case(request: HttpRequest, case_id: int) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user).select_related("unit", "merged_into"), pk=case_id)


@router.get("/inspection/cases/{case_id}", response=CaseDetailOut, summary="One case with its history")
def case_detail(request: HttpRequest, case_id: int) -> Case:
    return _visible_case(request, case_id)


@router.get(
    "/inspection/cases/{case_id}/transitions",
    response=list[TransitionOut],
    summary="What the caller may do to this case now",
)
def case_transitions(request: HttpRequest, case_id: int) -> list[dict]:
    return transitions_out(CASES, request.user, _visible_case(request, case_id))


@router.post(
    "/inspection/cases/{case_id}/transitions/{name}",
    response={200: CaseDetailOut, 400: ErrorOut, 403: ErrorOut},
    summary="Apply one of the allowed transitions, with the fields of its form",
)
def case_transition_apply(request: HttpRequest, case_id: int, name: str, payload: TransitionIn) -> Any:
    case = _visible_case(request, case_id)
    return transition_apply(CASES, request.user, case, name, payload.data)


@router.get(
    "/inspection/recommendations", response=list[RecommendationOut], summary="Recommendations and their follow-up"
)
@paginate(LimitOffsetPagination)
def recommendations(request: HttpRequest, open_only: bool = False) -> Any:
    qs = Recommendation.objects.visible_to(request.user).select_related("responsible_unit")
    if open_only:
        qs = qs.not_implemented()
    return qs.order_by("status", "deadline", "pk")
