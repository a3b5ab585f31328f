"""The generations of an index directory.

An index directory holds generation directories (``gen-<number>-<token>``,
written once, never changed) and a file ``CURRENT`` naming the one in use.
A new generation is written beside the others and made current by replacing
``CURRENT`` atomically, so a reader sees either the old or the new one. The
generation before the current one is kept: a process that read ``CURRENT``
just before the swap can still open it (and memory-mapped files stay valid
after removal anyway).

The number in the name is given by whoever publishes generations (the
library numbers them in its database); an index saved on its own is
generation 0. The whole name is the generation's identity: two directories
with the same number but different tokens hold different contents.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FormatError", "activate", "mapped", "current_name", "generation_number", "new_generation_dir"]

CURRENT = "CURRENT"


class FormatError(ValueError):
    """The generation on disk was written in another format than this version reads."""

    def __init__(self, directory: Path, found: object, expected: int) -> None:
        super().__init__(
            f"the index in {directory} has format {found!r}; this version reads format {expected}: "
            "rebuild it (the library: manage.py library_reindex --from-scratch)"
        )


_NUMBERED = re.compile(r"gen-(\d{8})-")


def current_name(path: str | Path) -> str | None:
    """The name of the current generation directory of ``path``, or ``None``."""
    try:
        return (Path(path) / CURRENT).read_text().strip() or None
    except FileNotFoundError:
        return None


def generation_number(name: str | None) -> int:
    """The number in a generation directory's name (0 for none or an unnumbered one)."""
    m = _NUMBERED.match(name or "")
    return int(m.group(1)) if m else 0


def new_generation_dir(path: str | Path, number: int = 0) -> Path:
    """A new, empty generation directory in ``path`` (not current until :func:`activate`)."""
    Path(path).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"gen-{number:08d}-", dir=path))


def activate(path: str | Path, name: str) -> None:
    """Make generation ``name`` current; remove every other generation but the one it replaces."""
    path = Path(path)
    previous = current_name(path)
    fd, tmp = tempfile.mkstemp(dir=path, prefix=".CURRENT-")
    with os.fdopen(fd, "w") as f:
        f.write(name)
    os.replace(tmp, path / CURRENT)
    for old in path.glob("gen-*"):
        if old.name not in (name, previous):
            shutil.rmtree(old, ignore_errors=True)


# -- the files of a generation (format 2) -------------------------------------------------
#
# passages.jsonl + passage_offsets.npy   one JSON line per passage, and where each line starts
# tids.npy, tfs.npy, wlen.npy            per-window term counts (what a writer rebuilds its records from)
# vectors.npy [+ missing.npy]            window vectors; passages still waiting for theirs
# terms.bin + term_offsets.npy           the vocabulary (UTF-8, concatenated) ...
# term_hashes.npy + term_order.npy       ... and its lookup: sorted 64-bit hashes -> term ids
# post_win.npy, post_w.npy, indptr.npy,  the compiled search structures (see compiled.Compiled),
# idf.npy, win_start.npy, access.npy,    loaded as they are, memory-mapped: the processes of one
# meta_codes.npy, meta.json, titles.json machine share them through the page cache
# manifest.json                          written last


def term_hash(term: str) -> int:
    """The 64-bit hash the vocabulary is looked up by."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")


class Vocabulary:
    """Term -> id lookup over memory-mapped arrays (a dict of a million terms per process is not shared)."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray, hashes: np.ndarray, order: np.ndarray) -> None:
        self._blob, self._offsets, self._hashes, self._order = blob, offsets, hashes, order

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def term(self, tid: int) -> str:
        return bytes(self._blob[self._offsets[tid] : self._offsets[tid + 1]]).decode()

    def get(self, term: str, default: int | None = None) -> int | None:
        h = np.uint64(term_hash(term))
        i = int(np.searchsorted(self._hashes, h))
        while i < len(self._hashes) and self._hashes[i] == h:
            tid = int(self._order[i])
            if self.term(tid) == term:
                return tid
            i += 1
        return default

    def terms(self) -> list[str]:
        data = bytes(self._blob)
        offsets = self._offsets.tolist()
        return [data[a:b].decode() for a, b in zip(offsets, offsets[1:], strict=False)]


def _save(directory: Path, name: str, array: np.ndarray) -> None:
    np.save(directory / name, np.ascontiguousarray(array), allow_pickle=False)


def mapped(path: Path) -> np.ndarray:
    """The array saved in ``path``, memory-mapped read-only.

    A plain ndarray over the mapping: ``np.memmap``'s own indexing costs about
    a microsecond per slice, which the postings of a query add up.
    """
    return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))


def _map(directory: Path, name: str) -> np.ndarray:
    return mapped(directory / name)


def write_vocabulary(directory: Path, terms: list[str]) -> None:
    encoded = [t.encode() for t in terms]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    (directory / "terms.bin").write_bytes(b"".join(encoded))
    hashes = np.fromiter((term_hash(t) for t in terms), dtype=np.uint64, count=len(terms))
    order = np.argsort(hashes, kind="stable")
    _save(directory, "term_offsets.npy", offsets)
    _save(directory, "term_hashes.npy", hashes[order])
    _save(directory, "term_order.npy", order.astype(np.int32))


def read_vocabulary(directory: Path) -> Vocabulary:
    blob = (
        np.asarray(np.memmap(directory / "terms.bin", dtype=np.uint8, mode="r"))
        if (directory / "terms.bin").stat().st_size
        else np.zeros(0, np.uint8)
    )
    return Vocabulary(
        blob, _map(directory, "term_offsets.npy"), _map(directory, "term_hashes.npy"), _map(directory, "term_order.npy")
    )


def write_passages(directory: Path, rows: Iterable[dict[str, Any]]) -> int:
    """One JSON line per passage, and the offset of each line; returns the number of passages."""
    offsets = [0]
    with open(directory / "passages.jsonl", "wb") as f:
        for row in rows:
            line = (json.dumps(row, ensure_ascii=False) + "\n").encode()
            f.write(line)
            offsets.append(offsets[-1] + len(line))
    _save(directory, "passage_offsets.npy", np.asarray(offsets, dtype=np.int64))
    return len(offsets) - 1


class StoredPassages:
    """The passages of a generation, read from the memory-mapped file row by row when needed."""

    def __init__(self, directory: Path) -> None:
        self.offsets = _map(directory, "passage_offsets.npy")
        size = (directory / "passages.jsonl").stat().st_size
        self._data: mmap.mmap | bytes = b""
        if size:
            with open(directory / "passages.jsonl", "rb") as f:
                self._data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, i: int) -> dict[str, Any]:
        row: dict[str, Any] = json.loads(self._data[int(self.offsets[i]) : int(self.offsets[i + 1])])
        return row

    def __getitem__(self, i: int) -> str:
        """The id of passage ``i`` (``Compiled.ids`` of a loaded generation)."""
        return str(self.row(i)["id"])

    def rows(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self)):
            yield self.row(i)

    def find(self, passage_id: str) -> int | None:
        if self._rows is None:
            self._rows = {row["id"]: i for i, row in enumerate(self.rows())}
        return self._rows.get(passage_id)
