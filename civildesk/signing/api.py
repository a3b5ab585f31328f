"""JSON API of the signing app: public validation (no login, rate-limited)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from civildesk.org import ratelimit
from civildesk.org.net import client_address

from . import services, texts

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


class ReportOut(Schema):
    filename: str
    sha256: str
    size: int
    validated_at: str
    summary: str
    summary_text: str
    signatures: list[SignatureOut]
    document_timestamps: list[dict[str, Any]]


class ErrorOut(Schema):
    detail: str


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
