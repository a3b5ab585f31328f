"""The assistant's JSON API through the test client: a session, a bearer token, and who may see what."""

from __future__ import annotations

from civildesk.assistant.models import Channel, Conversation, Turn
from civildesk.library import services as library_services
from civildesk.org import services as org_services

QUESTION = "Thời gian thử việc của viên chức là bao lâu?"
ROSTER = "Lịch trực cơ quan vào ngày thứ bảy do ai phân công?"


def bearer(user) -> dict[str, str]:
    _token, key = org_services.api_token_create(user=user, name="test script")
    return {"Authorization": f"Bearer {key}"}


def ask(client, question: str, headers: dict[str, str] | None = None, **extra):
    return client.post(
        "/api/v1/assistant/ask", {"question": question, **extra}, content_type="application/json", headers=headers or {}
    )


def test_ask_follow_up_rate_and_list(client, laws, staff_a):
    client.force_login(staff_a)
    first = client.post(
        "/api/v1/assistant/ask",
        {"question": "Viên chức có được tham gia quản lý bệnh viện tư không?"},
        content_type="application/json",
    ).json()
    assert first["answered"] and first["citation"].startswith("Khoản 2 Điều 14")
    follow = client.post(
        "/api/v1/assistant/ask",
        {"question": "còn công chức thì sao?", "conversation_id": first["conversation_id"]},
        content_type="application/json",
    ).json()
    assert follow["citation"].startswith("Khoản 1 Điều 20")
    rated = client.post(
        f"/api/v1/assistant/turns/{follow['id']}/rating", {"helpful": True}, content_type="application/json"
    )
    assert rated.status_code == 204
    conversations = client.get("/api/v1/assistant/conversations").json()
    assert conversations[0]["turns"] == 2


def test_api_refuses_bad_input_and_other_users(client, laws, staff_a, staff_b):
    client.force_login(staff_a)
    assert client.post("/api/v1/assistant/ask", {"question": ""}, content_type="application/json").status_code == 400
    first = client.post("/api/v1/assistant/ask", {"question": QUESTION}, content_type="application/json").json()
    client.force_login(staff_b)
    assert client.get(f"/api/v1/assistant/conversations/{first['conversation_id']}").status_code == 404
    assert (
        client.post(
            f"/api/v1/assistant/turns/{first['id']}/rating", {"helpful": True}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/assistant/ask",
            {"question": "còn?", "conversation_id": first["conversation_id"]},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/assistant/ask", "/api/v1/assistant/conversations"} <= set(paths)


def test_anonymous_callers_are_refused(client, laws):
    assert ask(client, QUESTION).status_code == 401
    assert client.get("/api/v1/assistant/conversations").status_code == 401
    assert not Turn.objects.exists()


def test_a_bearer_token_asks_as_its_user_through_the_api_channel(client, laws, staff_a):
    headers = bearer(staff_a)

    answer = ask(client, QUESTION, headers).json()
    listed = client.get("/api/v1/assistant/conversations", headers=headers).json()
    turns = client.get(f"/api/v1/assistant/conversations/{answer['conversation_id']}", headers=headers).json()

    assert answer["answered"] and answer["citation"] == "Khoản 2 Điều 28 Luật Viên chức thử nghiệm"
    conversation = Conversation.objects.get()
    assert (conversation.user, conversation.channel) == (staff_a, Channel.API)
    assert [c["id"] for c in listed] == [str(conversation.pk)]
    assert [t["question"] for t in turns] == [QUESTION]


def test_another_users_token_cannot_read_continue_or_rate_my_conversation(client, laws, staff_a, staff_b):
    mine = ask(client, QUESTION, bearer(staff_a)).json()
    theirs = bearer(staff_b)

    read = client.get(f"/api/v1/assistant/conversations/{mine['conversation_id']}", headers=theirs)
    follow = ask(client, "còn công chức thì sao?", theirs, conversation_id=mine["conversation_id"])
    rating = client.post(
        f"/api/v1/assistant/turns/{mine['id']}/rating",
        {"helpful": True},
        content_type="application/json",
        headers=theirs,
    )

    assert (read.status_code, follow.status_code, rating.status_code) == (404, 404, 404)
    assert client.get("/api/v1/assistant/conversations", headers=theirs).json() == []
    assert Turn.objects.count() == 1


def test_an_internal_document_answers_its_unit_but_not_another_unit(
    client, laws, staff_a, staff_b, units, django_capture_on_commit_callbacks
):
    text = "Điều 1. Chế độ trực\nCông chức Sở trực cơ quan vào ngày thứ bảy theo lịch phân công của Chánh Văn phòng."
    with django_capture_on_commit_callbacks(execute=True):
        upload = library_services.document_upload(
            actor=staff_a, data=text.encode(), filename="noi-quy.txt", unit=units["a"]
        )

    mine = ask(client, ROSTER, bearer(staff_a)).json()
    client.force_login(staff_b)
    theirs = ask(client, ROSTER).json()

    assert mine["answered"] and mine["url"].startswith(f"/library/{upload.document.pk}/")
    cited = [theirs["url"] or "", *(o["url"] for o in theirs["others"])]
    assert not any(url.startswith(f"/library/{upload.document.pk}/") for url in cited)


def test_a_rating_needs_a_reason_when_unhelpful_and_a_known_article(client, laws, staff_a):
    client.force_login(staff_a)
    turn = ask(client, QUESTION).json()

    def rate(body):
        return client.post(f"/api/v1/assistant/turns/{turn['id']}/rating", body, content_type="application/json")

    assert rate({"helpful": False}).status_code == 400
    assert rate({"helpful": False, "reason": "incomplete", "correct_article_id": 999999}).status_code == 400
    assert rate({"helpful": False, "reason": "incomplete"}).status_code == 204
    assert Turn.objects.get().rating.reason == "incomplete"
