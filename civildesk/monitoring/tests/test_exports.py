"""The exports carry the dashboard's figures: the PDF is rendered to PNG and read, the Excel file read back."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from civildesk.monitoring import exports
from civildesk.monitoring.services import results
from civildesk.monitoring.services.reports import REPORTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(save, officer_a, officer_b, office, units):
    for officer, unit, code, value in (
        (officer_a, units["a"], "I1", 100),
        (officer_b, units["b"], "I1", 50),
        (officer_b, units["b"], "I2", 45),
    ):
        r = REPORTS.apply(save(officer, unit, code, value), "submit", actor=officer)
        REPORTS.apply(r, "approve", actor=office)


def test_excel_read_back_equals_the_dashboard(approved, client, office, resolution):
    client.force_login(office)
    response = client.get(f"/monitoring/resolutions/{resolution.pk}/export.xlsx?year=2025&lang=en")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    shown = results.as_dict(results.results(resolution, 2025))
    summary = {r[0]: r[1] for r in wb["summary"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Targets achieved"], summary["Targets"]) == (shown["achieved"], shown["total"])
    pillars = [(r[0], r[2]) for r in wb[exports.SHEET_PILLARS].iter_rows(min_row=2, values_only=True)]
    assert pillars == [(p["code"], p["progress"]) for p in shown["pillars"]]
    targets = [(r[1], r[6], r[7]) for r in wb[exports.SHEET_TARGETS].iter_rows(min_row=2, values_only=True)]
    assert targets == [(t["code"], t["value"], t["progress"]) for p in shown["pillars"] for t in p["targets"]]
    assert targets[0] == ("1", 75.0, 75.0) and targets[1] == ("2", 45.0, 50.0)


@pytest.mark.skipif(
    not shutil.which("pdftoppm") or not shutil.which("tesseract"), reason="poppler-utils and tesseract needed"
)
@pytest.mark.parametrize(("lang", "title"), [("vi", "Báo cáo chuyển đổi số"), ("en", "Digital-transformation report")])
def test_pdf_renders_with_title_and_pillars(approved, resolution, tmp_path, lang, title):
    from django.utils import translation

    with translation.override(lang):
        pdf = exports.to_pdf(results.results(resolution, 2025), lang)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    text = subprocess.run(
        ["tesseract", str(png), "-", "-l", "vie+eng"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert title in flat
    for name in ("Chính quyền số", "Cửa khẩu số"):
        assert name in flat
