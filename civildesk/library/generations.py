"""The search index on several app servers: generations published to the shared storage.

Each node (app server or worker machine) keeps its own copy of the index in
``CIVILDESK_INDEX_DIR``. A writer (an indexing job, a management command)
takes the write lock, which holds across machines, brings its copy up to the
newest published generation, changes it, saves it as generation *n + 1*,
copies its files to the default storage (``index/generations/<name>/``, the
shared directory or S3) and records it in the database (``IndexGeneration``)
before its own copy switches to it. Readers look at the newest number at most
once a second (:func:`civildesk.library.search.get_index`) and fetch a newer
generation into their own directory; a node with an empty directory fetches
the newest one, vectors included, and embeds nothing. Only the last
:data:`KEEP` generations stay published.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection

from civildesk.retrieval import store
from civildesk.retrieval.compiled import FORMAT_VERSION

from .models import IndexGeneration

log = logging.getLogger(__name__)

PREFIX = "index/generations"
KEEP = 3
#: The PostgreSQL advisory lock of the index writers ("cdidx").
LOCK_KEY = 0x6364696478
_NAME = re.compile(r"gen-\d{8}-[A-Za-z0-9_]+")
_FILE = re.compile(r"[A-Za-z0-9_.-]+")


class Unavailable(Exception):
    """A published generation cannot be fetched (missing, damaged, or of another format)."""


def newest() -> IndexGeneration | None:
    """The newest published generation (one small query)."""
    return IndexGeneration.objects.order_by("-number").first()


def is_newer(generation: IndexGeneration, local: str | None) -> bool:
    """Whether a node whose current generation is ``local`` should fetch ``generation``."""
    number = store.generation_number(local)
    return generation.number > number or (generation.number == number and generation.name != local)


@contextmanager
def write_lock() -> Iterator[None]:
    """Exclusive write access to the index, across processes and machines.

    PostgreSQL: an advisory lock, held to the end of the enclosing transaction
    when there is one (the published generation becomes visible when the lock
    is released), else until the block ends. SQLite, one machine by nature: a
    file lock beside the data.
    """
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            except DatabaseError:  # the connection is gone, and its lock with it
                log.warning("index write lock: the database connection was lost before unlocking")
        return
    path = Path(settings.DATA_DIR) / ".index-write.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def publish(directory: Path, *, number: int, passages: int) -> IndexGeneration:
    """Copy a saved generation to the shared storage and record it (call under :func:`write_lock`)."""
    name = directory.name
    files: dict[str, dict[str, Any]] = {}
    saved: list[str] = []
    try:
        for path in sorted(p for p in directory.iterdir() if p.is_file()):
            files[path.name] = {"size": path.stat().st_size, "sha256": _digest(path)}
            target = f"{PREFIX}/{name}/{path.name}"
            with open(path, "rb") as f:
                stored = default_storage.save(target, File(f))
            saved.append(stored)
            if stored != target:
                raise OSError(f"the storage already held {target}")
        info = json.loads((directory / "manifest.json").read_text())
        return IndexGeneration.objects.create(
            number=number, name=name, passages=passages, manifest={**info, "files": files}
        )
    except BaseException:
        for stored in saved:
            default_storage.delete(stored)
        raise


def fetch(index_dir: Path, generation: IndexGeneration) -> None:
    """Make ``generation`` the current one of the node's ``index_dir``, downloading it if needed.

    The node's processes (gunicorn workers) may call this at the same time:
    one downloads, the others wait and find it done. Raises :class:`Unavailable`.
    """
    name = generation.name
    if not _NAME.fullmatch(name):
        raise Unavailable(f"invalid generation name {name!r}")
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".fetch.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if store.current_name(index_dir) == name:
                return
            target = index_dir / name
            if not (target / "manifest.json").exists():
                _download(index_dir, generation, target)
            store.activate(index_dir, name)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _download(index_dir: Path, generation: IndexGeneration, target: Path) -> None:
    for stale in index_dir.glob(".fetch-*"):  # an interrupted download (we hold the node's fetch lock)
        shutil.rmtree(stale, ignore_errors=True)
    files = (generation.manifest or {}).get("files") or {}
    if "manifest.json" not in files:
        raise Unavailable("its record lists no files")
    if generation.manifest.get("format") != FORMAT_VERSION:
        raise Unavailable(f"format {generation.manifest.get('format')!r}, this version reads {FORMAT_VERSION}")
    tmp = Path(tempfile.mkdtemp(prefix=".fetch-", dir=index_dir))
    try:
        for file_name, meta in files.items():
            if not _FILE.fullmatch(file_name) or file_name.startswith("."):
                raise Unavailable(f"invalid file name {file_name!r}")
            digest = hashlib.sha256()
            try:
                with (
                    default_storage.open(f"{PREFIX}/{generation.name}/{file_name}", "rb") as src,
                    open(tmp / file_name, "wb") as dst,
                ):
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        dst.write(chunk)
            except OSError as exc:
                raise Unavailable(f"{file_name}: {exc}") from exc
            if digest.hexdigest() != meta.get("sha256"):
                raise Unavailable(f"{file_name} is damaged (its SHA-256 differs from the record)")
        os.rename(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def prune() -> None:
    """Keep the last :data:`KEEP` generations; remove older records and every unrecorded directory."""
    kept = list(IndexGeneration.objects.order_by("-number")[:KEEP])
    if not kept:
        return
    IndexGeneration.objects.filter(number__lt=kept[-1].number).delete()
    names = {g.name for g in kept}
    top = kept[0].number
    try:
        directories, _files = default_storage.listdir(PREFIX)
    except (FileNotFoundError, NotImplementedError):
        return
    for directory in directories:
        # Directories numbered above the newest record belong to a writer that has not recorded them yet.
        if directory in names or store.generation_number(directory) > top:
            continue
        _dirs, files = default_storage.listdir(f"{PREFIX}/{directory}")
        for file_name in files:
            default_storage.delete(f"{PREFIX}/{directory}/{file_name}")
        with contextlib.suppress(NotImplementedError, OSError):  # a file-system storage keeps empty directories
            os.rmdir(default_storage.path(f"{PREFIX}/{directory}"))
