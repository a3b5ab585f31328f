"""The audit chain's key and its head anchor, both kept outside the database.

The key (``settings.CIVILDESK_AUDIT_KEY_FILE``, default
``CIVILDESK_DATA_DIR/keys/audit.key``) is 32 random bytes, created with mode
0600 on first use. Every entry's hash is ``HMAC-SHA256(key, prev_hash +
canonical JSON)``: someone who can write to the database but cannot read the
key file cannot recompute the chain after editing an entry.

The anchor (``settings.CIVILDESK_AUDIT_ANCHOR_FILE``, default
``CIVILDESK_DATA_DIR/audit/anchor.log``) is an append-only file of lines
``<time> <seq> <entry_hash> <mac>``: the head of the chain every
``CIVILDESK_AUDIT_ANCHOR_EVERY`` entries and at each verification. The same
line goes to the ``civildesk.audit`` log. Deleting the newest entries leaves
the database shorter than the last anchor, which ``audit_verify`` reports.
The key itself is never logged nor stored in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

log = logging.getLogger("civildesk.audit")


def key_file() -> Path:
    return Path(settings.CIVILDESK_AUDIT_KEY_FILE)


def anchor_file() -> Path:
    return Path(settings.CIVILDESK_AUDIT_ANCHOR_FILE)


@lru_cache(maxsize=4)
def _load_key(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
    key = bytes.fromhex(p.read_text().strip())  # fails loudly on a corrupt key file
    if len(key) < 32:
        raise ValueError(f"the audit key file {p} is too short")
    return key


def audit_key() -> bytes:
    return _load_key(str(key_file()))


def chain_mac(message: str) -> str:
    """HMAC-SHA256 of one entry's hashed text with the audit key (hex)."""
    return hmac.new(audit_key(), message.encode(), hashlib.sha256).hexdigest()


def legacy_hash(message: str) -> str:
    """The unkeyed SHA-256 entries were chained with before the key (see ``audit_rekey``)."""
    return hashlib.sha256(message.encode()).hexdigest()


@dataclass(frozen=True)
class Anchor:
    at: datetime
    seq: int
    entry_hash: str


def _anchor_mac(seq: int, entry_hash: str) -> str:
    return hmac.new(audit_key(), f"anchor:{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()


def anchor_write(*, seq: int, entry_hash: str) -> Anchor:
    """Append the head (seq, hash) to the anchor file and the log."""
    at = timezone.now()
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    line = f"{at.isoformat()} {seq} {entry_hash} {_anchor_mac(seq, entry_hash)}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a") as f:
        f.write(line)
    log.info("audit anchor seq=%d hash=%s", seq, entry_hash)
    return Anchor(at=at, seq=seq, entry_hash=entry_hash)


def anchor_last() -> Anchor | None:
    """The newest anchor whose MAC is right (forged or garbled lines are skipped), or None."""
    path = anchor_file()
    if not path.exists():
        return None
    best: Anchor | None = None
    for line in path.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        seq, entry_hash, mac = int(parts[1]), parts[2], parts[3]
        if not hmac.compare_digest(mac, _anchor_mac(seq, entry_hash)):
            continue
        if best is None or seq >= best.seq:
            try:
                at = datetime.fromisoformat(parts[0])
            except ValueError:
                continue
            best = Anchor(at=at, seq=seq, entry_hash=entry_hash)
    return best
