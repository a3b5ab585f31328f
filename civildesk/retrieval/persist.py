"""Reading and writing an index generation (format 2): the files of :class:`~civildesk.retrieval.index.Index`.

A generation holds the passages (``store.write_passages``), the vocabulary,
the per-passage postings (``tids``, ``tfs``, ``wlen``: what a writer changes),
the window vectors, and the compiled search structures (``Compiled.ARRAYS``,
metadata codes, title postings), so that readers map them as they are
(``np.load(mmap_mode="r")``) instead of rebuilding them. New attributes of
:class:`Compiled` must be written here and given back to ``Compiled.restore``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from civildesk.retrieval import store
from civildesk.retrieval.compiled import FORMAT_VERSION, Compiled, _Rec
from civildesk.retrieval.embed import MODEL_ID
from civildesk.retrieval.passages import Passage

__all__ = ["load_generation", "passage", "read_records", "write_generation"]


def write_generation(gen: Path, recs: list[_Rec], terms: list[str], c: Compiled) -> None:
    """Write the files of a generation into the (new, empty) directory ``gen``."""
    store.write_passages(
        gen,
        (
            {
                "id": r.passage.id,
                "doc_id": r.passage.doc_id,
                "title": r.passage.title,
                "text": r.passage.text,
                "access": r.passage.access,
                "meta": r.passage.meta,
                "hash": r.hash,
                "windows": len(r.wlen),
            }
            for r in recs
        ),
    )
    store.write_vocabulary(gen, terms)
    for name, dtype in (("tids", np.int32), ("tfs", np.float32), ("wlen", np.int32)):
        parts = [getattr(r, name) for r in recs]
        np.save(gen / f"{name}.npy", np.concatenate(parts) if parts else np.zeros(0, dtype), allow_pickle=False)
    if c.vectors is not None:
        np.save(gen / "vectors.npy", c.vectors, allow_pickle=False)
        if c.no_vectors is not None:
            np.save(gen / "missing.npy", c.no_vectors, allow_pickle=False)
    for name in Compiled.ARRAYS:
        np.save(gen / f"{name}.npy", getattr(c, name), allow_pickle=False)
    keys = sorted({k for r in recs for k in r.passage.meta})
    columns = [c._meta_column(k) for k in keys]
    codes = np.stack([col["codes"] for col in columns]) if columns else np.zeros((0, c.n), np.int32)
    np.save(gen / "meta_codes.npy", codes, allow_pickle=False)
    meta = {"keys": keys, "values": [list(col["index"]) for col in columns]}
    (gen / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    titles = {k: v.tolist() for k, v in c.titles.items()}
    (gen / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    manifest = {
        "format": FORMAT_VERSION,
        "model": MODEL_ID,
        "dense": c.vectors is not None,
        "passages": len(recs),
        "windows": c.n_win,
        "terms": len(terms),
        "access": list(c.access_codes),
        "saved_at": time.time(),
    }
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def load_generation(gen: Path, *, dense: bool) -> tuple[Compiled, store.StoredPassages]:
    """The compiled structures of ``gen``, memory-mapped, and its stored passages (a reader's view)."""
    manifest = json.loads((gen / "manifest.json").read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise store.FormatError(gen, manifest.get("format"), FORMAT_VERSION)
    vectors = no_vectors = None
    if dense and _has_vectors(gen, manifest):
        vectors = store.mapped(gen / "vectors.npy")
        if (gen / "missing.npy").exists():
            no_vectors = np.load(gen / "missing.npy", allow_pickle=False)
    meta = json.loads((gen / "meta.json").read_text(encoding="utf-8"))
    codes = store.mapped(gen / "meta_codes.npy")
    titles = json.loads((gen / "titles.json").read_text(encoding="utf-8"))
    stored = store.StoredPassages(gen)
    compiled = Compiled.restore(
        {a: store.mapped(gen / f"{a}.npy") for a in Compiled.ARRAYS},
        n_win=int(manifest["windows"]),
        ids=stored,
        vocab=store.read_vocabulary(gen),
        vectors=vectors,
        no_vectors=no_vectors,
        access_codes={tag: i for i, tag in enumerate(manifest["access"])},
        meta={
            key: {"index": {v: i for i, v in enumerate(values)}, "codes": codes[j]}
            for j, (key, values) in enumerate(zip(meta["keys"], meta["values"], strict=True))
        },
        titles={k: np.asarray(v, dtype=np.int64) for k, v in titles.items()},
    )
    return compiled, stored


def read_records(gen: Path, stored: store.StoredPassages) -> tuple[list[str], dict[str, _Rec]]:
    """The vocabulary and per-passage records of ``gen`` (a writer's view: copies it may change)."""
    manifest = json.loads((gen / "manifest.json").read_text())
    terms = store.read_vocabulary(gen).terms()
    tids, tfs, wlen = (np.load(gen / f"{a}.npy", allow_pickle=False) for a in ("tids", "tfs", "wlen"))
    vecs = missing = None
    if _has_vectors(gen, manifest):
        vecs = store.mapped(gen / "vectors.npy")
        if (gen / "missing.npy").exists():
            missing = np.load(gen / "missing.npy", allow_pickle=False)
    records: dict[str, _Rec] = {}
    o_ent = o_win = 0
    for row_number, row in enumerate(stored.rows()):
        nw = int(row["windows"])
        wl = wlen[o_win : o_win + nw].copy()
        ne = int(wl.sum())
        p = passage(row)
        records[p.id] = _Rec(
            passage=p,
            hash=row["hash"],
            tids=tids[o_ent : o_ent + ne].copy(),
            tfs=tfs[o_ent : o_ent + ne].copy(),
            wlen=wl,
            vecs=None
            if vecs is None or (missing is not None and missing[row_number])
            else np.array(vecs[o_win : o_win + nw]),
        )
        o_ent += ne
        o_win += nw
    return terms, records


def _has_vectors(gen: Path, manifest: Mapping[str, Any]) -> bool:
    return bool(manifest.get("dense")) and manifest.get("model") == MODEL_ID and (gen / "vectors.npy").exists()


def passage(row: Mapping[str, Any]) -> Passage:
    """A stored passage row as a :class:`Passage`."""
    return Passage(
        id=row["id"],
        doc_id=row["doc_id"],
        title=row["title"],
        text=row["text"],
        access=row["access"],
        meta=dict(row["meta"]),
    )
