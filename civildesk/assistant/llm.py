"""Optional text generation for the virtual assistant: the one seam to an LLM (the transport).

When an OpenAI-compatible endpoint is configured (vLLM, llama.cpp's server,
llama-cpp-python's server, Ollama...), the assistant's answer is phrased by
the model from the retrieved articles only and streamed to the page. Without
one, or when the model is slow or failing, the caller shows the extractive
answer it already has.

Plain Python, standard library only: no Django at import time (``config()``
reads ``django.conf.settings`` lazily), no HTTP client dependency.

- :func:`config` reads the configuration once per request (settings, plus an
  optional override mapping from the admin) and returns an :class:`LLMConfig`,
  or ``None`` when no endpoint is configured.
- :func:`build_messages` makes the chat messages: a system prompt in the
  answer language telling the model to answer from the numbered sources only
  and to cite them, then the sources and the question.
- :func:`stream` POSTs ``{base_url}/chat/completions`` with ``stream: true``
  and yields the text pieces of the server-sent events as they arrive.
  ``cfg.timeout`` is a *total* deadline (connect, request and the whole
  stream). Timeouts, refused connections, HTTP errors and malformed streams
  all raise :class:`LLMUnavailable`, and only that.
- :func:`generate` is what the assistant uses: :func:`stream`, buffered to
  sentence boundaries, each sentence passed through
  :func:`civildesk.assistant.citations.check_citations` before it is yielded,
  so a made-up citation never reaches the page.

The citation check itself (finding "Điều 28", "Khoản 1 Điều 28 Luật Viên
chức", "Article 28"... and removing those not among the sources) lives in
:mod:`civildesk.assistant.citations`; :class:`Source` and
:func:`check_citations` are re-exported here for the seam's callers.

Tests patch :func:`generate` (or :func:`stream`) at this seam; this module's
own tests run it against a real llama.cpp server on loopback.

Nothing here logs the API key or the prompt; INFO logs carry the host,
the model, counts and durations.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import re
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from .citations import Source, check_citations

__all__ = [
    "LLMConfig",
    "LLMUnavailable",
    "Source",
    "build_messages",
    "check_citations",
    "config",
    "generate",
    "stream",
]

logger = logging.getLogger(__name__)

# Low temperature: the model should rephrase the sources, not improvise.
TEMPERATURE = 0.2
# A single SSE line longer than this means the stream is not what we expect.
MAX_LINE_BYTES = 1 << 20


class LLMUnavailable(Exception):
    """The model gave no usable answer in time; show the extractive answer.

    The message is a short English reason for the logs (never the prompt or
    the API key).
    """


@dataclass(frozen=True)
class LLMConfig:
    base_url: str  # ends with /v1, e.g. "http://127.0.0.1:8080/v1"
    model: str
    api_key: str = ""
    timeout: float = 20.0  # seconds, total: connect + whole stream
    max_tokens: int = 400

    def __repr__(self) -> str:  # keep the key out of tracebacks and logs
        key = "***" if self.api_key else ""
        return (
            f"LLMConfig(base_url={self.base_url!r}, model={self.model!r}, api_key={key!r}, "
            f"timeout={self.timeout!r}, max_tokens={self.max_tokens!r})"
        )


# --------------------------------------------------------------------------
# Configuration

_SETTINGS = {
    "base_url": ("CIVILDESK_LLM_BASE_URL", ""),
    "model": ("CIVILDESK_LLM_MODEL", ""),
    "api_key": ("CIVILDESK_LLM_API_KEY", ""),
    "timeout": ("CIVILDESK_LLM_TIMEOUT", 20.0),
}
_FIELDS = {f.name for f in fields(LLMConfig)}


def config(override: Mapping[str, Any] | None = None) -> LLMConfig | None:
    """The LLM configuration in force, or ``None`` when generation is off.

    Reads the settings ``CIVILDESK_LLM_BASE_URL``, ``CIVILDESK_LLM_MODEL``,
    ``CIVILDESK_LLM_API_KEY`` and ``CIVILDESK_LLM_TIMEOUT`` (seconds). An
    ``override`` mapping (the admin-editable configuration) may carry the keys
    ``base_url``, ``model``, ``api_key``, ``timeout`` and ``max_tokens``; a value
    of ``None`` or ``""`` there means "not overridden", and ``enabled: False``
    turns generation off whatever the settings say. Other keys are ignored.

    Generation is off when the resulting ``base_url`` is empty. Raises
    ``ValueError`` for a malformed URL, timeout or token count.
    """
    from django.conf import settings

    values: dict[str, Any] = {
        name: getattr(settings, setting, default) for name, (setting, default) in _SETTINGS.items()
    }
    if override:
        if override.get("enabled") is not None and not override["enabled"]:
            return None
        values.update({k: v for k, v in override.items() if k in _FIELDS and v is not None and v != ""})

    base_url = str(values.get("base_url") or "").strip().rstrip("/")
    if not base_url:
        return None
    url = urllib.parse.urlsplit(base_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ValueError("The LLM base URL must be an http:// or https:// URL, like http://127.0.0.1:8080/v1")
    try:
        timeout = float(values.get("timeout") or 20.0)
        max_tokens = int(values.get("max_tokens") or 400)
    except (TypeError, ValueError):
        raise ValueError("The LLM timeout must be a number of seconds and max_tokens an integer") from None
    if timeout <= 0 or max_tokens <= 0:
        raise ValueError("The LLM timeout and max_tokens must be positive")
    return LLMConfig(
        base_url=base_url,
        model=str(values.get("model") or "").strip(),
        api_key=str(values.get("api_key") or "").strip(),
        timeout=timeout,
        max_tokens=max_tokens,
    )


# --------------------------------------------------------------------------
# Prompt

_PROMPTS = {
    "vi": {
        "system": (
            "Bạn là trợ lý ảo của cơ quan nhà nước. Chỉ trả lời dựa trên các nguồn văn bản pháp luật "
            "được đánh số dưới đây, không dùng hiểu biết nào khác. Khi nêu một quy định, ghi nguồn "
            'theo dạng "Điều N <tên văn bản>" hoặc "Khoản k Điều N <tên văn bản>", đúng như nhãn của nguồn. '
            "Không trích dẫn điều, khoản nào không có trong các nguồn. Nếu các nguồn không đủ để trả lời, "
            "hãy nói rằng bạn không biết. Trả lời ngắn gọn bằng tiếng Việt."
        ),
        "sources": "Nguồn",
        "question": "Câu hỏi",
    },
    "en": {
        "system": (
            "You are the virtual assistant of a government office. Answer only from the numbered legal "
            "sources below; do not use any other knowledge. When you state a rule, cite its source as "
            '"Điều N <law name>" or "Khoản k Điều N <law name>", exactly as in the source\'s label. '
            "Never cite an article or clause that is not among the sources. If the sources do not answer "
            "the question, say that you do not know. Answer briefly in English."
        ),
        "sources": "Sources",
        "question": "Question",
    },
    "bn": {
        "system": (
            "আপনি একটি সরকারি দপ্তরের ভার্চুয়াল সহকারী। শুধুমাত্র নিচে নম্বর দেওয়া আইনি উৎসগুলি থেকে উত্তর দিন; "
            "অন্য কোনো জ্ঞান ব্যবহার করবেন না। কোনো বিধান উল্লেখ করলে তার উৎস "
            '"Điều N <আইনের নাম>" বা "Khoản k Điều N <আইনের নাম>" আকারে, উৎসের লেবেলে যেমন লেখা আছে '
            "ঠিক তেমনভাবে উদ্ধৃত করুন। উৎসগুলিতে নেই এমন কোনো ধারা বা উপধারা উদ্ধৃত করবেন না। "
            "উৎসগুলি থেকে প্রশ্নের উত্তর না পেলে বলুন যে আপনি জানেন না। সংক্ষেপে বাংলায় উত্তর দিন।"
        ),
        "sources": "উৎস",
        "question": "প্রশ্ন",
    },
}


def _language(language: str) -> str:
    code = (language or "").split("-")[0].split("_")[0].lower()
    return code if code in _PROMPTS else "vi"


def build_messages(question: str, sources: list[Source], language: str) -> list[dict[str, str]]:
    """Chat messages asking for an answer in ``language`` (vi, en, bn) from ``sources`` only.

    The sources are numbered ``[1]``, ``[2]``... each with its label and text;
    an unknown language falls back to Vietnamese.
    """
    prompt = _PROMPTS[_language(language)]
    numbered = "\n\n".join(
        f"[{n}] {source.label.strip()}\n{source.text.strip()}" for n, source in enumerate(sources, start=1)
    )
    user = f"{prompt['sources']}:\n\n{numbered}\n\n{prompt['question']}: {question.strip()}"
    return [{"role": "system", "content": prompt["system"]}, {"role": "user", "content": user}]


# --------------------------------------------------------------------------
# Streaming


def stream(question: str, sources: list[Source], language: str, *, cfg: LLMConfig) -> Iterator[str]:
    """Yield the answer's text pieces as the server streams them.

    ``cfg.timeout`` bounds the whole exchange: past it the connection is shut
    down and :class:`LLMUnavailable` is raised, even if the server still
    trickles bytes. (Name resolution is the one step the deadline cannot
    interrupt; point ``base_url`` at an address or a host the resolver knows.)
    Text already yielded stays yielded: a caller that shows pieces as they come
    must replace them with the extractive answer on :class:`LLMUnavailable`.
    """
    url = urllib.parse.urlsplit(cfg.base_url.rstrip("/"))
    if url.scheme not in ("http", "https") or not url.hostname:
        raise LLMUnavailable("the LLM base URL is not an http(s) URL")
    body: dict[str, Any] = {
        "messages": build_messages(question, sources, language),
        "stream": True,
        "max_tokens": cfg.max_tokens,
        "temperature": TEMPERATURE,
    }
    if cfg.model:
        body["model"] = cfg.model
    headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
    if cfg.api_key:
        headers["Authorization"] = f"Bearer {cfg.api_key}"
    path = f"{url.path}/chat/completions"

    started = time.monotonic()
    deadline = started + cfg.timeout
    expired = threading.Event()
    live: dict[str, socket.socket] = {}

    def expire() -> None:
        # Wake any blocked read: shutdown() makes recv() return at once.
        expired.set()
        sock = live.get("sock")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0 or expired.is_set():
            raise TimeoutError
        return left

    timer = threading.Timer(cfg.timeout, expire)
    timer.daemon = True
    conn: http.client.HTTPConnection | None = None
    pieces = 0
    logger.info("LLM request to %s (model %r, %d sources)", url.hostname, cfg.model, len(sources))
    try:
        timer.start()
        if url.scheme == "https":
            conn = http.client.HTTPSConnection(
                url.hostname, url.port, timeout=remaining(), context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=remaining())
        conn.connect()
        sock = conn.sock
        if sock is None:
            raise LLMUnavailable("the LLM server could not be reached")
        live["sock"] = sock
        sock.settimeout(remaining())
        conn.request("POST", path, body=json.dumps(body, ensure_ascii=False).encode(), headers=headers)
        sock.settimeout(remaining())
        response = conn.getresponse()
        if response.status != 200:
            logger.debug("LLM error body: %r", response.read(2000)[:500])
            raise LLMUnavailable(f"the LLM server answered HTTP {response.status}")
        content_type = response.getheader("Content-Type", "")
        if "text/event-stream" not in content_type:
            raise LLMUnavailable(f"the LLM server did not stream (Content-Type {content_type!r})")
        for data in _events(response, sock, remaining):
            if data == "[DONE]":
                break
            text, finished = _delta(data)
            if text:
                pieces += 1
                yield text
            if finished:
                break
        else:
            raise LLMUnavailable("the LLM stream ended before it was complete")
    except TimeoutError:
        if expired.is_set() or time.monotonic() >= deadline:
            reason = f"the LLM gave no complete answer within {cfg.timeout:g} s"
        else:
            reason = "the LLM server stopped answering"
        logger.warning("LLM unavailable: %s", reason)
        raise LLMUnavailable(reason) from None
    except LLMUnavailable as exc:
        reason = str(exc)
        if expired.is_set():
            reason = f"the LLM gave no complete answer within {cfg.timeout:g} s"
        logger.warning("LLM unavailable: %s", reason)
        raise LLMUnavailable(reason) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        reason = f"the LLM server could not be reached or answered badly ({type(exc).__name__})"
        if expired.is_set():
            reason = f"the LLM gave no complete answer within {cfg.timeout:g} s"
        logger.warning("LLM unavailable: %s", reason)
        raise LLMUnavailable(reason) from None
    else:
        logger.info("LLM answer: %d pieces in %.1f s", pieces, time.monotonic() - started)
    finally:
        timer.cancel()
        if conn is not None:
            conn.close()


def _events(response: http.client.HTTPResponse, sock: socket.socket, remaining: Callable[[], float]) -> Iterator[str]:
    """The ``data`` of each server-sent event, until the stream ends."""
    data: list[str] = []
    while True:
        sock.settimeout(remaining())
        raw = response.readline(MAX_LINE_BYTES + 1)
        if not raw:
            if remaining() and data:  # remaining() raises once the deadline has passed
                yield "\n".join(data)
            return
        if len(raw) > MAX_LINE_BYTES:
            raise LLMUnavailable("the LLM stream has an overlong line")
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield "\n".join(data)
                data = []
        elif line.startswith("data:"):
            value = line[5:]
            data.append(value[1:] if value.startswith(" ") else value)
        # comments (":...") and other fields (event:, id:, retry:) carry no text


def _delta(data: str) -> tuple[str, bool]:
    """The text in one chunk of a streamed chat completion, and whether it is the last."""
    try:
        chunk = json.loads(data)
    except json.JSONDecodeError:
        raise LLMUnavailable("the LLM stream is not JSON") from None
    if not isinstance(chunk, dict):
        raise LLMUnavailable("the LLM stream is malformed")
    if chunk.get("error"):
        raise LLMUnavailable("the LLM server reported an error in the stream")
    choices = chunk.get("choices")
    if not isinstance(choices, list):
        raise LLMUnavailable("the LLM stream is malformed")
    if not choices:  # e.g. a usage-only chunk
        return "", False
    choice = choices[0]
    if not isinstance(choice, dict):
        raise LLMUnavailable("the LLM stream is malformed")
    delta = choice.get("delta") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    if content is not None and not isinstance(content, str):
        raise LLMUnavailable("the LLM stream is malformed")
    return content or "", bool(choice.get("finish_reason"))


# --------------------------------------------------------------------------
# What the assistant calls

# A sentence ends at ., !, ?, … or । (optionally closed by a quote or bracket) followed
# by whitespace and not by a digit ("Art. 28" stays whole), or at a line break.
_SENTENCE_END = re.compile(r"[.!?…।][\"'”’)\]]*\s+(?!\d)|\n")


def generate(question: str, sources: list[Source], language: str, *, cfg: LLMConfig) -> Iterator[str]:
    """The model's answer, sentence by sentence, with unknown citations removed.

    :func:`stream` delivers arbitrary pieces, and a citation may be split
    across them ("Đi" + "ều 99 Luật X"). So the pieces are buffered until a
    sentence is complete (., !, ?, … or । followed by a space, or a line break);
    each complete sentence goes through :func:`check_citations` against
    ``sources`` and only then is yielded, and the last sentence is checked and
    yielded when the stream ends. A made-up citation therefore never reaches
    the page; the price is that text appears a sentence at a time.

    Raises :class:`LLMUnavailable` like :func:`stream`, possibly after some
    sentences were yielded.
    """
    buffer = ""
    removed_total: list[str] = []

    def checked(sentence: str) -> str:
        cleaned, removed = check_citations(sentence, sources)
        removed_total.extend(removed)
        return cleaned

    for piece in stream(question, sources, language, cfg=cfg):
        buffer += piece
        cut = 0
        for m in _SENTENCE_END.finditer(buffer):
            if m.end() < len(buffer):  # the whitespace may continue in the next piece
                cut = m.end()
        if cut:
            sentence, buffer = buffer[:cut], buffer[cut:]
            if cleaned := checked(sentence):
                yield cleaned
    if buffer and (cleaned := checked(buffer)):
        yield cleaned
    if removed_total:
        logger.info("LLM answer: removed %d citation(s) not among the sources", len(removed_total))
        logger.debug("LLM answer: removed citations %r", removed_total)
