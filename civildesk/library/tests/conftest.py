from __future__ import annotations

import pytest

from civildesk.library import search


@pytest.fixture(autouse=True)
def _private_index(settings, tmp_path):
    """Each test gets its own retrieval index directory."""
    settings.CIVILDESK_INDEX_DIR = tmp_path / "index"
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files", "base_url": None}},
    }
    search._cached = None
    yield
    search._cached = None


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level messages are asserted in English (pages are tested in Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def lexical_only(settings):
    settings.CIVILDESK_INDEX_DENSE = False
