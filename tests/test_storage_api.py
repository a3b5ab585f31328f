"""Files go through Django's storage API only, so shared storage may be S3 (django-storages).

A storage without local paths (in memory, whose ``path()`` raises as S3's
does) carries an upload through extraction, indexing and download;
and no code reaches for a file's path on disk or for ``MEDIA_ROOT``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civildesk.library.models import Document, Status
from conftest import close_response

ROOT = Path(__file__).resolve().parent.parent
DECREE = """NGHỊ ĐỊNH
Quy định về kho lưu trữ dùng chung

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc lưu giữ tệp trên kho dùng chung của tỉnh.
"""


class NoPathStorage(InMemoryStorage):
    """Like S3: files have names and contents, no path on this machine."""

    def path(self, name: str) -> str:
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name: str) -> str:  # the in-memory tree's own use of paths
        return os.path.relpath(InMemoryStorage.path(self, name), self.location)


@pytest.fixture
def storage_without_paths(settings, isolated_data):
    settings.CIVILDESK_INDEX_DENSE = False
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.test_storage_api.NoPathStorage"}}
    from django.core.files.storage import default_storage

    with pytest.raises(NotImplementedError):
        default_storage.path("x")
    return default_storage


def test_an_upload_is_read_indexed_and_downloaded_from_a_storage_without_local_paths(
    client, staff_a, units, storage_without_paths, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:upload"),
            {
                "file": SimpleUploadedFile("kho.txt", DECREE.encode()),
                "unit": units["a"].pk,
                "scope": "unit",
                "title": "",
            },
        )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.status == Status.READY, document.error
    version = document.versions.get()
    assert storage_without_paths.exists(version.file.name)

    download = client.get(reverse("library:download", args=[version.pk]))
    assert b"".join(download.streaming_content) == DECREE.encode()
    close_response(download)


# Reaching a stored file by its path works on a shared directory and fails on S3.
FORBIDDEN = re.compile(r"\.file\.path\b|\bMEDIA_ROOT\b|\.path\(\s*\w*\.?name\s*\)|open\([^)]*MEDIA")
ALLOWED = {
    "civildesk/settings.py",
    "civildesk/settings_test.py",
    "civildesk/org/storage.py",  # the file-system storage itself
    "civildesk/org/backup.py",  # `manage.py backup`: the embedded (SQLite) mode, files on local disk by definition
}


def test_no_code_opens_a_stored_file_by_its_path():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "civildesk").rglob("*.py"))
        if "/tests/" not in str(path) and "/migrations/" not in str(path) and str(path.relative_to(ROOT)) not in ALLOWED
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []
