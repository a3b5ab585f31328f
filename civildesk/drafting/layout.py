"""Lay out an administrative document per Decree 30/2020/NĐ-CP, Appendix I.

Plain Python (no Django): ``layout(doc)`` turns an
:class:`~civildesk.drafting.document.OfficialDocument` into a :class:`Layout`
of paragraphs with their exact typography (size, weight, alignment, indents,
spacing, rules) on an A4 page. ``render.py`` writes that one layout as HTML,
PDF and DOCX.

References in the comments are to Decree 30/2020/NĐ-CP on clerical work
("Nghị định 30/2020/NĐ-CP về công tác văn thư"), Appendix I "Thể thức, kỹ
thuật trình bày văn bản hành chính và bản sao văn bản", Part I (administrative
documents): section I = general rules (khổ giấy, định lề, phông chữ...),
section II = the main elements, numbered as in the decree (II.1 Quốc hiệu
và Tiêu ngữ, II.2 tên cơ quan, II.3 số và ký hiệu, II.4 địa danh và thời
gian, II.5 tên loại và trích yếu, II.6 nội dung, II.7 chức vụ, họ tên và chữ
ký, II.9 nơi nhận); section IV = where each element sits on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from .document import DOC_TYPES, OfficialDocument

# --- Page (Appendix I, Part I, section I) ----------------------------------

# I.1 "Khổ giấy: Khổ A4 (210 mm x 297 mm)"; I.2 portrait ("theo chiều dài").
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
# I.3 "Định lề trang: cách mép trên và mép dưới 20 - 25 mm, cách mép trái
# 30 - 35 mm, cách mép phải 15 - 20 mm." We keep 1 mm inside the left and
# right bounds so that rounding in any viewer never leaves the range.
MARGIN_RANGES_MM = {"top": (20.0, 25.0), "bottom": (20.0, 25.0), "left": (30.0, 35.0), "right": (15.0, 20.0)}
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 31.0
MARGIN_RIGHT_MM = 16.0
CONTENT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# I.4 "Phông chữ: phông chữ tiếng Việt Times New Roman, bộ mã ký tự Unicode
# theo Tiêu chuẩn Việt Nam TCVN 6909:2001, màu đen." The PDF embeds Liberation
# Serif 2.x (Debian: fonts-liberation2), metric-compatible with Times New Roman
# and covering Vietnamese (Liberation 1.07 from fonts-liberation does not).
# The DOCX names Times New Roman, which Word has and LibreOffice maps to
# Liberation Serif with the same metrics.
DOCX_FONT = "Times New Roman"
PDF_FONT_FAMILY = "Liberation Serif"
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),)
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
COLOR = "#000000"

# II.6 body text: "cỡ chữ từ 13 đến 14 ... canh đều 2 lề; lùi đầu dòng 1 cm
# hoặc 1,27 cm; khoảng cách giữa các đoạn văn tối thiểu là 6 pt; khoảng cách
# giữa các dòng tối thiểu là dòng đơn, tối đa là 1,5 dòng."
BODY_SIZE = 14.0
BODY_INDENT_MM = 10.0
PARAGRAPH_SPACE_PT = 6.0
# An exact line pitch, so HTML/PDF and DOCX break lines alike: 18 pt for 14 pt
# text is 1.12 of the font's single spacing (1.15 em): inside [1, 1.5].
BODY_LINE_PT = 18.0
SINGLE = 1.2  # pitch of "single" lines in the header blocks, times the size

# Left header column (agency, number) and right one (Quốc hiệu, date): Part I
# section IV places them in boxes 2-3 (left) and 1-4 (right), side by side.
HEADER_LEFT_MM = 72.0
HEADER_RIGHT_MM = CONTENT_WIDTH_MM - HEADER_LEFT_MM
FOOTER_LEFT_MM = 78.0
FOOTER_RIGHT_MM = CONTENT_WIDTH_MM - FOOTER_LEFT_MM
SIGNATURE_SPACE_PT = 62.0  # room for the signature and the seal (II.7, II.8)


class FontMissingError(RuntimeError):
    pass


def font_file(bold: bool = False, italic: bool = False) -> Path:
    name = FONT_FILES[(bold, italic)]
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return directory / name
    raise FontMissingError(
        f"{name} not found in {', '.join(map(str, FONT_DIRS))}; install the Debian package fonts-liberation2"
    )


@cache
def _font(bold: bool, italic: bool):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(str(font_file(bold, italic)), 1000)


def text_width_mm(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The advance width of ``text`` set in the document font at ``size`` pt."""
    return _font(bold, italic).getlength(text) / 1000 * size * 25.4 / 72


