"""Tests of the LLM seam: against a real llama.cpp server on loopback for the
protocol and streaming, and against small fake servers for timeouts, errors
and the citation check applied sentence by sentence (the check itself is
tested in test_citations.py)."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest

from civildesk.assistant.citations import check_citations
from civildesk.assistant.llm import (
    LLMConfig,
    LLMUnavailable,
    Source,
    build_messages,
    config,
    generate,
    stream,
)

from .llm_server import CANNED_PIECES, fake_llm, free_port, llm_server  # noqa: F401 - fixtures

SOURCES = [
    Source(
        label="Khoản 1 Điều 28 Luật Viên chức",
        law="Luật Viên chức",
        article="28",
        text="Viên chức được nghỉ hằng năm, nghỉ lễ, Tết, nghỉ việc riêng theo quy định của pháp luật về lao động.",
    ),
    Source(
        label="Điều 12 Bộ luật Dân sự",
        law="Bộ luật Dân sự năm 2015",
        article="12",
        text="Cá nhân, pháp nhân phải tự chịu trách nhiệm về việc thực hiện quyền dân sự.",
    ),
]
QUESTION = "Viên chức có được nghỉ phép hằng năm không?"
# The tiny model's tokenizer spends many tokens on Vietnamese: the real-server
# tests use a short English prompt to stay fast.
SHORT_SOURCES = [
    Source(
        label="Điều 28 Luật Viên chức", law="Luật Viên chức", article="28", text="Public employees get annual leave."
    )
]
SHORT_QUESTION = "Do public employees get annual leave?"
SETTINGS = ("CIVILDESK_LLM_BASE_URL", "CIVILDESK_LLM_MODEL", "CIVILDESK_LLM_API_KEY", "CIVILDESK_LLM_TIMEOUT")


def fake_config(url: str, **kwargs) -> LLMConfig:
    return LLMConfig(base_url=url, model="fake-model", **kwargs)


def test_the_seam_imports_without_django():
    code = "import sys, civildesk.assistant.llm; sys.exit('django' in sys.modules)"

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --------------------------------------------------------------------------
# config()


@pytest.fixture
def no_llm_settings(settings):
    for name in SETTINGS:
        if hasattr(settings, name):
            delattr(settings, name)
    return settings


def test_config_is_none_when_no_base_url_is_set(no_llm_settings):
    assert config() is None
    no_llm_settings.CIVILDESK_LLM_BASE_URL = ""
    no_llm_settings.CIVILDESK_LLM_MODEL = "smollm2"
    assert config() is None


def test_config_reads_the_settings(no_llm_settings):
    no_llm_settings.CIVILDESK_LLM_BASE_URL = "http://127.0.0.1:8080/v1/"
    no_llm_settings.CIVILDESK_LLM_MODEL = "smollm2"
    no_llm_settings.CIVILDESK_LLM_API_KEY = "sk-secret"
    no_llm_settings.CIVILDESK_LLM_TIMEOUT = "7.5"

    assert config() == LLMConfig(
        base_url="http://127.0.0.1:8080/v1", model="smollm2", api_key="sk-secret", timeout=7.5, max_tokens=400
    )


def test_config_defaults_the_timeout(no_llm_settings):
    no_llm_settings.CIVILDESK_LLM_BASE_URL = "http://127.0.0.1:8080/v1"

    cfg = config()

    assert cfg is not None and cfg.timeout == 20.0 and cfg.model == "" and cfg.api_key == ""


def test_config_override_replaces_the_settings_it_names(no_llm_settings):
    no_llm_settings.CIVILDESK_LLM_BASE_URL = "http://127.0.0.1:8080/v1"
    no_llm_settings.CIVILDESK_LLM_MODEL = "smollm2"
    no_llm_settings.CIVILDESK_LLM_API_KEY = "sk-secret"

    cfg = config({"model": "qwen", "timeout": 5, "max_tokens": 64, "api_key": "", "base_url": None, "id": 1})

    assert cfg == LLMConfig(
        base_url="http://127.0.0.1:8080/v1", model="qwen", api_key="sk-secret", timeout=5.0, max_tokens=64
    )


def test_config_override_can_turn_generation_on_and_off(no_llm_settings):
    assert config({"base_url": "http://10.0.0.5:11434/v1", "model": "llama3"}) == LLMConfig(
        base_url="http://10.0.0.5:11434/v1", model="llama3"
    )
    no_llm_settings.CIVILDESK_LLM_BASE_URL = "http://127.0.0.1:8080/v1"
    assert config({"enabled": False}) is None
    assert config({"enabled": True}) is not None


@pytest.mark.parametrize(
    "override",
    [{"base_url": "127.0.0.1:8080/v1"}, {"base_url": "ftp://host/v1"}, {"timeout": "soon"}, {"max_tokens": -1}],
)
def test_config_refuses_malformed_values(no_llm_settings, override):
    no_llm_settings.CIVILDESK_LLM_BASE_URL = "http://127.0.0.1:8080/v1"
    with pytest.raises(ValueError):
        config(override)


def test_config_repr_hides_the_api_key():
    assert "sk-secret" not in repr(LLMConfig(base_url="http://h/v1", model="m", api_key="sk-secret"))


# --------------------------------------------------------------------------
# build_messages()


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "không biết"), ("en", "do not know"), ("bn", "জানেন না"), ("xx", "không biết")]
)
def test_system_prompt_is_in_the_answer_language_and_limits_the_model_to_the_sources(language, expected):
    system, user = build_messages(QUESTION, SOURCES, language)

    assert system["role"] == "system" and expected in system["content"]
    assert "Điều N" in system["content"] and "Khoản k Điều N" in system["content"]
    assert user["role"] == "user"


def test_user_message_numbers_the_sources_and_ends_with_the_question():
    _, user = build_messages(QUESTION, SOURCES, "en")

    content = user["content"]
    assert "[1] Khoản 1 Điều 28 Luật Viên chức\nViên chức được nghỉ hằng năm" in content
    assert "[2] Điều 12 Bộ luật Dân sự\n" in content
    assert content.index("[1]") < content.index("[2]") < content.index(QUESTION)
    assert content.endswith(f"Question: {QUESTION}")


# --------------------------------------------------------------------------
# stream() and generate() against a real llama.cpp server


def test_stream_from_a_real_server_yields_the_answer_in_pieces(llm_server):  # noqa: F811
    cfg = LLMConfig(base_url=llm_server, model="smollm2", timeout=120, max_tokens=32)

    pieces = list(stream(SHORT_QUESTION, SHORT_SOURCES, "en", cfg=cfg))

    assert len(pieces) >= 2
    assert all(isinstance(piece, str) and piece for piece in pieces)
    assert "".join(pieces).strip()


def test_generate_from_a_real_server_yields_checked_text(llm_server):  # noqa: F811
    cfg = LLMConfig(base_url=llm_server, model="smollm2", timeout=120, max_tokens=32)

    text = "".join(generate(SHORT_QUESTION, SHORT_SOURCES, "en", cfg=cfg))

    assert text.strip()
    assert check_citations(text, SHORT_SOURCES) == (text, [])


def test_a_real_server_that_cannot_answer_in_time_is_unavailable(llm_server):  # noqa: F811
    cfg = LLMConfig(base_url=llm_server, model="smollm2", timeout=0.05, max_tokens=8)

    with pytest.raises(LLMUnavailable, match="within 0.05 s"):
        list(stream(SHORT_QUESTION, SHORT_SOURCES, "en", cfg=cfg))


# --------------------------------------------------------------------------
# stream() and generate() against fake servers


def test_stream_posts_a_streaming_chat_completion(fake_llm):  # noqa: F811
    cfg = fake_config(fake_llm.url("canned"), api_key="sk-test", max_tokens=32)

    pieces = list(stream(QUESTION, SOURCES, "vi", cfg=cfg))

    assert pieces == CANNED_PIECES
    (request,) = fake_llm.requests
    assert request["path"] == "/canned/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["body"]["stream"] is True
    assert request["body"]["model"] == "fake-model"
    assert request["body"]["max_tokens"] == 32
    assert request["body"]["messages"] == build_messages(QUESTION, SOURCES, "vi")


def test_stream_sends_no_authorization_without_an_api_key(fake_llm):  # noqa: F811
    list(stream(QUESTION, SOURCES, "vi", cfg=fake_config(fake_llm.url("canned"))))

    assert "Authorization" not in fake_llm.requests[0]["headers"]


def test_generate_removes_a_made_up_citation_split_across_chunks(fake_llm):  # noqa: F811
    sentences = list(generate(QUESTION, SOURCES, "vi", cfg=fake_config(fake_llm.url("canned"))))

    assert "".join(sentences) == "Theo Khoản 1 Điều 28 Luật Viên chức, viên chức có quyền được nghỉ phép. Hết."
    assert not any("99" in sentence or "Không Có" in sentence for sentence in sentences)


def test_logs_at_info_carry_neither_the_key_nor_the_prompt(fake_llm, caplog):  # noqa: F811
    caplog.set_level(logging.INFO, logger="civildesk.assistant.llm")

    list(generate(QUESTION, SOURCES, "vi", cfg=fake_config(fake_llm.url("canned"), api_key="sk-hidden")))

    assert caplog.records
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "sk-hidden" not in logged and QUESTION not in logged and "Viên chức được nghỉ" not in logged


@pytest.mark.parametrize("behaviour", ["stall", "trickle"])
def test_the_timeout_is_a_total_deadline(fake_llm, behaviour):  # noqa: F811
    cfg = fake_config(fake_llm.url(behaviour), timeout=1.0)
    started = time.monotonic()

    with pytest.raises(LLMUnavailable, match="within 1 s"):
        list(stream(QUESTION, SOURCES, "vi", cfg=cfg))

    assert 0.9 <= time.monotonic() - started < 1.0 + 1.5


def test_a_refused_connection_is_unavailable():
    cfg = fake_config(f"http://127.0.0.1:{free_port()}/v1", timeout=5.0)

    with pytest.raises(LLMUnavailable, match="could not be reached"):
        list(stream(QUESTION, SOURCES, "vi", cfg=cfg))


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [("error", "HTTP 500"), ("garbage", "not JSON"), ("cut", "could not be reached|ended before"), ("nowhere", "404")],
)
def test_a_failing_server_is_unavailable(fake_llm, behaviour, reason):  # noqa: F811
    cfg = fake_config(fake_llm.url(behaviour), timeout=5.0)

    with pytest.raises(LLMUnavailable, match=reason):
        list(generate(QUESTION, SOURCES, "vi", cfg=cfg))
