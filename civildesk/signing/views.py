from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civildesk.org import policy, ratelimit
from civildesk.org.net import client_address
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from . import services, texts
from .forms import RequestForm, ValidateForm
from .models import ChainStep, SignatureRequest, StepStatus


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "signing/index.html",
        {
            "waiting": SignatureRequest.objects.waiting_for(user).select_related("unit")[:50],
            "mine": SignatureRequest.objects.filter(owner=user).select_related("unit")[:50],
            "visible": SignatureRequest.objects.visible_to(user).select_related("unit", "owner")[:100],
            "notifications": services.notifications_unread(user=user)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    form = RequestForm(request.POST or None, request.FILES or None, user=request.user, draft=draft)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if draft is not None:
                sr = services.request_from_draft(actor=request.user, draft=draft, chain=form.chain(), level=d["level"])
            else:
                upload = d["file"]
                sr = services.request_create(
                    actor=request.user,
                    unit=d["unit"],
                    title=d["title"],
                    pdf=upload.read(),
                    filename=upload.name,
                    chain=form.chain(),
                    level=d["level"],
                    signer_name=d["signer_name"],
                    signer_title=d["signer_title"],
                    is_attachment=d["is_attachment"],
                    number_symbol=d["number_symbol"],
                )
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Sent for signature."))
            return redirect(sr)
    return render(request, "signing/new.html", {"form": form, "draft": draft})


def _draft(request: HttpRequest) -> Any:
    """The drafting document named by ``?draft=``, if the user may see it (404 otherwise)."""
    from civildesk.drafting import services as drafting

    draft_id = request.GET.get("draft") or request.POST.get("draft")
    if not draft_id:
        return None
    draft = drafting.draft_visible(user=request.user, pk=draft_id)
    if draft is None:
        raise Http404
    return draft


def _request_or_404(user: Any, pk: int) -> SignatureRequest:
    sr = SignatureRequest.objects.visible_to(user).select_related("unit", "owner").filter(pk=pk).first()
    if sr is None:
        raise Http404
    return sr


def _step_or_404(user: Any, pk: int) -> ChainStep:
    step = ChainStep.objects.select_related("request", "assignee").filter(pk=pk).first()
    if step is None:
        raise Http404
    step.request = _request_or_404(user, step.request_id)
    return step


def _request_page(
    request: HttpRequest,
    sr: SignatureRequest,
    bound: dict[str, Any] | None = None,
    status: int = 200,
    step_bound: dict[int, dict[str, Any]] | None = None,
) -> HttpResponse:
    user = request.user
    steps = list(sr.steps.select_related("assignee__person", "job"))
    for s in steps:
        s.request = sr
        s.failure_text = texts.signing_failed(s.failure) if s.failure else ""
    step_bound = step_bound or {}
    mine = [
        (s, services.STEPS.actions(user, s, step_bound.get(s.pk)))
        for s in steps
        if s.assignee_id == user.pk and (s.status == StepStatus.PENDING or s.pk in step_bound)
    ]
    return render(
        request,
        "signing/detail.html",
        {
            "sr": sr,
            "steps": steps,
            "mine": mine,
            "done": [s for s in steps if s.assignee_id == user.pk and s.acted_at and s.status != StepStatus.PENDING],
            "jobs": [s.job for s in steps if s.job and s.status == StepStatus.FINISHING],
            "actions": services.REQUESTS.actions(user, sr, bound),
        },
        status=status,
    )


def _step_page(request: HttpRequest, step: ChainStep, bound: dict[str, Any], status: int = 200) -> HttpResponse:
    return _request_page(request, step.request, status=status, step_bound={step.pk: bound})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    sr = _request_or_404(request.user, pk)
    services.notifications_read(user=request.user, request=sr)
    return _request_page(request, sr)


@login_required
def pdf(request: HttpRequest, pk: int) -> FileResponse:
    sr = _request_or_404(request.user, pk)
    return FileResponse(
        sr.current.open("rb"), as_attachment=True, content_type="application/pdf", filename=f"{sr.title[:80]}.pdf"
    )


request_action = transition_view(services.REQUESTS, get_object=_request_or_404, page=_request_page)
step_action = transition_view(services.STEPS, get_object=_step_or_404, page=_step_page)


@require_http_methods(["GET", "POST"])
def validate_page(request: HttpRequest) -> HttpResponse:
    """Public: anyone uploads a signed PDF and reads the report in their language."""
    form = ValidateForm(request.POST or None, request.FILES or None)
    report: dict[str, Any] | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(
            "signing.validate", client_address(request) or "unknown", settings.CIVILDESK_SIGNING_VALIDATE_RATE
        ):
            form.add_error(None, _("Too many checks in a short time. Wait a minute and try again."))
            status = 429
        else:
            upload = form.cleaned_data["file"]
            try:
                report = texts.localise(services.validate_upload(data=upload.read(), filename=upload.name).to_dict())
            except ValidationError as exc:
                for m in _errors(exc):
                    form.add_error("file", m)
                status = 400
    return render(
        request,
        "signing/validate.html",
        {
            "form": form,
            "report": report,
            "report_json": json.dumps(report, ensure_ascii=False, indent=1) if report else "",
        },
        status=status,
    )


def can_manage(user: Any) -> bool:
    return policy.can(user, "signing.manage_trust")
