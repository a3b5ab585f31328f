from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org import policy, ratelimit
from civildesk.org.net import client_address

from . import services, texts
from .forms import CommentForm, RequestForm, SignForm, ValidateForm
from .models import ChainStep, Notification, SignatureRequest, StepAction, StepStatus


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
            "notifications": Notification.objects.filter(user=user, read_at__isnull=True).select_related("request")[
                :20
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    form = RequestForm(request.POST or None, request.FILES or None, user=request.user, draft=draft)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        reviewers = list(d["reviewers"])
        chain: list[services.StepSpec] = []
        if d["review_mode"] == "sequential":
            chain += [services.StepSpec(assignees=[r]) for r in reviewers]
        elif reviewers:
            chain.append(
                services.StepSpec(
                    assignees=reviewers, required=d["review_required"] if d["review_mode"] == "n_of_m" else None
                )
            )
        chain.append(services.StepSpec(assignees=[d["signer"]], action=StepAction.SIGN))
        if d["seal_by"]:
            chain.append(services.StepSpec(assignees=[d["seal_by"]], action=StepAction.SEAL))
        try:
            if draft is not None:
                sr = services.request_from_draft(actor=request.user, draft=draft, chain=chain, level=d["level"])
                messages.success(request, _("Sent for signature."))
                return redirect(sr)
            upload = d["file"]
            sr = services.request_create(
                actor=request.user,
                unit=d["unit"],
                title=d["title"],
                pdf=upload.read(),
                filename=upload.name,
                chain=chain,
                level=d["level"],
                signer_name=d["signer_name"],
                signer_title=d["signer_title"],
                is_attachment=d["is_attachment"],
                number_symbol=d["number_symbol"],
            )
        except ValidationError as exc:
            for m in _errors(exc):
                form.add_error(None, m)
        else:
            messages.success(request, _("Sent for signature."))
            return redirect(sr)
    return render(request, "signing/new.html", {"form": form, "draft": draft})


def _draft(request: HttpRequest) -> Any:
    """The drafting document named by ``?draft=``, if the user may see it (404 otherwise)."""
    draft_id = request.GET.get("draft") or request.POST.get("draft")
    if not draft_id:
        return None
    from civildesk.drafting.models import Draft

    draft = Draft.objects.filter(pk=draft_id).select_related("unit").first() if str(draft_id).isdigit() else None
    if draft is None or not policy.can(request.user, "drafting.view", draft):
        raise Http404
    return draft


def _visible(request: HttpRequest, pk: int) -> SignatureRequest:
    sr = get_object_or_404(SignatureRequest.objects.select_related("unit", "owner"), pk=pk)
    if not SignatureRequest.objects.visible_to(request.user).filter(pk=sr.pk).exists():
        raise Http404
    return sr


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    sr = _visible(request, pk)
    services.notifications_read(user=request.user, request=sr)
    steps = list(sr.steps.select_related("assignee", "job"))
    mine = [s for s in steps if s.assignee_id == request.user.pk and s.status == StepStatus.PENDING]
    return render(
        request,
        "signing/detail.html",
        {
            "sr": sr,
            "steps": steps,
            "mine": mine,
            "jobs": [s.job for s in steps if s.job and s.status == StepStatus.FINISHING],
            "sign_form": SignForm(),
            "comment_form": CommentForm(),
        },
    )


@login_required
def pdf(request: HttpRequest, pk: int) -> FileResponse:
    sr = _visible(request, pk)
    return FileResponse(
        sr.current.open("rb"), as_attachment=True, content_type="application/pdf", filename=f"{sr.title[:80]}.pdf"
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    sr = _visible(request, pk)
    step = get_object_or_404(ChainStep, pk=step_id, request=sr)
    what = request.POST.get("do", "")
    try:
        if what == "approve":
            services.step_approve(actor=request.user, step=step, comment=request.POST.get("comment", ""))
            messages.success(request, _("Approved."))
        elif what == "return":
            services.step_return(actor=request.user, step=step, comment=request.POST.get("comment", ""))
            messages.success(request, _("Returned to the owner."))
        elif what == "sign":
            form = SignForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Enter your PIN or passphrase."))
            key = form.cleaned_data["key_file"]
            services.step_sign(
                actor=request.user, step=step, secret=form.cleaned_data["secret"], key_file=key.read() if key else None
            )
            messages.success(request, _("Signed. The timestamp and revocation data are being added."))
        else:
            raise ValidationError(_("Unknown action."))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    return redirect(sr)


@login_required
@require_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    sr = _visible(request, pk)
    upload = request.FILES.get("file")
    try:
        services.request_resubmit(
            actor=request.user,
            request=sr,
            pdf=upload.read() if upload else None,
            filename=upload.name if upload else "",
        )
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    return redirect(sr)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    sr = _visible(request, pk)
    try:
        services.request_cancel(actor=request.user, request=sr)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    return redirect(sr)


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
