"""JSON API: read indicators and results, write reports with the same policy as the pages."""

from __future__ import annotations

import pytest

from civildesk.monitoring.models import Report
from civildesk.org.services import api_token_create

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_read_indicators_and_results(client, resolution, officer_a):
    h = _auth(officer_a)
    rows = client.get(f"/api/v1/monitoring/resolutions/{resolution.pk}/indicators", **h).json()
    assert [(r["code"], r["source"], r["reporting_units"]) for r in rows] == [
        ("I1", "reported", ["A", "B"]),
        ("I2", "reported", ["B"]),
        ("I3", "measured", ["A"]),
    ]
    res = client.get(f"/api/v1/monitoring/resolutions/{resolution.pk}/results/2025", **h).json()
    assert (res["achieved"], res["total"]) == (0, 3)
    assert res["pillars"][0]["targets"][0]["status"] == "no_data"


def test_write_a_report_then_submit_and_approve(client, period, officer_a, office):
    body = {
        "period_id": period.pk,
        "indicator": "I1",
        "unit": "A",
        "value": "64.5",
        "evidence_url": "https://example.gov.vn/x",
    }
    r = client.post("/api/v1/monitoring/reports", body, content_type="application/json", **_auth(officer_a))
    assert r.status_code == 200, r.content
    report_id = r.json()["id"]
    assert r.json()["version"] == 1
    r = client.post(
        f"/api/v1/monitoring/reports/{report_id}/transitions/submit",
        {"data": {}},
        content_type="application/json",
        **_auth(officer_a),
    )
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    office_auth = _auth(office)
    names = [t["name"] for t in client.get(f"/api/v1/monitoring/reports/{report_id}/transitions", **office_auth).json()]
    assert names == ["approve", "return"]
    r = client.post(
        f"/api/v1/monitoring/reports/{report_id}/transitions/approve",
        {"data": {}},
        content_type="application/json",
        **office_auth,
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"


def test_api_refuses_another_unit(client, period, officer_b, officer_a):
    body = {
        "period_id": period.pk,
        "indicator": "I1",
        "unit": "A",
        "value": "1",
        "evidence_url": "https://example.gov.vn/x",
    }
    r = client.post("/api/v1/monitoring/reports", body, content_type="application/json", **_auth(officer_b))
    assert r.status_code == 403
    assert not Report.objects.exists()
    body["evidence_url"] = ""
    r = client.post("/api/v1/monitoring/reports", body, content_type="application/json", **_auth(officer_a))
    assert r.status_code == 400  # no evidence


def test_reports_listed_are_only_those_the_user_may_see(client, save, officer_a, officer_b, units):
    save(officer_a, units["a"], "I1", 10)
    save(officer_b, units["b"], "I1", 20)
    rows = client.get("/api/v1/monitoring/reports", **_auth(officer_b)).json()
    assert [r["unit"] for r in rows] == ["B"]


def test_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/monitoring/reports" in paths
    assert "/api/v1/monitoring/resolutions/{pk}/results/{year}" in paths
