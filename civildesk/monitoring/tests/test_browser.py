"""A unit's DT officer reports a value with evidence, the DT office approves it, the dashboard headline changes."""

from __future__ import annotations

import pytest

from civildesk.monitoring.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Correct-Horse-42")
    page.click("main button.primary")


def _logout(page):
    page.click("form[action$='logout/'] button")


def test_report_approve_and_the_headline_changes(page, live_server, period, officer_a, office, tmp_path):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    # The DT office sees nothing achieved yet.
    _login(page, live_server, office.username)
    page.goto(f"{live_server.url}/monitoring/?year=2025")
    assert page.inner_text("#headline").startswith("0/3")
    _logout(page)

    # The unit's DT officer reports I1 = 100 % with a file as evidence, then submits it.
    _login(page, live_server, officer_a.username)
    page.goto(f"{live_server.url}/monitoring/periods/{period.pk}/")
    page.click("#report-I1")
    page.fill("#id_value", "100")
    page.select_option("#id_evidence_kind", "file")
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#id_evidence_file", str(evidence))
    page.fill("#id_note", "Theo biên bản kiểm tra ngày 15/12/2025")
    page.click("#report-form button[type=submit]")
    report = Report.objects.get()
    assert page.url.endswith(f"/monitoring/reports/{report.pk}/")
    page.click("#action-submit button")
    report.refresh_from_db()
    assert report.status == "submitted"
    _logout(page)

    # The DT office approves it; the headline goes from 0/3 to 1/3.
    _login(page, live_server, office.username)
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/")
    assert "bien-ban.pdf" in page.inner_text("main")
    page.click("#action-approve >> xpath=.. >> summary")
    page.fill("#id_approve_comment", "Đạt")
    page.click("#action-approve button[type=submit]")
    report.refresh_from_db()
    assert report.status == "approved"
    page.goto(f"{live_server.url}/monitoring/?year=2025")
    assert page.inner_text("#headline").startswith("1/3")
    page.goto(f"{live_server.url}/monitoring/ranking/?year=2025")
    assert not violations  # the SVG charts need no inline style or script
