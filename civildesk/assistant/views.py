from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civildesk.library.models import Article, Document
from civildesk.library.public import allow_portal_framing
from civildesk.org import policy, ratelimit
from civildesk.org.models import Job
from civildesk.org.net import client_address
from civildesk.org.params import uuid_param

from . import generation, guide, services, summaries
from .forms import AskForm, RatingForm, RenameForm, SummaryUploadForm
from .models import Channel, Conversation, Summary, Turn

LONG_DOCUMENT = 150


def _index_context(request: HttpRequest, conversation: Conversation | None, form: AskForm) -> dict[str, Any]:
    turns = services.turns_readable(request.user, conversation.turns.select_related("rating")) if conversation else []
    context: dict[str, Any] = {
        "conversation": conversation,
        "conversations": Conversation.objects.of(request.user)[:30],
        "turns": turns,
        "form": form,
        "generation": _generation_on(),
        "suggestions": guide.suggestions_for(request.user) if not turns else [],
        "overview": guide.library_overview(request.user) if not turns else "",
    }
    return context


@login_required
def index(request: HttpRequest, conversation_id: Any = None) -> HttpResponse:
    conversation = services.conversation_for(request.user, conversation_id) if conversation_id else None
    return render(request, "assistant/index.html", _index_context(request, conversation, AskForm()))


def _generation_on() -> bool:
    return generation.generation_config() is not None


def _refused(request: HttpRequest, form: AskForm, conversation: Conversation | None, status: int) -> HttpResponse:
    """A question refused (empty, too long, too many): the message where the user is looking.

    htmx swaps only 2xx answers by default; site.js lets the ask form swap a
    400/429 too, into the form's message box named by HX-Retarget. Without
    JavaScript the page comes back with the question kept and the message on it.
    """
    if request.htmx:
        response = render(request, "assistant/_ask_error.html", {"form": form}, status=status)
        response["HX-Retarget"] = "#ask-errors"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "assistant/index.html", _index_context(request, conversation, form), status=status)


@login_required
@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST)
    conversation = None
    if cid := uuid_param(request.POST.get("conversation")):
        conversation = services.conversation_for(request.user, cid)
    if not ratelimit.hit("assistant", str(request.user.pk), settings.CIVILDESK_ASSISTANT_RATE):
        form.is_valid()
        form.add_error(None, _("Too many questions in a short time. Wait a minute and try again."))
        return _refused(request, form, conversation, 429)
    if not form.is_valid():
        return _refused(request, form, conversation, 400)
    try:
        turn = services.ask(user=request.user, question=form.cleaned_data["question"], conversation=conversation)
    except ValidationError as exc:
        form.add_error("question", exc)
        return _refused(request, form, conversation, 400)
    if request.htmx:
        response = render(
            request,
            "assistant/_ask_ok.html",
            {
                "turn": turn,
                "new": True,
                "generation": _generation_on(),
                # a new conversation joins the side list at once, not at the next page load
                "started": conversation is None,
                "conversations": Conversation.objects.of(request.user)[:30] if conversation is None else [],
            },
        )
        if conversation is None:
            response["HX-Push-Url"] = turn.conversation.get_absolute_url()
            response["HX-Trigger"] = json.dumps({"conversationStarted": str(turn.conversation_id)})
        return response
    return redirect(turn.conversation)


@login_required
@require_POST
def rename(request: HttpRequest, conversation_id: Any) -> HttpResponse:
    conversation = services.conversation_for(request.user, conversation_id)
    form = RenameForm(request.POST)
    if form.is_valid():
        services.conversation_rename(user=request.user, conversation=conversation, title=form.cleaned_data["title"])
        messages.success(request, _("Conversation renamed."))
    else:
        messages.error(request, _("The title cannot be empty."))
    return redirect(conversation)


@login_required
@require_POST
def delete(request: HttpRequest, conversation_id: Any) -> HttpResponse:
    conversation = services.conversation_for(request.user, conversation_id)
    services.conversation_delete(user=request.user, conversation=conversation)
    messages.success(request, _("Conversation deleted."))
    return redirect("assistant:index")


_ARTICLE_REF = re.compile(r"(?:/library/(\d+)/#(\S+))|(?:^\s*(?:Điều\s+)?(\w+)\s*$)", re.IGNORECASE)


def _resolve_article(user: Any, turn: Turn, value: str) -> Article | None:
    """A link to a library article, or an article number of the cited document."""
    value = value.strip()
    if not value:
        return None
    match = _ARTICLE_REF.search(value)
    if not match:
        raise ValidationError({"correct_article": _("Paste the link of the article, or its number.")})
    if match.group(1):
        article = Article.objects.filter(document_id=match.group(1), anchor=match.group(2)).first()
    else:
        doc_id = turn.citations[0]["document_id"] if turn.citations else None
        article = Article.objects.filter(document_id=doc_id, number__iexact=match.group(3)).first() if doc_id else None
    if article is None or not Document.objects.readable_by(user).filter(pk=article.document_id).exists():
        raise ValidationError({"correct_article": _("No article you can read matches this.")})
    return article


