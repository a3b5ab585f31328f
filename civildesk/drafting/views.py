from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civildesk.org import policy
from civildesk.org.models import Role
from civildesk.org.workflow_views import transition_view

from . import render as output
from . import services
from .forms import CancelForm, DraftForm, ReviewForm
from .models import DocType, DocumentTemplate, Draft, DraftStatus, DraftVersion, EntryStatus
from .suggest import suggest_legal_bases
from .workflows import DRAFTS

PAGE_SIZE = 20


def _visible_or_404(user: Any, pk: int) -> Draft:
    draft = Draft.objects.visible_to(user).select_related("unit", "created_by", "reviewer").filter(pk=pk).first()
    if draft is None:
        raise Http404
    return draft


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    drafts = Draft.objects.visible_to(request.user).select_related("unit", "created_by")
    status = request.GET.get("status", "")
    if status in DraftStatus.values:
        drafts = drafts.filter(status=status)
    page = Paginator(drafts.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "drafting/index.html",
        {
            "page": page,
            "status": status,
            "statuses": DraftStatus.choices,
            "can_draft": policy.units_for(request.user, "drafting.draft").exists(),
        },
    )


def _bases_context(request: HttpRequest, form: DraftForm) -> dict[str, Any]:
    """Handle the two helper buttons of the form: suggest bases, add one."""
    context: dict[str, Any] = {}
    data = request.POST
    if "suggest" in data or "add_basis" in data:
        context["suggestions"] = suggest_legal_bases(
            request.user, subject=data.get("subject", ""), body=data.get("body", "")
        )
        context["suggested"] = True
    return context


def _helper_response(request: HttpRequest, template: str, context: dict[str, Any], units: Any = None) -> HttpResponse:
    """Re-show the form (no save) after "suggest" or "add this basis"; htmx gets the bases field only."""
    data = request.POST.copy()
    if basis := data.get("add_basis", "").strip():
        current = [line for line in data.get("legal_bases", "").splitlines() if line.strip()]
        if basis not in current:
            current.append(basis)
        data["legal_bases"] = "\n".join(current)
    form = DraftForm(initial=data.dict(), units=units)
    context.update({"form": form, **_bases_context(request, form)})
    if request.htmx:
        return render(request, "drafting/_bases.html", context)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "drafting.draft")
    if not units.exists():
        raise PermissionDenied
    doc_type = request.POST.get("doc_type") or request.GET.get("type", "")
    if doc_type not in DocType.values:
        templates = DocumentTemplate.objects.filter(is_active=True)
        return render(request, "drafting/choose.html", {"templates": templates})
    template = DocumentTemplate.objects.filter(doc_type=doc_type).first()
    context: dict[str, Any] = {"doc_type": doc_type, "type_label": DocType(doc_type).label, "template": template}
    if request.method == "POST" and ("suggest" in request.POST or "add_basis" in request.POST):
        return _helper_response(request, "drafting/form.html", context, units=units)
    form = DraftForm(
        request.POST or None, instance=Draft(doc_type=doc_type), units=units, initial=_initial(request, template)
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_create(
                actor=request.user, unit=form.cleaned_data["unit"], doc_type=doc_type, **form.content()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(draft)
    context["form"] = form
    return render(request, "drafting/form.html", context)


def _initial(request: HttpRequest, template: DocumentTemplate | None) -> dict[str, Any]:
    """Start from the type's template and from the author's unit."""
    initial: dict[str, Any] = {"place": ""}
    if template:
        initial.update(
            subject=template.subject,
            body=template.body,
            legal_bases=template.legal_bases,
            addressees=template.addressees,
            recipients=template.recipients,
            authority=template.authority,
        )
    grants = policy.grants(request.user)
    if grants:
        from civildesk.org.models import Unit

        unit = Unit.objects.filter(pk=grants[0].unit_id).select_related("parent").first()
        if unit:
            initial.update(
                unit=unit.pk, agency=unit.name.upper(), parent_agency=unit.parent.name.upper() if unit.parent else ""
            )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    if not services.can_edit(request.user, draft):
        raise PermissionDenied
    context: dict[str, Any] = {"draft": draft, "doc_type": draft.doc_type, "type_label": draft.get_doc_type_display()}
    if request.method == "POST" and ("suggest" in request.POST or "add_basis" in request.POST):
        return _helper_response(request, "drafting/form.html", context)
    form = DraftForm(
        request.POST or None, instance=Draft(doc_type=draft.doc_type, unit=draft.unit), initial=draft.content()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(actor=request.user, draft=draft, **form.content())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(draft)
    context["form"] = form
    return render(request, "drafting/form.html", context)


def _reviewers(draft: Draft, actor: Any) -> Any:
    """People who may review: anyone holding a role in the issuing unit, or a leader above it."""
    User = get_user_model()
    ancestors = draft.unit.ancestors()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role_assignments__unit=draft.unit)
            | Q(role_assignments__unit__in=ancestors, role_assignments__role__in=[Role.LEADER])
        )
        .exclude(pk=actor.pk)
        .select_related("person")
        .distinct()
        .order_by("username")
    )


