"""Write one :class:`~civildesk.drafting.layout.Layout` as HTML, PDF or DOCX.

Plain Python (no Django). Every size, indent, spacing and rule comes from the
layout, so the preview, the PDF and the DOCX are the same document. The PDF is
the standalone HTML printed by WeasyPrint (the one seam to it is
:func:`to_pdf`); the DOCX is built with python-docx.
"""

from __future__ import annotations

import io
from html import escape

from .document import OfficialDocument
from .layout import (
    BODY_SIZE,
    COLOR,
    CONTENT_WIDTH_MM,
    DOCX_FONT,
    FOOTER_LEFT_MM,
    FOOTER_RIGHT_MM,
    HEADER_LEFT_MM,
    HEADER_RIGHT_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    Block,
    Layout,
    Para,
    Rule,
    font_file,
    layout,
)

FORMATS = ("html", "pdf", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
# Appendix I, Part I, I.7: page numbers from page 2, Arabic, 13-14 pt, upright,
# centred in the top margin; the first page shows none.
PAGE_NUMBER_SIZE = 13.0
HEADER_DISTANCE_MM = 10.0


def _as_layout(doc: OfficialDocument | Layout) -> Layout:
    return doc if isinstance(doc, Layout) else layout(doc)


# --- HTML ------------------------------------------------------------------

_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "justify"}


def _para_html(p: Para) -> str:
    s = p.style
    css = [
        f"font-size:{s.size:g}pt",
        f"line-height:{s.pitch_pt:g}pt",
        f"text-align:{_ALIGN[s.align]}",
        f"margin:{s.before_pt:g}pt 0 {s.after_pt:g}pt {s.left_mm:g}mm",
    ]
    if s.bold:
        css.append("font-weight:bold")
    if s.italic:
        css.append("font-style:italic")
    if s.indent_mm:
        css.append(f"text-indent:{s.indent_mm:g}mm")
    if p.role in ("national_name", "motto", "place_date", "number"):
        css.append("white-space:nowrap")
    runs = []
    for r in p.runs:
        text = escape(r.text) or "&nbsp;"
        if r.bold is not None and r.bold != s.bold:
            text = f"<b>{text}</b>" if r.bold else f'<span style="font-weight:normal">{text}</span>'
        if r.italic is not None and r.italic != s.italic:
            text = f"<i>{text}</i>" if r.italic else f'<span style="font-style:normal">{text}</span>'
        runs.append(text)
    role = f' data-role="{p.role}"' if p.role else ""
    return f'<p style="{";".join(css)}"{role}>{"".join(runs) or "&nbsp;"}</p>'


def _rule_html(r: Rule) -> str:
    return (
        f'<div class="d30-rule" style="width:{r.width_mm:g}mm;margin:1pt auto {r.after_pt:g}pt auto"'
        f' data-role="{r.role}"></div>'
    )


def _blocks_html(blocks: list[Block]) -> str:
    return "\n".join(_para_html(b) if isinstance(b, Para) else _rule_html(b) for b in blocks)


def _columns_html(left: list[Block], right: list[Block], left_mm: float, right_mm: float, cls: str) -> str:
    return (
        f'<table class="d30-cols {cls}" role="presentation"><colgroup><col style="width:{left_mm:g}mm">'
        f'<col style="width:{right_mm:g}mm"></colgroup><tr><td>{_blocks_html(left)}</td>'
        f"<td>{_blocks_html(right)}</td></tr></table>"
    )


def _font_faces() -> str:
    faces = []
    for bold in (False, True):
        for italic in (False, True):
            url = font_file(bold, italic).as_uri()
            faces.append(
                f'@font-face{{font-family:"Liberation Serif";src:url("{url}");'
                f"font-weight:{'bold' if bold else 'normal'};font-style:{'italic' if italic else 'normal'}}}"
            )
    return "\n".join(faces)


