"""The assistant: questions answered from the library with citations, follow-ups, ratings, summaries."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.library import search
from civildesk.library.models import Article, Document
from civildesk.org import policy
from civildesk.org.services import audit_record, nfc
from civildesk.text import fold
from civildesk.text.lang import detect_language

from . import abstain, catalogue, compose, missing
from .cards import CANDIDATES, build_card, card_language, stored_citations
from .models import Channel, Conversation, Rating, Turn

MAX_QUESTION = 1000
# Candidates searched before the subject prior reorders them (see :func:`prefer_law`).
PRIOR_CANDIDATES = 20


@dataclass
class Evidence:
    """The retrieved candidates and the abstention decision on the best one (see :mod:`.abstain`)."""

    results: list[search.Result]
    coverage: float  # share of the question's content words in the best article
    phrase: float  # share of its word pairs (for en/bn: of the glossary's Vietnamese terms)
    dense: float | None  # cosine of the question and the best article's best window
    margin: float  # dense similarity of the best article minus the runner-up's
    answer: bool


def _article_text(result: search.Result) -> str:
    return f"{result.document.title} {result.article.title} {result.article.text}"


def decide(question: str, language: str, results: list[search.Result], *, subject: Any = None) -> Evidence:
    """Whether the best result answers the question (calibrated abstention, see bench/assistant.py).

    ``subject``: the held law the question is about (:func:`missing.subject_law`).
    """
    candidates = [
        abstain.Candidate(_article_text(r), (r.explain or {}).get("dense_similarity"), r.score, r.article.title)
        for r in results[:2]
    ]
    on_subject = bool(results) and subject is not None and _of_law(results[0], subject)
    d = abstain.decide(question, language, candidates, on_subject=on_subject)
    return Evidence(results, d.coverage, d.phrase, d.dense, d.margin, d.answer)


def _is_law(document: Document) -> bool:
    title = fold(document.title)
    return "luat" in title or "hien phap" in title or "/QH" in (document.number_symbol or "").upper()


def _of_law(result: search.Result, law: Any) -> bool:
    return catalogue.held(law, [result.document.title, result.document.number_symbol or ""])


def _local_text_speaks(result: search.Result, law: Any, question: str, language: str) -> bool | None:
    """Whether the local text speaks of the topics of ``law`` the question is about (not merely of their
    neighbours); None when the question names none of them in words the check can read (its subject came
    from the people the law governs, say).

    A Vietnamese question states its subject in its own words: all of them. An
    English or Bengali one reaches them through the glossary, which may give
    alternatives for one word ("marriage": "hôn nhân", "kết hôn"): one of each.
    """
    groups = catalogue.vietnamese_topics_in(law, question, language)
    return catalogue.speaks_of(_article_text(result), groups) if groups else None


# Another law's article answers a question about a law the library lacks only with this lead of its fused
# score over the runner-up's, beside what :func:`_answers_beyond_subject` asks (alqac25-dev, see bench/README.md).
MIN_LEAD_BEYOND_SUBJECT = 0.45


def _answers_beyond_subject(results: list[search.Result], law: Any, question: str, others: Any = ()) -> bool:
    """Whether the best article, of a law the library holds, answers what the question says beyond ``law``'s subject.

    "Người tố cáo có quyền yêu cầu được giữ bí mật địa chỉ của mình" is about
    denunciations (the Law on Denunciations, missing), but says more: "quyền
    yêu cầu", "địa chỉ"; the Law on Administrative Procedure's article
    on denouncers in court cases holds them, and leads the runner-up clearly.
    "Thời hạn giải quyết tố cáo là bao nhiêu ngày?" says only "thời hạn"
    beyond its subject: the missing law is named. At least two pairs beyond
    the subject (:func:`catalogue.rest_of`; ``others``: the laws it was weighed against), half of them in the
    article.
    """
    rest = catalogue.rest_of(law, question, others)
    if len(rest) < 2 or len(results) < 2:
        return False
    held = len(rest & compose.word_pairs(_article_text(results[0]))) / len(rest)
    return results[0].score - results[1].score >= MIN_LEAD_BEYOND_SUBJECT and held >= 0.5


def prefer_law(results: list[search.Result], law: Any) -> list[search.Result]:
    """The candidates of the law the question is about first, in retrieval order, then the others.

    "Viên chức có được thành lập doanh nghiệp không?" is about the Law on
    Public Employees: its best article comes before an article of the Law on
    Tourism that merely shares words ("doanh nghiệp", "thành lập"). Applied
    only when the best candidate belongs to none of the laws the question is
    about (``ask``): reordering always cost 13 first citations of 354 on
    alqac25-dev for 1 of 97 on the civil servants' dev set; as a veto on an
    unrelated law, 4 for the same 1.
    """
    if law is None:
        return results
    ours = [r for r in results if _of_law(r, law)]
    return ours + [r for r in results if r not in ours]


_restorers: dict[int, tuple[int, Any]] = {}
# Question words a legal corpus seldom writes, so that "bao lau", "nam", "ko" come back right.
_QUESTION_WORDS = (
    "bao lâu. bao nhiêu. mấy năm. mỗi năm. hằng năm. nghỉ phép năm. có được không. được không. "
    "có phải không. là gì. thế nào. như thế nào. khi nào. ở đâu. ai. tôi là. tôi có được. "
    "lần đầu. lần hai. lần thứ hai"
)


def restore_diacritics(question: str) -> str:
    """A question typed without diacritics, with those the library's own text makes most likely."""
    from civildesk.text.restore import Restorer

    index = search.get_index()
    key = id(index)
    cached = _restorers.get(key)
    if cached is None or cached[0] != len(index):
        texts = [f"{p.title}\n{p.text}" for p in (index.get(i) for i in index.ids()) if p is not None]
        _restorers.clear()
        cached = _restorers[key] = (len(index), Restorer([*texts, *[_QUESTION_WORDS] * 50]))
    restored: str = cached[1].restore(question)
    return restored


