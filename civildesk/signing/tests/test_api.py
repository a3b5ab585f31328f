"""The signing API: public validation, and the transitions of requests and steps (the same calls as the pages)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civildesk.signing import services, signer
from civildesk.signing.models import ChainStep, RequestStatus, StepAction, StepStatus

from .conftest import PASSPHRASE, PIN


def _upload(data: bytes):
    return SimpleUploadedFile("doc.pdf", data, content_type="application/pdf")


@pytest.fixture
def chain(units, staff_a, unit_admin_a, leader_a, decision_pdf):
    return services.request_create(
        actor=staff_a,
        unit=units["a"],
        title="Quyết định thử",
        pdf=decision_pdf,
        filename="qd.pdf",
        chain=[
            services.StepSpec(assignees=[unit_admin_a]),
            services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
        ],
        level="B-B",
        signer_name="Hoàng Văn Thành",
        signer_title="Chủ tịch",
    )


def _step(sr, user):
    return ChainStep.objects.get(request=sr, assignee=user)


def test_validate_a_signed_pdf_with_readable_times(client, trust, decision_pdf):
    data = signer.sign_pdf(
        decision_pdf,
        signer.pkcs12_signer(trust.pkcs12("signer", PASSPHRASE), PASSPHRASE),
        level="B-T",
        tsa_url=trust.tsa_url,
        field_name="S",
    )
    response = client.post("/api/v1/signatures/validate", {"file": _upload(data)})
    assert response.status_code == 200
    [sig] = response.json()["signatures"]
    assert sig["signing_time"] and "T" in sig["signing_time"]  # ISO for machines...
    assert sig["signing_time_text"] and "T" not in sig["signing_time_text"]  # ...formatted for people
    assert sig["timestamp_text"]


def test_validate_refuses_what_is_not_a_pdf(client, trust):
    response = client.post("/api/v1/signatures/validate", {"file": _upload(b"PK\x03\x04 zip")})
    assert response.status_code == 400
    assert response.json()["detail"] == "Tệp “doc.pdf” không phải là tệp PDF."  # the API answers in Vietnamese


def test_the_assignee_lists_and_applies_the_step_transitions(client, chain, unit_admin_a):
    step = _step(chain, unit_admin_a)
    client.force_login(unit_admin_a)
    listed = client.get(f"/api/v1/signatures/steps/{step.pk}/transitions").json()
    assert [(t["name"], t["fields"]) for t in listed] == [("approve", ["comment"]), ("return", ["comment"])]
    response = client.post(
        f"/api/v1/signatures/steps/{step.pk}/transitions/approve",
        {"data": {"comment": "Đồng ý"}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == StepStatus.APPROVED and response.json()["comment"] == "Đồng ý"
    assert client.get(f"/api/v1/signatures/steps/{step.pk}/transitions").json() == []


def test_a_return_without_comment_is_refused_with_the_field_error(client, chain, unit_admin_a):
    step = _step(chain, unit_admin_a)
    client.force_login(unit_admin_a)
    response = client.post(
        f"/api/v1/signatures/steps/{step.pk}/transitions/return", {"data": {}}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert _step(chain, unit_admin_a).status == StepStatus.PENDING


def test_the_leader_signs_through_the_api_with_the_token_pin(
    client, chain, units, unit_admin_a, leader_a, give_certificate, softhsm
):
    give_certificate(leader_a, units["a"])
    services.step_approve(actor=unit_admin_a, step=_step(chain, unit_admin_a))
    step = _step(chain, leader_a)
    client.force_login(leader_a)
    assert [t["name"] for t in client.get(f"/api/v1/signatures/steps/{step.pk}/transitions").json()] == [
        "sign",
        "return",
    ]
    wrong = client.post(
        f"/api/v1/signatures/steps/{step.pk}/transitions/sign",
        {"data": {"secret": "000000"}},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "Không mở được thiết bị ký “civildesk-test”: sai mã PIN hoặc chưa cắm thiết bị."
    assert PIN not in wrong.content.decode()
    response = client.post(
        f"/api/v1/signatures/steps/{step.pk}/transitions/sign",
        {"data": {"secret": PIN}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == StepStatus.SIGNED
    detail = client.get(f"/api/v1/signatures/requests/{chain.pk}").json()
    assert detail["status"] == RequestStatus.COMPLETED
    assert [s["status"] for s in detail["steps"]] == ["approved", "signed"]


def test_someone_else_cannot_act_on_a_step(client, chain, unit_admin_a, leader_a, staff_b):
    step = _step(chain, unit_admin_a)
    client.force_login(leader_a)  # same unit, not the assignee
    assert client.get(f"/api/v1/signatures/steps/{step.pk}/transitions").json() == []
    response = client.post(
        f"/api/v1/signatures/steps/{step.pk}/transitions/approve", {"data": {}}, content_type="application/json"
    )
    assert response.status_code in (400, 403)
    client.force_login(staff_b)  # another unit: the step does not exist for them
    assert client.get(f"/api/v1/signatures/steps/{step.pk}/transitions").status_code == 404
    assert _step(chain, unit_admin_a).status == StepStatus.PENDING


def test_only_the_owner_cancels_the_request(client, chain, staff_a, unit_admin_a):
    client.force_login(unit_admin_a)
    assert client.get(f"/api/v1/signatures/requests/{chain.pk}/transitions").json() == []
    refused = client.post(
        f"/api/v1/signatures/requests/{chain.pk}/transitions/cancel", {"data": {}}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.force_login(staff_a)
    assert [t["name"] for t in client.get(f"/api/v1/signatures/requests/{chain.pk}/transitions").json()] == ["cancel"]
    response = client.post(
        f"/api/v1/signatures/requests/{chain.pk}/transitions/cancel", {"data": {}}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == RequestStatus.CANCELLED


def test_system_transitions_cannot_be_applied_through_the_api(client, chain, staff_a):
    client.force_login(staff_a)
    response = client.post(
        f"/api/v1/signatures/requests/{chain.pk}/transitions/complete", {"data": {}}, content_type="application/json"
    )
    assert response.status_code == 400
    chain.refresh_from_db()
    assert chain.status == RequestStatus.IN_PROGRESS
