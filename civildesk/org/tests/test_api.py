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
