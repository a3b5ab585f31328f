"""Decisions, action items and the minutes' export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civildesk.org.workflow_views import transition_view

from .. import forms, services
from ..models import ActionItem, Decision, Idea, Meeting
from ..services.export import minutes_file, report_file
from .meetings import _meeting_or_404

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _decide(request: HttpRequest, form: Any, **where: Any) -> Decision | None:
    """Create the decision and, when given, its action item. Errors go to the messages."""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return None
    data = form.cleaned_data
    try:
        decision = services.decision_create(actor=request.user, text=data["text"], **where)
        if data.get("owner"):
            services.action_item_add(
                actor=request.user,
                decision=decision,
                owner=data["owner"],
                deadline=data["deadline"],
                expected_result=data["expected_result"],
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, _("The decision was recorded."))
    return decision


@login_required
@require_POST
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    if meeting.chair_id != request.user.pk:
        raise PermissionDenied
    _decide(request, forms.DecisionForm(request.POST), meeting=meeting)
    return redirect(meeting)


@login_required
@require_POST
def idea_promote(request: HttpRequest, pk: int) -> HttpResponse:
    idea = Idea.objects.select_related("round__meeting").filter(pk=pk).first()
    if idea is None or not services.can_see_round(request.user, idea.round):
        raise Http404
    if not services.can_chair(request.user, idea.round):
        raise PermissionDenied
    decision = _decide(request, forms.DecisionForm(request.POST), idea=idea)
    if decision is not None and decision.meeting_id:
        return redirect(decision.meeting)
    return redirect("ideas:round_chair", idea.round_id)


@login_required
@require_POST
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    decision = Decision.objects.select_related("meeting", "round").filter(pk=pk).first()
    if decision is None:
        raise Http404
    form = forms.ActionItemForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_add(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(decision)


def _action_or_404(user: Any, pk: int) -> ActionItem:
    item = (
        ActionItem.objects.select_related("decision__meeting", "decision__round", "owner__person").filter(pk=pk).first()
    )
    if item is None or not services.can_see_action(user, item):
        raise Http404
    return item


def _action_page(
    request: HttpRequest, item: ActionItem, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "ideas/action_detail.html",
        {"item": item, "actions": services.ACTIONS.actions(request.user, item, bound)},
        status=status,
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(request, _action_or_404(request.user, pk))


action_action = transition_view(services.ACTIONS, get_object=_action_or_404, page=_action_page)


@login_required
def minutes_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting: Meeting = _meeting_or_404(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    data = minutes_file(meeting, fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{meeting.pk}.{fmt}"'
    return response


@login_required
def round_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The results of a round (a campaign's report) as a Báo cáo, for whoever may see the round."""
    from .rounds import _round_or_404

    rnd = _round_or_404(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(report_file(rnd, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bao-cao-y-kien-{rnd.pk}.{fmt}"'
    return response
