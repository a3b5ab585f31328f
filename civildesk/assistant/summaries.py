"""Summaries: the key provisions of a library document or of an uploaded file, each quoted with its citation."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from civildesk.library.models import Document
from civildesk.text import fold, syllables

from . import compose
from .cards import cited_name
from .models import Summary


def _summary_items(articles: list[dict[str, Any]], *, limit: int = 12) -> list[dict[str, Any]]:
    """Key provisions: the most central articles (by shared vocabulary), in document order."""
    if not articles:
        return []
    bags = [set(syllables(fold(a["text"]))) for a in articles]
    df: dict[str, int] = {}
    for bag in bags:
        for t in bag:
            df[t] = df.get(t, 0) + 1
    n = len(articles)
    scores = []
    for i, bag in enumerate(bags):
        informative = [t for t in bag if 1 < df[t] < max(2, n * 0.6)]
        position_prior = 0.15 if i < 3 else 0.0
        scores.append(len(informative) / (len(bag) + 20) + position_prior)
    chosen = sorted(sorted(range(n), key=lambda i: -scores[i])[:limit])
    items = []
    for i in chosen:
        a = articles[i]
        body = a["text"].split("\n", 1)[1] if "\n" in a["text"] else a["text"]
        first = compose.split_sentences(body)[0] if body.strip() else ""
        items.append({"citation": a["citation"], "title": a["title"], "point": first[:400], "url": a.get("url", "")})
    return items


def summary_start(*, actor: Any, document: Any) -> Any:
    """Summarise a long document in the background; returns the job the page follows."""
    from django.db import transaction
    from django.utils.translation import gettext_noop

    from civildesk.org.services import job_create

    from .tasks import summary_task

    # Stored untranslated; shown in the reader's language (org.models.job_text).
    job = job_create(
        owner=actor, kind="assistant.summary", title=gettext_noop("Summarising “%(t)s”") % {"t": document.title[:150]}
    )
    transaction.on_commit(lambda: summary_task.enqueue(document.pk, actor.pk, str(job.pk)))
    return job


def document_summary(*, user: Any, document: Document) -> Summary:
    """The cached summary of a library document the user may read (computed if missing)."""
    if not Document.objects.readable_by(user).filter(pk=document.pk).exists():
        raise PermissionDenied
    articles = list(document.articles.all())
    digest = hashlib.sha256(json.dumps([a.text for a in articles], ensure_ascii=False).encode()).hexdigest()
    cached = Summary.objects.filter(document=document, content_hash=digest).first()
    if cached is not None:
        return cached
    items = _summary_items(
        [
            {
                "citation": f"{a.label_text} {cited_name(a)}",
                "title": a.title,
                "text": a.text,
                "url": a.get_absolute_url(),
            }
            for a in articles
        ]
    )
    summary, _created = Summary.objects.get_or_create(
        document=document,
        content_hash=digest,
        defaults={"owner": user if user.is_authenticated else None, "title": document.title, "items": items},
    )
    return summary


def file_summary(*, user: Any, data: bytes, filename: str) -> Summary:
    """Summarise an uploaded file without adding it to the library (cached by content hash)."""
    from civildesk.library import extract, structure
    from civildesk.library.messages import translate
    from civildesk.library.services import check_upload

    check_upload(data=data, filename=filename)
    digest = hashlib.sha256(data).hexdigest()
    cached = Summary.objects.filter(document__isnull=True, content_hash=digest, owner=user).first()
    if cached is not None:
        return cached
    try:
        text = extract.extract_text(data, filename=filename).text
    except extract.ExtractionError as exc:
        raise ValidationError(translate(exc.message)) from exc
    found = list(structure.iter_articles(structure.parse_structure(text)))
    if found:
        articles = [{"citation": a.node.label, "title": a.title or "", "text": a.text} for a in found]
    else:
        paragraphs = [p for p in text.split("\n") if len(p.strip()) > 40]
        articles = [
            {"citation": _("Paragraph %(n)d") % {"n": i + 1}, "title": "", "text": p} for i, p in enumerate(paragraphs)
        ]
    return Summary.objects.create(
        document=None, content_hash=digest, owner=user, title=filename[:500], items=_summary_items(articles)
    )
