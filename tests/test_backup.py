"""Backup and restore of the embedded mode, as docs/operations.md describes it (issue 17).

The data is made here, backed up with ``manage.py backup``, then restored by
another process with other settings (a new CIVILDESK_DATA_DIR, no key file),
which must read the denouncer's identity, pass ``audit_verify`` and answer the
same search.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from civildesk.inspection import protect
from civildesk.inspection.models import CaseType, Channel
from civildesk.org.models import Role

ROOT = Path(__file__).resolve().parent.parent
DECREE = """NGHỊ ĐỊNH
Quy định về lưu trữ hồ sơ nhân sự

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc lưu trữ hồ sơ nhân sự của cán bộ, công chức.

Điều 2. Thời hạn lưu trữ
Hồ sơ nhân sự được lưu trữ vĩnh viễn tại cơ quan quản lý.
"""
DENOUNCER = protect.Identity(name="Lò Thị Bảo Mật", phone="0912000111", citizen_id="020190000111", address="Bản Ngà")

sqlite_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="manage.py backup is for the embedded (SQLite) mode",
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _manage(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVILDESK_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="civildesk.settings",
        CIVILDESK_DATA_DIR=str(data_dir),
        CIVILDESK_INDEX_DENSE="0",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def old_instance(isolated_data, settings):
    settings.CIVILDESK_FIELD_KEY_FILE = isolated_data / "keys" / "field.key"
    settings.CIVILDESK_INDEX_DENSE = False
    protect._load_key.cache_clear()
    yield isolated_data
    protect._load_key.cache_clear()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_new_directory(old_instance, units, make_persona, tmp_path):
    from civildesk.inspection import services as inspection
    from civildesk.library import search
    from civildesk.library import services as library

    reception = make_persona("reception.a", units["a"], Role.STAFF)
    reader = make_persona("reader.a", units["a"], Role.STAFF)
    case = inspection.case_register(
        actor=reception,
        unit=units["a"],
        case_type=CaseType.DENUNCIATION,
        channel=Channel.IN_PERSON,
        title="Tố cáo sai phạm",
        content="Tố cáo việc thu tiền sai quy định tại bộ phận một cửa.",
        identity=DENOUNCER,
    ).case
    document = library.document_upload(
        actor=reception, data=DECREE.encode(), filename="nghi-dinh.txt", unit=units["a"]
    ).document
    document.refresh_from_db()
    assert document.status == "ready"
    before = [(r.document.pk, r.article.anchor) for r in search.search(reader, "hồ sơ lưu trữ vĩnh viễn", k=5)]
    assert before
    call_command("audit_verify")

    archive = tmp_path / "backup" / "civildesk.tar.gz"
    call_command("backup", str(archive))
    keys = archive.with_name(archive.name + ".keys.tar")
    assert _mode(archive) == 0o600 and _mode(keys) == 0o600
    assert b"field.key" not in archive.read_bytes()  # the keys are not in the data archive

    new_dir = tmp_path / "new-instance"
    restored = _manage("restore", str(archive), "--keys", str(keys), data_dir=new_dir)
    assert restored.returncode == 0, restored.stderr + restored.stdout
    assert "audit trail intact" in restored.stdout
    for path in (new_dir / "civildesk.sqlite3", new_dir / "keys" / "field.key", new_dir / "keys" / "audit.key"):
        assert _mode(path) == 0o600, path

    script = (
        "import json; from civildesk.inspection import protect; from civildesk.inspection.models import Case; "
        "from civildesk.library import search; from civildesk.org.models import User; "
        f"case = Case.objects.get(pk={case.pk}); reader = User.objects.get(username='reader.a'); "
        "print(json.dumps({'name': protect.decrypt_identity(case.identity_token).name, "
        "'hits': [[r.document.pk, r.article.anchor] for r in search.search(reader, 'hồ sơ lưu trữ vĩnh viễn', k=5)]}))"
    )
    checked = _manage("shell", "-c", script, data_dir=new_dir)
    assert checked.returncode == 0, checked.stderr
    answer = json.loads(checked.stdout.strip().splitlines()[-1])
    assert answer["name"] == DENOUNCER.name
    assert [tuple(hit) for hit in answer["hits"]] == before
    verified = _manage("audit_verify", data_dir=new_dir)
    assert verified.returncode == 0, verified.stderr

    # The same instance without its field key refuses to start instead of making a new key.
    (new_dir / "keys" / "field.key").unlink()
    started = _manage("shell", "-c", "import civildesk.wsgi", data_dir=new_dir)
    assert started.returncode != 0
    assert "FieldKeyError" in started.stderr and "is missing" in started.stderr
    assert not (new_dir / "keys" / "field.key").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_without_the_keys_file_is_refused(old_instance, units, tmp_path):
    archive = tmp_path / "civildesk.tar.gz"
    call_command("backup", str(archive))
    archive.with_name(archive.name + ".keys.tar").unlink()
    refused = _manage("restore", str(archive), data_dir=tmp_path / "new")
    assert refused.returncode != 0
    assert "keys file" in refused.stderr
    assert not (tmp_path / "new" / "civildesk.sqlite3").exists()


# --- The field key must match the encrypted identities ------------------------


def _denunciation(units, make_persona):
    from civildesk.inspection import services as inspection

    reception = make_persona("reception.a", units["a"], Role.STAFF)
    return inspection.case_register(
        actor=reception,
        unit=units["a"],
        case_type=CaseType.DENUNCIATION,
        channel=Channel.IN_PERSON,
        title="Tố cáo",
        content="Nội dung tố cáo.",
        identity=DENOUNCER,
    ).case


def test_a_missing_key_file_is_not_replaced_while_identities_are_encrypted(old_instance, units, make_persona, settings):
    case = _denunciation(units, make_persona)
    settings.CIVILDESK_FIELD_KEY_FILE = old_instance / "restored-without-keys" / "field.key"
    protect._load_key.cache_clear()

    with pytest.raises(protect.FieldKeyError, match="missing.*NOT created"):
        protect.encrypt_identity(DENOUNCER)
    with pytest.raises(protect.FieldKeyError):
        protect.decrypt_identity(case.identity_token)
    assert not settings.CIVILDESK_FIELD_KEY_FILE.exists()


def test_a_key_that_does_not_match_the_identities_is_refused(old_instance, units, make_persona, settings):
    from cryptography.fernet import Fernet

    _denunciation(units, make_persona)
    other = old_instance / "other" / "field.key"
    other.parent.mkdir()
    other.write_bytes(Fernet.generate_key())
    settings.CIVILDESK_FIELD_KEY_FILE = other
    protect._load_key.cache_clear()

    with pytest.raises(protect.FieldKeyError, match=r"fingerprint [0-9a-f]{16}\) is not the key") as refused:
        protect.encrypt_identity(DENOUNCER)
    assert other.read_bytes().decode() not in str(refused.value)  # the key itself is never in a message


@sqlite_only
def test_the_sqlite_database_is_not_world_readable(tmp_path):
    data_dir = tmp_path / "fresh"
    done = _manage("migrate", "-v0", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert _mode(data_dir / "civildesk.sqlite3") & 0o077 == 0
    assert connection.vendor in ("sqlite", "postgresql")