def _with_preview_styles(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The page with the sheet preview: its paragraphs carry their layout in style attributes."""
    response = render(request, template, context)
    response._csp_update = {"style-src-attr": ["'unsafe-inline'"]}  # type: ignore[attr-defined]
    return response


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_or_404(request.user, pk))


# Steps with their own card on the page; the others come from the workflow's actions.
_OWN_CARDS = {"send_for_review", "withdraw", "issue", "cancel"}


def _detail_page(request: HttpRequest, draft: Draft, bound: Any = None, status: int = 200) -> HttpResponse:
    can_draft = policy.can(request.user, "drafting.draft", draft)
    can_issue = services.can_issue(request.user, draft)
    entry = draft.register_entries.filter(status=EntryStatus.ISSUED).first()
    response = _with_preview_styles(
        request,
        "drafting/detail.html",
        {
            "draft": draft,
            "preview": output.body_html(draft.to_document()),
            "preview_css": output.preview_css(),
            "versions": draft.versions.select_related("created_by").order_by("-number"),
            "can_edit": services.can_edit(request.user, draft),
            "can_review": can_draft and draft.status == DraftStatus.DRAFT,
            "can_withdraw": draft.status == DraftStatus.IN_REVIEW
            and (can_draft or draft.reviewer_id == request.user.pk),
            "can_issue": can_issue and draft.status in (DraftStatus.DRAFT, DraftStatus.IN_REVIEW),
            "actions": [a for a in DRAFTS.actions(request.user, draft, bound) if a.name not in _OWN_CARDS],
            "can_cancel": can_issue and entry is not None,
            "review_form": ReviewForm(reviewers=_reviewers(draft, request.user)),
            "cancel_form": CancelForm(),
            "entry": entry,
        },
    )
    if status != 200:
        response.status_code = status
    return response


@login_required
@require_GET
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    v = DraftVersion.objects.filter(draft=draft, number=number).select_related("created_by").first()
    if v is None:
        raise Http404
    return _with_preview_styles(
        request,
        "drafting/version.html",
        {
            "draft": draft,
            "version": v,
            "preview": output.body_html(v.to_document()),
            "preview_css": output.preview_css(),
        },
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    if draft.signed_pdf and fmt == "pdf":
        # The issued document is the signed file: never an unsigned re-rendering of it.
        data = services.draft_pdf(actor=request.user, draft=draft)
        response = HttpResponse(data, content_type=output.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{download_name(draft, fmt)}"'
        return response
    data = output.render(draft.to_document(), fmt, title=draft.subject)
    response = HttpResponse(data, content_type=output.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{download_name(draft, fmt)}"'
    return response


def download_name(draft: Draft, fmt: str) -> str:
    return (
        f"{draft.doc_type}-{draft.number:02d}-{draft.issued_on.year}.{fmt}"
        if draft.number and draft.issued_on
        else f"{draft.doc_type}-draft-{draft.pk}-v{draft.version}.{fmt}"
    )


def _transition(request: HttpRequest, draft: Draft, action: Any, success: str, **kwargs: Any) -> HttpResponse:
    try:
        action(actor=request.user, draft=draft, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(draft)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    if not policy.can(request.user, "drafting.draft", draft):
        raise PermissionDenied
    form = ReviewForm(request.POST, reviewers=_reviewers(draft, request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer."))
        return redirect(draft)
    return _transition(
        request, draft, services.draft_send_for_review, _("Sent for review."), reviewer=form.cleaned_data["reviewer"]
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    return _transition(request, draft, services.draft_withdraw, _("The draft is back in drafting."))


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    if not services.can_issue(request.user, draft):
        raise PermissionDenied
    return _transition(request, draft, services.draft_issue, _("A number was issued from the register."))


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _visible_or_404(request.user, pk)
    if not services.can_issue(request.user, draft):
        raise PermissionDenied
    entry = draft.register_entries.filter(status=EntryStatus.ISSUED).first()
    form = CancelForm(request.POST)
    if entry is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Say why the number is cancelled."))
        return redirect(draft)
    try:
        services.entry_cancel(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The number was cancelled; it will not be used again."))
    return redirect(draft)


action = transition_view(DRAFTS, get_object=_visible_or_404, page=_detail_page)
