from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated(isolated_data, english):
    """Each test gets its own files and retrieval index; messages in English."""
    yield


@pytest.fixture
def lexical_only(settings):
    settings.CIVILDESK_INDEX_DENSE = False
