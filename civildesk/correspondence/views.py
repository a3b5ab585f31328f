from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civildesk.org import policy
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view
from civildesk.text.normalize import fold

from . import services
from .export import register_xlsx
from .forms import FilterForm, ReceiveForm
from .models import Dispatch, Incoming
from .workflows import INCOMING

PAGE_SIZE = 25


def _visible_or_404(user: Any, pk: int) -> Incoming:
    incoming = Incoming.objects.visible_to(user).select_related("unit", "outgoing", "reply").filter(pk=pk).first()
    if incoming is None:
        raise Http404
    return incoming


def _filtered(request: HttpRequest) -> tuple[Any, FilterForm]:
    rows = Incoming.objects.visible_to(request.user).select_related("unit")
    form = FilterForm(request.GET or None)
    if form.is_valid():
        d = form.cleaned_data
        for word in fold(d["q"]).split():
            rows = rows.filter(search__contains=word)
        if d["status"]:
            rows = rows.filter(status=d["status"])
        if d["urgency"]:
            rows = rows.filter(urgency=d["urgency"])
        if d["start"]:
            rows = rows.filter(received_at__date__gte=d["start"])
        if d["end"]:
            rows = rows.filter(received_at__date__lte=d["end"])
        if d["overdue"]:
            rows = rows.overdue()
    return rows.prefetch_related("assignments__assignee__person", "assignments__unit"), form


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rows, form = _filtered(request)
    page = Paginator(rows.order_by("-received_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "correspondence/index.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "can_receive": policy.units_for(request.user, "correspondence.register").exists(),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    rows, form = _filtered(request)
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    start, end = d.get("start"), d.get("end")
    title = _("Incoming register, %(start)s – %(end)s") % {
        "start": start.strftime("%d/%m/%Y") if start else "…",
        "end": end.strftime("%d/%m/%Y") if end else timezone.localdate().strftime("%d/%m/%Y"),
    }
    data = register_xlsx(rows.order_by("received_at", "pk"), title=title)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="incoming-register.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "correspondence.register")
    if not units.exists():
        raise PermissionDenied
    form = ReceiveForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            incoming = services.incoming_receive(
                actor=request.user,
                unit=d["unit"],
                source=d["source"],
                data=d["file"].read(),
                filename=d["file"].name,
                sender=d["sender"],
                subject=d["subject"],
                symbol=d["symbol"],
                doc_date=d["doc_date"],
                urgency=d["urgency"],
                confidentiality=d["confidentiality"],
            )
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Registered as number %(n)s.") % {"n": incoming.number_display})
            return redirect(incoming)
    return render(request, "correspondence/new.html", {"form": form}, status=400 if form.errors else 200)


def _validation(incoming: Incoming) -> dict[str, Any] | None:
    """The stored validation report, its codes told in the reader's language."""
    from civildesk.signing import texts

    report = incoming.validation
    if not report or "signatures" not in report:
        return report
    return texts.localise(report)


def _page(request: HttpRequest, incoming: Incoming, bound: Any = None, status: int = 200, **extra: Any) -> HttpResponse:
    return render(
        request,
        "correspondence/detail.html",
        {
            "incoming": incoming,
            "actions": INCOMING.actions(request.user, incoming, bound),
            "assignments": incoming.assignments.select_related("assignee__person", "unit", "assigned_by__person"),
            "progress": incoming.progress.select_related("author__person"),
            "may_reply": services.may_reply(request.user, incoming),
            "validation": _validation(incoming),
            **extra,
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _visible_or_404(request.user, pk))


action = transition_view(INCOMING, get_object=_visible_or_404, page=_page)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = _visible_or_404(request.user, pk)
    if not incoming.file:
        raise Http404
    with incoming.file.open("rb") as fh:
        data = fh.read()
    name = incoming.file.name.rsplit("/", 1)[-1]
    response = HttpResponse(
        data, content_type="application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = _visible_or_404(request.user, pk)
    draft = services.incoming_reply(actor=request.user, incoming=incoming)
    messages.success(request, _("A reply was drafted; it links back to this document."))
    return redirect("drafting:edit", draft.pk)


@login_required
@require_POST
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = _visible_or_404(request.user, pk)
    try:
        result = services.incoming_summary(user=request.user, incoming=incoming)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(incoming)
    return _page(request, incoming, summary=result)


@login_required
@require_GET
def outgoing(request: HttpRequest) -> HttpResponse:
    """The outgoing register: numbers issued by the user's units, and where each document went."""
    from civildesk.drafting.models import RegisterEntry

    entries = policy.filter_queryset(
        RegisterEntry.objects.select_related("register__unit", "draft", "issued_by__person"),
        request.user,
        "drafting.view",
        field="register__unit",
    ).order_by("-issued_at", "-pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    sent = Dispatch.objects.filter(draft__in=[e.draft_id for e in page]).select_related("recipient_unit")
    by_draft: dict[int, list[Dispatch]] = {}
    for d in sent:
        by_draft.setdefault(d.draft_id, []).append(d)
    rows = [(e, by_draft.get(e.draft_id, [])) for e in page]
    return render(request, "correspondence/outgoing.html", {"page": page, "rows": rows})


@login_required
@require_GET
def package(request: HttpRequest, pk: int) -> HttpResponse:
    dispatch = Dispatch.objects.select_related("draft").filter(pk=pk).first()
    if dispatch is None or not dispatch.package or not policy.can(request.user, "drafting.view", dispatch.draft):
        raise Http404
    with dispatch.package.open("rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dispatch.package.name.rsplit("/", 1)[-1]}"'
    return response
