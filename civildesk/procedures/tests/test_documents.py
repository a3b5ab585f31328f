"""Forms 01–07 rendered through drafting's layout and read back with pdftotext; the QR code; the DOCX."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from civildesk.procedures.services import DOSSIERS, documents

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def dossier(register, clerk_a, specialist_a):
    from datetime import date

    d = register().dossier
    d = DOSSIERS.apply(d, "request_supplement", actor=clerk_a, missing="Bản vẽ mặt bằng công trình")
    d = DOSSIERS.apply(d, "supplement_receive", actor=clerk_a)
    d = DOSSIERS.apply(d, "accept", actor=clerk_a)
    return DOSSIERS.apply(
        d, "extend", actor=specialist_a, new_due_date=date(2099, 1, 5), reason="Chờ ý kiến liên ngành"
    )


@pytest.mark.parametrize(
    ("number", "title"),
    [
        ("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        ("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        ("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        ("04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        ("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    ],
)
def test_each_dossier_form_reads_back_with_its_title_and_the_code(dossier, number, title):
    text = _text(documents.dossier_form(dossier=dossier, number=number, base_url="https://dichvucong.example/"))
    assert title in text and dossier.code in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"https://dichvucong.example/procedures/public/track/?code={dossier.code}" in text


def test_form_02_lists_what_is_missing_and_04_the_new_date(dossier):
    assert "Bản vẽ mặt bằng công trình" in _text(documents.dossier_form(dossier=dossier, number="02"))
    text = _text(documents.dossier_form(dossier=dossier, number="04"))
    assert "05/01/2099" in text and "Chờ ý kiến liên ngành" in text


def test_form_07_is_the_register_of_dossiers(dossier, units):
    text = _text(documents.register_book(unit=units["a"], dossiers=[dossier]))
    assert "SỔ THEO DÕI HỒ SƠ" in text and dossier.code in text


def test_the_wording_is_data(dossier):
    from civildesk.procedures.models import FormText

    FormText.objects.filter(number="01").update(body="Mã: {code}. Lời văn do tỉnh sửa.")
    assert "Lời văn do tỉnh sửa." in _text(documents.dossier_form(dossier=dossier, number="01"))


def test_the_docx_has_the_title_the_code_and_the_qr_picture(dossier):
    from docx import Document

    doc = Document(io.BytesIO(documents.dossier_form(dossier=dossier, number="01", fmt="docx")))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and dossier.code in text
    assert doc.inline_shapes and len(doc.inline_shapes) == 1
