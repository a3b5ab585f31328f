"""The JSON API: dossiers per unit, transitions through the workflow, public tracking, the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_dossiers_are_listed_per_unit_and_transitions_apply(register, clerk_a, clerk_b):
    d = register().dossier
    a = _client(clerk_a)
    items = a.get("/api/v1/procedures/dossiers").json()["items"]
    assert [i["code"] for i in items] == [d.code] and items[0]["national_status"] == 1
    assert _client(clerk_b).get("/api/v1/procedures/dossiers").json()["items"] == []
    assert _client(clerk_b).get(f"/api/v1/procedures/dossiers/{d.pk}").status_code == 404
    names = {t["name"] for t in a.get(f"/api/v1/procedures/dossiers/{d.pk}/transitions").json()}
    assert "accept" in names
    r = a.post(f"/api/v1/procedures/dossiers/{d.pk}/transitions/accept", {"data": {}}, content_type="application/json")
    assert r.status_code == 200 and r.json()["national_status"] == 2 and r.json()["due_date"]
    r = a.post(f"/api/v1/procedures/dossiers/{d.pk}/transitions/accept", {"data": {}}, content_type="application/json")
    assert r.status_code == 400


def test_tracking_by_code_and_secret(register):
    r = register(public=True)
    c = _client()
    ok = c.post("/api/v1/procedures/track", {"code": r.dossier.code, "secret": r.pin}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["national_status"] == 1
    bad = c.post("/api/v1/procedures/track", {"code": r.dossier.code, "secret": "x"}, content_type="application/json")
    unknown = c.post("/api/v1/procedures/track", {"code": "NOPE", "secret": "x"}, content_type="application/json")
    assert bad.status_code == unknown.status_code == 404 and bad.json() == unknown.json()


def test_the_schema_lists_the_procedures_endpoints():
    paths = _client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/procedures/dossiers" in paths and "/api/v1/procedures/track" in paths