def follow_up_results(user: Any, query: str, question: str) -> list[search.Result]:
    """Candidates for an elliptical follow-up ("còn công chức thì sao?").

    The earlier question gives the topic, the follow-up's own words say what
    changed: retrieve with both, then put first the candidates that contain
    the follow-up's words, keeping the retrieval order among equals.
    """
    results = search.search(user, query, k=CANDIDATES * 3, explain=True)
    if not abstain.content_terms(question):
        return results[:CANDIDATES]
    ranked = sorted(
        enumerate(results),
        key=lambda pair: (
            -round(abstain.phrase_coverage(question, _article_text(pair[1])), 2),
            pair[0],
        ),
    )
    return [r for _, r in ranked][:CANDIDATES]


def turns_readable(user: Any, turns: Any) -> list[Turn]:
    """A conversation's turns as ``user`` may see them now.

    An answer stores the clause it quoted; if a cited document has since become
    unreadable for this user (made internal, withdrawn), the turn is marked
    ``withdrawn`` and the page hides its card.
    """
    turns = list(turns)
    doc_ids = {c.get("document_id") for t in turns for c in (t.citations or [])}
    readable = set(Document.objects.readable_by(user).filter(pk__in=doc_ids).values_list("pk", flat=True))
    for t in turns:
        t.withdrawn = any(c.get("document_id") not in readable for c in (t.citations or []))
    return turns


def check_question(question: str) -> str:
    """The question as asked (NFC, trimmed), or ValidationError: empty, or longer than the stated limit."""
    question = nfc(question or "").strip()
    if len(question) < 2:
        raise ValidationError(_("Type a question."), code="empty")
    if len(question) > MAX_QUESTION:
        raise ValidationError(
            _("The question is too long (%(n)d characters; at most %(max)d).")
            % {"n": len(question), "max": MAX_QUESTION},
            code="too_long",
        )
    return question


