"""DOCX and PDF output read back: page, fonts, sizes, header lines, and the margins seen on the page."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt
from PIL import Image, ImageChops

from civildesk.drafting import render
from civildesk.drafting.document import OfficialDocument
from civildesk.drafting.layout import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RANGES_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
)

from .examples import TYPES, example

REFERENCE_DIR = Path(__file__).parent / "reference"
REFERENCE_DPI = 50
MEASURE_DPI = 100
needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)


def doc(doc_type: str, **changes) -> OfficialDocument:
    return replace(OfficialDocument.from_dict(example(doc_type)), **changes)


def pdf_text(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(Path(tmp) / "p")], check=True)
        return [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p-*.png"))]


def ink_margins_mm(img: Image.Image, dpi: int) -> dict[str, float]:
    """Distance from each page edge to the nearest dark pixel."""
    mask = img.point(lambda v: 255 if v < 160 else 0)
    left, top, right, bottom = mask.getbbox()
    mm = 25.4 / dpi
    return {"top": top * mm, "left": left * mm, "right": (img.width - right) * mm, "bottom": (img.height - bottom) * mm}


# --- DOCX ------------------------------------------------------------------


@pytest.mark.parametrize("doc_type", TYPES)
def test_docx_page_margins_fonts_and_sizes(doc_type):
    d = open_docx(io.BytesIO(render.to_docx(doc(doc_type))))
    section = d.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
    for side, value in (
        ("top", MARGIN_TOP_MM),
        ("bottom", MARGIN_BOTTOM_MM),
        ("left", MARGIN_LEFT_MM),
        ("right", MARGIN_RIGHT_MM),
    ):
        low, high = MARGIN_RANGES_MM[side]
        measured = getattr(section, f"{side}_margin").mm
        assert low <= measured <= high and measured == pytest.approx(value, abs=0.01)

    runs = [r for p in _all_paragraphs(d) for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        assert run.font.name == "Times New Roman"
        fonts = run._r.rPr.rFonts
        assert {fonts.get(f"{{{fonts.nsmap['w']}}}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
            "Times New Roman"
        }
        assert 11 <= run.font.size.pt <= 14
        assert run.font.color.rgb == (0, 0, 0)

    header = d.tables[0].rows[0].cells
    national = next(p for p in header[1].paragraphs if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert national.runs[0].bold and national.runs[0].font.size == Pt(12)
    motto = next(p for p in header[1].paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert motto.runs[0].bold and motto.runs[0].font.size == Pt(13)
    # the rule under the motto: a bordered paragraph right after it
    index = [p._p for p in header[1].paragraphs].index(motto._p)
    following = header[1].paragraphs[index + 1]
    assert following._p.pPr.find(f"{{{following._p.nsmap['w']}}}pBdr") is not None
    assert any(p.text == f"Số: {doc(doc_type).number:02d}/" + _symbol(doc_type) for p in header[0].paragraphs)


def _symbol(doc_type):
    from civildesk.drafting.layout import symbol

    return symbol(doc(doc_type))


def _all_paragraphs(d):
    yield from d.paragraphs
    for table in d.tables:
        for cell in table.rows[0].cells:
            yield from cell.paragraphs


def test_docx_body_paragraphs_follow_the_decree():
    d = open_docx(io.BytesIO(render.to_docx(doc("KH"))))
    body = [p for p in d.paragraphs if p.text.startswith("1. Bảo đảm 100%")]
    assert body
    p = body[0]
    pf = p.paragraph_format
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert pf.first_line_indent.mm == pytest.approx(10, abs=0.01)
    assert pf.space_after >= Pt(6)
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert Pt(14 * 1.15) <= pf.line_spacing <= Pt(14 * 1.15 * 1.5)
    assert all(r.font.size == Pt(14) for r in p.runs)


def test_docx_page_numbers_from_page_two():
    d = open_docx(io.BytesIO(render.to_docx(doc("QD"))))
    section = d.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


# --- PDF -------------------------------------------------------------------


@pytest.mark.parametrize("doc_type", TYPES)
def test_pdf_text_has_the_exact_header_lines(doc_type):
    d = doc(doc_type)
    text = pdf_text(render.to_pdf(d))[0]
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    from civildesk.drafting.layout import number_line, place_date_line

    assert number_line(d) in lines
    assert place_date_line(d) in lines
    assert d.signer_name in lines


def test_pdf_example_lines_match_the_brief():
    text = pdf_text(render.to_pdf(doc("QD")))[0]
    assert "Số: 15/QĐ-UBND" in text
    assert "Lạng Sơn, ngày 05 tháng 01 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text


def pdf_fonts(data: bytes) -> set[str]:
    """The font of every character on page 1, as pdfium reports it."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    textpage = page.get_textpage()
    names = set()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for i in range(textpage.count_chars()):
        if textpage.get_text_range(i, 1).strip():
            n = pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buffer, 256, ctypes.byref(flags))
            names.add(buffer.raw[: max(0, n - 1)].decode())
    textpage.close()
    page.close()
    pdf.close()
    return names


