"""Tests of text extraction on real files of each format, built here at test time."""

from __future__ import annotations

import ctypes
import io
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest

from civildesk.library.extract import (
    ALLOWED_TYPES,
    Extraction,
    ExtractionError,
    extract_text,
    sniff_type,
)

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]
VIETNAMESE_SAMPLE = "ưềạịỉơỦăđâỘ"

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="the tesseract binary is not installed")


def fold(text: str) -> str:
    """Lower-case without diacritics (đ -> d), to compare OCR output leniently."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@pytest.fixture(scope="module")
def font_path() -> str:
    """A TrueType font that really has Vietnamese glyphs (fonts-liberation 1.x has not)."""
    from PIL import ImageFont

    for path in FONT_CANDIDATES:
        if not Path(path).exists():
            continue
        font = ImageFont.truetype(path, 32)
        tofu = bytes(font.getmask("\u4e00"))
        if all(bytes(font.getmask(ch)) != tofu for ch in VIETNAMESE_SAMPLE):
            return path
    pytest.skip("no TrueType font with Vietnamese glyphs installed (fonts-liberation2 or fonts-dejavu)")


def make_text_pdf(font_path: str, pages: list[list[str]]) -> bytes:
    """A PDF with a real text layer: pdfium embeds the font and writes the text objects."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    font_data = Path(font_path).read_bytes()
    buffer = (ctypes.c_uint8 * len(font_data)).from_buffer_copy(font_data)
    font = raw.FPDFText_LoadFont(pdf, buffer, len(font_data), raw.FPDF_FONT_TRUETYPE, 1)
    for lines in pages:
        page = pdf.new_page(595, 842)
        y = 780
        for line in lines:
            obj = raw.FPDFPageObj_CreateTextObj(pdf, font, 12.0)
            text = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(text, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
            y -= 20
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


SCAN_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Điều 1. Phạm vi điều chỉnh",
    "Quyết định này quy định về công tác văn thư",
    "của Ủy ban nhân dân tỉnh Lạng Sơn.",
]


