"""The assistant in a real browser: ask, open the citation, follow up, rate; Bengali; the portal widget."""

from __future__ import annotations

import http.server
import threading

import pytest

from civildesk.org.models import Role
from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Công việc của tôi").wait_for()


def test_ask_follow_up_open_citation_and_rate(page, live_server, laws, units):
    make_user("chuyenvien", units["a"], Role.STAFF)
    login(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}/assistant/")

    page.get_by_label("Câu hỏi của bạn").fill("vien chuc co duoc tham gia quan ly benh vien tu khong")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    first = page.locator("article.turn").first
    first.locator(".citation a").wait_for()
    assert "Khoản 2 Điều 14" in first.locator(".citation").inner_text()

    page.get_by_label("Câu hỏi của bạn").fill("còn công chức thì sao?")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    second = page.locator("article.turn").nth(1)
    second.locator(".citation a").wait_for()
    assert "Điều 20" in second.locator(".citation").inner_text()

    second.get_by_role("button", name="Hữu ích").click()
    second.get_by_role("status").wait_for()

    with page.expect_navigation():
        first.locator(".citation a").click()
    assert "#dieu-14/khoan-2" in page.url
    assert page.locator('[id="dieu-14/khoan-2"]').is_visible()


def test_bengali_question_gets_a_bengali_card(page, live_server, laws, units):
    make_user("chuyenvien", units["a"], Role.STAFF)
    login(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}/assistant/")
    page.get_by_label("Câu hỏi của bạn").fill("সরকারি কর্মচারীদের প্রবেশনকাল কত দিন?")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    card = page.locator("article.turn .answer").first
    card.wait_for()
    assert card.get_attribute("lang") == "bn"


@pytest.fixture
def portal_page(tmp_path, live_server, settings):
    """A plain HTML page of the 'provincial portal' on another origin, with the widget's script tag.

    The portal's origin is in CIVILDESK_WIDGET_ORIGINS, as an operator sets it.
    """
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Cổng thông tin</title></head>"
        f"<body><h1>Cổng thông tin điện tử tỉnh</h1><script src='{live_server.url}/assistant/widget.js'></script></body></html>",
        encoding="utf-8",
    )

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CIVILDESK_WIDGET_ORIGINS = [f"http://127.0.0.1:{server.server_address[1]}"]
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_widget_on_a_plain_page_answers_a_public_question(page, portal_page, laws):
    page.goto(portal_page)
    frame = page.frame_locator("iframe.civildesk-assistant")
    frame.get_by_label("Câu hỏi của bạn").fill("Thời gian thử việc của viên chức là bao lâu?")
    frame.get_by_role("button", name="Hỏi").click()
    frame.locator(".citation").wait_for()
    assert "Điều 28" in frame.locator(".citation").inner_text()


def test_widget_is_not_framed_by_a_site_not_listed(page, portal_page, laws, settings):
    settings.CIVILDESK_WIDGET_ORIGINS = ["https://portal.example.gov.vn"]
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text):  # Chromium reports the refusal
        page.goto(portal_page)
    assert page.frame_locator("iframe.civildesk-assistant").get_by_label("Câu hỏi của bạn").count() == 0
