"""The language picker names each language in that language, whatever the page's language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page_language", ["vi", "en", "bn"])
def test_each_language_is_offered_in_its_own_name(client, page_language):
    client.cookies["civildesk_language"] = page_language
    html = client.get("/login/").content.decode()
    for code, name in (("vi", "Tiếng Việt"), ("en", "English"), ("bn", "বাংলা")):
        assert f'lang="{code}"' in html and f">{name}</option>" in html, (page_language, name)
    assert "Tiếng Anh" not in html and "ইংরেজি" not in html and "ইংলিশ" not in html