@login_required
@require_POST
def rate(request: HttpRequest, turn_id: int) -> HttpResponse:
    turn = get_object_or_404(Turn.objects.select_related("conversation"), pk=turn_id)
    if turn.conversation.user_id != request.user.pk:
        raise Http404
    form = RatingForm(request.POST)
    error = None
    if form.is_valid():
        try:
            article = _resolve_article(request.user, turn, form.cleaned_data["correct_article"])
            services.rating_create(
                user=request.user,
                turn=turn,
                helpful=form.cleaned_data["helpful"],
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                correct_article=article,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose helpful or not helpful.")
    turn.refresh_from_db()
    context = {"turn": turn, "rating_error": error}
    if request.htmx:
        return render(request, "assistant/_rating.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(turn.conversation)


@login_required
@require_GET
def generate(request: HttpRequest, turn_id: int) -> HttpResponse:
    """The phrased answer of a turn, streamed as plain text (only when generation is configured)."""
    from django.http import StreamingHttpResponse

    turn = get_object_or_404(Turn.objects.select_related("conversation"), pk=turn_id)
    if turn.conversation.user_id != request.user.pk:
        raise Http404
    if generation.generation_config() is None or not turn.answered:
        return HttpResponse(status=204)
    response = StreamingHttpResponse(
        generation.generate_answer(user=request.user, turn=turn), content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass the stream through
    return response


# --- Summaries ---------------------------------------------------------------


@login_required
def summary(request: HttpRequest, document_id: int) -> HttpResponse:
    document = Document.objects.readable_by(request.user).filter(pk=document_id).first()
    if document is None:
        raise Http404
    job = None
    count = document.articles.count()
    if count > LONG_DOCUMENT and not Summary.objects.filter(document=document).exists():
        job_id = uuid_param(request.GET.get("job"))
        job = Job.objects.filter(pk=job_id, owner=request.user).first() if job_id else None
        if job is None:
            job = summaries.summary_start(actor=request.user, document=document)
            return redirect(f"{reverse('assistant:summary', args=[document.pk])}?job={job.pk}")
        return render(request, "assistant/summary.html", {"document": document, "job": job})
    result = summaries.document_summary(user=request.user, document=document)
    return render(request, "assistant/summary.html", {"document": document, "summary": result})


@login_required
@require_http_methods(["GET", "POST"])
def summary_upload(request: HttpRequest) -> HttpResponse:
    form = SummaryUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            result = summaries.file_summary(user=request.user, data=f.read(), filename=f.name)
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(
        request,
        "assistant/summary_upload.html",
        {"form": form, "summary": result},
        status=400 if form.errors else 200,
    )


# --- Review (administrators) ------------------------------------------------


@login_required
def review(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "assistant.review"):
        raise PermissionDenied
    turns = services.review_turns(request.user)
    show = request.GET.get("show", "unanswered")
    if show == "unanswered":
        turns = turns.filter(answered=False)
    elif show == "not_helpful":
        turns = turns.filter(rating__helpful=False)
    elif show == "rated":
        turns = turns.filter(rating__isnull=False)
    page = Paginator(turns.order_by("-created_at"), 30).get_page(request.GET.get("page"))
    stats = services.review_turns(request.user)
    return render(
        request,
        "assistant/review.html",
        {
            "page": page,
            "show": show,
            "total": stats.count(),
            "unanswered": stats.filter(answered=False).count(),
            "helpful": stats.filter(rating__helpful=True).count(),
            "not_helpful": stats.filter(rating__helpful=False).count(),
        },
    )


@login_required
def review_export(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "assistant.review"):
        raise PermissionDenied
    data = services.export_evaluation_set(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="civildesk-assistant-evaluation.json"'
    return response


# --- The public widget ---------------------------------------------------------


_SIGNER_SALT = "civildesk.assistant.widget"


@require_GET
def widget_js(request: HttpRequest) -> HttpResponse:
    """``<script src=".../assistant/widget.js" defer></script>`` adds the assistant to any page."""
    embed = request.build_absolute_uri(reverse("assistant:embed"))
    body = render(request, "assistant/widget.js", {"embed_url": embed}, content_type="application/javascript").content
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@csrf_exempt  # embedded on other sites' pages: no session, public documents only, rate-limited
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def embed(request: HttpRequest) -> HttpResponse:
    """The public assistant in an iframe: answers only from public documents, never as the logged-in user."""
    public = AnonymousUser()
    # The conversation's signed token: posted with each question, and in the query string
    # when the reader comes back from a public document opened from a citation.
    token = request.POST.get("c", "") if request.method == "POST" else request.GET.get("c", "")
    conversation = None
    if token:
        try:
            cid = signing.loads(token, salt=_SIGNER_SALT, max_age=6 * 3600)
            conversation = Conversation.objects.filter(pk=cid, user__isnull=True, channel=Channel.WIDGET).first()
        except signing.BadSignature:
            conversation = None
    form = AskForm(request.POST or None)
    turns: list[Turn] = services.turns_readable(public, conversation.turns.all()) if conversation else []
    status = 200
    if request.method == "POST":
        if not ratelimit.hit("widget", client_address(request) or "unknown", settings.CIVILDESK_WIDGET_RATE):
            form.add_error(None, _("Too many questions in a short time. Wait a minute and try again."))
            status = 429
        elif form.is_valid():
            try:
                turn = services.ask(
                    user=public,
                    question=form.cleaned_data["question"],
                    conversation=conversation,
                    channel=Channel.WIDGET,
                )
            except ValidationError as exc:
                form.add_error("question", exc)
            else:
                conversation = turn.conversation
                turns.append(turn)
                form = AskForm()
    response = render(
        request,
        "assistant/embed.html",
        {
            "form": form,
            "turns": turns,
            "token": signing.dumps(str(conversation.pk), salt=_SIGNER_SALT) if conversation else "",
            "public": True,
            "suggestions": guide.suggestions_for(public) if not turns else [],
        },
        status=status,
    )
    return allow_portal_framing(response)
