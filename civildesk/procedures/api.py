"""JSON API of the procedures app: dossiers (for the national public-service portal) and tracking.

Dossiers are filtered by the same policy as the pages; transitions go through the same workflow. Tracking
needs no account: the code and the secret (PIN or phone), rate-limited like the page, and a wrong secret
answers exactly as an unknown code does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civildesk.org import ratelimit
from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out
from civildesk.org.net import client_address

from .models import Dossier, Procedure
from .models import Status as DossierStatus
from .services import DOSSIERS, intake
from .services.citizen import visible_events

router = Router(tags=["procedures"])


class DossierOut(Schema):
    id: int
    code: str
    procedure_code: str
    procedure_version: int
    unit_code: str
    status: str
    national_status: int
    channel: str
    paid_online: bool
    received_at: str
    accepted_on: date | None
    due_date: date | None
    original_due_date: date | None
    extended: bool
    supplement_count: int
    paused_days: int
    finished_on: date | None
    returned_on: date | None
    overdue: bool
    url: str

    @staticmethod
    def resolve_procedure_code(d: Dossier) -> str:
        return d.procedure.code

    @staticmethod
    def resolve_procedure_version(d: Dossier) -> int:
        return d.version.number

    @staticmethod
    def resolve_unit_code(d: Dossier) -> str:
        return d.unit.code

    @staticmethod
    def resolve_national_status(d: Dossier) -> int:
        return d.national_code

    @staticmethod
    def resolve_received_at(d: Dossier) -> str:
        return timezone.localtime(d.received_at).isoformat()

    @staticmethod
    def resolve_extended(d: Dossier) -> bool:
        return d.was_extended

    @staticmethod
    def resolve_overdue(d: Dossier) -> bool:
        return d.is_overdue

    @staticmethod
    def resolve_url(d: Dossier) -> str:
        return d.get_absolute_url()


class StepOut(Schema):
    at: str
    label: str
    status: str


class DossierDetailOut(DossierOut):
    applicant_name: str
    components: list[dict[str, str]]
    steps: list[StepOut]

    @staticmethod
    def resolve_components(d: Dossier) -> list[dict[str, str]]:
        return [{"name": c.name, "digitisation": c.digitisation} for c in d.components.all()]

    @staticmethod
    def resolve_steps(d: Dossier) -> list[dict[str, str]]:
        return [{"at": e.at.isoformat(), "label": e.label, "status": e.to_status} for e in d.events.all()]


class TrackIn(Schema):
    code: str
    secret: str


class TrackOut(Schema):
    code: str
    procedure: str
    status: str
    national_status: int
    status_label: str
    due_date: date | None
    original_due_date: date | None
    delay_reason: str
    missing: str
    result_ready: bool
    steps: list[StepOut]


class ProcedureOut(Schema):
    code: str
    name: str
    level: str
    field: str
    unit_code: str
    online: bool
    url: str

    @staticmethod
    def resolve_unit_code(p: Procedure) -> str:
        return p.unit.code

    @staticmethod
    def resolve_url(p: Procedure) -> str:
        return p.get_absolute_url()


def _qs(request: HttpRequest) -> Any:
    return Dossier.objects.visible_to(request.user).select_related("procedure", "unit", "version")


@router.get("/procedures/dossiers", response=list[DossierOut], summary="Dossiers the caller may see")
@paginate(LimitOffsetPagination)
def dossiers(request: HttpRequest, status: str = "", overdue: bool = False, since: str = "") -> Any:
    """``since``: received on or after this date (YYYY-MM-DD), for a portal's incremental synchronisation."""
    qs = _qs(request)
    if overdue:
        qs = qs.overdue()
    elif status in DossierStatus.values:
        qs = qs.filter(status=status)
    if since:
        try:
            qs = qs.filter(received_at__date__gte=date.fromisoformat(since))
        except ValueError:
            return qs.none()
    return qs.order_by("-received_at", "-pk")


@router.get("/procedures/dossiers/{dossier_id}", response=DossierDetailOut, summary="One dossier with its steps")
def dossier_detail(request: HttpRequest, dossier_id: int) -> Dossier:
    return get_object_or_404(_qs(request), pk=dossier_id)


@router.get(
    "/procedures/dossiers/{dossier_id}/transitions",
    response=list[TransitionOut],
    summary="What the caller may do to this dossier now",
)
def dossier_transitions(request: HttpRequest, dossier_id: int) -> list[dict]:
    return transitions_out(DOSSIERS, request.user, get_object_or_404(_qs(request), pk=dossier_id))


@router.post(
    "/procedures/dossiers/{dossier_id}/transitions/{name}",
    response={200: DossierDetailOut, 400: ErrorOut, 403: ErrorOut},
    summary="Apply one of the allowed transitions, with the fields of its form",
)
def dossier_transition_apply(request: HttpRequest, dossier_id: int, name: str, payload: TransitionIn) -> Any:
    return transition_apply(DOSSIERS, request.user, get_object_or_404(_qs(request), pk=dossier_id), name, payload.data)


@router.get("/procedures/catalogue", response=list[ProcedureOut], auth=None, summary="The published catalogue")
@paginate(LimitOffsetPagination)
def catalogue(request: HttpRequest, q: str = "") -> Any:
    return Procedure.objects.active().select_related("unit").search(q).order_by("code")


@router.post(
    "/procedures/track",
    response={200: TrackOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="A dossier's status by its code and secret (PIN or phone), for the applicant",
)
def track(request: HttpRequest, payload: TrackIn) -> Any:
    from django.utils.translation import gettext as _

    from .views.public import GUESSES_PER_CODE, TRACK_PER_HOUR

    address = client_address(request) or "unknown"
    if not ratelimit.hit("procedures.track", address, f"{TRACK_PER_HOUR}/h") or not ratelimit.hit(
        "procedures.track_code", intake.secret_fingerprint(payload.code), f"{GUESSES_PER_CODE}/h"
    ):
        return Status(429, {"detail": _("Too many attempts")})
    d = intake.dossier_find_for_citizen(code=payload.code, secret=payload.secret)
    if d is None:
        return Status(404, {"detail": _("No dossier matches this code and secret.")})
    return {
        "code": d.code,
        "procedure": d.procedure.name,
        "status": d.status,
        "national_status": d.national_code,
        "status_label": d.get_status_display(),
        "due_date": d.due_date,
        "original_due_date": d.original_due_date,
        "delay_reason": d.extension_reason,
        "missing": d.supplement_note if d.status == DossierStatus.SUPPLEMENT else "",
        "result_ready": bool(d.result_file),
        "steps": [{"at": e.at.isoformat(), "label": e.label, "status": e.to_status} for e in visible_events(d)],
    }
