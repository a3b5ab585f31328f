"""The library's bridge to the retrieval engine (``civildesk.retrieval``).

Each node keeps a copy of the index in ``CIVILDESK_INDEX_DIR``. Writers (the
worker, management commands) take the write lock (across machines), start
from the newest published generation, change it, save it and publish it
(:mod:`civildesk.library.generations`); readers (web processes) keep it in
memory, follow the published generations (a look at the database at most
once a second) and reload when the index on disk changes. Access control is
inside the search: each passage carries its document's access tag, and the
user's readable tags are passed to the engine, so a passage the user may not
read is never ranked.
"""

from __future__ import annotations

import fcntl
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from civildesk.org import policy
from civildesk.retrieval import Hit, Index, Passage, store

from . import generations
from .models import Article, Document, Scope

log = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: tuple[str, float, Index] | None = None
#: Seconds between two looks at the newest published generation, per process.
CHECK_EVERY = 1.0
#: Seconds before fetching a generation that could not be fetched is tried again.
RETRY_FAILED = 60.0
_checked: dict[str, float] = {}  # index directory -> when the published generations were last looked at
_failed: dict[str, float] = {}  # generation name -> when fetching it failed


class IndexUnavailable(RuntimeError):
    """The newest published generation cannot be fetched, so the index cannot be changed safely."""


