"""Hybrid passage index: BM25 over syllables and bigrams + e5 dense vectors, fused.

Layout of the work:

* Every passage is split into overlapping windows (:func:`windows`); a
  passage is scored by its best window, for each signal separately.
* Lexical signals are BM25 scores over five term fields (see ``FIELDS``):
  unigrams and bigrams of the NFC lower-cased text, the same folded (no
  diacritics), and the passage title. One inverted index (CSR over term ids)
  holds all of them; BM25 weights are precomputed per posting.
* The dense signal is the cosine between the query embedding and each
  window's embedding (multilingual-e5-small).
* A law-name signal: a question citing a document by name ("theo Luật Viên
  chức") marks the passages of the document with that title.
* Fusion is a weighted sum of the signals after per-query normalisation,
  with weights chosen per query language (see ``fusion.py``). Access and
  ``where`` filters are a boolean mask applied before the top-k.

The index keeps per-passage token counts and vectors; the inverted index
and the matrices are recompiled lazily after changes, which is cheap
compared with tokenising and embedding. A saved generation holds the
compiled structures too: loading maps them (``np.load(mmap_mode="r")``, see
``store.py``) instead of rebuilding them, so the processes of one machine
share them, and the per-passage records are built only when the loaded index
is changed (writers).
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from civildesk.retrieval import persist, store
from civildesk.retrieval.embed import Embedder
from civildesk.retrieval.fusion import DEFAULT_WEIGHTS, QUERY_STOPWORDS, route_for, strip_boilerplate
from civildesk.retrieval.passages import Hit, Passage, windows
from civildesk.text import fold, fold_syllable, segments
from civildesk.text.glossary import translate_terms
from civildesk.text.lang import detect_language

__all__ = ["Index", "FIELDS"]

from civildesk.retrieval.compiled import (  # noqa: F401 (FIELDS, fuse: the package's interface)
    _F,
    _MAX_TITLE_SYLLABLES,
    COVERAGE,
    FIELDS,
    FORMAT_VERSION,
    K1,
    B,
    Compiled,
    _Rec,
    fuse,
)

_WORD_RE = re.compile(r"[^\W_]+")


def _title_terms(title: str) -> Counter[str]:
    """Field ``t`` term counts of a title (folded unigrams and bigrams)."""
    out: list[str] = []
    for seg in segments(title, folded=True):
        out += [f"t:{t}" for t in seg]
        out += [f"t:{a}_{b}" for a, b in zip(seg, seg[1:], strict=False)]
    return Counter(out)


def _window_terms(window: str) -> Counter[str]:
    """Field-prefixed term counts (u, b, fu, fb) of one window's text."""
    out: list[str] = []
    for seg in segments(window):
        fseg = [fold_syllable(t) for t in seg]
        out += [f"u:{t}" for t in seg]
        out += [f"fu:{t}" for t in fseg]
        out += [f"b:{a}_{b}" for a, b in zip(seg, seg[1:], strict=False)]
        out += [f"fb:{a}_{b}" for a, b in zip(fseg, fseg[1:], strict=False)]
    return Counter(out)


