"""Pages of the one-stop clerk, the specialist and the leader: the dossier list, the counter, a dossier."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from civildesk.org import policy
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from .. import forms
from ..models import Attachment, Dossier, Status
from ..services import DOSSIERS, documents, intake, results
from .public import _download

PAGE_SIZE = 30


def _dossier_or_404(user: Any, pk: int) -> Dossier:
    qs = Dossier.objects.visible_to(user).select_related("procedure", "unit", "version", "handler")
    return get_object_or_404(qs, pk=pk)


@login_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "procedures.view") and not policy.can(request.user, "procedures.receive"):
        raise PermissionDenied
    qs = Dossier.objects.visible_to(request.user).select_related("procedure", "unit")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if status == "overdue":
        qs = qs.overdue()
    elif status == "open":
        qs = qs.open()
    elif status in Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(applicant_name__icontains=q))
    page = Paginator(qs.order_by("-received_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "procedures/dossier_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": Status.choices,
            "can_receive": policy.can(request.user, "procedures.receive"),
            "can_dashboard": policy.can(request.user, "procedures.dashboard"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_new(request: HttpRequest) -> HttpResponse:
    """Receive a dossier at the counter (then print Form 01)."""
    if not policy.can(request.user, "procedures.receive"):
        raise PermissionDenied
    form = forms.CounterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = intake.dossier_register(
                actor=request.user,
                procedure=d["procedure"],
                channel=d["channel"],
                applicant_name=d["applicant_name"],
                applicant_phone=d["applicant_phone"],
                applicant_email=d["applicant_email"],
                applicant_address=d["applicant_address"],
                applicant_id_number=d["applicant_id_number"],
                note=d["note"],
                paid_online=d["paid_online"],
                files=forms.read_files(d["files"]),
            )
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return _page(request, result.dossier, {}, pin=result.pin)
    return render(request, "procedures/dossier_new.html", {"form": form}, status=400 if form.errors else 200)


def _page(
    request: HttpRequest, dossier: Dossier, bound: dict[str, Any], status: int = 200, pin: str = ""
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "procedures/dossier_detail.html",
        {
            "dossier": dossier,
            "actions": DOSSIERS.actions(user, dossier, bound),
            "events": dossier.events.select_related("actor"),
            "attachments": dossier.attachments.all(),
            "components": dossier.components.all(),
            "forms_available": documents.available_forms(dossier),
            "signature_url": results.signature_url(dossier),
            "pin": pin,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _dossier_or_404(request.user, pk), {})


dossier_action = transition_view(DOSSIERS, get_object=_dossier_or_404, page=_page)


@login_required
@require_GET
def dossier_form(request: HttpRequest, pk: int, number: str, fmt: str) -> HttpResponse:
    dossier = _dossier_or_404(request.user, pk)
    if number not in documents.FORMS[:6] or fmt not in documents.FORMATS:
        raise Http404
    data = documents.dossier_form(dossier=dossier, number=number, fmt=fmt, base_url=request.build_absolute_uri("/"))
    return _download(data, f"{dossier.code}-mau-{number}.{fmt}", fmt)


@login_required
@require_GET
def dossier_result(request: HttpRequest, pk: int) -> FileResponse:
    dossier = _dossier_or_404(request.user, pk)
    if not dossier.result_file:
        raise Http404
    return FileResponse(dossier.result_file.open("rb"), as_attachment=True, filename=f"{dossier.code}-ket-qua.pdf")


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = get_object_or_404(Attachment.objects.select_related("dossier__unit"), pk=pk)
    if not Dossier.objects.visible_to(request.user).filter(pk=att.dossier_id).exists():
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.filename)


@login_required
@require_GET
def register_book(request: HttpRequest, fmt: str) -> HttpResponse:
    """Form 07, the register of dossiers, for the user's first unit (the last 500 dossiers)."""
    if fmt not in documents.FORMATS:
        raise Http404
    units = list(policy.units_for(request.user, "procedures.view"))
    if not units:
        raise PermissionDenied
    unit = units[0]
    rows = list(Dossier.objects.filter(unit=unit).select_related("procedure").order_by("-received_at")[:500])[::-1]
    return _download(documents.register_book(unit=unit, dossiers=rows, fmt=fmt), f"so-theo-doi-{unit.code}.{fmt}", fmt)
