"""Backup and restore of the embedded mode (SQLite): the database, the files and the keys.

A backup is two files, both written with mode 0600:

- the data archive (``DEST``, a .tar.gz): ``manifest.json``, ``db.sqlite3``
  (SQLite's online backup API, consistent while the server runs), ``files/``
  (uploaded and generated documents) and ``audit/anchor.log``;
- the keys file (``--keys-dest``, default ``DEST.keys.tar``): the field key
  (identities of denouncers) and the audit key, with a README. Store it apart
  from the data archive: whoever holds both can read every identity.

``backup_restore`` puts them back where the *current* settings say, closes
the database connections first, and leaves the caller to migrate, verify the
audit trail and rebuild the search index (``manage.py restore`` does).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
KEYS_README = """CivilDesk keys — KEEP APART FROM THE DATA BACKUP, NEVER IN THE SAME PLACE.

field.key decrypts the identity of every person who filed a complaint or a
denunciation; audit.key proves the audit trail was not rewritten. Whoever has
this file and the data archive can read every denouncer's identity. Without
field.key a restored database cannot show any identity.

Restore with: manage.py restore DATA_ARCHIVE --keys THIS_FILE
"""


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator."""


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def _open_private(path: Path) -> Any:
    """A new file readable by its owner only (replaces an existing one)."""
    _private_dir(path.parent)
    if path.exists():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def make_private(path: Path) -> None:
    if path.exists():
        os.chmod(path, 0o600)


def sqlite_path() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            "manage.py backup and restore are for the embedded mode (SQLite); on PostgreSQL use pg_dump and "
            "pg_restore as docs/operations.md describes, and back the key files up apart."
        )
    return Path(settings.DATABASES["default"]["NAME"])


def _key_files() -> dict[str, Path]:
    return {"field.key": Path(settings.CIVILDESK_FIELD_KEY_FILE), "audit.key": Path(settings.CIVILDESK_AUDIT_KEY_FILE)}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


@dataclass
class BackupResult:
    archive: Path
    keys: Path
    manifest: dict[str, Any]


def backup_create(*, dest: Path, keys_dest: Path | None = None) -> BackupResult:
    """Write the data archive and the keys file. Safe while the server runs."""
    sqlite_path()  # refuses PostgreSQL
    keys_dest = keys_dest or dest.with_name(dest.name + ".keys.tar")
    if keys_dest.resolve() == dest.resolve():
        raise BackupError("The keys must go to another file than the data archive.")
    from .auditkey import audit_key

    audit_key()  # create it now if no entry was ever written, so that it is in the backup
    keys = _key_files()
    missing = [str(p) for name, p in keys.items() if name == "audit.key" and not p.exists()]
    if missing:
        raise BackupError(f"Key file missing: {', '.join(missing)}")
    anchor = Path(settings.CIVILDESK_AUDIT_ANCHOR_FILE)
    # The anchor is read before the database is copied, so it never names an entry the copy lacks.
    anchor_data = anchor.read_bytes() if anchor.exists() else b""
    with tempfile.TemporaryDirectory(prefix="civildesk-backup-") as tmp:
        os.chmod(tmp, 0o700)
        db_copy = Path(tmp) / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(db_copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": "sqlite",
            "keys_file": keys_dest.name,
            "field_key": keys["field.key"].exists(),
        }
        files_root = Path(settings.MEDIA_ROOT)
        with _open_private(dest) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
            tar.add(db_copy, arcname="db.sqlite3")
            if files_root.exists():
                tar.add(files_root, arcname="files")
            _add_bytes(tar, "audit/anchor.log", anchor_data)
    with _open_private(keys_dest) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        _add_bytes(tar, "README.txt", KEYS_README.encode())
        for name, path in keys.items():
            if path.exists():
                _add_bytes(tar, name, path.read_bytes())
    return BackupResult(archive=dest, keys=keys_dest, manifest=manifest)


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Refusing an unsafe entry in the archive: {member.name}")
        members.append(member)
    return members


def _write_private(path: Path, data: bytes) -> None:
    with _open_private(path) as f:
        f.write(data)


@dataclass
class RestoreResult:
    database: Path
    files: int
    keys: list[str]


def backup_restore(*, src: Path, keys_src: Path | None, force: bool = False) -> RestoreResult:
    """Put a backup back where the current settings say. Refuses to overwrite data or keys unless ``force``."""
    db_path = sqlite_path()
    keys_src = keys_src or src.with_name(src.name + ".keys.tar")
    if not keys_src.exists():
        raise BackupError(
            f"The keys file {keys_src} is missing: without the field key no identity can be read after the "
            "restore. Pass it with --keys."
        )
    with tarfile.open(keys_src, mode="r") as tar:
        key_data = {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in _safe_members(tar)
            if m.isfile() and m.name in _key_files()
        }
    if "field.key" not in key_data:
        raise BackupError(f"{keys_src} holds no field.key.")
    for name, path in _key_files().items():
        if name in key_data and path.exists() and path.read_bytes() != key_data[name] and not force:
            raise BackupError(
                f"{path} exists and is another key; move it away (or pass --force) before restoring this backup."
            )
    if db_path.exists() and db_path.stat().st_size > 0 and not force:
        raise BackupError(f"{db_path} exists; pass --force to replace it with the backup.")

    with tarfile.open(src, mode="r:gz") as tar:
        members = _safe_members(tar)
        names = {m.name for m in members}
        if "manifest.json" not in names or "db.sqlite3" not in names:
            raise BackupError(f"{src} is not a CivilDesk backup (no manifest or database).")
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        connections.close_all()
        _private_dir(db_path.parent)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        tmp_db = db_path.with_name(db_path.name + ".restoring")
        _write_private(tmp_db, tar.extractfile("db.sqlite3").read())  # type: ignore[union-attr]
        os.replace(tmp_db, db_path)
        files_root = Path(settings.MEDIA_ROOT)
        if force and files_root.exists():
            shutil.rmtree(files_root)
        count = 0
        for member in members:
            if member.isfile() and member.name.startswith("files/"):
                target = files_root / PurePosixPath(member.name).relative_to("files")
                _write_private(target, tar.extractfile(member).read())  # type: ignore[union-attr]
                count += 1
        if "audit/anchor.log" in names:
            _write_private(
                Path(settings.CIVILDESK_AUDIT_ANCHOR_FILE),
                tar.extractfile("audit/anchor.log").read(),  # type: ignore[union-attr]
            )
    for name, path in _key_files().items():
        if name in key_data:
            _write_private(path, key_data[name])
    from .auditkey import _load_key

    _load_key.cache_clear()
    return RestoreResult(database=db_path, files=count, keys=sorted(key_data))


def sqlite_make_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: the SQLite database (and its WAL, which copies its mode) is not world-readable."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if name and not name.startswith(("file:", ":memory:")) and os.path.exists(name):
        mode = os.stat(name).st_mode & 0o777
        if mode & 0o077:
            os.chmod(name, 0o600)
