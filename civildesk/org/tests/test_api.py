from __future__ import annotations

from civildesk.org import services
from civildesk.org.models import Role
from conftest import make_user


def test_openapi_schema_is_published(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/me" in schema["paths"]
    assert "/api/v1/units" in schema["paths"]


def test_api_refuses_anonymous(client, db):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/units").status_code == 401


def test_me_with_session(client, leader_a):
    client.force_login(leader_a)
    data = client.get("/api/v1/me").json()
    assert data["username"] == "leader.a"
    assert data["roles"] == [
        {
            "role": "leader",
            "unit_id": leader_a.role_assignments.get().unit_id,
            "unit_name": "Sở Thông tin và Truyền thông",
        }
    ]


def test_units_tree_is_filtered_by_permission(client, units, leader_a):
    token, key = services.api_token_create(user=leader_a, name="script")
    tree = client.get("/api/v1/units", headers={"Authorization": f"Bearer {key}"}).json()
    assert [u["code"] for u in tree] == ["A"]
    assert [c["code"] for c in tree[0]["children"]] == ["A1"]

    staff_b = make_user("staff.b", units["b"], Role.STAFF)
    _, key_b = services.api_token_create(user=staff_b, name="script")
    flat = client.get("/api/v1/units?flat=true", headers={"Authorization": f"Bearer {key_b}"}).json()
    assert [u["code"] for u in flat] == ["B"]


def test_revoked_or_wrong_token_is_refused(client, leader_a):
    token, key = services.api_token_create(user=leader_a, name="script")
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    services.api_token_revoke(actor=leader_a, token=token)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert key not in token.key_hash


def test_api_token_command_creates_and_revokes(client, leader_a, capsys):
    from django.core.management import call_command

    call_command("api_token", leader_a.username, "backup script")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()["username"] == "leader.a"
    call_command("api_token", revoke=key[:8])
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


# --- Errors answer JSON; bad input is a 400, never a 500 (issue 17) ----------


def test_server_error_in_the_api_answers_json(leader_a, monkeypatch):
    from django.test import Client

    from civildesk.org import api as org_api

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(org_api.policy, "units_for", boom)
    client = Client(raise_request_exception=False)
    client.force_login(leader_a)
    response = client.get("/api/v1/units")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal Server Error"}


def test_unknown_api_path_and_malformed_json_answer_json(client, leader_a):
    _, key = services.api_token_create(user=leader_a, name="script")
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(
        "/api/v1/drafting/render", deep, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


def test_get_with_a_bearer_token_and_csrf_enforced(leader_a):
    from django.test import Client

    _, key = services.api_token_create(user=leader_a, name="script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/v1/me").json()["username"] == "leader.a"


def test_audit_page_refuses_a_non_uuid_job_and_a_nul_byte(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get("/org/audit/", {"job": "abc"}).status_code == 400
    assert client.get("/org/audit/", {"action": "auth\x00"}).status_code == 400
    assert client.get("/org/audit/", {"who": "x\x00"}).status_code == 400
    assert client.get("/org/audit/", {"action": "auth"}).status_code == 200
