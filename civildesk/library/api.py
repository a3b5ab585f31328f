"""JSON API of the library: search articles, list and read documents (what the caller may read)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import search
from .models import Document

router = Router(tags=["library"])


class SearchHitOut(Schema):
    document_id: int
    document_title: str
    anchor: str
    label: str
    title: str
    url: str
    score: float
    snippet: str


class DocumentOut(Schema):
    id: int
    title: str
    number_symbol: str
    doc_type: str
    issuer: str
    signed_date: date | None
    effective_date: date | None
    validity: str
    scope: str
    status: str
    url: str

    @staticmethod
    def resolve_url(obj: Document) -> str:
        return obj.get_absolute_url()


class ArticleOut(Schema):
    anchor: str
    label: str
    title: str
    text: str
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class DocumentDetailOut(DocumentOut):
    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(obj: Document) -> Any:
        return obj.articles.all()


# Longer queries are refused (422): an 8,000-character query took 7-15 s.
MAX_QUERY_CHARS = 500


class SearchParams(Schema):
    q: str = Field(..., max_length=MAX_QUERY_CHARS)
    k: int = 10
    type: str = ""
    validity: str = ""
    year: str = ""


@router.get("/library/search", response=list[SearchHitOut], summary="Search the articles the caller may read")
def search_articles(request: HttpRequest, params: Query[SearchParams]) -> list[dict]:
    results = search.search(
        request.user,
        params.q,
        k=max(1, min(params.k, 50)),
        doc_type=params.type,
        validity=params.validity,
        year=params.year,
    )
    return [
        {
            "document_id": r.document.pk,
            "document_title": r.document.title,
            "anchor": r.article.anchor,
            "label": r.article.label,
            "title": r.article.title,
            "url": r.article.get_absolute_url(),
            "score": r.score,
            "snippet": r.snippet,
        }
        for r in results
    ]


@router.get("/library/documents", response=list[DocumentOut], summary="Documents the caller may read")
@paginate(LimitOffsetPagination)
def documents(request: HttpRequest, type: str = "", validity: str = "") -> Any:
    """The paginator slices the queryset: one page of rows is loaded, never all of them."""
    qs = Document.objects.readable_by(request.user).order_by("-signed_date", "title", "pk")
    if type:
        qs = qs.filter(doc_type=type)
    if validity:
        qs = qs.filter(validity=validity)
    return qs


@router.get("/library/documents/{document_id}", response=DocumentDetailOut, summary="One document with its articles")
def document_detail(request: HttpRequest, document_id: int) -> Document:
    return get_object_or_404(Document.objects.readable_by(request.user), pk=document_id)
