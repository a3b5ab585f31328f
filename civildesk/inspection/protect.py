"""Encryption at rest of the identity of people who file cases (one seam).

The identity (name, phone, citizen ID, address, e-mail) is one Fernet token
(AES-128-CBC + HMAC-SHA256, from ``cryptography``). The key lives in a file
outside the database: ``settings.CIVILDESK_FIELD_KEY_FILE`` (env
``CIVILDESK_FIELD_KEY_FILE``, default ``CIVILDESK_DATA_DIR/keys/field.key``),
created with mode 0600 on first use. A database dump alone reveals nothing;
losing the key file loses the identities, so back it up separately.

"Same person" lookups use a keyed HMAC of the normalised citizen ID or phone
number, never the plain value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
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


def key_file() -> Path:
    return Path(settings.CIVILDESK_FIELD_KEY_FILE)


@lru_cache(maxsize=4)
def _load_key(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
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


def _fernet() -> Fernet:
    return Fernet(_load_key(str(key_file())))


def _hmac_key() -> bytes:
    return hashlib.sha256(b"civildesk/inspection/person-key\0" + _load_key(str(key_file()))).digest()


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