# --- Number, symbol and date (II.3, II.4) ----------------------------------


def format_number(number: int | None) -> str:
    """II.3.a: "Đối với những số nhỏ hơn 10 phải ghi thêm số 0 phía trước."

    An unissued document shows a blank for the register to fill.
    """
    if number is None:
        return "\u00a0" * 6
    if number < 1:
        raise ValueError("a document number starts at 1")
    return f"{number:02d}"


def symbol(doc: OfficialDocument) -> str:
    """The symbol ("ký hiệu"), II.3.b.

    Type abbreviation (Appendix III) and the agency's abbreviation, joined by a
    hyphen without spaces: "QĐ-UBND". A Công văn has no type abbreviation: the
    agency's abbreviation and the drafting unit's (or field's): "STTTT-CĐS".
    """
    abbreviation = DOC_TYPES[doc.doc_type][1]
    if doc.is_letter:
        return f"{doc.agency_code}-{doc.unit_code}"
    parts = [abbreviation, doc.agency_code]
    return "-".join(p for p in parts if p)


def number_line(doc: OfficialDocument) -> str:
    """II.3: "Số" then a colon; number and symbol separated by "/": "Số: 15/QĐ-UBND"."""
    return f"Số: {format_number(doc.number)}/{symbol(doc)}"


def format_date(day: date | None) -> str:
    """II.4.b: "ngày 05 tháng 01 năm 2026".

    "Đối với những số thể hiện ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm
    số 0 phía trước." Months 3-9 are written without a zero.
    """
    if day is None:
        blank = "\u00a0" * 5
        return f"ngày{blank}tháng{blank}năm{blank}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_line(doc: OfficialDocument) -> str:
    """II.4: place, a comma, then the date: "Lạng Sơn, ngày 05 tháng 01 năm 2026"."""
    return f"{doc.place}, {format_date(doc.issued_on)}" if doc.place else format_date(doc.issued_on)


def signature_lines(doc: OfficialDocument) -> list[str]:
    """II.7.a and Article 13 of the decree: the authority prefix and the titles.

    "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"; "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC";
    "Q. GIÁM ĐỐC"; "TL. GIÁM ĐỐC" / "CHÁNH VĂN PHÒNG"; "TUQ. CHỦ TỊCH" /
    "GIÁM ĐỐC SỞ ..."; or only the title when the head signs. Written in
    capitals (the name of the signer is not, II.7.c).
    """
    title = doc.signer_title.upper()
    if doc.authority == "Q":
        return [f"Q. {title}"]
    if doc.authority:
        return [f"{doc.authority}. {doc.on_behalf_of.upper()}", title]
    return [title]


def punctuate_list(items: list[str], *, last: str = ".", other: str = ";", dash: bool = False) -> list[str]:
    """Each item ends with ";", the last with "." (II.6 legal bases, II.9 Nơi nhận)."""
    out = []
    for i, item in enumerate(items):
        text = item.rstrip(" ;.,:")
        if dash:
            text = "- " + text.lstrip("-–• ").strip()
        out.append(text + (last if i == len(items) - 1 else other))
    return out


def recipients_with_archive(items: list[str]) -> list[str]:
    """II.9.b: the list ends with "Lưu: VT, ..." (the clerical archive copy)."""
    if not any(i.lstrip("-–• ").lower().startswith("lưu") for i in items):
        items = [*items, "Lưu: VT"]
    return items


# --- The layout ------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    size: float = BODY_SIZE
    bold: bool = False
    italic: bool = False
    align: str = "center"  # left | center | right | justify
    indent_mm: float = 0.0  # first line
    left_mm: float = 0.0  # whole paragraph
    before_pt: float = 0.0
    after_pt: float = 0.0
    line_pt: float = 0.0  # exact line pitch; 0 = single (SINGLE x size)

    @property
    def pitch_pt(self) -> float:
        return self.line_pt or round(self.size * SINGLE, 1)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool | None = None  # None: the paragraph's
    italic: bool | None = None


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    style: Style
    role: str = ""  # what it is, for tests and for readers: "national_name", "number"...

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Rule:
    """A solid horizontal line, centred (II.1.c, II.2.b, II.5.b)."""

    width_mm: float
    after_pt: float = 0.0
    role: str = ""


