"""The answer card: the clause that answers, how its document is named, where its links go, the closest others.

:func:`civildesk.assistant.services.ask` decides whether to answer; this
module writes what the reader sees. The clauses and sentences an English or
Bengali question is matched against densely are embedded once, at indexing
(:func:`embed_units`), never at question time.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from civildesk.library import search
from civildesk.library.models import Article, Document
from civildesk.text import translate_terms

from . import compose

if TYPE_CHECKING:
    from .services import Evidence

CANDIDATES = 5  # the best article and the closest others a card lists


def card_language(language: str) -> str:
    """The language the answer card is framed in: the question's, for vi/en/bn."""
    return {"en": "en", "bn": "bn"}.get(language, "vi")


def short_name(document: Document) -> str:
    """The document as a citation names it: "Quyết định 25/2026/QĐ-UBND", a law by its title."""
    if document.source_key and document.source_key.startswith("corpus:") and not document.number_symbol:
        return document.title
    if document.number_symbol:
        with translation.override("vi"):  # a citation names the document as issued, whatever the card's language
            kind = str(document.get_doc_type_display())
        return f"{kind} {document.number_symbol}"
    return document.title


def cited_name(article: Article) -> str:
    """The document an article belongs to, as a citation names it.

    An article of a regulation issued with a decision (its own Điều 1, 2...)
    is "Điều 1 Quy định ban hành kèm theo Quyết định 25/2026/QĐ-UBND", not
    "Điều 1 Quyết định ..." (the decision's own Điều 1 says it issues it).
    """
    short = short_name(article.document)
    head, _sep, rest = article.anchor.partition("/")
    if not rest:
        return short
    node = next(
        (n for n in article.document.structure or [] if n.get("anchor") == head and n.get("kind") == "phu_luc"),
        None,
    )
    if node is None:
        return short
    kind = " ".join(itertools.takewhile(str.isupper, (node.get("title") or "").split()))
    if kind:
        return f"{kind.capitalize()} ban hành kèm theo {short}"
    label = (node.get("label") or "").strip()
    if label.endswith("kèm theo"):  # "Văn bản kèm theo": an attached text whose heading was not read
        return f"{label.removesuffix('kèm theo').strip()} ban hành kèm theo {short}".strip()
    return f"{label} kèm theo {short}".strip()


def _similarity(question: str, texts: list[str]) -> list[float]:
    """Dense cosine of the question and each text, from vectors computed at indexing (:func:`embed_units`).

    Nothing is embedded here but the question: when a text has no stored
    vector (not embedded yet), the answer is ``[]`` and the caller keeps
    its lexical choice. Embedding clauses at question time cost seconds.
    """
    from civildesk.retrieval.embed import text_key

    embedder = search.get_index().embedder
    vectors = [embedder.cached(text_key(t)) for t in texts]
    if any(v is None for v in vectors):
        return []
    q = embedder.query(question)
    return [float(v @ q) for v in vectors if v is not None]


def unit_texts(article: Article) -> list[str]:
    """The texts the answer card may score densely: the article's clauses and points, and their sentences."""
    texts: list[str] = []
    for unit in compose.units_of(_article_node(article)):
        texts.append(unit.text)
        sentences = compose.split_sentences(unit.text)
        if len(sentences) > 1:
            texts.extend(sentences)
    return texts


def embed_units(documents: Any, *, progress: Any = None) -> int:
    """Embed the clauses and sentences of documents once, at indexing, into the embedding cache.

    The answer card of an English or Bengali question picks the clause and
    sentences by dense similarity; their vectors are read from the cache
    (content-hashed), never computed at question time. Returns how many
    texts were embedded or already there.
    """
    from django.conf import settings

    if not settings.CIVILDESK_INDEX_DENSE:
        return 0
    embedder = search.get_index().embedder
    texts = list(
        dict.fromkeys(t for document in documents for article in document.articles.all() for t in unit_texts(article))
    )
    embedder.passages(texts, progress=progress)
    return len(texts)


def embed_document_units(document: Document) -> None:
    """The indexing job's hook (registered in ``AssistantConfig.ready``): embed this document's clauses."""
    embed_units([document])


def _article_node(article: Article) -> dict[str, Any]:
    node = compose.find_node(article.document.structure or [], article.anchor)
    if node is None:
        node = {
            "kind": "dieu",
            "anchor": article.anchor,
            "label": article.label_text,
            "text": article.text,
            "children": [],
        }
    return node


def document_url(document: Document, anchor: str = "", *, public: bool = False) -> str:
    """The page of a cited document: the public page (no account, framable by the portal) for the widget."""
    base = reverse("library:public_document", args=[document.pk]) if public else document.get_absolute_url()
    return f"{base}#{anchor}" if anchor else base


def build_card(question: str, language: str, evidence: Evidence, *, public: bool = False) -> dict[str, Any]:
    """The answer card. ``public``: the widget's card (citizens), with public links and citizens' wording."""
    lang = card_language(language)
    with translation.override(lang):
        if not evidence.answer:
            hint = (
                _(
                    "Try other words or name the law or procedure. For your own case, ask the one-stop-shop "
                    "of your commune or the agency that handles it."
                )
                if public
                else _("Try other words, name the law, or ask your unit's legal officer.")
            )
            if language in ("en", "bn") and evidence.results:
                # Across languages the nearest articles are often right but not certain enough to cite.
                hint = _(
                    "The articles below are the closest, but none is certain enough to cite. Read them, or ask "
                    "in Vietnamese: questions in Vietnamese are answered more reliably."
                )
            return {
                "lang": lang,
                "answered": False,
                "message": _("I could not find this in the documents you can access."),
                "hint": hint,
                "others": [_other(r, public=public) for r in evidence.results[:3]],
            }
        top = evidence.results[0]
        node = _article_node(top.article)
        crosslingual = language in ("en", "bn", "other")
        terms = translate_terms(question, language) if language in ("en", "bn") else ""
        comp = compose.compose(
            terms or question,
            node,
            article_label=top.article.label_text,
            document_name=cited_name(top.article),
            similarity=_similarity if crosslingual else None,
            asks=question,
        )
        url = document_url(top.article.document, comp.anchor, public=public)
        return {
            "lang": lang,
            "answered": True,
            "intro": _("According to %(citation)s:") % {"citation": comp.citation},
            "excerpt_html": comp.excerpt_html,
            "sentences": comp.sentences,
            "citation": comp.citation,
            "article_heading": top.article.heading,
            "document_title": top.document.title,
            "url": url,
            "source_language_note": _(
                "The source text is quoted in Vietnamese. Answers to questions in other languages are found by "
                "meaning and about one in five is wrong: check that the quoted clause answers your question."
            )
            if lang != "vi"
            else "",
            "others": [_other(r, public=public) for r in evidence.results[1:CANDIDATES]],
        }


def _other(result: search.Result, *, public: bool = False) -> dict[str, Any]:
    return {
        "citation": f"{result.article.label_text} {cited_name(result.article)}",
        "title": result.article.title,
        "url": document_url(result.document, result.article.anchor, public=public),
        "snippet": result.snippet,
    }


def stored_citations(evidence: Evidence) -> list[dict[str, Any]]:
    return [
        {
            "article_id": r.article.pk,
            "document_id": r.document.pk,
            "anchor": r.article.anchor,
            "label": f"{r.article.label_text} {cited_name(r.article)}",
            "score": round(float(r.score), 6),
        }
        for r in evidence.results
    ]
