"""A round: the participant's page (ideas, similar ideas while typing, votes, live list) and the chair's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from .. import forms, services
from ..models import Idea, Round, RoundStatus
from ..scatter import scatter

POLL_SECONDS = 3


def _round_or_404(user: Any, pk: int) -> Round:
    rnd = Round.objects.select_related("unit", "meeting", "agenda_item", "owner").filter(pk=pk).first()
    if rnd is None or not services.can_see_round(user, rnd):
        raise Http404
    return services.round_expire_if_due(rnd)


LIVE_MAX_AGE = 1.0  # seconds a polled list may be behind (shared by all the pollers of a process)


def _ideas_context(request: HttpRequest, rnd: Round, *, live: bool = False) -> dict[str, Any]:
    ideas = services.ranked_ideas(rnd, max_age=LIVE_MAX_AGE if live else 0.0)
    ideas.sort(key=lambda i: -i.pk)  # participants see the newest first; the chair sees the ranking
    mine = services.my_votes(request.user, rnd)
    for idea in ideas:
        idea.my_vote = mine.get(idea.pk)
    return {
        "round": rnd,
        "ideas": ideas,
        "accepting": rnd.accepting() and services.can_take_part(request.user, rnd),
        "poll": POLL_SECONDS if rnd.status == RoundStatus.OPEN else 0,
    }


def _round_page(
    request: HttpRequest, rnd: Round, bound: dict[str, Any] | None = None, status: int = 200, form: Any = None
) -> HttpResponse:
    context = _ideas_context(request, rnd)
    context.update(
        {
            "form": form or forms.IdeaForm(allow_anonymous=rnd.allow_anonymous),
            "is_chair": services.can_chair(request.user, rnd),
            "actions": services.ROUNDS.actions(request.user, rnd, bound),
            "may_take_part": services.can_take_part(request.user, rnd),
            "decisions": rnd.decisions.prefetch_related("action_items__owner__person") if rnd.is_campaign else [],
        }
    )
    return render(request, "ideas/round_detail.html", context, status=status)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_page(request, _round_or_404(request.user, pk))


round_action = transition_view(services.ROUNDS, get_object=_round_or_404, page=_round_page)


@login_required
@require_http_methods(["GET", "POST"])
def round_ideas(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the live list (polled). POST: submit an idea."""
    rnd = _round_or_404(request.user, pk)
    if request.method == "GET":
        return render(request, "ideas/round_detail.html#ideas", _ideas_context(request, rnd, live=True))
    form = forms.IdeaForm(request.POST, allow_anonymous=rnd.allow_anonymous)
    if form.is_valid():
        try:
            services.idea_submit(actor=request.user, round=rnd, **form.cleaned_data)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            if request.htmx:
                context = _ideas_context(request, rnd)
                context.update({"form": forms.IdeaForm(allow_anonymous=rnd.allow_anonymous), "submitted": True})
                return render(request, "ideas/round_detail.html#participate", context)
            # Deliberately no idea number in the message: it would go to the session store.
            messages.success(request, _("Your idea was added."))
            return redirect(rnd)
    if request.htmx:
        context = _ideas_context(request, rnd)
        context["form"] = form
        return render(request, "ideas/round_detail.html#participate", context, status=400)
    return _round_page(request, rnd, status=400, form=form)


@login_required
@require_POST
def round_similar(request: HttpRequest, pk: int) -> HttpResponse:
    """Ideas already there that say what the participant is typing (the draft is POSTed, never logged)."""
    rnd = _round_or_404(request.user, pk)
    if not services.can_take_part(request.user, rnd):
        raise PermissionDenied
    text = request.POST.get("text", "")[:2000]
    hits = services.similar_to_draft(round=rnd, text=text) if rnd.accepting() else []
    mine = services.my_votes(request.user, rnd)
    for idea, _score in hits:
        idea.my_vote = mine.get(idea.pk)
    return render(request, "ideas/round_detail.html#similar", {"round": rnd, "hits": hits, "accepting": True})


@login_required
@require_POST
def idea_vote(request: HttpRequest, pk: int) -> HttpResponse:
    idea = Idea.objects.select_related("round").filter(pk=pk).first()
    if idea is None:
        raise Http404
    rnd = _round_or_404(request.user, idea.round_id)
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 99
    try:
        services.vote_cast(actor=request.user, idea=idea, value=value)
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(" ".join(exc.messages), status=409)
        messages.error(request, " ".join(exc.messages))
        return redirect(rnd)
    if request.htmx and request.htmx.target == f"idea-{idea.pk}":
        # The row only: its counts now and this person's vote.
        row = services.idea_counts(Idea.objects.select_related("round").get(pk=idea.pk))
        row.my_vote = services.my_votes(request.user, rnd).get(row.pk)
        return render(request, "ideas/round_detail.html#idea_row", {"idea": row, "round": rnd, "accepting": True})
    if request.htmx:
        return render(request, "ideas/round_detail.html#ideas", _ideas_context(request, rnd))
    return redirect(f"{rnd.get_absolute_url()}#idea-{idea.pk}")


# --- The chair -----------------------------------------------------------------------


def _chair_round(user: Any, pk: int) -> Round:
    rnd = _round_or_404(user, pk)
    if not services.can_chair(user, rnd):
        raise PermissionDenied
    return rnd


def _ranking_context(rnd: Round) -> dict[str, Any]:
    return {
        "round": rnd,
        "ranking": services.ranked_ideas(rnd),
        "totals": services.round_totals(rnd),
        "poll": POLL_SECONDS if rnd.status == RoundStatus.OPEN else 0,
    }


@login_required
def round_chair(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _chair_round(request.user, pk)
    if request.htmx and request.GET.get("part") == "ranking":
        return render(request, "ideas/round_chair.html#ranking", _ranking_context(rnd))
    context = _ranking_context(rnd)
    by_id = {i.pk: i for i in context["ranking"]}
    result = services.analyse(rnd)
    groups = []
    for g in result.groups:
        reps = [(by_id.get(s.idea), s) for s in g.representative]
        groups.append({"letter": "ABCDE"[g.number], "number": g.number, "size": len(g.members), "reps": reps})
    context.update(
        {
            "clusters": services.duplicate_clusters(rnd),
            "groups": groups,
            "clustered": result.clustered,
            "consensus": [(by_id[i], result.group_aware[i]) for i in result.consensus if i in by_id],
            "svg": scatter(result.points, result.labels),
            "actions": services.ROUNDS.actions(request.user, rnd),
            "decision_form": forms.DecisionForm(),
        }
    )
    return render(request, "ideas/round_chair.html", context)


@login_required
@require_POST
def idea_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = Idea.objects.select_related("round").filter(pk=pk).first()
    if source is None:
        raise Http404
    rnd = _chair_round(request.user, source.round_id)
    target = Idea.objects.filter(round=rnd, pk=request.POST.get("into") or 0).first()
    if target is None:
        raise Http404
    try:
        services.idea_merge(actor=request.user, source=source, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The ideas were merged; each person's vote counts once."))
    return redirect("ideas:round_chair", rnd.pk)
