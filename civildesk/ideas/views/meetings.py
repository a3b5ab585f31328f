"""Meetings: the index, calling a meeting or a campaign, the meeting page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org import policy
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from .. import forms, services
from ..models import ActionItem, Meeting, MeetingStatus, Round, RoundStatus


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    services.rounds_close_expired()  # campaigns past their end lose their key
    meetings = Meeting.objects.visible_to(user).select_related("unit", "chair__person")
    campaigns = [
        r
        for r in Round.objects.campaigns().select_related("unit").order_by("-pk")[:200]
        if services.can_see_round(user, r) and (r.status != RoundStatus.DRAFT or r.owner_id == user.pk)
    ]
    actions = ActionItem.objects.open().filter(owner=user).select_related("decision")
    return render(
        request,
        "ideas/index.html",
        {
            "upcoming": meetings.filter(status__in=[MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS]).order_by(
                "starts_at"
            )[:50],
            "past": meetings.filter(status__in=[MeetingStatus.ENDED, MeetingStatus.CANCELLED])[:50],
            "campaigns": campaigns[:50],
            "actions": actions[:50],
            "can_organise": policy.units_for(user, "ideas.organise").exists(),
            "can_campaign": policy.units_for(user, "ideas.campaign").exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "ideas.organise")
    if not units.exists():
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect(meeting)
    return render(request, "ideas/form_page.html", {"form": form, "title": _("New meeting")})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "ideas.campaign")
    if not units.exists():
        raise PermissionDenied
    form = forms.CampaignForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, **form.cleaned_data)
            services.round_open(actor=request.user, round=rnd)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect(rnd)
    return render(request, "ideas/form_page.html", {"form": form, "title": _("New idea campaign")})


def _meeting_or_404(user: Any, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("unit", "chair").filter(pk=pk).first()
    if meeting is None or not services.can_see_meeting(user, meeting):
        raise Http404
    return meeting


def _meeting_page(
    request: HttpRequest, meeting: Meeting, bound: dict[str, Any] | None = None, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    is_chair = meeting.chair_id == user.pk
    decisions = meeting.decisions.prefetch_related("action_items__owner__person")
    open_meeting = meeting.status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS)
    context = {
        "meeting": meeting,
        "is_chair": is_chair,
        "agenda": meeting.agenda_items.all(),
        "participants": meeting.participants.select_related("person").order_by("person__full_name"),
        "rounds": meeting.rounds.select_related("agenda_item").order_by("pk"),
        "decisions": decisions,
        "actions": services.MEETINGS.actions(user, meeting, bound),
        "round_form": extra.get("round_form")
        or (forms.RoundForm(meeting=meeting) if is_chair and open_meeting else None),
        "decision_form": extra.get("decision_form")
        or (forms.DecisionForm() if is_chair and meeting.status != MeetingStatus.CANCELLED else None),
        "summary_form": forms.SummaryForm(initial={"summary": meeting.summary}) if is_chair else None,
        "action_form": forms.ActionItemForm() if is_chair else None,
    }
    return render(request, "ideas/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _meeting_or_404(request.user, pk))


meeting_action = transition_view(services.MEETINGS, get_object=_meeting_or_404, page=_meeting_page)


@login_required
@require_POST
def round_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    form = forms.RoundForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, meeting=meeting, **form.cleaned_data)
            services.round_open(actor=request.user, round=rnd)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect("ideas:round_chair", rnd.pk)
    return _meeting_page(request, meeting, status=400, round_form=form)


@login_required
@require_POST
def meeting_summary(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    form = forms.SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_update_summary(actor=request.user, meeting=meeting, summary=form.cleaned_data["summary"])
        except ValidationError as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
    return redirect(meeting)
