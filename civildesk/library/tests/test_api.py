"""The library's JSON API through the test client: a session, a bearer token, and what each may read."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from civildesk.library.models import Document, Scope
from civildesk.org import services as org_services

from .test_services import upload

pytestmark = pytest.mark.usefixtures("lexical_only")

PUBLIC_LAW = [
    {
        "id": "Luật Lưu trữ thử nghiệm",
        "articles": [
            {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về hoạt động lưu trữ tài liệu."},
            {"id": "2", "text": "Thời hạn bảo quản\n\nTài liệu lưu trữ vĩnh viễn được bảo quản tại lưu trữ lịch sử."},
        ],
    }
]


@pytest.fixture
def library(staff_a, units, tmp_path, django_capture_on_commit_callbacks):
    """An internal decree of department A, and a public law."""
    internal = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks).document
    path = tmp_path / "law.json"
    path.write_text(json.dumps(PUBLIC_LAW, ensure_ascii=False), encoding="utf-8")
    call_command("import_legal_corpus", str(path))
    return SimpleNamespace(internal=internal, public=Document.objects.get(scope=Scope.PUBLIC))


def bearer(user) -> dict[str, str]:
    _token, key = org_services.api_token_create(user=user, name="test script")
    return {"Authorization": f"Bearer {key}"}


def test_anonymous_callers_are_refused(client, library):
    assert client.get("/api/v1/library/search", {"q": "lưu trữ"}).status_code == 401
    assert client.get("/api/v1/library/documents").status_code == 401
    assert client.get(f"/api/v1/library/documents/{library.public.pk}").status_code == 401


def test_a_session_lists_searches_and_reads_its_units_documents(client, staff_a, library):
    client.force_login(staff_a)

    listed = client.get("/api/v1/library/documents").json()
    hits = client.get("/api/v1/library/search", {"q": "hồ sơ nhân sự vĩnh viễn"}).json()
    detail = client.get(f"/api/v1/library/documents/{library.internal.pk}").json()

    assert listed["count"] == 2
    assert {d["id"] for d in listed["items"]} == {library.internal.pk, library.public.pk}
    assert (hits[0]["document_id"], hits[0]["label"]) == (library.internal.pk, "Điều 2")
    assert "<mark>" in hits[0]["snippet"]
    assert detail["number_symbol"] == "99/2026/NĐ-CP"
    assert [a["label"] for a in detail["articles"]] == ["Điều 1", "Điều 2", "Điều 3"]
    assert detail["articles"][1]["url"] == f"/library/{library.internal.pk}/#chuong-i/dieu-2"


def test_a_bearer_token_reads_what_its_user_may_read(client, staff_a, library):
    headers = bearer(staff_a)

    detail = client.get(f"/api/v1/library/documents/{library.internal.pk}", headers=headers)
    hits = client.get("/api/v1/library/search", {"q": "hồ sơ nhân sự vĩnh viễn"}, headers=headers).json()

    assert detail.status_code == 200
    assert detail.json()["title"] == library.internal.title
    assert hits[0]["document_id"] == library.internal.pk


def test_another_units_token_is_refused_the_internal_document(client, staff_b, library):
    headers = bearer(staff_b)

    listed = client.get("/api/v1/library/documents", headers=headers).json()
    hits = client.get("/api/v1/library/search", {"q": "hồ sơ nhân sự vĩnh viễn"}, headers=headers).json()

    assert client.get(f"/api/v1/library/documents/{library.internal.pk}", headers=headers).status_code == 404
    assert [d["id"] for d in listed["items"]] == [library.public.pk]
    assert library.internal.pk not in {h["document_id"] for h in hits}
    assert client.get(f"/api/v1/library/documents/{library.public.pk}", headers=headers).status_code == 200


def test_another_units_session_is_refused_the_internal_document(client, staff_b, library):
    client.force_login(staff_b)

    assert client.get(f"/api/v1/library/documents/{library.internal.pk}").status_code == 404
    assert client.get("/api/v1/library/documents").json()["count"] == 1


def test_documents_are_filtered_and_paginated(client, staff_a, library):
    client.force_login(staff_a)
    doc_type = library.internal.doc_type

    page = client.get("/api/v1/library/documents", {"limit": 1, "offset": 1}).json()
    typed = client.get("/api/v1/library/documents", {"type": doc_type}).json()

    assert page["count"] == 2 and len(page["items"]) == 1
    assert [d["id"] for d in typed["items"]] == [library.internal.pk]
    assert client.get("/api/v1/library/documents", {"type": "no-such-type"}).json()["count"] == 0


def test_search_returns_k_hits_and_at_least_one(client, staff_a, library):
    client.force_login(staff_a)

    assert len(client.get("/api/v1/library/search", {"q": "lưu trữ", "k": 2}).json()) == 2
    assert len(client.get("/api/v1/library/search", {"q": "lưu trữ", "k": 0}).json()) == 1