def conversation_for(user: Any, conversation_id: Any) -> Conversation:
    """The user's own conversation, or PermissionDenied (no other user's, ever)."""
    conv = Conversation.objects.filter(pk=conversation_id, deleted_at__isnull=True).first()
    if conv is None or conv.user_id is None or conv.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    return conv


def ask(
    *,
    user: Any,
    question: str,
    conversation: Conversation | None = None,
    channel: str = Channel.WEB,
) -> Turn:
    """Answer a question from the documents ``user`` may read (anonymous: public ones only)."""
    started = time.perf_counter()
    question = check_question(question)
    authenticated = getattr(user, "is_authenticated", False)
    if conversation is not None and authenticated and conversation.user_id != user.pk:
        raise PermissionDenied
    language = detect_language(question)
    query = question
    previous = conversation.turns.order_by("-created_at").first() if conversation and conversation.pk else None
    titles = missing.held_titles(user)  # the laws this user may read, asked once per question
    law = missing.missing_law(user, question, titles)
    if law is None and previous is not None and abstain.is_elliptical(question):
        query = f"{previous.query} {question}"
        results = follow_up_results(user, query, question)
        evidence = decide(query, language, results)
        if not evidence.answer:
            # A follow-up: the earlier question chose the candidates; the new words
            # alone may be what the best one answers ("còn công chức thì sao?").
            evidence = decide(question, language, results)
    elif law is None:
        asked = language  # the turn keeps the language as typed; the search sees the restored Vietnamese
        if language == "vi-nodiac":
            query, asked = restore_diacritics(question), "vi"
        typed = question if query != question else ""
        subjects = catalogue.subjects_of(query, asked, typed=typed)
        people = catalogue.people_in(query, asked, typed=typed) if asked == "vi" else None
        held, lacking = missing.subject_law(user, query, subjects, titles, people=people)
        k = PRIOR_CANDIDATES if held is not None else CANDIDATES  # explaining 20 hits costs time: only when reordered
        results = search.search(user, query, k=k, explain=True)
        if held is not None and results and not any(_of_law(results[0], law) for law in subjects):
            # The best candidate belongs to none of the laws the question is about.
            results = prefer_law(results, held)
        results = results[:CANDIDATES]
        other_law = lacking is not None and (not results or _is_law(results[0].document))
        others = [law for law in subjects if law is not lacking]
        beyond = other_law and asked == "vi" and _answers_beyond_subject(results, lacking, query, others)
        if other_law and not beyond:
            # About a law the library lacks, and the best candidate is another law's article: name the law
            # (unless the question says more than that law's subject and the article answers it: ``beyond``).
            # (Citing that article when it holds the question's word pairs won 8 of 354 alqac25-dev questions
            # but answered 7 of the 20 Vietnamese missing-law dev questions wrongly: "khiếu nại lần đầu" is
            # in the Law on Administrative Procedure's words too.)
            law = lacking
        else:
            evidence = decide(query, asked, results, subject=held)
            if beyond:
                if not evidence.answer:
                    law = lacking
            elif lacking is not None:
                speaks = _local_text_speaks(results[0], lacking, query, asked)
                if not (speaks or (evidence.answer and speaks is None)):
                    # A local text is cited for a law the library lacks only when it speaks of the same subject
                    # ("nghỉ thai sản" in the province's leave rules); otherwise name the law. When it does
                    # speak of it but is not sure enough to cite, the closest articles are more use than the
                    # law's name (the demo walk: "How many days of annual leave do I get?" beside the province's
                    # leave rules); when the question's words give no topic to check, only a sure answer is cited.
                    law = lacking
    if law is not None:
        # It names (or is about) a law the library does not hold: say so, never the nearest article of another law.
        evidence = Evidence([], 0.0, 0.0, None, 0.0, False)
        card = missing.missing_law_card(law, card_language(language), public=not authenticated)
    else:
        card = build_card(query, language, evidence, public=not authenticated)
    latency = (time.perf_counter() - started) * 1000
    with transaction.atomic():
        if conversation is None:
            person_unit = _primary_unit(user) if authenticated else None
            conversation = Conversation(
                user=user if authenticated else None, unit=person_unit, channel=channel, title=question[:200]
            )
            conversation.save()
        top_article = evidence.results[0].article if evidence.answer else None
        turn = Turn(
            conversation=conversation,
            question=question,
            language=language,
            query=query,
            answered=evidence.answer,
            card=card,
            citations=stored_citations(evidence),
            top_article=top_article,
            confidence=round(max(evidence.coverage, evidence.dense or 0.0), 4),
            latency_ms=round(latency, 1),
        )
        turn.full_clean()
        turn.save()
        if top_article is not None:
            conversation.focus_article = top_article
        conversation.save(update_fields=["focus_article", "updated_at"])
    return turn


