"""JSON API of drafting: list, create and read drafts; render a draft or a posted document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from civildesk.org import policy
from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out
from civildesk.org.models import Unit

from . import render as output
from . import services
from .document import DocumentDataError, OfficialDocument
from .models import Draft, DraftStatus, RegisterEntry

try:  # django-ninja >= 1.6 deprecates returning (status, body) tuples
    from ninja import Status
except ImportError:  # pragma: no cover - older django-ninja

    def Status(code: int, body: Any) -> Any:  # noqa: N802
        return code, body


router = Router(tags=["drafting"])


class DraftContent(Schema):
    parent_agency: str = ""
    agency: str
    agency_code: str
    unit_code: str = ""
    place: str
    subject: str
    addressees: str = ""
    issuer_authority: str = ""
    legal_bases: str = ""
    body: str
    recipients: str = ""
    authority: str = ""
    on_behalf_of: str = ""
    signer_title: str
    signer_name: str


class DraftIn(DraftContent):
    unit_id: int
    doc_type: str


class DraftOut(DraftContent):
    id: int
    unit_id: int
    doc_type: str
    status: str
    number: int | None
    symbol: str
    issued_on: date | None
    version: int
    updated_at: datetime
    url: str

    @staticmethod
    def resolve_url(obj: Draft) -> str:
        return obj.get_absolute_url()


class DocumentIn(Schema):
    """The same fields as a ``render_document`` JSON file (see docs/drafting.md)."""

    doc_type: str
    agency: str
    agency_code: str
    subject: str
    body: str
    signer_title: str
    signer_name: str
    place: str
    parent_agency: str = ""
    unit_code: str = ""
    number: int | None = None
    issued_on: date | None = None
    addressees: list[str] = []
    legal_bases: list[str] = []
    issuer_authority: str = ""
    recipients: list[str] = []
    authority: str = ""
    on_behalf_of: str = ""


def _visible_or_404(request: HttpRequest, pk: int) -> Draft:
    draft = Draft.objects.visible_to(request.user).select_related("unit").filter(pk=pk).first()
    if draft is None:
        raise Http404
    return draft


def _printable(response: HttpResponse) -> HttpResponse:
    """The standalone HTML page styles itself inline (Content-Security-Policy allows that, and no script)."""
    response._csp_replace = {  # type: ignore[attr-defined]
        "style-src": ["'unsafe-inline'"],
        "style-src-attr": ["'unsafe-inline'"],
        "script-src": ["'none'"],
    }
    return response


def _validation(exc: ValidationError) -> HttpError:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in detail.items()))


@router.get("/drafting/drafts", response=list[DraftOut], summary="Drafts the caller may see, newest first")
@paginate(LimitOffsetPagination)
def list_drafts(request: HttpRequest, status: str = "") -> Any:
    """The paginator slices the queryset: one page of rows is loaded, never all of them."""
    drafts = Draft.objects.visible_to(request.user).select_related("unit")
    if status in DraftStatus.values:
        drafts = drafts.filter(status=status)
    return drafts.order_by("-updated_at", "-pk")


@router.post("/drafting/drafts", response={201: DraftOut}, summary="Create a draft in a unit")
def create_draft(request: HttpRequest, payload: DraftIn) -> Any:
    unit = Unit.objects.filter(pk=payload.unit_id, is_active=True).first()
    if unit is None or not policy.can(request.user, "drafting.draft", unit):
        raise HttpError(403, "You may not draft documents in this unit.")
    content = payload.dict(exclude={"unit_id", "doc_type"})
    if payload.doc_type not in {c for c, _ in Draft._meta.get_field("doc_type").choices}:
        raise HttpError(422, "doc_type: unknown document type")
    try:
        draft = services.draft_create(actor=request.user, unit=unit, doc_type=payload.doc_type, **content)
    except PermissionDenied as exc:
        raise HttpError(403, "You may not draft documents in this unit.") from exc
    except ValidationError as exc:
        raise _validation(exc) from exc
    return Status(201, draft)


@router.get("/drafting/drafts/{draft_id}", response=DraftOut, summary="One draft")
def get_draft(request: HttpRequest, draft_id: int) -> Any:
    return _visible_or_404(request, draft_id)


@router.get(
    "/drafting/drafts/{draft_id}/transitions",
    response=list[TransitionOut],
    summary="What the caller may do to this document now (its workflow: send for review ... dispatch)",
)
def draft_transitions(request: HttpRequest, draft_id: int) -> list[dict]:
    return transitions_out(services.DRAFTS, request.user, _visible_or_404(request, draft_id))


@router.post(
    "/drafting/drafts/{draft_id}/transitions/{name}",
    response={200: DraftOut, 400: ErrorOut, 403: ErrorOut},
    summary="Apply one of the allowed transitions, with the fields of its form",
)
def draft_transition_apply(request: HttpRequest, draft_id: int, name: str, payload: TransitionIn) -> Any:
    draft = _visible_or_404(request, draft_id)
    result = transition_apply(services.DRAFTS, request.user, draft, name, payload.data)
    return result if not isinstance(result, RegisterEntry) else Draft.objects.get(pk=draft.pk)


@router.get(
    "/drafting/drafts/{draft_id}/render",
    summary="The draft as PDF, DOCX or HTML",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {output.CONTENT_TYPES["pdf"]: {}, output.CONTENT_TYPES["docx"]: {}, "text/html": {}},
            }
        }
    },
)
def render_draft(request: HttpRequest, draft_id: int, format: str = "pdf") -> HttpResponse:  # noqa: A002
    draft = _visible_or_404(request, draft_id)
    if format not in output.FORMATS:
        raise HttpError(422, f"format: use one of {', '.join(output.FORMATS)}")
    if draft.signed_pdf and format == "pdf":  # the issued file itself, never an unsigned re-rendering
        data = services.draft_pdf(actor=request.user, draft=draft)
    else:
        data = output.render(draft.to_document(), format, title=draft.subject)
    response = HttpResponse(data, content_type=output.CONTENT_TYPES[format])
    if format != "html":
        from .views import download_name

        response["Content-Disposition"] = f'attachment; filename="{download_name(draft, format)}"'
    return _printable(response)


@router.post(
    "/drafting/render",
    summary="Render a document given as JSON (nothing is saved)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {output.CONTENT_TYPES["pdf"]: {}, output.CONTENT_TYPES["docx"]: {}, "text/html": {}},
            }
        }
    },
)
def render_document(request: HttpRequest, payload: DocumentIn, format: str = "pdf") -> HttpResponse:  # noqa: A002
    if not policy.can(request.user, "drafting.draft"):
        raise HttpError(403, "You may not draft documents.")
    if format not in output.FORMATS:
        raise HttpError(422, f"format: use one of {', '.join(output.FORMATS)}")
    try:
        doc = OfficialDocument.from_dict(payload.dict())
    except DocumentDataError as exc:
        raise HttpError(422, str(exc)) from exc
    response = HttpResponse(output.render(doc, format), content_type=output.CONTENT_TYPES[format])
    if format != "html":
        response["Content-Disposition"] = f'attachment; filename="{doc.doc_type}.{format}"'
    return _printable(response)