def index_dir() -> Path:
    path = Path(settings.CIVILDESK_INDEX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stamp(directory: Path | None = None) -> float:
    current = (directory or index_dir()) / "CURRENT"
    return current.stat().st_mtime_ns if current.exists() else 0.0


def _new_index(directory: Path | None = None, *, load: bool = True) -> Index:
    return Index(directory or index_dir(), dense=settings.CIVILDESK_INDEX_DENSE, load=load)


def get_index() -> Index:
    """The index for searching: the newest published generation, reloaded when it changes."""
    global _cached
    _follow_published()
    key, stamp = str(index_dir()), _stamp()
    with _lock:
        if _cached is None or _cached[:2] != (key, stamp):
            _cached = (key, stamp, _load_for_reading(_cached[2] if _cached and _cached[0] == key else None))
        return _cached[2]


def _load_for_reading(previous: Index | None) -> Index:
    """The index on disk; if it cannot be read, the one served so far (or an empty one), with an error logged."""
    try:
        return _new_index()
    except (OSError, ValueError) as exc:
        log.error("the search index in %s cannot be loaded (%s); still serving the previous one", index_dir(), exc)
        return previous if previous is not None else Index(None, dense=settings.CIVILDESK_INDEX_DENSE)


def _follow_published() -> None:
    """Fetch the newest published generation into this node's directory if it is newer (throttled)."""
    directory = index_dir()
    now = time.monotonic()
    if now - _checked.get(str(directory), -math.inf) < CHECK_EVERY:
        return
    _checked[str(directory)] = now
    try:
        newest = generations.newest()
    except DatabaseError as exc:
        log.warning("the published search index generations cannot be read: %s", exc)
        return
    local = store.current_name(directory)
    if newest is None or not generations.should_fetch(newest, local):
        return
    if now - _failed.get(newest.name, -math.inf) < RETRY_FAILED:
        return
    try:
        generations.fetch(directory, newest)
    except generations.Unavailable as exc:
        _failed[newest.name] = now
        log.error(
            "search index generation %d (%s) cannot be fetched: %s; still serving %s",
            newest.number,
            newest.name,
            exc,
            local or "an empty index",
        )


@contextmanager
def writing(*, from_scratch: bool = False) -> Iterator[Index]:
    """Exclusive write access to the index, across machines; saved and published on success.

    The index starts from the newest published generation (fetched if this
    node's copy is older), or empty with ``from_scratch``.
    """
    global _cached
    directory = index_dir()
    with generations.write_lock():
        newest = generations.newest()
        local = store.current_name(directory)
        if not from_scratch and newest is not None and generations.should_fetch(newest, local, writer=True):
            try:
                generations.fetch(directory, newest)
            except generations.Unavailable as exc:
                log.error("search index generation %d cannot be fetched: %s", newest.number, exc)
                raise IndexUnavailable(
                    f"The newest search index generation ({newest.number}) cannot be fetched: {exc}. "
                    "Rebuild the index with `manage.py library_reindex --from-scratch`."
                ) from exc
        index = _new_index(directory, load=not from_scratch)
        yield index
        number = max(newest.number if newest else 0, store.generation_number(index.generation)) + 1
        index.save(
            generation=number,
            publish=lambda gen_dir: generations.publish(gen_dir, number=number, passages=len(index)),
        )
        try:
            generations.prune()
        except (OSError, DatabaseError) as exc:
            log.warning("old search index generations could not be pruned: %s", exc)
        with _lock:
            _cached = (str(directory), _stamp(directory), index)


def passages_for(document: Document, articles: list[Article] | None = None) -> list[Passage]:
    articles = articles if articles is not None else list(document.articles.all())
    meta = {
        "doc_type": document.doc_type,
        "validity": document.validity,
        "year": str(document.year or ""),
        "issuer": document.issuer,
    }
    return [
        Passage(
            id=a.passage_id,
            doc_id=str(document.pk),
            # "Luật Viên chức — Điều 5. Phạm vi điều chỉnh": the engine matches law
            # names cited in questions against the part before " — ".
            title=f"{document.title} — {a.heading}".rstrip(". "),
            text=_body(a),
            access=document.access_tag,
            meta=meta,
        )
        for a in articles
    ]


def _body(article: Article) -> str:
    """The article's text without its heading line (the title carries it)."""
    text = article.text
    if article.title and text.startswith(article.title):
        return text[len(article.title) :].lstrip()
    return text


def index_document(
    document: Document,
    *,
    index: Index | None = None,
    progress: Callable[[int, int], None] | None = None,
    embed: bool = True,
) -> None:
    """Put a document's articles in the index, replacing what it had there.

    ``embed=False``: searchable lexically at once; the dense vectors are left to
    :func:`embed_pending` (the background job queued after an upload).
    """

    def apply(idx: Index) -> None:
        passages = passages_for(document)
        keep = {p.id for p in passages}
        idx.remove([i for i in _doc_ids(idx, document.pk) if i not in keep])
        idx.upsert(passages, progress=progress, embed=embed)

    if index is not None:
        apply(index)
    else:
        with writing() as idx:
            apply(idx)


def _doc_ids(index: Index, doc_pk: int) -> list[str]:
    prefix = f"{doc_pk}:"
    return [i for i in index.ids() if i.startswith(prefix)]


def embed_in_background() -> bool:
    """Uploads are indexed lexically in their extraction job and embedded by a job of their own."""
    return bool(settings.CIVILDESK_INDEX_DENSE and getattr(settings, "CIVILDESK_EMBED_IN_BACKGROUND", True))


EMBED_CHUNK = 32  # passages embedded between two saves of the index


def embed_pending(*, progress: Callable[[int, int], None] | None = None, max_rounds: int = 100_000) -> int:
    """Compute the vectors of passages indexed lexically first; returns how many got theirs.

    The write lock is held only to read what is pending and to attach vectors,
    never while embedding, so uploads are indexed meanwhile. A passage that
    changed or went away in between is skipped (its new text is pending again).
    One embedder at a time: a second call while one runs returns at once (the
    running one also takes what was indexed meanwhile).
    """
    if not settings.CIVILDESK_INDEX_DENSE:
        return 0
    done = 0
    for _attempt in range(2):  # once more if something arrived as the running embedder finished
        with open(index_dir() / ".embed.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return done
            try:
                done += _embed_rounds(progress, max_rounds)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        if not get_index().pending(limit=1):
            break
    return done


def _embed_rounds(progress: Callable[[int, int], None] | None, max_rounds: int) -> int:
    from civildesk.retrieval.embed import Embedder

    embedder = Embedder()
    done = 0
    for _round in range(max_rounds):
        todo = get_index().pending(limit=EMBED_CHUNK)
        if not todo:
            break
        flat = [w for _pid, _hash, wins in todo for w in wins]
        matrix = embedder.passages(flat)
        attached = 0
        with writing() as index:
            offset = 0
            for pid, content_hash, wins in todo:
                attached += index.attach(pid, content_hash, matrix[offset : offset + len(wins)])
                offset += len(wins)
        done += attached
        if progress:
            progress(done, done + len(get_index().pending()))
        if not attached and todo == get_index().pending(limit=EMBED_CHUNK):
            break  # nothing could be attached and nothing changed: do not spin
    return done


def unindex_document(document_pk: int) -> None:
    with writing() as idx:
        idx.remove_doc(str(document_pk))


def access_tags(user: Any) -> set[str] | None:
    """Access tags the user may read; None when the user may read everything."""
    q = policy.unit_filter(user, "library.read", field="")
    if q is None:
        return None
    tags = {"public"}
    tags |= {f"unit:{pk}" for pk in policy.units_for(user, "library.read").values_list("pk", flat=True)}
    return tags


@dataclass
class Result:
    article: Article
    document: Document
    score: float
    snippet: str
    explain: dict[str, Any] | None


def search(
    user: Any,
    query: str,
    *,
    k: int = 10,
    doc_type: str = "",
    validity: str = "",
    year: str = "",
    issuer: str = "",
    explain: bool = False,
) -> list[Result]:
    """Articles the user may read that best answer ``query``, best first."""
    where: dict[str, set[str]] = {}
    if doc_type:
        where["doc_type"] = {doc_type}
    if validity:
        where["validity"] = {validity}
    if year:
        where["year"] = {str(year)}
    if issuer:
        where["issuer"] = {issuer}
    hits = get_index().search(query, k=k, access=access_tags(user), where=where or None, explain=explain)
    return _resolve(user, hits)


def _resolve(user: Any, hits: list[Hit]) -> list[Result]:
    """Load the articles of the hits, re-checking access on the database (belt and braces)."""
    keys = [h.id.split(":", 1) for h in hits]
    doc_ids = {int(d) for d, _ in keys}
    docs = {d.pk: d for d in Document.objects.readable_by(user).filter(pk__in=doc_ids)}
    articles = {
        (a.document_id, a.anchor): a
        for a in Article.objects.filter(document_id__in=docs.keys(), anchor__in=[a for _, a in keys])
    }
    results = []
    for hit, (doc_id, anchor) in zip(hits, keys, strict=True):
        article = articles.get((int(doc_id), anchor))
        if article is None or int(doc_id) not in docs:
            continue
        article.document = docs[int(doc_id)]  # one loaded document per hit's article, not a query each
        results.append(Result(article, docs[int(doc_id)], hit.score, hit.snippet, hit.explain))
    return results


__all__ = [
    "IndexUnavailable",
    "Scope",
    "access_tags",
    "embed_in_background",
    "embed_pending",
    "get_index",
    "index_document",
    "search",
    "unindex_document",
    "writing",
]
