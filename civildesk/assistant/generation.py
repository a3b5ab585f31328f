"""Optional generation: a phrased answer from the cited articles only, through the LLM seam (``llm``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from civildesk.library.models import Article

from .cards import card_language, cited_name, short_name
from .models import Turn


def generation_config() -> Any:
    """The generation endpoint in force: the admin's settings if saved, else the environment; None when off."""
    from . import llm
    from .models import GenerationSettings

    row = GenerationSettings.objects.first()
    override = None
    if row is not None:
        override = {
            "enabled": row.enabled,
            "base_url": row.base_url,
            "model": row.model,
            "api_key": row.api_key,
            "timeout": row.timeout,
        }
    return llm.config(override)


def generation_sources(turn: Turn) -> list[Any]:
    """The cited articles of an answered turn, as the seam's sources (the model sees nothing else)."""
    from . import llm

    if not turn.answered:
        return []
    ids = [c["article_id"] for c in turn.citations[:3]]
    articles = {a.pk: a for a in Article.objects.filter(pk__in=ids).select_related("document")}
    sources = []
    for i, article_id in enumerate(ids):
        article = articles.get(article_id)
        if article is None:
            continue
        label = turn.card["citation"] if i == 0 else f"{article.label_text} {cited_name(article)}"
        sources.append(
            llm.Source(label=label, law=short_name(article.document), article=article.number, text=article.text)
        )
    return sources


def generate_answer(*, user: Any, turn: Turn) -> Any:
    """Stream a phrased answer for an answered turn; yields text, then stores it. Empty when generation is off.

    On timeout or error nothing more is yielded and the extractive answer
    stays: the caller appends the ``FALLBACK`` marker so the page knows.
    """
    from . import llm

    if turn.conversation.user_id != getattr(user, "pk", None) and turn.conversation.user_id is not None:
        raise PermissionDenied
    cfg = generation_config()
    sources = generation_sources(turn)
    if cfg is None or not sources:
        return
    pieces: list[str] = []
    try:
        for piece in llm.generate(turn.question, sources, card_language(turn.language), cfg=cfg):
            pieces.append(piece)
            yield piece
    except llm.LLMUnavailable:
        yield FALLBACK
        return
    Turn.objects.filter(pk=turn.pk).update(generated="".join(pieces)[:20000])


FALLBACK = "\n\u241e"  # record separator: "generation failed, keep the extractive answer"
