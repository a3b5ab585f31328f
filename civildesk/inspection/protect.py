"""Encryption at rest of the identity of people who file cases (one seam).

The identity (name, phone, citizen ID, address, e-mail) is one Fernet token
(AES-128-CBC + HMAC-SHA256, from ``cryptography``). The key lives in a file
outside the database: ``settings.CIVILDESK_FIELD_KEY_FILE`` (env
``CIVILDESK_FIELD_KEY_FILE``, default ``CIVILDESK_DATA_DIR/keys/field.key``),
created with mode 0600 on first use. A database dump alone reveals nothing;
losing the key file loses the identities, so back it up separately
(``manage.py backup`` writes it to a separate keys file).

The database holds the key's check value: every identity is an authenticated
Fernet token, which decrypts only with the key that made it. Before the first
encryption or decryption in a process, one stored token is decrypted: a key
that does not match is refused (:class:`FieldKeyError`), and a missing key file
is *not* replaced by a new key while encrypted identities exist (a restore
without the key would otherwise silently encrypt new cases with another key).
Messages name the key's fingerprint (a hash of it), never the key.

"Same person" lookups use a keyed HMAC of the normalised citizen ID or phone
number, never the plain value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from civildesk.text import nfc


@dataclass(frozen=True)
class Identity:
    name: str = ""
    phone: str = ""
    citizen_id: str = ""
    address: str = ""
    email: str = ""

    def is_empty(self) -> bool:
        return not any(asdict(self).values())


class FieldKeyError(RuntimeError):
    """The field-encryption key file is missing or is not the key of the stored identities."""


def key_file() -> Path:
    return Path(settings.CIVILDESK_FIELD_KEY_FILE)


def key_fingerprint(key: bytes) -> str:
    """A short, one-way name of a key, safe to print and to store (never the key)."""
    return hashlib.sha256(b"civildesk/field-key-fingerprint\0" + key).hexdigest()[:16]


def _stored_token() -> str | None:
    """One encrypted identity from the database (the check value of the key), or None."""
    from django.db import DatabaseError

    from .models import Case

    try:
        return Case.objects.exclude(identity_token="").values_list("identity_token", flat=True).first()
    except DatabaseError:  # tables not created yet (migrate)
        return None


@lru_cache(maxsize=4)
def _load_key(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        if _stored_token() is not None:
            raise FieldKeyError(
                f"The field-encryption key file {p} is missing, but the database holds encrypted identities. "
                "Restore the key file from the backup's keys file (manage.py restore --keys ...) or set "
                "CIVILDESK_FIELD_KEY_FILE to it. A new key was NOT created: it could not read them."
            )
        p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Fernet.generate_key()
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(key + b"\n")
    key = p.read_bytes().strip()
    base64.urlsafe_b64decode(key)  # fails loudly on a corrupt key file
    return key


_verified: set[tuple[str, bytes]] = set()


def _checked_key() -> bytes:
    """The key, once it has decrypted a stored identity (checked once per process and key)."""
    path = str(key_file())
    key = _load_key(path)
    if (path, key) in _verified:
        return key
    token = _stored_token()
    if token is not None:
        try:
            Fernet(key).decrypt(token.encode("ascii"))
        except InvalidToken as exc:
            raise FieldKeyError(
                f"The field-encryption key file {path} (fingerprint {key_fingerprint(key)}) is not the key of the "
                "identities stored in the database. Restore the key file that was backed up with this database; "
                "nothing was encrypted or decrypted."
            ) from exc
        _verified.add((path, key))  # a key without any stored identity yet is checked again next time
    return key


def check_key() -> str:
    """Check the key against the database now; return its fingerprint or raise FieldKeyError."""
    return key_fingerprint(_checked_key())


def check_key_at_startup() -> None:
    """Called by the WSGI/ASGI entry points: a server with the wrong or a missing key does not start.

    Raises FieldKeyError (the message says which key file and what to do); a
    database that cannot be reached yet is left to the health check.
    """
    from django.db import DatabaseError

    try:
        fingerprint = check_key()
    except DatabaseError:
        return
    logging.getLogger(__name__).info("field-encryption key %s checked", fingerprint)


def _fernet() -> Fernet:
    return Fernet(_checked_key())


def _hmac_key() -> bytes:
    return hashlib.sha256(b"civildesk/inspection/person-key\0" + _checked_key()).digest()


def encrypt_identity(identity: Identity) -> str:
    if identity.is_empty():
        return ""
    data = {k: nfc(v).strip() for k, v in asdict(identity).items()}
    return _fernet().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode("ascii")


def decrypt_identity(token: str) -> Identity:
    if not token:
        return Identity()
    try:
        data = json.loads(_fernet().decrypt(token.encode("ascii")))
    except InvalidToken as exc:
        raise ValueError("the identity cannot be decrypted with this key file") from exc
    return Identity(**{k: data.get(k, "") for k in Identity.__dataclass_fields__})


def _normalise_id(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits


def _normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def _keyed(kind: str, value: str) -> str:
    if not value:
        return ""
    return hmac.new(_hmac_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def person_key(citizen_id: str) -> str:
    return _keyed("id", _normalise_id(citizen_id))


def phone_key(phone: str) -> str:
    return _keyed("phone", _normalise_phone(phone))
