"""A real browser: draft a Giấy mời, preview it, download the DOCX and the PDF."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from docx import Document as open_docx

from civildesk.drafting.models import Draft
from civildesk.org.models import Role
from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def templates(db):
    """Browser tests flush the tables between tests: seed the templates again, as the migration does."""
    import importlib

    from django.apps import apps

    importlib.import_module("civildesk.drafting.migrations.0002_seed_templates").seed(apps, None)


def test_draft_preview_and_download_an_invitation(page, live_server, units, tmp_path, templates):
    make_user("chuyenvien", units["a"], Role.STAFF, full_name="Nông Thị Lan")
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill("chuyenvien")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/drafting/new/")
    page.get_by_role("link", name="Giấy mời").click()
    page.locator("#id_agency_code").fill("STTTT")
    page.locator("#id_place").fill("Lạng Sơn")
    page.locator("#id_subject").fill("Dự Hội nghị triển khai Trợ lý ảo")
    page.locator("#id_body").fill(
        "Sở Thông tin và Truyền thông trân trọng kính mời đại diện lãnh đạo các phòng dự Hội nghị.\n"
        "Thời gian: 08 giờ 00 phút, ngày 15 tháng 01 năm 2026."
    )
    page.locator("#id_recipients").fill("Như thành phần mời")
    page.locator("#id_authority").select_option("KT")
    page.locator("#id_on_behalf_of").fill("Giám đốc")
    page.locator("#id_signer_title").fill("Phó Giám đốc")
    page.locator("#id_signer_name").fill("Nông Văn Quang")
    page.locator("button[name=save]").click()

    page.locator(".d30-sheet").wait_for()
    draft = Draft.objects.get()
    assert page.url.endswith(draft.get_absolute_url())
    sheet = page.locator(".d30-sheet").inner_text()
    assert "GIẤY MỜI" in sheet and "KT. GIÁM ĐỐC" in sheet and "/GM-STTTT" in sheet

    with page.expect_download() as docx_download:
        page.locator(f"a[href$='/drafting/{draft.pk}/download/docx/']").click()
    docx_path = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(docx_path)
    text = "\n".join(p.text for p in open_docx(io.BytesIO(docx_path.read_bytes())).paragraphs)
    assert "Dự Hội nghị triển khai Trợ lý ảo" in text

    with page.expect_download() as pdf_download:
        page.locator(f"a[href$='/drafting/{draft.pk}/download/pdf/']").click()
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    pdf = pdfium.PdfDocument(str(pdf_path))
    textpage = pdf[0].get_textpage()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in textpage.get_text_range()
    textpage.close()
    pdf.close()