def scanned_image(font_path: str):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, 40)
    image = Image.new("L", (1700, 120 + 90 * len(SCAN_LINES)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(SCAN_LINES):
        draw.text((70, 60 + 90 * index), line, font=font, fill=0)
    return image


def image_bytes(image, fmt: str, **options) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def assert_scan_recognised(text: str) -> None:
    folded = fold(text)
    for word in ("cong hoa", "viet nam", "dieu 1", "pham vi", "van thu", "lang son"):
        assert word in folded, (word, text)
    # Marks Tesseract's Vietnamese model reliably gets on a clean 300-dpi page.
    assert "Điều" in text and "Lạng Sơn" in text


# -- PDF ---------------------------------------------------------------------


def test_pdf_with_text_layer(font_path: str) -> None:
    data = make_text_pdf(
        font_path,
        [
            ["Điều 1. Phạm vi điều chỉnh", "Nghị   định này quy định về công tác văn thư."],
            ["Ủy ban nhân dân tỉnh Lạng Sơn"],
        ],
    )
    calls: list[tuple[int, int]] = []

    result = extract_text(data, filename="nghi-dinh.pdf", progress=lambda d, t, m: calls.append((d, t)))

    assert result.method == "pdf-text"
    assert result.ocr_pages == []
    assert result.pages == [
        "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về công tác văn thư.",
        "Ủy ban nhân dân tỉnh Lạng Sơn",
    ]
    assert result.text == "\n\n".join(result.pages)
    assert unicodedata.is_normalized("NFC", result.text)
    assert calls == [(1, 2), (2, 2)]


@needs_tesseract
def test_scanned_pdf_is_ocrd(font_path: str) -> None:
    data = image_bytes(scanned_image(font_path), "PDF", resolution=200)

    result = extract_text(data, filename="scan.pdf")

    assert result.method == "pdf-ocr"
    assert result.ocr_pages == [1]
    assert_scan_recognised(result.text)
    assert unicodedata.is_normalized("NFC", result.text)


@needs_tesseract
def test_pdf_mixing_text_and_scanned_pages(font_path: str) -> None:
    import pypdfium2 as pdfium

    text_pdf = pdfium.PdfDocument(make_text_pdf(font_path, [["Trang một có lớp văn bản đầy đủ ở đây."]]))
    scan_pdf = pdfium.PdfDocument(image_bytes(scanned_image(font_path), "PDF", resolution=200))
    text_pdf.import_pages(scan_pdf)
    out = io.BytesIO()
    text_pdf.save(out)

    result = extract_text(out.getvalue(), filename="mixed.pdf")

    assert result.method == "pdf-mixed"
    assert result.ocr_pages == [2]
    assert result.pages[0] == "Trang một có lớp văn bản đầy đủ ở đây."
    assert_scan_recognised(result.pages[1])


def test_blank_pdf_page_is_not_sent_to_ocr() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)

    result = extract_text(out.getvalue(), filename="blank.pdf")

    assert result.text == ""
    assert result.warnings == ["No text could be extracted from this file."]


# -- images ------------------------------------------------------------------


@needs_tesseract
def test_png_scan_is_ocrd(font_path: str) -> None:
    result = extract_text(image_bytes(scanned_image(font_path), "PNG"), filename="scan.png")

    assert result.method == "image-ocr"
    assert result.ocr_pages == [1]
    assert_scan_recognised(result.text)


# -- DOCX, HTML, text ----------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "CHÍNH PHỦ"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 30/2020/NĐ-CP"
    table.cell(1, 1).text = "Hà Nội, ngày 05 tháng 3 năm 2020"
    document.add_paragraph("NGHỊ ĐỊNH")
    document.add_paragraph("Điều 1. Phạm vi  điều chỉnh")
    document.add_paragraph("1. Nghị định này quy định về công tác văn thư.")
    out = io.BytesIO()
    document.save(out)

    result = extract_text(out.getvalue(), filename="nghi-dinh.docx")

    assert result.method == "docx"
    assert result.text.splitlines() == [
        "CHÍNH PHỦ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 30/2020/NĐ-CP | Hà Nội, ngày 05 tháng 3 năm 2020",
        "",
        "NGHỊ ĐỊNH",
        "Điều 1. Phạm vi điều chỉnh",
        "1. Nghị định này quy định về công tác văn thư.",
    ]


def test_html_drops_scripts_and_keeps_blocks() -> None:
    html = """<!DOCTYPE html><html><head><title>x</title><style>p{color:red}</style>
    <script>var a = "Điều 99";</script></head><body>
    <h1>LUẬT VIÊN CHỨC</h1><p>Điều 1. Phạm vi
    điều chỉnh</p><p>1. Luật này quy định về viên chức &amp; quyền.<br>2. Nghĩa vụ.</p>
    <table><tr><td>Số</td><td>58/2010/QH12</td></tr></table></body></html>"""

    result = extract_text(html.encode("utf-8"), filename="luat.html")

    assert result.method == "html"
    assert result.text.splitlines() == [
        "LUẬT VIÊN CHỨC",
        "",
        "Điều 1. Phạm vi điều chỉnh",
        "",
        "1. Luật này quy định về viên chức & quyền.",
        "2. Nghĩa vụ.",
        "",
        "Số | 58/2010/QH12",
    ]
    assert "Điều 99" not in result.text


def test_utf8_text_with_bom_and_decomposed_marks_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Điều 1.  Phạm vi\r\n\r\n\r\n\r\nKhoản 1")

    result = extract_text(b"\xef\xbb\xbf" + decomposed.encode("utf-8"), filename="a.txt")

    assert result.method == "text"
    assert result.text == "Điều 1. Phạm vi\n\nKhoản 1"
    assert result.warnings == []


def _cp1258(ch: str) -> bytes:
    """Windows-1258 has precomposed â, ơ... but the five tone marks only as combining."""
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", decomposed[:-1])
        return base.encode("cp1258") + decomposed[-1].encode("cp1258")


def test_windows_1258_text_is_decoded() -> None:
    data = b"".join(_cp1258(ch) for ch in "Ủy ban nhân dân tỉnh Lạng Sơn")

    result = extract_text(data, filename="cu.txt")

    assert result.text == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert any("1258" in w for w in result.warnings)


# -- refusals --------------------------------------------------------------------


def test_program_named_pdf_is_refused() -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    with pytest.raises(ExtractionError) as caught:
        extract_text(exe, filename="nghi-dinh.pdf")
    assert "program" in caught.value.message


def test_text_named_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="not a valid PDF"):
        sniff_type(b"Hello, this is not a PDF", "report.pdf")


