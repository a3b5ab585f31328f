from __future__ import annotations

import pytest

from civildesk.drafting import services
from civildesk.drafting.models import Draft

from .conftest import content
from .examples import example


@pytest.fixture
def draft(staff_a, units):
    return services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))


def test_schema_lists_the_drafting_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/drafting/drafts",
        "/api/v1/drafting/drafts/{draft_id}",
        "/api/v1/drafting/drafts/{draft_id}/render",
        "/api/v1/drafting/render",
    ):
        assert path in paths
    assert "post" in paths["/api/v1/drafting/drafts"]


def test_anonymous_is_refused(client, draft):
    assert client.get("/api/v1/drafting/drafts").status_code == 401


def test_list_and_get(client, staff_a, staff_b, draft):
    client.force_login(staff_a)
    items = client.get("/api/v1/drafting/drafts").json()["items"]
    assert [d["id"] for d in items] == [draft.pk]
    one = client.get(f"/api/v1/drafting/drafts/{draft.pk}").json()
    assert one["subject"] == draft.subject and one["status"] == "draft" and one["number"] is None
    client.force_login(staff_b)
    assert client.get("/api/v1/drafting/drafts").json()["items"] == []
    assert client.get(f"/api/v1/drafting/drafts/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/drafting/drafts/{draft.pk}/render").status_code == 404


def test_create(client, staff_a, units):
    client.force_login(staff_a)
    body = {**content("TB"), "unit_id": units["a"].pk, "doc_type": "TB"}
    response = client.post("/api/v1/drafting/drafts", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Draft.objects.get().doc_type == "TB"


def test_create_in_another_unit_is_forbidden(client, staff_b, units):
    client.force_login(staff_b)
    body = {**content("TB"), "unit_id": units["a"].pk, "doc_type": "TB"}
    assert client.post("/api/v1/drafting/drafts", body, content_type="application/json").status_code == 403
    assert not Draft.objects.exists()


def test_create_with_bad_content_is_422_and_saves_nothing(client, staff_a, units):
    client.force_login(staff_a)
    body = {**content("CV"), "unit_id": units["a"].pk, "doc_type": "CV", "unit_code": "", "authority": "ZZ"}
    response = client.post("/api/v1/drafting/drafts", body, content_type="application/json")
    assert response.status_code == 422
    assert "unit_code" in response.json()["detail"]
    assert not Draft.objects.exists()


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!doctype html>")])
def test_render_a_draft(client, staff_a, draft, fmt, magic):
    client.force_login(staff_a)
    response = client.get(f"/api/v1/drafting/drafts/{draft.pk}/render", {"format": fmt})
    assert response.status_code == 200 and response.content.startswith(magic)


def test_render_posted_json(client, staff_a):
    client.force_login(staff_a)
    response = client.post("/api/v1/drafting/render?format=pdf", example("QD"), content_type="application/json")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    bad = client.post(
        "/api/v1/drafting/render",
        {**example("QD"), "authority": "KT", "on_behalf_of": ""},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "on_behalf_of" in bad.json()["detail"]


# --- Bearer tokens, limits, pagination (issue 17) ---------------------------


@pytest.fixture
def token_client(staff_a):
    """A script's client: a bearer token, no session, CSRF enforced as in production."""
    from django.test import Client

    from civildesk.org.services import api_token_create

    _, key = api_token_create(user=staff_a, name="script")
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})


def test_create_with_a_bearer_token(token_client, units):
    body = {**content("TB"), "unit_id": units["a"].pk, "doc_type": "TB"}
    response = token_client.post("/api/v1/drafting/drafts", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["url"] == Draft.objects.get().get_absolute_url()


def test_render_with_a_bearer_token(token_client):
    response = token_client.post("/api/v1/drafting/render?format=html", example("QD"), content_type="application/json")
    assert response.status_code == 200, response.content


def test_session_post_still_needs_the_csrf_token(staff_a, units):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_a)
    body = {**content("TB"), "unit_id": units["a"].pk, "doc_type": "TB"}
    response = browser.post("/api/v1/drafting/drafts", body, content_type="application/json")
    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_render_refuses_a_body_over_the_api_limit(token_client, settings):
    settings.CIVILDESK_API_MAX_BODY_KB = 64
    big = {**example("QD"), "body": "Điều khoản. " * 10_000}
    response = token_client.post("/api/v1/drafting/render", big, content_type="application/json")
    assert response.status_code == 413
    assert "64 KB" in response.json()["detail"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "a\n" * 1_001, "more than 1000 paragraphs"),
        ("body", "x" * 100_001, "longer than 100000 characters"),
        ("recipients", ["Sở Tài chính"] * 101, "more than 100 lines"),
    ],
)
def test_render_refuses_a_document_too_large_to_lay_out(token_client, field, value, message):
    response = token_client.post(
        "/api/v1/drafting/render", {**example("QD"), field: value}, content_type="application/json"
    )
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_list_pages_in_the_database(client, staff_a, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/drafting/drafts", {"limit": 2}).json()
    assert data["count"] == 3 and len(data["items"]) == 2
    selects = [q["sql"] for q in queries if 'FROM "drafting_draft"' in q["sql"] and "COUNT(" not in q["sql"]]
    assert selects and all("LIMIT" in sql for sql in selects)


def test_nul_byte_in_a_filter_is_a_400_in_json(client, staff_a):
    client.force_login(staff_a)
    response = client.get("/api/v1/drafting/drafts", {"status": "draft\x00"})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_nul_byte_in_a_json_body_is_a_400(token_client, units):
    body = {**content("TB"), "unit_id": units["a"].pk, "doc_type": "TB", "subject": "Họp\x00"}
    response = token_client.post("/api/v1/drafting/drafts", body, content_type="application/json")
    assert response.status_code == 400
    assert not Draft.objects.exists()
