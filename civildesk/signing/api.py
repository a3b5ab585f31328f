"""JSON API of the signing app: public validation (no login, rate-limited), and the transitions of
signature requests and their steps, listed and applied through the same calls as the pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from civildesk.org import ratelimit
from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out
from civildesk.org.net import client_address

from . import services, texts
from .models import ChainStep, SignatureRequest

router = Router(tags=["signatures"])


class SignatureOut(Schema):
    field: str
    signer: str
    signer_subject: str
    issuer: str
    chain: list[str]
    signing_time: str | None
    timestamp: str | None
    timestamp_trusted: bool
    level: str
    intact: bool
    valid: bool
    trusted: bool
    revocation: str
    revocation_time: str | None
    modified_after_signing: bool
    modification: str
    modification_detail: str
    status: str
    problems: list[str]
    status_text: str
    revocation_text: str
    modification_text: str
    problems_text: list[str]
    signing_time_text: str
    timestamp_text: str


class ReportOut(Schema):
    filename: str
    sha256: str
    size: int
    validated_at: str
    summary: str
    summary_text: str
    signatures: list[SignatureOut]
    document_timestamps: list[dict[str, Any]]


@router.post(
    "/signatures/validate",
    auth=None,
    response={200: ReportOut, 400: ErrorOut, 429: ErrorOut},
    summary="Validate the signatures of a PDF (public)",
)
def validate(request: HttpRequest, file: File[UploadedFile]) -> Any:
    if not ratelimit.hit(
        "signing.validate", client_address(request) or "unknown", settings.CIVILDESK_SIGNING_VALIDATE_RATE
    ):
        return Status(429, {"detail": "Too many checks in a short time."})
    try:
        report = services.validate_upload(data=file.read(), filename=file.name or "document.pdf")
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(str(m) for m in exc.messages)})
    return texts.localise(report.to_dict())


# --- Requests, steps and their transitions ------------------------------------------------


class StepOut(Schema):
    id: int
    request_id: int
    position: int
    required: int
    assignee: str
    action: str
    status: str
    comment: str
    failure: str

    @staticmethod
    def resolve_assignee(s: ChainStep) -> str:
        return s.assignee.get_username()


class RequestOut(Schema):
    id: int
    title: str
    status: str
    level: str
    unit_code: str
    owner: str
    steps: list[StepOut]
    url: str

    @staticmethod
    def resolve_unit_code(r: SignatureRequest) -> str:
        return r.unit.code

    @staticmethod
    def resolve_owner(r: SignatureRequest) -> str:
        return r.owner.get_username()

    @staticmethod
    def resolve_steps(r: SignatureRequest) -> list[ChainStep]:
        return list(r.steps.select_related("assignee"))

    @staticmethod
    def resolve_url(r: SignatureRequest) -> str:
        return r.get_absolute_url()


def _visible_request(request: HttpRequest, pk: int) -> SignatureRequest:
    sr = SignatureRequest.objects.visible_to(request.user).select_related("unit", "owner").filter(pk=pk).first()
    if sr is None:
        raise Http404
    return sr


def _visible_step(request: HttpRequest, pk: int) -> ChainStep:
    step = ChainStep.objects.select_related("assignee").filter(pk=pk).first()
    if step is None:
        raise Http404
    step.request = _visible_request(request, step.request_id)
    return step


@router.get("/signatures/requests/{request_id}", response=RequestOut, summary="A signature request and its chain")
def request_detail(request: HttpRequest, request_id: int) -> SignatureRequest:
    return _visible_request(request, request_id)


@router.get(
    "/signatures/requests/{request_id}/transitions",
    response=list[TransitionOut],
    summary="What the caller may do to this signature request now",
)
def request_transitions(request: HttpRequest, request_id: int) -> list[dict]:
    return transitions_out(services.REQUESTS, request.user, _visible_request(request, request_id))


@router.post(
    "/signatures/requests/{request_id}/transitions/{name}",
    response={200: RequestOut, 400: ErrorOut, 403: ErrorOut},
    summary="Apply one of the allowed transitions of a request (resubmit, cancel)",
)
def request_transition_apply(request: HttpRequest, request_id: int, name: str, payload: TransitionIn) -> Any:
    sr = _visible_request(request, request_id)
    return transition_apply(services.REQUESTS, request.user, sr, name, payload.data)


@router.get(
    "/signatures/steps/{step_id}/transitions",
    response=list[TransitionOut],
    summary="What the caller may do to this step now",
)
def step_transitions(request: HttpRequest, step_id: int) -> list[dict]:
    return transitions_out(services.STEPS, request.user, _visible_step(request, step_id))


@router.post(
    "/signatures/steps/{step_id}/transitions/{name}",
    response={200: StepOut, 400: ErrorOut, 403: ErrorOut},
    summary="Apply one of the allowed transitions of a step (approve, return, sign with the PIN)",
)
def step_transition_apply(request: HttpRequest, step_id: int, name: str, payload: TransitionIn) -> Any:
    step = _visible_step(request, step_id)
    return transition_apply(services.STEPS, request.user, step, name, payload.data)