class Index:
    """A searchable, persistable set of :class:`Passage` objects.

    ``path`` is a directory (loaded if it holds an index) or ``None`` for an
    in-memory index. ``dense=False`` gives a lexical-only index (no model is
    loaded). ``weights`` overrides the fusion weights per query route.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        dense: bool = True,
        embedder: Embedder | None = None,
        weights: Mapping[str, Mapping[str, float]] | None = None,
        load: bool = True,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.dense = dense
        self._embedder = embedder
        self.weights = {k: dict(v) for k, v in (weights or DEFAULT_WEIGHTS).items()}
        # Per-passage records (what a writer changes). A loaded generation leaves them
        # unbuilt (None): searching needs only its memory-mapped compiled structures
        # and reads passages from the mapped file; the first change builds them.
        self._records: dict[str, _Rec] | None = {}
        self._stored: store.StoredPassages | None = None
        self._stored_dir: Path | None = None
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._compiled: Compiled | None = None
        #: The name of the generation directory this index was loaded from or last saved to.
        self.generation: str | None = None
        if load and self.path is not None and store.current_name(self.path):
            self._load()

    # -- public API --------------------------------------------------------
    def __len__(self) -> int:
        return len(self._records) if self._records is not None else len(self._stored or ())

    def ids(self) -> list[str]:
        """Passage ids in insertion order (builds the records of a loaded index: a writer's question)."""
        return list(self._recs)

    def get(self, passage_id: str) -> Passage | None:
        """The stored passage with this id, or ``None``."""
        if self._records is None and self._stored is not None:
            row = self._stored.find(passage_id)
            return None if row is None else persist.passage(self._stored.row(row))
        rec = self._recs.get(passage_id)
        return rec.passage if rec else None

    @property
    def embedder(self) -> Embedder:
        """The embedder (created on first use)."""
        if self._embedder is None:
            self._embedder = Embedder()
        return self._embedder

    def upsert(
        self, passages: Iterable[Passage], progress: Callable[[int, int], None] | None = None, *, embed: bool = True
    ) -> None:
        """Add passages, replacing any with the same id. Unchanged passages are skipped.

        ``progress(done, total)`` is called as passages are processed.
        Embeddings come from the content-hash cache when available. With
        ``embed=False`` the passages are searchable lexically at once and their
        vectors are left for :meth:`pending` / :meth:`attach` (a background job):
        until then the dense signal treats them as neutral.
        """
        todo: list[tuple[Passage, str]] = []
        plist = list(passages)
        for p in plist:
            h = p.content_hash()
            old = self._recs.get(p.id)
            if old is not None and old.hash == h and (old.vecs is not None or not self.dense or not embed):
                continue
            todo.append((p, h))
        total = len(todo)
        step = 64
        for s in range(0, total, step):
            chunk = todo[s : s + step]
            wins = [windows(p.title, p.text) for p, _ in chunk]
            vecs: list[np.ndarray | None] = [None] * len(chunk)
            if self.dense and embed:
                flat = [w for ws in wins for w in ws]
                mat = self.embedder.passages(flat)
                o = 0
                for i, ws in enumerate(wins):
                    vecs[i] = mat[o : o + len(ws)]
                    o += len(ws)
            for (p, h), ws, v in zip(chunk, wins, vecs, strict=True):
                self._recs.pop(p.id, None)  # re-insert at the end
                self._recs[p.id] = self._make_rec(p, h, ws, v)
            self._compiled = None
            if progress:
                progress(min(s + step, total), total)
        if total == 0 and progress:
            progress(0, 0)

    def pending(self, limit: int | None = None) -> list[tuple[str, str, list[str]]]:
        """Passages still without vectors: ``(id, content hash, windows to embed)``, at most ``limit``."""
        if not self.dense:
            return []
        out: list[tuple[str, str, list[str]]] = []
        if self._records is None and self._stored is not None:
            c = self._compile()
            if c.vectors is None:
                rows = np.arange(c.n)
            else:
                rows = np.flatnonzero(c.no_vectors) if c.no_vectors is not None else np.zeros(0, np.int64)
            for i in rows[:limit]:
                row = self._stored.row(int(i))
                out.append((row["id"], row["hash"], windows(row["title"], row["text"])))
            return out
        for pid, rec in self._recs.items():
            if rec.vecs is None:
                out.append((pid, rec.hash, windows(rec.passage.title, rec.passage.text)))
                if limit is not None and len(out) >= limit:
                    break
        return out

    def attach(self, passage_id: str, content_hash: str, vecs: np.ndarray) -> bool:
        """Give a passage its window vectors (computed elsewhere, e.g. outside the write lock).

        Refused (False) when the passage is gone or changed since :meth:`pending`,
        or the number of vectors is not its number of windows.
        """
        rec = self._recs.get(passage_id)
        if rec is None or rec.hash != content_hash or len(vecs) != len(rec.wlen):
            return False
        rec.vecs = np.ascontiguousarray(vecs, dtype=np.float32)
        self._compiled = None
        return True

    def remove(self, ids: Iterable[str]) -> None:
        """Remove passages by id (unknown ids are ignored)."""
        for i in ids:
            if self._recs.pop(i, None) is not None:
                self._compiled = None

    def remove_doc(self, doc_id: str) -> None:
        """Remove every passage of document ``doc_id``."""
        self.remove([i for i, r in self._recs.items() if r.passage.doc_id == doc_id])

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        access: Collection[str] | None = None,
        where: Mapping[str, Collection[str]] | None = None,
        explain: bool = False,
        lang: str | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Return the ``k`` best passages for ``query``.

        ``access``: only passages whose access tag is in the collection
        (``None``: no restriction). ``where``: only passages whose
        ``meta[key]`` is in the given values, for every key. Both filters are
        applied before ranking. ``lang`` overrides language detection;
        ``query_vector`` overrides the query embedding (benchmarks).
        """
        c = self._compile()
        if c.n == 0 or k <= 0:
            return []
        allowed = c.mask(access, where)
        if not allowed.any():
            return []
        feats, info = self.features(query, lang=lang, query_vector=query_vector, only_weighted=not explain, _compiled=c)
        route = info["route"]
        score = self._fuse(feats, allowed, self.weights[route])
        if "dense" not in feats:  # lexical only: a passage matching nothing is no result
            allowed = allowed & (score > 0)
            if not allowed.any():
                return []
        score = np.where(allowed, score, -np.inf)
        kk = min(k, int(allowed.sum()))
        top = np.argpartition(-score, kk - 1)[:kk] if kk < c.n else np.arange(c.n)
        top = top[np.argsort(-score[top], kind="stable")][:kk]
        hits: list[Hit] = []
        for rank, row in enumerate(top, 1):
            passage = self._passage_at(c, int(row))
            ex = None
            if explain:
                ex = {
                    "language": info["language"],
                    "route": route,
                    "matched_terms": self._matched_terms(info, row, c),
                    "bm25": {f: float(feats[f][row]) for f in FIELDS if f in feats},
                    "dense_similarity": float(feats["dense"][row]) if "dense" in feats else None,
                    "features": {name: float(v[row]) for name, v in feats.items()},
                    "weights": dict(self.weights[route]),
                    "law_mention": info["law_mention"],
                }
            hits.append(
                Hit(
                    id=passage.id,
                    doc_id=passage.doc_id,
                    score=float(score[row]),
                    rank=rank,
                    snippet=self._snippet(passage, info),
                    explain=ex,
                )
            )
        return hits

    # -- features and fusion ------------------------------------------------
    def features(
        self,
        query: str,
        *,
        lang: str | None = None,
        query_vector: np.ndarray | None = None,
        only_weighted: bool = False,
        _compiled: Compiled | None = None,
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Per-passage signals for ``query`` (arrays in :meth:`ids` order) and query info.

        ``only_weighted`` skips lexical fields that the query's route gives no
        weight (search does this; explain and tuning want them all).
        """
        c = _compiled or self._compile()
        language = lang or detect_language(query)
        route = route_for(language)
        has_dense = self.dense and c.vectors is not None
        text = strip_boilerplate(query) if route in ("vi", "vi-nodiac") else query
        lex_text = text
        if route == "xl":  # English/Bengali: glossary terms give the lexical side a chance
            lex_text = translate_terms(query, language)
        if route in ("dense", "xl") and not has_dense:
            route = "lexical"
        segs = segments(lex_text)
        folded = [[fold_syllable(t) for t in seg] for seg in segs]
        qterms: dict[str, list[str]] = {f: [] for f in FIELDS}
        if route != "dense" and lex_text:
            for seg, fseg in zip(segs, folded, strict=True):
                keep = [t not in QUERY_STOPWORDS for t in fseg]
                qterms["u"] += [t for t, kp in zip(seg, keep, strict=True) if kp]
                qterms["fu"] += [t for t, kp in zip(fseg, keep, strict=True) if kp]
                qterms["b"] += [f"{a}_{b}" for a, b in zip(seg, seg[1:], strict=False)]
                qterms["fb"] += [f"{a}_{b}" for a, b in zip(fseg, fseg[1:], strict=False)]
                qterms["t"] += [t for t, kp in zip(fseg, keep, strict=True) if kp]
                qterms["t"] += [f"{a}_{b}" for a, b in zip(fseg, fseg[1:], strict=False)]
        if route == "vi-nodiac":
            # Without diacritics the exact fields cannot match: the folded
            # fields stand in for them so the same weights apply.
            qterms["u"], qterms["b"] = [], []
        feats: dict[str, np.ndarray] = {}
        wanted = set(FIELDS)
        if only_weighted:
            w = self.weights.get(route, {})
            used = {n for n, x in w.items() if x}
            if "cu" in used:
                used.add("u")
            if "cb" in used:
                used.add("b")
            if route == "vi-nodiac":  # u/b are computed from the folded fields
                used |= {"f" + f for f in ("u", "b") if f in used}
            wanted = used & set(FIELDS)
        for f in FIELDS:
            if f not in wanted:
                continue
            terms = list(dict.fromkeys(qterms[f]))
            feats[f], cov = c.bm25(f, terms, coverage=f in ("u", "b", "fu", "fb"))
            if cov is not None:
                feats[f"c{f}"] = cov
        if route == "vi-nodiac":
            for f in ("u", "b", "cu", "cb"):
                src = f"f{f}" if f in ("u", "b") else f"cf{f[1:]}"
                if src in feats:
                    feats[f] = feats[src]
        law = c.law_mention([t for seg in folded for t in seg])
        feats["law"] = law[0]
        if has_dense:
            q = query_vector if query_vector is not None else self.embedder.query(text)
            feats["dense"] = c.dense(q)
            if route == "xl" and lex_text and (not only_weighted or self.weights[route].get("dense_g")):
                # The glossary's Vietnamese rendering, embedded: a query translated
                # word by word meets Vietnamese passages in their own language.
                feats["dense_g"] = c.dense(self.embedder.query(lex_text))
        info = {
            "query": text,
            "lexical_query": lex_text,
            "language": language,
            "route": route,
            "qterms": qterms,
            "folded": {t for seg in folded for t in seg if t not in QUERY_STOPWORDS},
            "law_mention": law[1],
        }
        return feats, info

    @staticmethod
    def _fuse(feats: Mapping[str, np.ndarray], allowed: np.ndarray, w: Mapping[str, float]) -> np.ndarray:
        return fuse(feats, allowed, w)

    # -- internals ----------------------------------------------------------
    def _make_rec(self, p: Passage, h: str, wins: list[str], vecs: np.ndarray | None) -> _Rec:
        tids: list[int] = []
        tfs: list[float] = []
        wlen: list[int] = []
        title = _title_terms(p.title)
        vocab, terms = self._vocab, self._terms
        for w in wins:
            cnt = _window_terms(w)  # the window text starts with the title
            cnt.update(title)
            for term, n in cnt.items():
                tid = vocab.get(term)
                if tid is None:
                    tid = vocab[term] = len(terms)
                    terms.append(term)
                tids.append(tid)
                tfs.append(n)
            wlen.append(len(cnt))
        return _Rec(
            passage=p,
            hash=h,
            tids=np.asarray(tids, dtype=np.int32),
            tfs=np.asarray(tfs, dtype=np.float32),
            wlen=np.asarray(wlen, dtype=np.int32),
            vecs=None if vecs is None else np.ascontiguousarray(vecs, dtype=np.float32),
        )

    @property
    def _recs(self) -> dict[str, _Rec]:
        """The per-passage records, built from the loaded generation on first use (writers)."""
        if self._records is None:
            self._records = self._materialise()
        return self._records

    def _passage_at(self, c: Compiled, row: int) -> Passage:
        if self._records is None and self._stored is not None:
            return persist.passage(self._stored.row(row))
        return self._recs[c.ids[row]].passage

    def _compile(self) -> Compiled:
        if self._compiled is None:
            self._compiled = Compiled(list(self._recs.values()), self._terms, self.dense)
        return self._compiled

    def _matched_terms(self, info: Mapping[str, Any], row: int, c: Compiled) -> list[str]:
        out: list[str] = []
        for f in ("u", "b", "fu", "fb"):
            for t in dict.fromkeys(info["qterms"][f]):
                tid = c.vocab.get(f"{f}:{t}")
                if tid is not None and c.has_term(tid, row):
                    out.append(t.replace("_", " "))
        return list(dict.fromkeys(out))

    def _snippet(self, p: Passage, info: dict[str, Any], width: int = 280) -> str:
        """Best-matching stretch of ``p.text`` (about ``width`` characters).

        HTML-escaped, with ``<mark>…</mark>`` around syllables that occur in
        the query (compared folded, so "vien chuc" marks "viên chức").
        """
        text = p.text or p.title
        if "_mark_re" not in info:
            words = sorted(info["folded"], key=len, reverse=True)
            info["_mark_re"] = (
                re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, words)) + r")(?![^\W_])") if words else None
            )
        pat: re.Pattern[str] | None = info["_mark_re"]
        ft = fold(text)
        spans = [m.span() for m in pat.finditer(ft)] if pat and len(ft) == len(text) else []
        start, end = 0, len(text)
        if len(text) > width:
            if spans:
                starts = np.fromiter((s0 for s0, _ in spans), dtype=np.int64, count=len(spans))
                counts = np.searchsorted(starts, starts + width) - np.arange(len(starts))
                start = int(starts[int(np.argmax(counts))])
                start = max(0, text.rfind(" ", 0, max(start - 20, 0)) + 1) if start > 20 else 0
            end = text.find(" ", start + width)
            end = len(text) if end < 0 else end
        out: list[str] = ["… "] if start > 0 else []
        pos = start
        for s0, s1 in spans:
            if s0 < start or s1 > end:
                continue
            out.append(html.escape(text[pos:s0]))
            out.append(f"<mark>{html.escape(text[s0:s1])}</mark>")
            pos = s1
        out.append(html.escape(text[pos:end]))
        if end < len(text):
            out.append(" …")
        return "".join(out)

    # -- persistence --------------------------------------------------------
    def save(self, *, generation: int = 0, publish: Callable[[Path], object] | None = None) -> Path:
        """Write the index to ``path`` atomically (new generation dir, then swap ``CURRENT``).

        ``generation`` is the number in the new directory's name (see
        :mod:`civildesk.retrieval.store`). ``publish(directory)`` is called
        once the generation is complete and before it becomes current; if it
        raises, the generation is removed and the current one stays.
        Returns the new generation's directory.
        """
        if self.path is None:
            raise ValueError("Index(path=None) is in memory; give a directory to save")
        gen_dir = store.new_generation_dir(self.path, generation)
        try:
            self._compact()
            self._write(gen_dir)
            if publish is not None:
                publish(gen_dir)
        except BaseException:
            shutil.rmtree(gen_dir, ignore_errors=True)
            raise
        store.activate(self.path, gen_dir.name)
        self.generation = gen_dir.name
        return gen_dir

    def _compact(self) -> None:
        """Compact the vocabulary to the terms still in use."""
        recs = list(self._recs.values())
        all_tids = np.concatenate([r.tids for r in recs]) if recs else np.zeros(0, np.int32)
        used = np.unique(all_tids)
        if len(used) == len(self._terms):
            return
        remap = np.full(len(self._terms), -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        self._terms = [self._terms[i] for i in used]
        self._vocab = {t: i for i, t in enumerate(self._terms)}
        for r in recs:
            r.tids = remap[r.tids].astype(np.int32)
        self._compiled = None

    def _write(self, gen: Path) -> None:
        """The files of a generation (format 2, see :mod:`civildesk.retrieval.persist`)."""
        persist.write_generation(gen, list(self._recs.values()), self._terms, self._compile())

    def _load(self) -> None:
        """Map the current generation: its compiled structures are used as they are on disk."""
        assert self.path is not None
        name = store.current_name(self.path) or ""
        gen = self.path / name
        self._compiled, stored = persist.load_generation(gen, dense=self.dense)
        self._stored, self._stored_dir, self._records = stored, gen, None
        self.generation = name

    def _materialise(self) -> dict[str, _Rec]:
        """Per-passage records of the loaded generation (what a writer changes)."""
        assert self._stored is not None and self._stored_dir is not None
        self._terms, records = persist.read_records(self._stored_dir, self._stored)
        self._vocab = {t: i for i, t in enumerate(self._terms)}
        return records
