"""A real browser (Debian's Chromium through Playwright): log in, switch language, log out."""

from __future__ import annotations

import pytest

from civildesk.org.models import Role
from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_switch_languages_logout(page, live_server, units):
    make_user("chuyenvien", units["a"], Role.STAFF, full_name="Nông Thị Lan")
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập").click()  # from the public landing

    page.get_by_label("Tên đăng nhập").fill("chuyenvien")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Công việc của tôi").wait_for()
    assert "Nông Thị Lan" in page.content()

    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("heading", name="My work").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("bn")
    page.get_by_role("heading", name="আমার কাজ").wait_for()
    assert page.locator("html").get_attribute("lang") == "bn"

    page.get_by_role("button", name="লগ আউট").click()
    page.wait_for_url("**/login/**")
    assert page.locator("input[name=password]").is_visible()