def test_corrupt_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="damaged"):
        extract_text(b"%PDF-1.7\n1 0 obj <<>> garbage garbage\n%%EOF", filename="broken.pdf")


def test_encrypted_pdf_is_refused() -> None:
    # AES/RC4 encryption with an unknown user password: pdfium asks for a password.
    import pypdfium2 as pdfium

    encrypted = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Filter/Standard/V 1/R 2/O(0123456789abcdef0123456789abcdef)"
        b"/U(0123456789abcdef0123456789abcdef)/P -4>>endobj\n"
        b"trailer<</Root 1 0 R/Encrypt 3 0 R/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]>>\n%%EOF"
    )
    try:
        pdfium.PdfDocument(encrypted).close()
    except pdfium.PdfiumError as exc:
        if "password" not in str(exc).lower():
            pytest.skip(f"pdfium did not report a password error for this fixture: {exc}")
    else:
        pytest.skip("pdfium opened the hand-made encrypted fixture")
    with pytest.raises(ExtractionError, match="password"):
        extract_text(encrypted, filename="secret.pdf")


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="empty"):
        extract_text(data, filename="empty.pdf")


def test_other_office_files_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ExtractionError, match="Spreadsheets"):
        sniff_type(out.getvalue(), "bang.xlsx")
    with pytest.raises(ExtractionError, match=r"save it as \.docx"):
        sniff_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cu.doc")
    with pytest.raises(ExtractionError, match="not a valid DOCX"):
        sniff_type(b"plain words", "fake.docx")


def test_sniff_type_uses_the_bytes() -> None:
    assert sniff_type(b"%PDF-1.4\n...", "scan.txt") == "pdf"
    assert sniff_type(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "anh.png") == "image"
    assert sniff_type(b"<!doctype html><p>x</p>", "page.txt") == "html"
    assert sniff_type("Văn bản".encode(), "van-ban") == "text"
    assert set(ALLOWED_TYPES) == {"pdf", "docx", "html", "text", "image"}
    assert Extraction(text="").pages == []


# -- memory bombs (issue 17) ---------------------------------------------------


def test_a_200_inch_pdf_page_is_rendered_within_the_pixel_budget(monkeypatch) -> None:
    import pypdfium2 as pdfium

    from civildesk.library import extract

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)  # 200 x 200 inches, the largest page PDF allows: 3.6 gigapixels at 300 DPI
    out = io.BytesIO()
    pdf.save(out)
    assert len(out.getvalue()) < 2000

    budget = 4_000_000
    rendered: list[int] = []
    original = pdfium.PdfPage.render

    def guarded_render(page, scale=1, **kwargs):  # type: ignore[no-untyped-def]
        width, height = page.get_size()
        pixels = int(width * scale) * int(height * scale)
        assert pixels <= budget, f"would render {pixels} pixels"
        rendered.append(pixels)
        return original(page, scale=scale, **kwargs)

    monkeypatch.setattr(pdfium.PdfPage, "render", guarded_render)
    monkeypatch.setattr(extract, "_check_ocr", lambda languages, warnings: "eng")

    result = extract_text(out.getvalue(), filename="huge.pdf", max_render_pixels=budget)

    assert rendered and rendered[0] > budget * 0.9
    assert "Page 1 is very large; it was read at 10 DPI." in result.warnings


def test_a_144_megapixel_png_is_refused_before_it_is_decoded(monkeypatch) -> None:
    from PIL import Image, ImageFile

    buffer = io.BytesIO()
    Image.new("1", (12000, 12000), 1).save(buffer, format="PNG")
    data = buffer.getvalue()
    assert len(data) < 100_000  # small on disk, 144 megapixels once decoded

    def no_decoding(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(ExtractionError, match=r"too large: 12000 x 12000 pixels; the limit is 40 megapixels"):
        extract_text(data, filename="scan.png", max_image_pixels=40_000_000)


def test_the_pixel_limit_message_is_translated() -> None:
    from django.utils import translation

    from civildesk.library.messages import translate

    with translation.override("vi"):
        text = translate("The image is too large: 12000 x 12000 pixels; the limit is 40 megapixels.")
    assert "12000 × 12000" in text and "40" in text and "too large" not in text