def _primary_unit(user: Any) -> Any:
    person = getattr(user, "person", None)
    if person is None:
        return None
    position = person.positions.current().select_related("unit").order_by("-is_primary").first()
    return position.unit if position else None


@transaction.atomic
def conversation_rename(*, user: Any, conversation: Conversation, title: str) -> Conversation:
    conversation = conversation_for(user, conversation.pk)
    title = nfc(title)
    if not title:
        raise ValidationError(_("The title cannot be empty."))
    conversation.title = title[:200]
    conversation.full_clean()
    conversation.save(update_fields=["title", "updated_at"])
    return conversation


@transaction.atomic
def conversation_delete(*, user: Any, conversation: Conversation) -> None:
    """Delete a conversation (its questions stay out of every list; ratings remain for evaluation)."""
    conversation = conversation_for(user, conversation.pk)
    conversation.deleted_at = timezone.now()
    conversation.save(update_fields=["deleted_at"])
    audit_record(actor=user, action="assistant.conversation_delete", obj=conversation, unit=conversation.unit)


@transaction.atomic
def rating_create(
    *, user: Any, turn: Turn, helpful: bool, reason: str = "", comment: str = "", correct_article: Article | None = None
) -> Rating:
    """Rate an answer once (a second rating replaces the first)."""
    if turn.conversation.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    if (
        correct_article is not None
        and not Document.objects.readable_by(user).filter(pk=correct_article.document_id).exists()
    ):
        raise ValidationError({"correct_article": _("You cannot cite a document you cannot read.")})
    if not helpful and not reason:
        raise ValidationError({"reason": _("Say what was wrong, so the team can fix it.")})
    rating, _created = Rating.objects.update_or_create(
        turn=turn,
        defaults={
            "user": user,
            "helpful": helpful,
            "reason": reason,
            "comment": nfc(comment)[:2000],
            "correct_article": correct_article,
        },
    )
    rating.full_clean()
    return rating


# --- Review and evaluation export ------------------------------------------


def review_turns(user: Any) -> Any:
    """Turns of the units the user reviews (and, for system admins, of the public widget)."""
    qs = Turn.objects.select_related("conversation", "top_article", "rating")
    q = policy.unit_filter(user, "assistant.review", field="conversation__unit")
    return qs if q is None else qs.filter(q)


def law_article_ids(article: Article) -> dict[str, str]:
    """The retrieval question format's ids of an article."""
    doc = article.document
    law_id = (
        doc.source_key.split(":", 1)[1]
        if doc.source_key and doc.source_key.startswith("corpus:")
        else (doc.number_symbol or f"doc:{doc.pk}")
    )
    return {"law_id": law_id, "article_id": article.number or article.anchor}


def export_evaluation_set(user: Any) -> list[dict[str, Any]]:
    """Rated questions as an evaluation set: the correct article, or the cited one when rated helpful."""
    out = []
    for turn in (
        review_turns(user)
        .filter(rating__isnull=False)
        .select_related("rating__correct_article__document", "top_article__document")
    ):
        rating = turn.rating
        gold = rating.correct_article or (turn.top_article if rating.helpful else None)
        if gold is None:
            continue
        out.append(
            {
                "text": turn.question,
                "lang": turn.language,
                "relevant_articles": [law_article_ids(gold)],
                "source": f"rating:{rating.pk}",
            }
        )
    return out
