"""The API docs page works offline: Swagger UI comes from the app's own static files."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def test_the_docs_page_references_no_external_host(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any("swagger-ui-bundle" in url for url in urls)
    assert [url for url in urls if re.match(r"(?:https?:)?//", url)] == []


def test_the_swagger_assets_are_found_by_staticfiles():
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name
