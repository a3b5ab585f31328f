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

import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["FormatError", "activate", "current_name", "generation_number", "new_generation_dir"]

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
