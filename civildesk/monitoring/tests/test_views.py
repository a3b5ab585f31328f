"""Pages: the main paths work, and another unit is refused everywhere."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civildesk.monitoring.models import Report, ReportStatus
from civildesk.monitoring.services.reports import REPORTS

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_dashboard_headline_and_drill_down(client, save, officer_a, office, resolution, units):
    report = save(officer_a, units["a"], "I1", 100)
    REPORTS.apply(report, "submit", actor=officer_a)
    REPORTS.apply(report, "approve", actor=office)
    _login(client, officer_a)
    page = client.get("/monitoring/?year=2025").content.decode()
    assert "1/3 targets achieved in 2025" in page  # B has not reported I1: the mean of what was approved
    t1 = resolution.pillars.get(code="CQS").targets.get(code="1")
    page = client.get(f"/monitoring/targets/{t1.pk}/?year=2025").content.decode()
    assert f"/monitoring/reports/{report.pk}/" in page
    assert client.get(f"/monitoring/reports/{report.pk}/").status_code == 200
    assert "<svg" in client.get(f"/monitoring/pillars/{t1.pillar.pk}/?year=2025").content.decode()


def test_unit_reports_with_a_file_and_submits(client, period, officer_a, units):
    from civildesk.monitoring.models import Indicator

    ind = Indicator.objects.get(code="I1")
    _login(client, officer_a)
    url = f"/monitoring/periods/{period.pk}/indicators/{ind.pk}/units/{units['a'].pk}/"
    assert client.get(url).status_code == 200
    pdf = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    r = client.post(url, {"value": "70", "evidence_kind": "file", "evidence_file": pdf, "note": "Đã kiểm tra"})
    report = Report.objects.get()
    assert r.status_code == 302 and r.url == f"/monitoring/reports/{report.pk}/"
    r = client.post(f"/monitoring/reports/{report.pk}/do/submit/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    from conftest import close_response

    resp = client.get(f"/monitoring/reports/{report.pk}/evidence/")
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    close_response(resp)


def test_another_unit_is_refused(client, save, period, officer_a, officer_b, units):
    from civildesk.monitoring.models import Indicator

    report = save(officer_a, units["a"], "I1", 40)
    _login(client, officer_b)
    ind = Indicator.objects.get(code="I1")
    assert client.get(f"/monitoring/periods/{period.pk}/indicators/{ind.pk}/units/{units['a'].pk}/").status_code == 403
    assert (
        client.post(
            f"/monitoring/periods/{period.pk}/indicators/{ind.pk}/units/{units['a'].pk}/",
            {"value": "1", "evidence_kind": "link", "evidence_url": "https://x.vn"},
        ).status_code
        == 403
    )
    assert client.get(f"/monitoring/reports/{report.pk}/").status_code == 404
    assert client.post(f"/monitoring/reports/{report.pk}/do/submit/").status_code == 404
    assert client.get(f"/monitoring/reports/{report.pk}/evidence/").status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.value == 40


def test_a_unit_officer_cannot_manage(client, resolution, period, officer_a):
    _login(client, officer_a)
    assert client.post(f"/monitoring/periods/{period.pk}/remind/").status_code == 403
    assert client.post(f"/monitoring/periods/{period.pk}/do/close/").status_code == 403
    assert client.get(f"/monitoring/resolutions/{resolution.pk}/pillars/new/").status_code == 403
    assert (
        client.post(
            f"/monitoring/resolutions/{resolution.pk}/periods/", {"year": 2026, "due_on": "2027-01-31"}
        ).status_code
        == 403
    )


def test_office_defines_a_target_and_opens_a_period(client, resolution, office, units):
    _login(client, office)
    pillar = resolution.pillars.get(code="CKS")
    r = client.post(
        f"/monitoring/pillars/{pillar.pk}/targets/new/",
        {
            "code": "4",
            "title": "Tờ khai hải quan điện tử",
            "unit_of_measure": "%",
            "baseline": "40",
            "target_value": "100",
            "horizon_value": "100",
            "direction": "higher",
            "responsible_unit": units["b"].pk,
            "contributing_units": [units["a"].pk],
            "frequency": "yearly",
            "weight": "2",
            "order": "2",
        },
    )
    assert r.status_code == 302
    target = pillar.targets.get(code="4")
    assert list(target.contributing_units.all()) == [units["a"]] and target.weight == 2
    r = client.post(f"/monitoring/resolutions/{resolution.pk}/periods/", {"year": 2026, "due_on": "2027-01-31"})
    assert r.status_code == 302
    page = client.get(r.url).content.decode()
    assert "Who has not reported" in page


def test_review_through_the_page(client, save, officer_a, office, units):
    report = REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    _login(client, office)
    r = client.post(f"/monitoring/reports/{report.pk}/do/return/", {"comment": ""})
    assert r.status_code == 400
    r = client.post(f"/monitoring/reports/{report.pk}/do/approve/", {"comment": "Đạt"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.reviewed_by == office


def test_ranking_and_scorecard_pages(client, office, officer_a, units):
    from decimal import Decimal

    from civildesk.monitoring import dti_frameworks
    from civildesk.monitoring.services.ranking import dti_input_set

    dti_input_set(
        actor=office,
        framework=dti_frameworks.LOCAL,
        year=2025,
        unit=units["a"],
        values={"1.1": Decimal(1)},
        evidence="12/KH-UBND",
    )
    dti_input_set(
        actor=office,
        framework=dti_frameworks.LOCAL,
        year=2025,
        unit=units["b"],
        values={"1.1": Decimal(1), "1.2": Decimal(100)},
        evidence="15/KH-SXD",
    )
    _login(client, officer_a)
    page = client.get("/monitoring/ranking/?year=2025").content.decode()
    assert page.index(units["b"].name) < page.index(units["a"].name)
    assert "0.1500" in page and "0.0750" in page  # four decimals
    page = client.get(f"/monitoring/ranking/units/{units['a'].pk}/?year=2025").content.decode()
    assert "What would raise our score most" in page
    assert client.get(f"/monitoring/ranking/units/{units['a'].pk}/2025/edit/").status_code == 403


def test_home_panel_lists_what_the_unit_owes_and_what_waits_for_review(
    client, save, period, officer_a, officer_b, office, units
):
    REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    _login(client, officer_b)
    page = client.get("/").content.decode()
    assert "Digital-transformation targets" in page and "Your unit owes 2 values." in page
    _login(client, office)
    assert "1 report waits for review." in client.get("/").content.decode()


def test_without_a_resolution_the_office_is_sent_to_define_one(client, office, officer_a):
    _login(client, office)
    r = client.get("/monitoring/")
    assert r.status_code == 302 and r.url == "/monitoring/resolutions/new/"
    r = client.post(
        "/monitoring/resolutions/new/",
        {
            "code": "NQ1",
            "number": "1-NQ/TU",
            "title": "Chuyển đổi số",
            "start_year": 2020,
            "target_year": 2025,
            "horizon_year": 2030,
        },
    )
    assert r.status_code == 302
    _login(client, officer_a)
    assert client.get("/monitoring/resolutions/new/").status_code == 403


def test_a_library_document_named_as_evidence_is_linked(client, save, officer_a, units):
    from datetime import date

    from civildesk.library.models import Document

    doc = Document.objects.create(
        title="Báo cáo chuyển đổi số", number_symbol="12/BC-STTTT", signed_date=date(2026, 1, 10), unit=units["a"]
    )
    report = save(
        officer_a,
        units["a"],
        "I1",
        40,
        evidence_kind="document",
        evidence_url="",
        evidence_number="12/BC-STTTT",
        evidence_date=date(2026, 1, 10),
    )
    _login(client, officer_a)
    assert doc.get_absolute_url() in client.get(f"/monitoring/reports/{report.pk}/").content.decode()


def test_ranking_names_its_framework_and_a_percent_stays_with_its_number(client, save, officer_a, office, units):
    from civildesk.monitoring import dti_frameworks

    report = save(officer_a, units["a"], "I1", 100)
    REPORTS.apply(report, "submit", actor=officer_a)
    REPORTS.apply(report, "approve", actor=office)
    _login(client, office)
    client.cookies["civildesk_language"] = "vi"
    page = client.get("/monitoring/ranking/?year=2025").content.decode()
    assert dti_frameworks.LOCAL.label("vi") in page
    assert dti_frameworks.LOCAL.key not in page  # a reader sees the framework's name, not its key
    page = client.get(f"/monitoring/ranking/units/{units['a'].pk}/?year=2025").content.decode()
    assert dti_frameworks.LOCAL.key not in page and "/ 1.000)" in page
    page = client.get("/monitoring/?year=2025").content.decode()
    html = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)  # a chart's text never wraps
    assert "&nbsp;%" in html and not re.search(r"\d %<", html)  # "100,0 %" never wraps before its "%"


def test_the_pillar_chart_writes_numbers_as_the_table_beside_it():
    from civildesk.monitoring import charts

    svg = charts.bars([("A", 94.0), ("B", None)], title="t", no_data="–", decimal=",")
    assert "94,0 %" in svg and "94.0" not in svg
    assert "94.0 %" in charts.bars([("A", 94.0)], title="t", no_data="–")