Block = Para | Rule


@dataclass
class Layout:
    doc_type: str
    header_left: list[Block] = field(default_factory=list)
    header_right: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    footer_left: list[Block] = field(default_factory=list)
    footer_right: list[Block] = field(default_factory=list)
    title: str = ""

    def lines(self) -> list[str]:
        """Every paragraph's text in reading order (header left, right, body, footer)."""
        return [
            b.text
            for part in (self.header_left, self.header_right, self.body, self.footer_left, self.footer_right)
            for b in part
            if isinstance(b, Para) and b.text
        ]

    def find(self, role: str) -> Para:
        for part in (self.header_left, self.header_right, self.body, self.footer_left, self.footer_right):
            for b in part:
                if isinstance(b, Para) and b.role == role:
                    return b
        raise KeyError(role)


def _p(text: str, style: Style, role: str = "") -> Para:
    return Para((Run(text),), style, role)


ARTICLE_RE = re.compile(r"^(Điều\s+\d+[a-zđ]?\.)(\s*)(.*)$")
ROMAN_HEADING_RE = re.compile(r"^[IVXLC]+\.\s+\S")
NUMBERED_HEADING_RE = re.compile(r"^(Phần|Chương|Mục)\s+[IVXLC\d]+\b")


def _body_paragraph(line: str) -> Para:
    style = Style(
        size=BODY_SIZE, align="justify", indent_mm=BODY_INDENT_MM, after_pt=PARAGRAPH_SPACE_PT, line_pt=BODY_LINE_PT
    )
    if m := ARTICLE_RE.match(line):
        # II.6 (articles): "Điều", its number and its title in bold.
        head, space, rest = m.groups()
        return Para((Run(head, bold=True), Run(space + rest)), style, "article")
    if ROMAN_HEADING_RE.match(line) and line == line.upper():
        return Para((Run(line, bold=True),), style, "heading")
    if NUMBERED_HEADING_RE.match(line):
        return Para(
            (Run(line, bold=True),),
            Style(size=BODY_SIZE, bold=True, after_pt=PARAGRAPH_SPACE_PT, line_pt=BODY_LINE_PT),
            "heading",
        )
    return Para((Run(line),), style, "body")


