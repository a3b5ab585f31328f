"""`make demo` runs like production: DEBUG off, static files served by the app.

Starts ``scripts/run_demo.py`` on a free port with its own data directory and
asks it for a missing page, a static file and the API docs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEBUG_MARKERS = ("Using the URLconf defined in", "You're seeing this error because you have <code>DEBUG = True</code>")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, language: str = "vi") -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": f"civildesk_language={language}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local test server
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo-data")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update({"CIVILDESK_DATA_DIR": str(data), "CIVILDESK_INDEX_DENSE": "0"})
    manage = str(ROOT / "manage.py")
    subprocess.run([sys.executable, manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "run_demo.py"), "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail("the demo stopped before answering")
            time.sleep(0.5)
        else:
            pytest.fail("the demo did not answer within a minute")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.parametrize(
    ("language", "title"),
    [("vi", "Không tìm thấy trang"), ("en", "Page not found"), ("bn", "পৃষ্ঠা পাওয়া যায়নি")],
)
def test_a_missing_page_is_the_sites_own_404_in_the_users_language(demo_server, language, title):
    status, body, _ = _get(demo_server + "/no-such-page/", language)
    assert status == 404
    assert not any(marker in body for marker in DEBUG_MARKERS)
    assert title in body


def test_static_files_are_served_by_the_app(demo_server):
    status, body, headers = _get(demo_server + "/static/civildesk/site.css")
    assert status == 200
    assert "max-age" in headers.get("Cache-Control", "")  # WhiteNoise, not runserver
    assert body.strip()


@pytest.mark.parametrize("path", ["/", "/login/", "/api/v1/docs", "/signing/validate/", "/inspection/public/"])
def test_public_pages_of_the_demo_are_no_debug_pages(demo_server, path):
    status, body, _ = _get(demo_server + path)
    assert status == 200, path
    assert not any(marker in body for marker in DEBUG_MARKERS)


def test_the_demo_answers_on_the_address_it_listens_on():
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_demo", ROOT / "scripts" / "run_demo.py")
    run_demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_demo)

    assert run_demo.demo_environment({}, host="127.0.0.1") == {"DJANGO_DEBUG": "0"}
    assert run_demo.demo_environment({}, host="0.0.0.0")["DJANGO_ALLOWED_HOSTS"] == "*"
    assert "192.168.1.5" in run_demo.demo_environment({}, host="192.168.1.5")["DJANGO_ALLOWED_HOSTS"]
    assert (
        run_demo.demo_environment({"DJANGO_ALLOWED_HOSTS": "a.gov.vn"}, host="0.0.0.0")["DJANGO_ALLOWED_HOSTS"]
        == "a.gov.vn"
    )
    assert run_demo.demo_environment({"DJANGO_DEBUG": "1"})["DJANGO_DEBUG"] == "0"
