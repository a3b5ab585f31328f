"""The inspection API: cases through the same filters as the page, and their transitions."""

from __future__ import annotations

import pytest

from civildesk.inspection import services

pytestmark = pytest.mark.django_db


def _to_accepted(register, reception_a):
    case = register(reception_a)
    case = services.case_classify(
        actor=reception_a, case=case, case_type=case.case_type, instance=case.instance,
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip
    return services.case_accept(actor=reception_a, case=case)


def _login(client, user):
    client.force_login(user)


def test_the_api_lists_and_applies_transitions(client, register, reception_a, leader_a, handler_a, staff_b):
    case = _to_accepted(register, reception_a)
    _login(client, leader_a)
    listed = client.get(f"/api/v1/inspection/cases/{case.pk}/transitions").json()
    assert [t["name"] for t in listed] == ["assign", "start_verification", "extend", "suspend"]
    bad = client.post(
        f"/api/v1/inspection/cases/{case.pk}/transitions/assign", {"data": {}}, content_type="application/json"
    )
    assert bad.status_code == 400 and "assignee" in bad.json()["errors"]
    ok = client.post(
        f"/api/v1/inspection/cases/{case.pk}/transitions/assign",
        {"data": {"assignee": handler_a.pk}},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["events"][-1]["action"] == "assign"
    _login(client, staff_b)  # another unit: the case does not exist for them
    assert client.get(f"/api/v1/inspection/cases/{case.pk}/transitions").status_code == 404


def test_the_case_list_costs_the_same_queries_whatever_its_length(client, register, reception_a, leader_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/inspection/cases?limit=50")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    client.force_login(leader_a)
    _to_accepted(register, reception_a)
    one = queries_for_list()
    for _ in range(6):
        _to_accepted(register, reception_a)
    assert queries_for_list() == one  # no query per case (the N+1 the issue found)
