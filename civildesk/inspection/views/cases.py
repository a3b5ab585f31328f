"""Case pages: the list, intake at the desk, a case with its actions, identity, links and files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org import policy
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from .. import forms, protect, services
from ..models import Attachment, Case, CaseFilters, CaseStatus, CaseType

PAGE_SIZE = 25


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if policy.can(request.user, "inspection.dashboard"):
        return redirect("inspection:dashboard")
    if policy.can(request.user, "inspection.view_cases"):
        return redirect("inspection:cases")
    if policy.can(request.user, "inspection.follow_up"):
        return redirect("inspection:recommendations")
    raise PermissionDenied


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "inspection.view_cases"):
        raise PermissionDenied
    filters = CaseFilters.from_query(request.GET, user=request.user)
    page = Paginator(Case.objects.listing(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspection/case_list.html",
        {
            "page": page,
            "statuses": CaseStatus.choices,
            "types": CaseType.choices,
            "status": filters.status,
            "type": filters.case_type,
            "q": filters.q,
            "can_receive": policy.units_for(request.user, "inspection.receive").exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "inspection.receive")
    if not units.exists():
        raise PermissionDenied
    form = forms.CaseRegisterForm(request.POST or None, units=units, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = services.case_register(
                actor=request.user,
                unit=d["unit"],
                case_type=d["case_type"],
                instance=d["instance"],
                channel=d["channel"],
                title=d["title"],
                content=d["content"],
                field=d["field"],
                subject_name=d["subject_name"],
                subject_unit=d["subject_unit"],
                received_on=d["received_on"],
                identity=protect.Identity(
                    name=d["name"], phone=d["phone"], citizen_id=d["citizen_id"], address=d["address"], email=d["email"]
                ),
            )
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": result.case.number})
            return redirect(result.case)
    return render(request, "inspection/case_new.html", {"form": form})


def _case_or_404(user: Any, pk: int) -> Case:
    case = (
        Case.objects.visible_to(user)
        .select_related("unit", "assignee", "rule", "merged_into", "subject_unit", "created_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def _case_page(
    request: HttpRequest, case: Case, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    duplicates = []
    if (
        case.status in (CaseStatus.RECEIVED, CaseStatus.CLASSIFIED)
        and not case.merged_into_id
        and policy.can(request.user, "inspection.receive", case)
    ):
        duplicates = services.case_duplicates(user=request.user, case=case)
    return render(
        request,
        "inspection/case_detail.html",
        {
            "case": case,
            "actions": services.CASES.actions(request.user, case, bound),
            "events": case.events.select_related("actor"),
            "workflow": services.CASES,
            "attachments": case.attachments.all(),
            "duplicates": duplicates,
            "links": case.links_out.select_related("to_case"),
            "linked_from": case.links_in.select_related("from_case"),
            "can_see_identity": services.identity_can_view(request.user, case) and bool(case.identity_token),
            "identity": bound.get("_identity"),
            "link_form": bound.get("_link") or forms.LinkForm(),
            "attachment_form": bound.get("_attachment") or forms.AttachmentForm(),
            "can_link": policy.can(request.user, "inspection.receive", case) and not case.merged_into_id,
        },
        status=status,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request.user, pk)
    services.case_viewed(actor=request.user, case=case)
    return _case_page(request, case)


@login_required
@require_POST
@never_cache
def case_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the filer's identity (POST, so that each viewing is deliberate and audited)."""
    case = _case_or_404(request.user, pk)
    identity = services.case_identity_view(actor=request.user, case=case)
    response = _case_page(request, case, {"_identity": identity})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def case_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request.user, pk)
    form = forms.LinkForm(request.POST)
    if form.is_valid():
        other = Case.objects.visible_to(request.user).filter(number=form.cleaned_data["other"].strip()).first()
        if other is None:
            form.add_error("other", _("No case with this number that you may see."))
        else:
            try:
                services.case_link(
                    actor=request.user,
                    case=case,
                    other=other,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                field_errors(form, exc)
            else:
                messages.success(request, _("The cases are linked."))
                return redirect(case)
    return _case_page(request, case, {"_link": form}, status=400)


@login_required
@require_POST
def case_attach(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request.user, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid() and _attach(request, form, case):
        return redirect(case)
    return _case_page(request, case, {"_attachment": form}, status=400)


def _attach(request: HttpRequest, form: Any, owner: Any) -> bool:
    f = form.cleaned_data["file"]
    try:
        services.attachment_add(
            actor=request.user,
            owner=owner,
            data=f.read(),
            filename=f.name,
            description=form.cleaned_data.get("description", ""),
        )
    except ValidationError as exc:
        form.add_error("file", exc)
        return False
    messages.success(request, _("File attached."))
    return True


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = get_object_or_404(
        Attachment.objects.select_related("case__unit", "inspection__unit", "report__recommendation"), pk=pk
    )
    if not services.attachment_can_read(request.user, att):
        raise Http404
    response = FileResponse(att.file.open("rb"), as_attachment=True, filename=att.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


case_action = transition_view(services.CASES, get_object=_case_or_404, page=_case_page)
