"""The assistant's JSON API with a bearer token, and bad identifiers (issue 17)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from civildesk.assistant.models import Conversation, Turn
from civildesk.org.services import api_token_create

QUESTION = "Thời gian thử việc của viên chức là bao lâu?"


@pytest.fixture
def token_client(staff_a):
    """A script: a bearer token, no session, CSRF enforced as in production."""
    _, key = api_token_create(user=staff_a, name="script")
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})


def test_ask_with_a_bearer_token(token_client, laws):
    response = token_client.post("/api/v1/assistant/ask", {"question": QUESTION}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["answered"] is True


def test_rate_with_a_bearer_token(token_client, laws):
    turn_id = token_client.post(
        "/api/v1/assistant/ask", {"question": QUESTION}, content_type="application/json"
    ).json()["id"]
    response = token_client.post(
        f"/api/v1/assistant/turns/{turn_id}/rating", {"helpful": True}, content_type="application/json"
    )
    assert response.status_code == 204, response.content
    assert Turn.objects.get(pk=turn_id).rating.helpful is True


def test_question_longer_than_the_form_allows_is_refused(token_client, laws):
    response = token_client.post(
        "/api/v1/assistant/ask", {"question": "viên chức " * 200}, content_type="application/json"
    )
    assert response.status_code == 422
    assert not Turn.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "1' OR '1'='1", "00000000-0000-0000-0000-00000000000Z"])
def test_non_uuid_conversation_is_not_a_server_error(token_client, client, staff_a, laws, bad):
    assert token_client.get(f"/api/v1/assistant/conversations/{bad}").status_code in {400, 404, 422}
    answer = token_client.post(
        "/api/v1/assistant/ask", {"question": QUESTION, "conversation_id": bad}, content_type="application/json"
    )
    assert answer.status_code in {400, 422}
    client.force_login(staff_a)
    page = client.post(reverse("assistant:ask"), {"question": QUESTION, "conversation": bad})
    assert page.status_code == 400
    assert not Conversation.objects.exists()


def test_non_uuid_job_on_the_summary_page_is_a_400(client, laws, staff_a):
    from civildesk.assistant import views
    from civildesk.library.models import Document

    client.force_login(staff_a)
    document = Document.objects.get(title="Luật Viên chức thử nghiệm")
    views_long = views.LONG_DOCUMENT
    try:
        views.LONG_DOCUMENT = 1
        response = client.get(reverse("assistant:summary", args=[document.pk]), {"job": "not-a-uuid"})
    finally:
        views.LONG_DOCUMENT = views_long
    assert response.status_code == 400
