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