@pytest.mark.parametrize("doc_type", TYPES)
def test_pdf_sets_every_character_in_liberation_serif(doc_type):
    # No fallback font was needed for any Vietnamese glyph.
    fonts = pdf_fonts(render.to_pdf(doc(doc_type)))
    assert fonts and all("Liberation-Serif" in name or "LiberationSerif" in name for name in fonts), fonts


def test_pdf_page_numbers_from_page_two():
    long_body = "\n".join([example("KH")["body"]] * 6)
    pages = pdf_text(render.to_pdf(doc("KH", body=long_body)))
    assert len(pages) >= 2
    assert pages[1].lstrip().startswith("2")
    assert not pages[0].lstrip().startswith("1")


# --- On the page -----------------------------------------------------------


@needs_pdftoppm
@pytest.mark.parametrize("doc_type", TYPES)
def test_measured_margins_are_within_the_decree(doc_type):
    page = rasterise(render.to_pdf(doc(doc_type)), MEASURE_DPI)[0]
    assert page.width == pytest.approx(210 / 25.4 * MEASURE_DPI, abs=1)
    assert page.height == pytest.approx(297 / 25.4 * MEASURE_DPI, abs=1)
    m = ink_margins_mm(page, MEASURE_DPI)
    for side in ("top", "left", "right"):
        low, high = MARGIN_RANGES_MM[side]
        assert low <= m[side] <= high, (side, m)
    assert m["bottom"] >= MARGIN_RANGES_MM["bottom"][0], m


@needs_pdftoppm
def test_a_full_page_ends_at_the_bottom_margin():
    long_body = "\n".join([example("KH")["body"]] * 6)
    pages = rasterise(render.to_pdf(doc("KH", body=long_body)), MEASURE_DPI)
    m = ink_margins_mm(pages[0], MEASURE_DPI)
    low, high = MARGIN_RANGES_MM["bottom"]
    # Text never enters the bottom margin; a full page ends within one line
    # (18 pt = 6.4 mm) of the bottom of the text area.
    assert low <= m["bottom"] <= high + 6.4, m


@needs_pdftoppm
@pytest.mark.parametrize("doc_type", TYPES)
def test_page_one_matches_its_reference_image(doc_type):
    page = rasterise(render.to_pdf(doc(doc_type)), REFERENCE_DPI)[0]
    reference = Image.open(REFERENCE_DIR / f"{doc_type}.png").convert("L")
    assert page.size == reference.size
    diff = ImageChops.difference(page, reference).point(lambda v: 255 if v > 64 else 0)
    changed = diff.histogram()[255] / (page.width * page.height)
    assert changed < 0.005, f"{changed:.2%} of the pixels differ from reference/{doc_type}.png"


def write_references() -> None:
    """Regenerate the reference images: python -m civildesk.drafting.tests.test_render"""
    REFERENCE_DIR.mkdir(exist_ok=True)
    for doc_type in TYPES:
        page = rasterise(render.to_pdf(doc(doc_type)), REFERENCE_DPI)[0]
        page.save(REFERENCE_DIR / f"{doc_type}.png", optimize=True)
        print(REFERENCE_DIR / f"{doc_type}.png")


if __name__ == "__main__":
    write_references()
