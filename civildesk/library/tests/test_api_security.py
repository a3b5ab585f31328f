"""The library's JSON API: pages in the database, bounded queries, bad input (issue 17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civildesk.library.models import Document

from .test_views import _upload

pytestmark = pytest.mark.usefixtures("lexical_only")


@pytest.fixture
def three_documents(client, staff_a, units, django_capture_on_commit_callbacks):
    from .test_services import DECREE

    client.force_login(staff_a)
    for n in range(3):
        data = DECREE.replace("99/2026/NĐ-CP", f"9{n}/2026/NĐ-CP").encode()
        _upload(client, units, name=f"nd{n}.txt", data=data, capture=django_capture_on_commit_callbacks)
    assert Document.objects.count() == 3
    return client


def test_documents_are_paged_in_the_database(three_documents):
    with CaptureQueriesContext(connection) as queries:
        data = three_documents.get("/api/v1/library/documents", {"limit": 2}).json()
    assert data["count"] == 3 and len(data["items"]) == 2
    assert data["items"][0]["url"].startswith("/library/")
    selects = [q["sql"] for q in queries if 'FROM "library_document"' in q["sql"] and "COUNT(" not in q["sql"]]
    assert selects and all("LIMIT" in sql for sql in selects)


def test_document_detail_lists_its_articles(three_documents):
    doc = Document.objects.order_by("pk").first()
    data = three_documents.get(f"/api/v1/library/documents/{doc.pk}").json()
    assert data["id"] == doc.pk and data["url"] == doc.get_absolute_url()
    assert data["articles"] and data["articles"][0]["url"].startswith(doc.get_absolute_url())


def test_search_query_is_capped(client, staff_a, db):
    client.force_login(staff_a)
    response = client.get("/api/v1/library/search", {"q": "viên chức " * 60})
    assert response.status_code == 422
    assert "500" in str(response.json()["detail"])
    assert client.get("/api/v1/library/search", {"q": "viên chức"}).status_code == 200


@pytest.mark.parametrize("param", ["type", "validity"])
def test_nul_byte_in_a_filter_is_a_400(client, staff_a, db, param):
    client.force_login(staff_a)
    response = client.get("/api/v1/library/documents", {param: "luat\x00"})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert client.get(reverse("library:index"), {param: "luat\x00"}).status_code == 400
    assert client.get("/api/v1/library/search", {"q": "a\x00b"}).status_code == 400


def test_non_uuid_job_on_the_document_page_is_a_400(three_documents):
    doc = Document.objects.order_by("pk").first()
    assert three_documents.get(reverse("library:document", args=[doc.pk]), {"job": "abc"}).status_code == 400
