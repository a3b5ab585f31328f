"""A citizen submits on a phone; the clerk accepts, the specialist processes, the leader approves and signs;
the citizen sees "Đã trả kết quả" and downloads the signed PDF."""

from __future__ import annotations

import pytest

from civildesk.procedures.models import Dossier, Status

from .conftest import PASSPHRASE, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Correct-Horse-42")
    page.click("main button.primary")
    page.wait_for_url(lambda url: "/login/" not in url)


def _act(page, name):
    """Open the action's form (a button alone, or a form in a <details>) and submit it."""
    form = page.locator(f"#action-{name}")
    summary = form.locator("xpath=ancestor::details/summary")
    if summary.count():
        summary.click()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_phone_submission_to_the_signed_result(
    browser, page, live_server, procedure, clerk_a, specialist_a, boss_a, units, give_key, tmp_path
):
    give_key(boss_a, units["a"])
    upload = tmp_path / "to-khai.pdf"
    upload.write_bytes(PDF)

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    citizen = phone.new_page()
    citizen.goto(f"{live_server.url}/procedures/public/?q=giay+phep+xay+dung")
    citizen.click(f"text={procedure.name}")
    citizen.click(f"a[href$='/p/{procedure.code}/submit/']")
    citizen.fill("#id_applicant_name", "Nguyễn Thị Hoa")
    citizen.fill("#id_applicant_phone", "0912 000 111")
    citizen.set_input_files("#id_files", str(upload))
    citizen.click("#submit-dossier")
    code = citizen.inner_text("#dossier-code")
    pin = citizen.inner_text("#dossier-pin")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    dossier = Dossier.objects.get(code=code)

    _login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    _act(page, "accept")
    _act(page, "forward")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING

    _login(page, live_server, specialist_a.username)
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.locator("#action-propose").locator("xpath=ancestor::details/summary").click()
    page.fill("#id_propose_result", "Cấp giấy phép xây dựng nhà ở riêng lẻ")
    page.click("#action-propose button[type=submit]")

    _login(page, live_server, boss_a.username)
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    _act(page, "approve")
    page.click("#signature-link")
    page.fill("#id_secret", PASSPHRASE)
    page.press("#id_secret", "Enter")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    _act(page, "complete")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.DONE

    _login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    _act(page, "return_result")

    citizen.goto(f"{live_server.url}/procedures/public/track/")
    citizen.fill("#id_code", code)
    citizen.fill("#id_secret", pin)
    citizen.click("main button.primary")
    assert citizen.inner_text("#public-status") == "Đã trả kết quả"
    with citizen.expect_download() as download:
        citizen.click("#result-download")
    path = tmp_path / "ket-qua.pdf"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"/ByteRange" in data and b"/Sig" in data
    phone.close()
