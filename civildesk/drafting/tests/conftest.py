from __future__ import annotations

import pytest

from civildesk.library import search

from .examples import EXAMPLES, TYPES, example

__all__ = ["EXAMPLES", "TYPES", "content", "example"]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Each test gets its own retrieval index and file storage (as in the library's tests)."""
    settings.CIVILDESK_INDEX_DIR = tmp_path / "index"
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files", "base_url": None}},
    }
    search._cached = None
    yield
    search._cached = None


def content(doc_type: str = "GM", **overrides) -> dict:
    """A draft's content fields, from the example document of that type."""
    from civildesk.drafting.models import CONTENT_FIELDS, LIST_FIELDS

    data = example(doc_type)
    out = {k: data.get(k, "") for k in CONTENT_FIELDS}
    for k in LIST_FIELDS:
        out[k] = "\n".join(data.get(k) or [])
    out.update(overrides)
    return out
