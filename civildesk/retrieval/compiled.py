"""The compiled, immutable search structures of the index: CSR postings with BM25 weights,
window vectors, metadata masks, and the fusion of signals (plain numpy).

:mod:`civildesk.retrieval.index` keeps the per-passage records and rebuilds a
:class:`Compiled` from them lazily after changes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from civildesk.retrieval.embed import DIM, thread_limit
from civildesk.retrieval.passages import Passage, doc_title
from civildesk.text import segments

#: Lexical fields: u/b = unigrams/bigrams with diacritics, fu/fb = folded,
#: t = folded unigrams+bigrams of the title.
FIELDS = ("u", "b", "fu", "fb", "t")
_F = {f: i for i, f in enumerate(FIELDS)}
FORMAT_VERSION = 2  # 2: the compiled structures are saved and memory-mapped (store.py)
K1 = 0.8
B = 0.75
_MAX_TITLE_SYLLABLES = 16
#: Signals already in [0, 1]: idf-weighted share of query terms matched.
COVERAGE = frozenset({"cu", "cb", "cfu", "cfb"})
#: Dense cosines: of the query, and (English/Bengali) of its glossary rendering.
DENSE = frozenset({"dense", "dense_g"})


@dataclass
class _Rec:
    """What the index keeps per passage: token counts per window and vectors."""

    passage: Passage
    hash: str
    tids: np.ndarray  # int32 term ids, windows concatenated
    tfs: np.ndarray  # float32 term frequencies
    wlen: np.ndarray  # int32 number of (tid, tf) entries per window
    vecs: np.ndarray | None  # (n_windows, DIM) float32


def fuse(feats: Mapping[str, np.ndarray], allowed: np.ndarray, w: Mapping[str, float]) -> np.ndarray:
    """Weighted sum of normalised signals over the allowed passages.

    BM25 fields are divided by their maximum over the allowed passages; the
    dense cosine is min-max scaled between its median and maximum over the
    allowed passages (cosines of e5 crowd in a narrow band); ``law`` is 0/1.
    """
    n = len(allowed)
    score = np.zeros(n, dtype=np.float32)
    for name, wt in w.items():
        if not wt or name not in feats:
            continue
        v = feats[name]
        if name in DENSE:
            va = v[allowed]
            hi = float(va.max())
            lo = float(np.median(va)) if len(va) > 1 else hi - 1.0
            x = (v - lo) / max(hi - lo, 1e-6)
        elif name == "law" or name in COVERAGE:
            x = v
        else:
            hi = float(v[allowed].max())
            if hi <= 0:
                continue
            x = v / hi
        score += np.float32(wt) * x.astype(np.float32, copy=False)
    return score


class Compiled:
    """Immutable search structures built from the passage records."""

    def __init__(self, recs: list[_Rec], terms: list[str], dense: bool) -> None:
        self.n = len(recs)
        self.ids = [r.passage.id for r in recs]
        nwin = np.array([len(r.wlen) for r in recs], dtype=np.int64)
        self.win_start = (
            np.concatenate([[0], np.cumsum(nwin)[:-1]]).astype(np.int64) if self.n else np.zeros(0, np.int64)
        )
        self.n_win = int(nwin.sum())
        V = len(terms)
        field_of = np.array([_F[t.split(":", 1)[0]] for t in terms], dtype=np.int8) if V else np.zeros(0, np.int8)
        if self.n:
            tids = np.concatenate([r.tids for r in recs])
            tfs = np.concatenate([r.tfs for r in recs])
            wlen = np.concatenate([r.wlen for r in recs])
        else:
            tids, tfs, wlen = np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.int32)
        win = np.repeat(np.arange(self.n_win, dtype=np.int32), wlen)
        fld = field_of[tids] if len(tids) else np.zeros(0, np.int8)
        nf = len(FIELDS)
        dl = np.bincount(win.astype(np.int64) * nf + fld, weights=tfs, minlength=self.n_win * nf).reshape(
            self.n_win, nf
        )
        avgdl = np.maximum(dl.mean(axis=0), 1e-9) if self.n_win else np.ones(nf)
        df = np.bincount(tids, minlength=V)
        idf = np.log1p((self.n_win - df + 0.5) / (df + 0.5)).astype(np.float32)
        # BM25 weight per posting, in float32 to bound memory on large corpora
        rel = (dl / avgdl).astype(np.float32)  # window length / average, per field
        wts = np.float32(K1) * (np.float32(1 - B) + np.float32(B) * rel[win, fld])
        wts += tfs
        np.divide(tfs * np.float32(K1 + 1), wts, out=wts)
        wts *= idf[tids]
        del rel
        order = np.argsort(tids, kind="stable")
        self.post_win = win[order]
        self.post_w = wts[order]
        self.indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        self.idf = idf
        self.vocab = {t: i for i, t in enumerate(terms)}
        self.vectors: np.ndarray | None = None
        # Passages whose vectors are still being computed (lexical first): neutral on the dense signal.
        self.no_vectors: np.ndarray | None = None
        if dense and self.n and any(r.vecs is not None for r in recs):
            self.vectors = np.concatenate(
                [r.vecs if r.vecs is not None else np.zeros((len(r.wlen), DIM), np.float32) for r in recs]
            )
            waiting = np.array([r.vecs is None for r in recs], dtype=bool)
            self.no_vectors = waiting if waiting.any() else None
        # filters
        self.access_codes: dict[str, int] = {}
        acc = np.empty(self.n, dtype=np.int32)
        self.meta: dict[str, dict[str, np.ndarray]] = {}
        for i, r in enumerate(recs):
            acc[i] = self.access_codes.setdefault(r.passage.access, len(self.access_codes))
        self.access = acc
        self._recs_meta: list[dict[str, str]] | None = [r.passage.meta for r in recs]
        # law/document titles: folded syllable string -> rows
        titles: dict[str, list[int]] = {}
        for i, r in enumerate(recs):
            dt = doc_title(r.passage.title) or r.passage.doc_id
            key = " ".join(t for seg in segments(dt, folded=True) for t in seg)
            if 2 <= len(key.split()) <= _MAX_TITLE_SYLLABLES:
                titles.setdefault(key, []).append(i)
        self.titles = {k: np.asarray(v, dtype=np.int64) for k, v in titles.items()}

    #: The arrays a generation stores and :meth:`restore` maps back (see ``store.py``).
    ARRAYS = ("win_start", "post_win", "post_w", "indptr", "idf", "access")

    @classmethod
    def restore(
        cls,
        arrays: Mapping[str, np.ndarray],
        *,
        n_win: int,
        ids: Any,
        vocab: Any,
        vectors: np.ndarray | None,
        no_vectors: np.ndarray | None,
        access_codes: dict[str, int],
        meta: dict[str, dict[str, Any]],
        titles: dict[str, np.ndarray],
    ) -> Compiled:
        """A :class:`Compiled` from saved arrays (memory-mapped by the caller), without recomputing anything."""
        self = cls.__new__(cls)
        for name in cls.ARRAYS:
            setattr(self, name, arrays[name])
        self.n = len(self.access)
        self.n_win = n_win
        self.ids, self.vocab, self.vectors, self.no_vectors = ids, vocab, vectors, no_vectors
        self.access_codes, self.meta, self.titles = access_codes, meta, titles
        self._recs_meta = None
        return self

    def mask(self, access: Collection[str] | None, where: Mapping[str, Collection[str]] | None) -> np.ndarray:
        m = np.ones(self.n, dtype=bool)
        if access is not None:
            codes = [self.access_codes[a] for a in access if a in self.access_codes]
            m &= np.isin(self.access, codes)
        for key, values in (where or {}).items():
            col = self.meta.get(key)
            if col is None:
                col = self.meta[key] = self._meta_column(key)
            m &= np.isin(col["codes"], [col["index"][v] for v in set(values) if v in col["index"]])
        return m

    def _meta_column(self, key: str) -> dict[str, Any]:
        values = [m.get(key) for m in self._recs_meta] if self._recs_meta is not None else [None] * self.n
        index: dict[Any, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32, count=self.n)
        return {"index": index, "codes": codes}

    def bm25(self, field: str, terms: list[str], coverage: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """BM25 of each passage's best window for ``terms`` of ``field``.

        With ``coverage``, also the idf-weighted share of the query terms
        present in the best-covered window (1.0 = every term matched).
        """
        ws = np.zeros(self.n_win, dtype=np.float32)
        cov = np.zeros(self.n_win, dtype=np.float32) if coverage else None
        total = 0.0
        max_idf = float(np.log1p((self.n_win + 0.5) / 0.5))
        for t in terms:
            tid = self.vocab.get(f"{field}:{t}")
            if tid is None:
                total += max_idf
                continue
            a, b = self.indptr[tid], self.indptr[tid + 1]
            ws[self.post_win[a:b]] += self.post_w[a:b]
            if cov is not None:
                cov[self.post_win[a:b]] += self.idf[tid]
                total += float(self.idf[tid])
        if cov is None:
            return self._best_window(ws), None
        return self._best_window(ws), self._best_window(cov) / max(total, 1e-9)

    def has_term(self, tid: int, row: int) -> bool:
        a, b = self.indptr[tid], self.indptr[tid + 1]
        lo = self.win_start[row]
        hi = self.win_start[row + 1] if row + 1 < self.n else self.n_win
        p = self.post_win[a:b]
        return bool(((p >= lo) & (p < hi)).any())

    def _best_window(self, ws: np.ndarray) -> np.ndarray:
        if self.n_win == self.n:
            return ws
        return np.maximum.reduceat(ws, self.win_start) if self.n else ws[:0]

    def dense(self, q: np.ndarray) -> np.ndarray:
        assert self.vectors is not None
        with thread_limit(1, "blas"):
            sims = self.vectors @ q.astype(np.float32)
        best = self._best_window(sims)
        if self.no_vectors is not None:  # the median: after fusion's scaling, no help and no harm
            best[self.no_vectors] = np.median(best[~self.no_vectors])
        return best

    def law_mention(self, qsyl: list[str]) -> tuple[np.ndarray, str | None]:
        """1.0 for passages of the document(s) whose title the query cites (longest match)."""
        out = np.zeros(self.n, dtype=np.float32)
        best: str | None = None
        for n in range(min(_MAX_TITLE_SYLLABLES, len(qsyl)), 1, -1):
            for i in range(len(qsyl) - n + 1):
                key = " ".join(qsyl[i : i + n])
                if key in self.titles:
                    best = key
                    break
            if best:
                break
        if best:
            out[self.titles[best]] = 1.0
        return out, best