BASE_CSS = f"""
.d30{{color:{COLOR};font-size:{BODY_SIZE:g}pt;font-kerning:normal;hyphens:manual}}
.d30 p{{margin:0;orphans:2;widows:2}}
.d30 table.d30-cols{{width:{CONTENT_WIDTH_MM:g}mm;border-collapse:collapse;table-layout:fixed;border:0}}
.d30 table.d30-cols td{{vertical-align:top;padding:0;border:0}}
.d30 table.d30-foot{{margin-top:6pt;page-break-inside:avoid}}
.d30 .d30-rule{{border-top:0.75pt solid {COLOR};height:0}}
"""


def body_html(doc: OfficialDocument | Layout) -> str:
    """The document's content, for embedding (the web preview)."""
    lay = _as_layout(doc)
    return (
        '<div class="d30">'
        + _columns_html(lay.header_left, lay.header_right, HEADER_LEFT_MM, HEADER_RIGHT_MM, "d30-head")
        + _blocks_html(lay.body)
        + _columns_html(lay.footer_left, lay.footer_right, FOOTER_LEFT_MM, FOOTER_RIGHT_MM, "d30-foot")
        + "</div>"
    )


def preview_css() -> str:
    """CSS for :func:`body_html` on a web page: an A4 sheet with the decree's margins."""
    return BASE_CSS + (
        f".d30-sheet{{width:{PAGE_WIDTH_MM:g}mm;min-height:{PAGE_HEIGHT_MM:g}mm;box-sizing:border-box;"
        f"padding:{MARGIN_TOP_MM:g}mm {MARGIN_RIGHT_MM:g}mm {MARGIN_BOTTOM_MM:g}mm {MARGIN_LEFT_MM:g}mm;"
        'background:#fff;font-family:"Liberation Serif","Times New Roman",serif}'
    )


def to_html(doc: OfficialDocument | Layout, *, title: str = "") -> str:
    """A standalone HTML page for printing (what the PDF is made from)."""
    lay = _as_layout(doc)
    page_css = f"""
@page{{size:A4 portrait;margin:{MARGIN_TOP_MM:g}mm {MARGIN_RIGHT_MM:g}mm {MARGIN_BOTTOM_MM:g}mm {MARGIN_LEFT_MM:g}mm;
  @top-center{{content:counter(page);font-family:"Liberation Serif";font-size:{PAGE_NUMBER_SIZE:g}pt;color:{COLOR};
  vertical-align:top;padding-top:{HEADER_DISTANCE_MM:g}mm}}}}
@page:first{{@top-center{{content:none}}}}
html,body{{margin:0;padding:0;font-family:"Liberation Serif"}}
"""
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(title or lay.title)}</title><style>{_font_faces()}{page_css}{BASE_CSS}</style>"
        f"</head><body>{body_html(lay)}</body></html>"
    )


# --- PDF -------------------------------------------------------------------


