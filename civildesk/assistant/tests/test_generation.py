"""Generation wired into the assistant: streamed to the page, citations checked, fallback on failure."""

from __future__ import annotations

from django.urls import reverse

from civildesk.assistant import generation, services
from civildesk.assistant.models import GenerationSettings, Turn

from .llm_server import fake_llm, llm_server  # noqa: F401 - fixtures

QUESTION = "Thời gian thử việc của viên chức là bao lâu?"


def _streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def _configure(base_url: str, timeout: float = 10.0) -> None:
    GenerationSettings.objects.create(enabled=True, base_url=base_url, model="test", timeout=timeout)


def test_off_by_default(client, laws, staff_a):
    client.force_login(staff_a)
    turn = services.ask(user=staff_a, question=QUESTION)
    assert generation.generation_config() is None
    assert client.get(reverse("assistant:generate", args=[turn.pk])).status_code == 204
    page = client.get(turn.conversation.get_absolute_url()).content.decode()
    assert "data-stream" not in page


def test_stream_removes_a_made_up_citation(client, laws, staff_a, fake_llm):  # noqa: F811
    _configure(fake_llm.url("canned"))
    client.force_login(staff_a)
    turn = services.ask(user=staff_a, question=QUESTION)
    page = client.get(turn.conversation.get_absolute_url()).content.decode()
    assert f'data-stream="{reverse("assistant:generate", args=[turn.pk])}"' in page

    text = _streamed(client.get(reverse("assistant:generate", args=[turn.pk])))

    assert "Điều 99" not in text and "Không Có" not in text
    assert "viên chức có quyền" in text.lower()
    assert generation.FALLBACK not in text
    assert Turn.objects.get(pk=turn.pk).generated == text
    body = str(fake_llm.requests[-1]["body"])
    assert "Thời gian thử việc từ 03 tháng đến 12 tháng" in body  # the model sees the cited article


def test_timeout_falls_back_to_the_extractive_answer(client, laws, staff_a, fake_llm):  # noqa: F811
    _configure(fake_llm.url("stall"), timeout=1.0)
    client.force_login(staff_a)
    turn = services.ask(user=staff_a, question=QUESTION)
    text = _streamed(client.get(reverse("assistant:generate", args=[turn.pk])))
    assert text == generation.FALLBACK
    assert Turn.objects.get(pk=turn.pk).generated == ""
    assert Turn.objects.get(pk=turn.pk).card["answered"] is True  # the extractive answer stands


def test_another_user_cannot_stream_my_answer(client, laws, staff_a, staff_b, fake_llm):  # noqa: F811
    _configure(fake_llm.url("canned"))
    turn = services.ask(user=staff_a, question=QUESTION)
    client.force_login(staff_b)
    assert client.get(reverse("assistant:generate", args=[turn.pk])).status_code == 404


def test_abstained_turns_are_never_generated(client, laws, staff_a, fake_llm):  # noqa: F811
    _configure(fake_llm.url("canned"))
    client.force_login(staff_a)
    turn = services.ask(user=staff_a, question="Giá xăng hôm nay bao nhiêu?")
    assert not turn.answered
    assert client.get(reverse("assistant:generate", args=[turn.pk])).status_code == 204
    assert fake_llm.requests == []


def test_real_llama_cpp_server(client, laws, staff_a, llm_server):  # noqa: F811
    GenerationSettings.objects.create(enabled=True, base_url=llm_server, model="smollm2", timeout=120)
    client.force_login(staff_a)
    turn = services.ask(user=staff_a, question=QUESTION)
    text = _streamed(client.get(reverse("assistant:generate", args=[turn.pk])))
    assert generation.FALLBACK not in text
    assert text.strip()
    assert Turn.objects.get(pk=turn.pk).generated == text
