"""A real browser: send a PDF through a two-step chain, approve, sign with the token PIN, validate publicly."""

from __future__ import annotations

import pytest
from django.conf import settings

from civildesk.org.models import Role
from civildesk.signing.models import RequestStatus, SignatureRequest
from conftest import PASSWORD, make_user

from .conftest import PIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")


def test_chain_approve_sign_with_pin_then_validate(
    page, live_server, units, give_certificate, softhsm, decision_pdf, tmp_path
):
    owner = make_user("chuyenvien", units["a"], Role.STAFF)
    reviewer = make_user("truongphong", units["a"], Role.STAFF)
    leader = make_user("giamdoc", units["a"], Role.LEADER, full_name="Hoàng Văn Thành")
    give_certificate(leader, units["a"])
    pdf_path = tmp_path / "quyet-dinh.pdf"
    pdf_path.write_bytes(decision_pdf)

    _login(page, live_server, owner.username)
    page.goto(f"{live_server.url}/signing/new/")
    page.locator("#id_unit").select_option(str(units["a"].pk))
    page.locator("#id_title").fill("Quyết định thử nghiệm")
    page.locator("#id_file").set_input_files(str(pdf_path))
    page.locator("#id_reviewers").select_option(str(reviewer.pk))
    page.locator("#id_signer").select_option(str(leader.pk))
    page.locator("#id_level").select_option("B-T")
    page.locator("#id_signer_name").fill("Hoàng Văn Thành")
    page.locator("#id_signer_title").fill("Chủ tịch")
    page.get_by_role("button", name="Send").click()
    page.locator("#request-status").wait_for()
    assert page.locator("#request-status").inner_text() == "In progress"

    _login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/signing/")
    page.get_by_role("link", name="Quyết định thử nghiệm").first.click()
    page.get_by_role("button", name="Approve").click()
    assert "Approved." in page.content()

    _login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/signing/")
    page.get_by_role("link", name="Quyết định thử nghiệm").first.click()
    page.locator("#id_secret").fill(PIN)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.locator("#request-status").wait_for()
    page.reload()
    assert page.locator("#request-status").inner_text() == "Completed"
    request = SignatureRequest.objects.get()
    assert request.status == RequestStatus.COMPLETED
    with page.expect_download() as download:
        page.locator("#download").click()
    signed = tmp_path / "signed.pdf"
    download.value.save_as(signed)

    page.context.clear_cookies()  # the public page needs no account
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/signing/validate/")
    page.locator("#id_file").set_input_files(str(signed))
    page.get_by_role("button", name="Check").click()
    page.locator("#summary").wait_for()
    assert page.locator("#summary").inner_text() == "All signatures are valid."
    assert "Nguyễn Văn Ký" in page.locator("#report").inner_text()
    assert "Good (not revoked)" in page.locator("#report").inner_text()


def test_the_validation_report_fits_a_390_px_phone(page, live_server, trust, decision_pdf, tmp_path):
    from civildesk.signing import signer

    from .conftest import PASSPHRASE

    data = signer.sign_pdf(
        decision_pdf,
        signer.pkcs12_signer(trust.pkcs12("signer", PASSPHRASE), PASSPHRASE),
        level="B-T",
        tsa_url=trust.tsa_url,
        field_name="S",
    )
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/signing/validate/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form button[type=submit]").last.click()
    page.locator("#summary").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#report details summary").click()  # the JSON, opened, wraps too
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_without_a_timestamp_authority_the_form_offers_b_b_and_signing_completes(
    page, live_server, units, give_certificate, sysadmin, decision_pdf, tmp_path
):
    from civildesk.signing import services

    from .conftest import PASSPHRASE

    owner = make_user("chuyenvien", units["a"], Role.STAFF)
    leader = make_user("giamdoc", units["a"], Role.LEADER, full_name="Hoàng Văn Thành")
    give_certificate(leader, units["a"], backend="pkcs12")
    services.settings_update(actor=sysadmin, tsa_url="", default_level="B-B", lta_allowed=False)  # like the demo
    pdf_path = tmp_path / "quyet-dinh.pdf"
    pdf_path.write_bytes(decision_pdf)

    _login(page, live_server, owner.username)
    page.goto(f"{live_server.url}/signing/new/")
    assert page.locator("#id_level option").all_inner_texts() == ["PAdES B-B (signature only)"]
    assert page.locator("#id_unit").input_value() == str(units["a"].pk)  # preselected
    assert page.locator("#id_signer option").all_inner_texts()[1:] == ["Hoàng Văn Thành"]
    page.locator("#id_title").fill("Quyết định thử nghiệm")
    page.locator("#id_file").set_input_files(str(pdf_path))
    page.locator("#id_signer").select_option(str(leader.pk))
    page.get_by_role("button", name="Send").click()
    page.locator("#request-status").wait_for()
    assert page.content().count("Sent for signature.") == 1

    _login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/signing/")
    page.get_by_role("link", name="Quyết định thử nghiệm").first.click()
    page.locator("#id_secret").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.locator("#request-status").wait_for()
    assert page.locator("#request-status").inner_text() == "Completed"
    assert SignatureRequest.objects.get().status == RequestStatus.COMPLETED