def to_pdf(doc: OfficialDocument | Layout, *, title: str = "") -> bytes:
    """The document as PDF (WeasyPrint; fonts embedded)."""
    import logging

    from weasyprint import HTML

    for name in ("fontTools", "weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return HTML(string=to_html(doc, title=title)).write_pdf()


# --- DOCX ------------------------------------------------------------------


def _set_fonts(rpr_parent, size: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Set all four font slots (ascii, hAnsi, eastAsia, cs) so Vietnamese stays in the font."""
    from docx.oxml.ns import qn

    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        from docx.oxml import OxmlElement

        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), DOCX_FONT)


def _docx_para(container, p: Para, first: list[bool]):  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt, RGBColor

    para = container.paragraphs[0] if first[0] else container.add_paragraph()
    first[0] = False
    s = p.style
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[s.align]
    pf = para.paragraph_format
    pf.first_line_indent = Mm(s.indent_mm) if s.indent_mm else None
    pf.left_indent = Mm(s.left_mm) if s.left_mm else None
    pf.space_before = Pt(s.before_pt)
    pf.space_after = Pt(s.after_pt)
    pf.line_spacing = Pt(s.pitch_pt)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.widow_control = True
    for r in p.runs or ():
        run = para.add_run(r.text)
        run.font.size = Pt(s.size)
        run.font.name = DOCX_FONT
        _set_fonts(run._r)
        run.font.color.rgb = RGBColor(0, 0, 0)
        run.bold = s.bold if r.bold is None else r.bold
        run.italic = s.italic if r.italic is None else r.italic
    return para


def _docx_rule(container, r: Rule, width_mm: float, first: list[bool]):  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    para = container.paragraphs[0] if first[0] else container.add_paragraph()
    first[0] = False
    side = max(0.0, (width_mm - r.width_mm) / 2)
    pf = para.paragraph_format
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.space_before = Pt(1)
    pf.space_after = Pt(r.after_pt)
    pf.line_spacing = Pt(1)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)
    return para


def _docx_blocks(container, blocks: list[Block], width_mm: float) -> None:  # type: ignore[no-untyped-def]
    first = [bool(getattr(container, "paragraphs", None)) and not container.paragraphs[0].text]
    for b in blocks:
        if isinstance(b, Para):
            _docx_para(container, b, first)
        else:
            _docx_rule(container, b, width_mm, first)


def _docx_columns(document, left: list[Block], right: list[Block], left_mm: float, right_mm: float) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    tbl_pr.append(layout_el)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    for col, width in zip(table.columns, (left_mm, right_mm), strict=True):
        col.width = Mm(width)
    for cell, width, blocks in zip(table.rows[0].cells, (left_mm, right_mm), (left, right), strict=True):
        cell.width = Mm(width)
        _docx_blocks(cell, blocks, width)


def _docx_page_number(section) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    run.font.size = Pt(PAGE_NUMBER_SIZE)
    run.font.name = DOCX_FONT
    _set_fonts(run._r)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def to_docx(doc: OfficialDocument | Layout, *, title: str = "") -> bytes:
    """The document as an editable DOCX (Word, LibreOffice)."""
    from docx import Document
    from docx.shared import Mm, Pt

    lay = _as_layout(doc)
    document = Document()
    document.core_properties.title = title or lay.title
    document.core_properties.language = "vi-VN"
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    _docx_page_number(section)

    _docx_columns(document, lay.header_left, lay.header_right, HEADER_LEFT_MM, HEADER_RIGHT_MM)
    body = _Body(document)
    _docx_blocks(body, lay.body, CONTENT_WIDTH_MM)
    _docx_columns(document, lay.footer_left, lay.footer_right, FOOTER_LEFT_MM, FOOTER_RIGHT_MM)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Body:
    """The document body as a paragraph container (always appends)."""

    def __init__(self, document):  # type: ignore[no-untyped-def]
        self.document = document
        self.paragraphs: list = []

    def add_paragraph(self):  # type: ignore[no-untyped-def]
        return self.document.add_paragraph()


def render(doc: OfficialDocument | Layout, fmt: str, *, title: str = "") -> bytes:
    """``fmt`` is one of :data:`FORMATS`."""
    if fmt == "pdf":
        return to_pdf(doc, title=title)
    if fmt == "docx":
        return to_docx(doc, title=title)
    if fmt == "html":
        return to_html(doc, title=title).encode()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# --- The PDF an outgoing document is signed on ---------------------------------------------

NUMBER_FIELD, DATE_FIELD = "cd_number", "cd_date"
_HIDDEN_CSS = ".d30 .d30-field{visibility:hidden}"


def to_signing_pdf(doc: OfficialDocument, *, title: str = "") -> tuple[bytes, list[dict[str, object]]]:
    """The PDF of a document not numbered yet, and where its number and date go.

    The number's blank stays in the page; the blank date ("ngày … tháng … năm …")
    keeps its room but is drawn by the date field instead (so the filled date is not
    printed over it). Returns the PDF and the fields as plain dicts: ``name``,
    ``page``, ``box`` (points from the bottom-left), ``size``, ``italic``, ``value``
    (what shows until filled), ``right`` (aligned against the symbol).
    Whoever adds the fields to the PDF is the signing module's business.
    """
    import logging

    from weasyprint import HTML

    from .layout import format_date, number_line, text_width_mm

    if doc.number is not None or doc.issued_on is not None:
        raise ValueError("the document already has its number or date")
    for name in ("fontTools", "weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    blank = escape(format_date(None))
    html = to_html(doc, title=title).replace("</style>", _HIDDEN_CSS + "</style>", 1)
    html = html.replace(blank, f'<span class="d30-field">{blank}</span>', 1)
    pdf = HTML(string=html).write_pdf()
    number_text = number_line(doc)
    prefix, _, symbol_part = number_text.partition("/")
    found = _text_boxes(pdf, [prefix.split()[0], "/" + symbol_part, f"{doc.place},"])
    so, slash, place = found
    mm = 72 / 25.4
    fields: list[dict[str, object]] = []
    if so and slash:
        y1, y2 = min(so[1], slash[1]), max(so[3], slash[3])
        fields.append(
            {"name": NUMBER_FIELD, "page": 0, "box": (so[2] + 2, y1, slash[0], y2), "size": 13.0}
            | {"italic": False, "value": "", "right": True}
        )
    if place:
        width = text_width_mm("ngày 28 tháng 12 năm 2026", 14.0, italic=True) * mm + 6
        x1 = place[2] + 3.5
        fields.append(
            {"name": DATE_FIELD, "page": 0, "box": (x1, place[1], x1 + width, place[3]), "size": 14.0}
            | {"italic": True, "value": format_date(None), "right": False}
        )
    if len(fields) != 2:
        raise ValueError("the number or the date line was not found in the PDF")
    for f in fields:
        f["appearance"] = field_pdf(str(f["value"]), f)  # type: ignore[arg-type]
    return pdf, fields


FIELD_STYLES: dict[str, dict[str, object]] = {
    NUMBER_FIELD: {"size": 13.0, "italic": False, "right": True},
    DATE_FIELD: {"size": 14.0, "italic": True, "right": False},
}


def field_appearance(name: str, text: str, box: tuple[float, float, float, float]) -> bytes:
    """The appearance of the number or date field ``name`` filled with ``text`` (see :func:`field_pdf`)."""
    return field_pdf(text, {"box": box, **FIELD_STYLES[name]})


def field_pdf(text: str, field: dict[str, object]) -> bytes:
    """A one-page PDF the size of ``field["box"]`` showing ``text`` on the page's baseline,
    in the document's font (a field's appearance: the number, the date)."""
    from weasyprint import HTML

    x1, y1, x2, y2 = field["box"]  # type: ignore[misc]
    width, height = x2 - x1, y2 - y1
    size = float(field["size"])  # type: ignore[arg-type]
    style = "italic" if field.get("italic") else "normal"
    align = "right" if field.get("right") else "left"
    html = (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{_font_faces()}'
        f"@page{{size:{width:.2f}pt {height:.2f}pt;margin:0}}html,body{{margin:0;padding:0}}"
        f'p{{margin:0;font-family:"Liberation Serif";font-size:{size:g}pt;line-height:{height:.2f}pt;'
        f"font-style:{style};text-align:{align};white-space:pre;color:{COLOR}}}</style></head>"
        f"<body><p>{escape(text) or '&nbsp;'}</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _text_boxes(pdf: bytes, needles: list[str]) -> list[tuple[float, float, float, float] | None]:
    """The first occurrence of each text on page 1: its loose box (font ascent to descent)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        text = document[0].get_textpage()
        out: list[tuple[float, float, float, float] | None] = []
        for needle in needles:
            search = text.search(needle, match_case=True)
            hit = search.get_next()
            if hit is None:
                out.append(None)
                continue
            start, count = hit
            boxes = [text.get_charbox(i, loose=True) for i in range(start, start + count)]
            out.append(
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
        return out
    finally:
        document.close()