def layout(doc: OfficialDocument) -> Layout:
    """The whole document laid out; raises DocumentDataError on invalid data."""
    doc.validate()
    out = Layout(doc_type=doc.doc_type, title=doc.type_name.upper())

    # Header, left (boxes 2, 3 and 5b): II.2 the agency; II.3 the number.
    if doc.parent_agency:
        # II.2.b: the parent body in capitals, 12-13 pt, upright.
        out.header_left.append(_p(doc.parent_agency.upper(), Style(size=12.0), "parent_agency"))
    # II.2.b: the issuing agency in capitals, 12-13 pt, upright, bold, centred
    # under the parent body; under it a solid rule 1/3 to 1/2 of the line.
    agency = doc.agency.upper()
    out.header_left.append(_p(agency, Style(size=12.0, bold=True), "agency"))
    agency_width = min(text_width_mm(agency, 12.0, bold=True), HEADER_LEFT_MM - 4)
    out.header_left.append(Rule(width_mm=round(agency_width * 0.4, 1), after_pt=6.0, role="agency_rule"))
    # II.3: "Số" and the symbol, 13 pt, upright, centred under the agency.
    out.header_left.append(_p(number_line(doc), Style(size=13.0), "number"))
    if doc.is_letter:
        # II.5.b: a Công văn's subject, "V/v ...", 12-13 pt, upright, centred
        # under the number and symbol.
        subject = doc.subject if doc.subject.lower().startswith("v/v") else f"V/v {doc.subject}"
        out.header_left.append(_p(subject, Style(size=12.0, before_pt=3.0), "subject"))

    # Header, right (boxes 1 and 4): II.1 and II.4.
    national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = "Độc lập - Tự do - Hạnh phúc"
    # II.1.b: the national name in capitals, 12-13 pt, upright, bold; the motto
    # 13-14 pt (one point above the name), bold, centred under it, words
    # capitalised and joined by hyphens; under it a solid rule as long as the line.
    out.header_right.append(_p(national, Style(size=12.0, bold=True), "national_name"))
    out.header_right.append(_p(motto, Style(size=13.0, bold=True), "motto"))
    out.header_right.append(
        Rule(width_mm=round(text_width_mm(motto, 13.0, bold=True), 1), after_pt=6.0, role="motto_rule")
    )
    # II.4.c: place and date, 13-14 pt, italic, centred under the motto.
    out.header_right.append(_p(place_date_line(doc), Style(size=14.0, italic=True), "place_date"))

    body = out.body
    if not doc.is_letter:
        # II.5.a: the type's name in capitals, 13-14 pt, bold, centred; the
        # subject ("trích yếu") under it, 14 pt, bold; a rule of 1/3 to 1/2 of
        # the line under the subject.
        body.append(_p(doc.type_name.upper(), Style(size=14.0, bold=True, before_pt=18.0), "type_name"))
        body.append(_p(doc.subject, Style(size=14.0, bold=True), "subject"))
        subject_width = min(text_width_mm(doc.subject, 14.0, bold=True), CONTENT_WIDTH_MM)
        body.append(Rule(width_mm=round(max(subject_width * 0.4, 20.0), 1), after_pt=12.0, role="subject_rule"))
    else:
        body.append(_p("", Style(size=14.0, after_pt=6.0)))

    if doc.addressees:
        # Letters and submissions: "Kính gửi:" 14 pt upright (Appendix I, II.6
        # and the letter sample, form 1.4 of Appendix I, Part II).
        if len(doc.addressees) == 1:
            body.append(
                _p(f"Kính gửi: {doc.addressees[0].rstrip(' ;.')}.", Style(size=14.0, after_pt=12.0), "addressees")
            )
        else:
            body.append(_p("Kính gửi:", Style(size=14.0, align="left", left_mm=30.0, after_pt=0), "addressees"))
            for item in punctuate_list(doc.addressees, dash=True):
                body.append(_p(item, Style(size=14.0, align="left", left_mm=45.0, line_pt=BODY_LINE_PT)))
            body.append(_p("", Style(size=6.0)))

    if doc.issuer_authority:
        # A decision: the authority that issues it, capitals, bold, centred
        # (form 1.1 of Appendix I, Part II).
        body.append(_p(doc.issuer_authority.upper(), Style(size=14.0, bold=True, after_pt=12.0), "issuer_authority"))
    if doc.legal_bases:
        # II.6.a: legal bases in italics, 13-14 pt; each on its own line, ending
        # with ";", the last with ".".
        for item in punctuate_list(doc.legal_bases):
            body.append(
                Para(
                    (Run(item),),
                    Style(
                        size=BODY_SIZE,
                        italic=True,
                        align="justify",
                        indent_mm=BODY_INDENT_MM,
                        after_pt=PARAGRAPH_SPACE_PT,
                        line_pt=BODY_LINE_PT,
                    ),
                    "legal_basis",
                )
            )
    if doc.doc_type == "QD":
        # Form 1.1: "QUYẾT ĐỊNH:" in capitals, bold, centred, before the articles.
        body.append(_p("QUYẾT ĐỊNH:", Style(size=14.0, bold=True, before_pt=6.0, after_pt=12.0), "decides"))
    for line in doc.body.splitlines():
        line = line.strip()
        if line:
            body.append(_body_paragraph(line))

    # Footer, left (box 9a, 9b): II.9 "Nơi nhận:" 12 pt italic bold; the list
    # 11 pt upright, each line begins with "-" and ends with ";", the last
    # ("Lưu: VT, ...") with ".".
    out.footer_left.append(_p("Nơi nhận:", Style(size=12.0, bold=True, italic=True, align="left"), "recipients_label"))
    for item in punctuate_list(recipients_with_archive(doc.recipients), dash=True):
        out.footer_left.append(_p(item, Style(size=11.0, align="left"), "recipient"))

    # Footer, right (boxes 7a, 7b, 7c): II.7 the authority and title in
    # capitals, 13-14 pt, bold; the signer's name 13-14 pt, bold, under the
    # space for the signature, centred on the title.
    lines = signature_lines(doc)
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        out.footer_right.append(
            _p(line, Style(size=14.0, bold=True, after_pt=SIGNATURE_SPACE_PT if last else 0.0), "signature_title")
        )
    out.footer_right.append(_p(doc.signer_name, Style(size=14.0, bold=True), "signer_name"))
    return out
