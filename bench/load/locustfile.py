"""The CivilDesk load mix for Locust, driven by ``bench/load.py`` (or by hand: ``locust -f bench/load/locustfile.py``).

One simulated person per Locust user, a civil servant of the demo province logged in with the demo password,
whose tasks are weighted to give, in requests:

* 70 % page views: the home page, a library search with a query, the inspection case list, the incoming and
  outgoing correspondence lists, the dossier list of the one-stop shop;
* 20 % assistant questions: the demo's suggested questions (``civildesk/assistant/suggestions.json``), asked
  the way the page asks them (htmx);
* 5 % uploads: a small real DOCX (python-docx), unique each time, to the library; every acknowledged upload
  (the redirect to the new document) is appended to ``LOAD_ACK_FILE`` for the checks after a fault;
* 5 % citizen tracking: a citizen (a new browser session each time) proves a demo dossier's code with the
  demo PIN 123456 and reads its tracking page.

Client addresses: the tracking page is rate-limited per client address (``civildesk.org.net.client_address``,
which trusts ``CIVILDESK_PROXY_COUNT`` proxies from the right of ``X-Forwarded-For``). The load generator
stands for the proxy tier in front of the site, so it writes each citizen's own address in
``X-Forwarded-For``; the server counts it as one more trusted proxy (1 against one node, 2 behind the
balancer, which appends its own entry). Civil servants come from their office's address.

Environment: ``LOAD_ACK_FILE`` (uploads acknowledged, JSON lines), ``LOAD_CODES_FILE`` (dossier codes to
track, one a line), ``LOAD_WAIT`` (think time between tasks, seconds, ``min,max``, default ``1,3``).
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.clients import HttpSession

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mix import document_id, small_docx, suggested_questions, upload_units  # noqa: E402

PASSWORD = "CivilDesk@2026"
PIN = "123456"

# Demo logins that may read every page of the mix (checked against the demo's roles; see bench/README.md).
STAFF = [
    "caoloc.chutich",
    "caoloc.chuyenvien",
    "caoloc.motcua",
    "chilang.chutich",
    "chilang.chuyenvien",
    "chilang.motcua",
    "dongmo.congchuc",
    "sxd.chuyenvien",
    "sxd.giamdoc",
    "sxd.vanthu",
    "syt.chuyenvien",
    "thanhtra.chanh",
    "thanhtra.tiepdan",
    "tpls.motcua",
    "ubnd.chutich",
    "vp.vanthu",
]

SEARCHES = [
    "nghỉ phép năm",
    "chữ ký số",
    "lưu trữ hồ sơ",
    "công tác phí",
    "mật khẩu",
    "tiếp công dân",
    "giờ làm việc",
    "một cửa",
]

PAGES = [  # (weight, name, path)
    (15, "home", "/"),
    (25, "library search", None),
    (10, "inspection cases", "/inspection/cases/"),
    (8, "correspondence incoming", "/correspondence/"),
    (6, "correspondence outgoing", "/correspondence/outgoing/"),
    (6, "dossier list", "/procedures/"),
]


def _wait() -> Any:
    low, _, high = os.environ.get("LOAD_WAIT", "1,3").partition(",")
    return between(float(low), float(high or low))


def _codes() -> list[str]:
    path = os.environ.get("LOAD_CODES_FILE")
    if not path or not Path(path).exists():
        return []
    return [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


QUESTIONS = suggested_questions()
CODES = _codes()
_ack_lock = threading.Lock()
_counter = iter(range(1, 10**9))


def _sessions() -> dict[str, dict[str, str]]:
    path = os.environ.get("LOAD_SESSIONS_FILE")
    return json.loads(Path(path).read_text(encoding="utf-8")) if path and Path(path).exists() else {}


SESSIONS = _sessions()
_log_lock = threading.Lock()
_log = open(os.environ["LOAD_LOG_FILE"], "a", encoding="utf-8") if os.environ.get("LOAD_LOG_FILE") else None  # noqa: SIM115


@events.request.add_listener
def _log_request(request_type: str, name: str, response_time: float, exception: Any, **kwargs: Any) -> None:
    """Every request, one line (time, name, ok, ms): the fault windows are cut from it."""
    if _log is None:
        return
    with _log_lock:
        _log.write(f"{time.time():.3f}\t{name}\t{0 if exception else 1}\t{response_time:.1f}\n")
        _log.flush()


def _record_ack(entry: dict[str, Any]) -> None:
    path = os.environ.get("LOAD_ACK_FILE")
    if not path:
        return
    with _ack_lock, open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def _cookie(session: Any, name: str) -> str:
    """The newest cookie of that name (the jar may hold one set beforehand and one the server set)."""
    return next((c.value for c in reversed(list(session.cookies)) if c.name == name), "") or ""


def _random_address() -> str:
    return f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"  # RFC 2544 benchmarking range


class CivilServant(HttpUser):
    wait_time = _wait()

    def on_start(self) -> None:
        self.number = next(_counter)
        self.username = STAFF[self.number % len(STAFF)]
        self.office = f"10.{self.number % 200}.0.{1 + self.number % 250}"
        self.client.headers["X-Forwarded-For"] = self.office
        self.units: list[str] = []
        session = SESSIONS.get(self.username)
        if session:  # logged in once beforehand: a login hashes the password, not what a working day repeats
            host = urlsplit(self.host).hostname or ""
            for name, value in session.items():
                self.client.cookies.set(name, value, domain=host, path="/")
        else:
            self.login()

    def csrf(self) -> str:
        return _cookie(self.client, "csrftoken")

    def login(self) -> None:
        self.client.get("/login/", name="login form")
        with self.client.post(
            "/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            name="login",
            catch_response=True,
        ) as response:
            if response.ok and "/login/" not in response.url:
                response.success()
            else:
                response.failure(f"login refused for {self.username} ({response.status_code})")

    def get_page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.ok and "/login/" in response.url:
                response.failure("session lost: redirected to the login page")
                self.login()

    @task(70)
    def page_view(self) -> None:
        weights = [w for w, _, _ in PAGES]
        _, name, path = random.choices(PAGES, weights=weights)[0]
        if path is None:
            path = "/library/?q=" + random.choice(SEARCHES)
        self.get_page(path, name)

    @task(20)
    def ask(self) -> None:
        with self.client.post(
            "/assistant/ask/",
            data={"question": random.choice(QUESTIONS), "csrfmiddlewaretoken": self.csrf()},
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf()},
            name="assistant question",
            catch_response=True,
        ) as response:
            if response.ok and "/login/" in response.url:
                response.failure("session lost: redirected to the login page")
                self.login()

    @task(5)
    def upload(self) -> None:
        if not self.units:
            response = self.client.get("/library/upload/", name="upload form")
            self.units = upload_units(response.text)
            if not self.units:
                return
        marker = f"{uuid.uuid4()}"
        title = f"Tải thử {marker}"
        started = time.time()
        with self.client.post(
            "/library/upload/",
            data={
                "title": title,
                "unit": self.units[0],
                "scope": "unit",
                "csrfmiddlewaretoken": self.csrf(),
            },
            files={
                "file": (
                    f"tai-thu-{marker[:8]}.docx",
                    small_docx(marker),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            },
            name="upload",
            catch_response=True,
        ) as response:
            doc = document_id(response.url) if response.history else None
            if response.ok and doc is not None:
                _record_ack({"document": doc, "title": title, "user": self.username, "at": started})
            elif response.ok:
                response.failure(f"upload not acknowledged (ended on {response.url})")

    @task(5)
    def track(self) -> None:
        if not CODES:
            return
        citizen = HttpSession(
            base_url=self.host, request_event=self.environment.events.request, user=self, pool_manager=None
        )
        citizen.headers["X-Forwarded-For"] = _random_address()
        code = random.choice(CODES)
        form = citizen.get("/procedures/public/track/", name="citizen tracking form")
        if not form.ok:  # counted as an error already; the citizen would not post a form they never saw
            citizen.close()
            return
        with citizen.post(
            "/procedures/public/track/",
            data={"code": code, "secret": PIN, "csrfmiddlewaretoken": _cookie(citizen, "csrftoken")},
            name="citizen tracking",
            catch_response=True,
        ) as response:
            if response.ok and "/public/track/" in response.url and not response.history:
                response.failure("code and PIN not accepted")
        citizen.close()
