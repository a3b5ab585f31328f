"""Metadata of a Vietnamese official document read from its text.

``parse_metadata(text)`` looks at the header of a document in the Decree
30/2020/NĐ-CP layout (issuing body, "Số: .../...", place and date, type
heading, subject line or "V/v ...") and at the effectivity clause, and
returns a :class:`DocMetadata` whose fields are ``None`` when not found. It
never raises on bad input: garbage in, empty metadata out.

The number and the date come from the header block only, which ends where the
body starts ("Căn cứ", "Kính gửi", "Thực hiện", "trân trọng kính mời",
"Thời gian:"...): a letter cited in the body ("Thực hiện Công văn số
45/UBND-KT ngày ...") or a meeting date in an invitation is never taken for
the document's own.

Plain Python: no Django here.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, fields

from civildesk.text import fold

__all__ = ["DOC_TYPES", "DocMetadata", "parse_metadata", "issuer_case"]

# Document type code -> Vietnamese label.
DOC_TYPES: dict[str, str] = {
    "hien_phap": "Hiến pháp",
    "bo_luat": "Bộ luật",
    "luat": "Luật",
    "nghi_quyet": "Nghị quyết",
    "nghi_dinh": "Nghị định",
    "thong_tu": "Thông tư",
    "quyet_dinh": "Quyết định",
    "chi_thi": "Chỉ thị",
    "cong_van": "Công văn",
    "ke_hoach": "Kế hoạch",
    "bao_cao": "Báo cáo",
    "to_trinh": "Tờ trình",
    "thong_bao": "Thông báo",
    "giay_moi": "Giấy mời",
    "van_ban_hop_nhat": "Văn bản hợp nhất",
    "khac": "Khác",
}


@dataclass
class DocMetadata:
    number_symbol: str | None = None  # "15/2020/NĐ-CP"
    doc_type: str | None = None  # a DOC_TYPES code
    issuer: str | None = None  # "Ủy ban nhân dân tỉnh Lạng Sơn"
    title: str | None = None  # "Về công tác văn thư"
    signed_date: datetime.date | None = None
    effective_date: datetime.date | None = None
    place: str | None = None  # "Hà Nội"

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


# Heading words (upper case) -> type code, longest first.
_HEADINGS = (
    ("VĂN BẢN HỢP NHẤT", "van_ban_hop_nhat"),
    ("HIẾN PHÁP", "hien_phap"),
    ("BỘ LUẬT", "bo_luat"),
    ("NGHỊ QUYẾT", "nghi_quyet"),
    ("NGHỊ ĐỊNH", "nghi_dinh"),
    ("THÔNG TƯ", "thong_tu"),
    ("QUYẾT ĐỊNH", "quyet_dinh"),
    ("CHỈ THỊ", "chi_thi"),
    ("CÔNG VĂN", "cong_van"),
    ("KẾ HOẠCH", "ke_hoach"),
    ("BÁO CÁO", "bao_cao"),
    ("TỜ TRÌNH", "to_trinh"),
    ("THÔNG BÁO", "thong_bao"),
    ("GIẤY MỜI", "giay_moi"),
    ("LUẬT", "luat"),
)
_HEADING_WITH_SUBJECT = frozenset(
    {"luat", "bo_luat", "hien_phap", "van_ban_hop_nhat", "thong_bao", "bao_cao", "ke_hoach", "to_trinh", "nghi_quyet"}
)
# Type code in a number-symbol ("15/2020/NĐ-CP", "12/QĐ-UBND", "05/KH-UBND").
_SYMBOL_TYPES = (
    ("VBHN", "van_ban_hop_nhat"),
    ("NĐ", "nghi_dinh"),
    ("QĐ", "quyet_dinh"),
    ("TTLT", "thong_tu"),
    ("TT", "thong_tu"),
    ("NQ", "nghi_quyet"),
    ("CT", "chi_thi"),
    ("KH", "ke_hoach"),
    ("BC", "bao_cao"),
    ("TTr", "to_trinh"),
    ("TB", "thong_bao"),
    ("GM", "giay_moi"),
)
# The national motto, matched on the diacritics-folded line: "CỘNG HÒA", the older
# "CỘNG HOÀ" and OCR's "CỌNG HÒA" all fold to "cong hoa".
_MOTTO_FOLDED = re.compile(
    r"c[o0]ng\s*h[o0]a\s+xa\s+h[o0]i\s+chu\s+ngh[il1]a\s+vi[e]t\s+nam"
    r"|d[o0]c\s+l[a]p\s*[-–—]\s*t[u]\s+d[o0]\s*[-–—]\s*h[a]nh\s+ph[u]c"
)
_SYMBOL = re.compile(
    r"(?<![\w/.])(\d{1,5}(?:\.\d{1,4})?[a-z]?(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ0-9]*(?:\s?[-/]\s?[A-ZĐ][A-Za-zĐđ0-9]*)*)"
)
# After "Số:" a scanned or typed letter often has a space before the slash ("1906 /SGDĐT-CTrTT",
# the number is written in by hand) or around it ("88 / VP-KSTT").
_SYMBOL_AFTER_LABEL = re.compile(
    r"(\d{1,5}(?:\.\d{1,4})?[a-z]?(?:\s?/\s?\d{4})?\s?[/-]\s?[A-ZĐ][A-Za-zĐđ0-9]*(?:\s?[-/]\s?[A-ZĐ][A-Za-zĐđ0-9]*)*)"
)
# "Số: 12/QĐ-UBND" (capital S: a lower-case "số" is a citation, "Công văn số 45/..."),
# or "Luật số 58/2010/QH12" at the start of a line.
_SO_LABEL = re.compile(
    r"(?:^(?:Luật|LUẬT|Bộ\s+luật|BỘ\s+LUẬT)\s+(?:số|Số|SỐ)|(?:^|[\s|])(?:Số|SỐ|Sô|Sồ|Sỗ|Sớ))\s*[:.]?\s*(?=\d)"
    r"|(?:^|[\s|])(?:So|SO|S6|Sổ)\s*[:.]\s*(?=\d)"  # OCR: "So:" for "Số:"
)
# The first line of the body: the header block ends before it.
_BODY_START = re.compile(
    r"^(?:Căn\s+cứ|Kính\s+gửi|Kính\s+mời|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Nhằm\s|Để\s|Điều\s+\d|"
    r"Chương\s+[IVXLC\d]|CHƯƠNG\s+[IVXLC\d]|Thời\s+gian\s*:|Địa\s+điểm\s*:|Thành\s+phần\s*:|Nội\s+dung\s*:|"
    r"QUYẾT\s+ĐỊNH\s*:|QUYẾT\s+NGHỊ\s*:|[IVX]+\.\s|\d+\.\s)"
    r"|trân\s+trọng\s+kính\s+mời|trân\s+trọng\s+thông\s+báo|\svào\s+lúc\s",
    re.IGNORECASE,
)
# The same body starts, matched on the folded line, for OCR'd headers ("QUYÉT ĐỊNH:", "Can cu").
_BODY_START_FOLDED = re.compile(r"^(?:can\s+cu\s|kinh\s+gui|quyet\s+(?:dinh|nghi)\s*:|dieu\s+\d+\s*[.:])")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE)
_PLACE_DATE = re.compile(r",\s*ngày\s+\d{1,2}(?:\s+tháng|\s*[/.-])", re.IGNORECASE)
# "V/v ..." (về việc), and "Vw" as OCR reads it.
_VV = re.compile(r"(?:^|\s|\|)(?:V/v|Vw)\s*[:.]?\s*(.+)$", re.IGNORECASE)
_EFFECTIVE = re.compile(
    r"(?P<this>này\s+)?c[óo]\s+hi[ệe]u\s+l[ựu]c(?:\s+thi\s+h[àa]nh)?(?:\s+(?:k[ểếêe]\s+)?t[ừửưu])?\s+"
    r"(?:(?P<sign>ngày\s+ký)|(?P<after>sau\s+(?P<days>\d+)\s+ngày\s+kể\s+từ\s+ngày\s+ký)|(?P<date>ngày\s+\S[^\n]{0,40}))",
    re.IGNORECASE,
)
# A citation before "có hiệu lực" in the same sentence: another document's effect, not this one's.
_CITED = re.compile(r"\d+(?:\.\d+)?/[\w/-]*[A-ZĐ]|\b(?:số|Số)\s+\d")
_ADOPTED = re.compile(r"thông\s+qua\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_ABBREVIATIONS = {
    "UBND": "ỦY BAN NHÂN DÂN",
    "HĐND": "HỘI ĐỒNG NHÂN DÂN",
    "UBMTTQ": "ỦY BAN MẶT TRẬN TỔ QUỐC",
}
# Words after which every syllable is a proper name: "tỉnh Lạng Sơn".
_PLACE_LEVELS = ("tỉnh", "huyện", "quận", "thị xã", "thị trấn", "thành phố", "xã", "phường")
# Bodies whose next syllable is capitalised: "Bộ Nội vụ", "Sở Y tế".
_BODY_WORDS = ("bộ", "sở", "cục", "tổng cục", "văn phòng", "ban", "thanh tra", "kho bạc", "ngân hàng")
_KNOWN_ISSUERS = {
    "CHÍNH PHỦ": "Chính phủ",
    "QUỐC HỘI": "Quốc hội",
    "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "VĂN PHÒNG QUỐC HỘI": "Văn phòng Quốc hội",
    "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ",
    "CHỦ TỊCH NƯỚC": "Chủ tịch nước",
}
# A header line that starts the issuing unit proper, below a parent body.
_UNIT_START = (
    "SỞ ", "BỘ ", "PHÒNG ", "VĂN PHÒNG", "BAN ", "CỤC ", "TỔNG CỤC", "THANH TRA", "TRƯỜNG ",
    "BỆNH VIỆN", "TRUNG TÂM", "CHI CỤC", "HỘI ĐỒNG", "ỦY BAN",
)  # fmt: skip
_HEADER_LINES = 60


def parse_metadata(text: str) -> DocMetadata:
    """Read what the text says about itself; fields not found stay ``None``."""
    meta = DocMetadata()
    if not isinstance(text, str) or not text.strip():
        return meta
    try:
        _parse_into(meta, text)
    except (ValueError, IndexError, OverflowError, AttributeError):  # pragma: no cover - defensive
        return meta
    return meta


def _parse_into(meta: DocMetadata, text: str) -> None:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("Ð", "Đ")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
    lines = lines[_header_start(lines) :]
    header = lines[: _header_end(lines)]
    heading_index, heading_type, heading_rest = _find_heading(header)

    meta.number_symbol = _find_symbol(header, lines)
    meta.place, meta.signed_date = _find_place_date(header)
    if meta.signed_date is None:
        # A law, a constitution, a precedent: "thông qua ngày ..." at the end (or under the
        # heading) is the date; checked before any other date of the header, which would be
        # a date of history in a preamble ("Ngày 2 tháng 9 năm 1945, ...").
        adopted = _ADOPTED.search(text)
        if adopted:
            meta.signed_date = _date(*adopted.groups())
    if meta.signed_date is None:
        meta.signed_date = _find_bare_date(header)
    meta.doc_type = _doc_type(meta.number_symbol, heading_type, header)
    meta.issuer = _find_issuer(header, heading_index)
    meta.title = _find_title(header, heading_index, heading_type, heading_rest, meta.doc_type)
    meta.effective_date = _find_effective(text, meta.signed_date)
    if meta.doc_type is None and (meta.number_symbol or meta.title) and not meta.is_empty:
        meta.doc_type = "khac"


# -- pieces -------------------------------------------------------------------


def _date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        value = datetime.date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return None
    return value if 1945 <= value.year <= 2100 else None


def _header_start(lines: list[str]) -> int:
    """Where the header starts: the top, or just above a national motto found further down
    (a page saved from a website with its menus, an e-mail with the document pasted in)."""
    for index, line in enumerate(lines[:400]):
        if not line or not _MOTTO_FOLDED.search(_fold(line)):
            continue
        if index <= 8 or any(_SO_LABEL.search(ln) or _PLACE_DATE.search(ln) for ln in lines[: min(index, 80)]):
            return 0  # the header is at the top (a motto further down is in a form of an appendix)
        start = index
        for back in range(index - 1, max(-1, index - 7), -1):  # the issuer lines above the motto
            previous = _clean_header_line(lines[back])
            if not previous:
                continue
            if not _is_upper(previous):
                break
            start = back
        return start
    return 0


def _is_body_start(line: str) -> bool:
    return bool(_BODY_START.search(line) or _BODY_START_FOLDED.search(_fold(line)))


def _header_end(lines: list[str]) -> int:
    """Index of the first body line (at most ``_HEADER_LINES``)."""
    for index, raw in enumerate(lines[:_HEADER_LINES]):
        line = _clean_header_line(raw)
        if line and _is_body_start(line):
            return index
    return min(len(lines), _HEADER_LINES)


def _fold(line: str) -> str:
    """Lower case without diacritics, the same length as ``line`` (so spans carry over)."""
    folded = fold(line)
    return folded if len(folded) == len(line) else line.lower()


def _strip_motto(line: str) -> str:
    folded = _fold(line)
    spans = [m.span() for m in _MOTTO_FOLDED.finditer(folded)]
    for start, end in reversed(spans):
        line = line[:start] + " " + line[end:]
    return line


def _clean_header_line(line: str) -> str:
    line = _strip_motto(line)
    line = re.sub(r"[*_#>`]+", " ", line)  # Markdown marks left in a converted text
    line = re.sub(r"[-_=*~.]{3,}", " ", line)  # "-------" rules under the header
    line = line.replace("|", " ")
    return re.sub(r"\s+", " ", line).strip()


def _is_upper(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and all(not ch.islower() for ch in letters)


def _edits_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_FOLDED_HEADINGS = [(fold(word), word) for word, _ in _HEADINGS]


def _ocr_heading(line: str) -> str:
    """The heading word an OCR'd line stands for ("QUYÉT ĐỊNH", "QUYET DINH" -> "QUYẾT ĐỊNH"), else the line."""
    folded = " ".join(_fold(line).split())
    for folded_word, word in _FOLDED_HEADINGS:
        if folded == folded_word or (len(folded_word) >= 8 and _edits_at_most_one(folded, folded_word)):
            return word
        if folded.startswith(folded_word + " ") and word in ("LUẬT", "BỘ LUẬT", "THÔNG BÁO", "VĂN BẢN HỢP NHẤT"):
            return word + line[len(folded_word) :]
    return line


def _find_heading(header: list[str]) -> tuple[int | None, str | None, str]:
    """The type heading line ("NGHỊ ĐỊNH", "LUẬT VIÊN CHỨC"): index, type, rest of line."""
    for index, raw in enumerate(header):
        line = _clean_header_line(raw)
        if line and not _is_upper(line) and line.upper() in {word for word, _ in _HEADINGS}:
            line = line.upper()  # "Kế hoạch" alone on its line: capitals by style, lost in the text
        if not line or not _is_upper(line):
            continue
        line = _ocr_heading(line)
        for word, code in _HEADINGS:
            if line == word or line.startswith(word + " "):
                rest = line[len(word) :].strip()
                if code == "luat" and rest.startswith("SỐ"):
                    rest = ""
                # "QUYẾT ĐỊNH" stands alone; "LUẬT VIÊN CHỨC", "THÔNG BÁO KẾT LUẬN ..." carry a subject.
                if rest and code not in _HEADING_WITH_SUBJECT:
                    continue
                return index, code, rest
    return None, None, ""


def _normalise_symbol(symbol: str) -> str:
    symbol = re.sub(r"\s*([-/])\s*", r"\1", symbol.strip())
    return symbol.rstrip(".,;:")


def _find_symbol(header: list[str], lines: list[str]) -> str | None:
    for line in header:
        label = _SO_LABEL.search(line)
        if label:
            match = _SYMBOL_AFTER_LABEL.match(line, label.end())
            if match:
                return _normalise_symbol(match.group(1))
    for raw in header:  # a bare symbol starting a header line ("15/2020/NĐ-CP" with "Số:" lost)
        line = _clean_header_line(raw)
        match = _SYMBOL.match(line)
        if match and "/" in match.group(1) and not _DATE_NUMERIC.search(line):
            candidate = _normalise_symbol(match.group(1))
            if re.search(r"[A-ZĐ]{2}", candidate):
                return candidate
    return None


def _find_place_date(header: list[str]) -> tuple[str | None, datetime.date | None]:
    for line in header:
        match = _PLACE_DATE.search(line)
        if not match or re.search(r"(?:\d|\bgiờ|\bphút|\blúc|\bsáng|\bchiều)\S*\s*$", line[: match.start()], re.I):
            continue  # "08 giờ 00, ngày 15 ..." is the time of a meeting, not "Place, ngày ..."
        date_match = _DATE_WORDS.search(line, match.start()) or _DATE_NUMERIC.search(line, match.start())
        date = _date(*date_match.groups()) if date_match else None
        before = _clean_header_line(line[: match.start()])
        words = before.split()
        place_words: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper() or len(place_words) >= 4 or re.search(r"\d", word):
                break
            place_words.insert(0, word)
        place = " ".join(place_words) or None
        if place and _is_upper(place) and len(place_words) > 1:
            place = None  # the tail of an upper-case issuer line, not a place
        if date:
            return place, date
    return None, None


def _find_bare_date(header: list[str]) -> datetime.date | None:
    """A date line without a place ("ngày 5/3/2020", "Ngày 05 tháng 3 năm 2020"): the line is
    the date and little else; a sentence starting with a date is history, not the signing."""
    for line in header:
        date_match = _DATE_WORDS.search(line) or _DATE_NUMERIC.search(line)
        if not date_match or re.search(r"căn cứ|luật|nghị định|số", line[: date_match.start()], re.I):
            continue
        if len(_clean_header_line(line[date_match.end() :])) > 12:
            continue
        date = _date(*date_match.groups())
        if date:
            return date
    return None


def _symbol_type(symbol: str) -> str | None:
    parts = re.split(r"[/-]", symbol)
    codes = parts[1:]
    for code, kind in _SYMBOL_TYPES:
        if code in codes:
            return kind
    return None


def _doc_type(symbol: str | None, heading: str | None, header: list[str]) -> str | None:
    if symbol and "VBHN" in symbol:
        return "van_ban_hop_nhat"
    if heading:
        return heading
    if symbol:
        kind = _symbol_type(symbol)
        if kind:
            return kind
        if re.search(r"/QH\d*$", symbol):
            return "luat" if any("Luật" in ln or "LUẬT" in ln for ln in header) else "nghi_quyet"
    if any(_VV.search(line) for line in header):
        return "cong_van"
    return None


def _is_ocr_junk(line: str) -> bool:
    """A stray mark OCR read as letters ("TT", "TH", "JCH", "ˆ"): one short token."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(line.split()) == 1 and len(letters) <= 3 and line not in ("BỘ", "SỞ")


def _find_issuer(header: list[str], heading_index: int | None) -> str | None:
    """The issuing body: the upper-case lines at the top of the header, above "Số:", the date or
    the heading. Without any of those (and without the motto) there is no header to read it from."""
    anchor = next(
        (
            i
            for i, raw in enumerate(header)
            if _SO_LABEL.search(raw) or _PLACE_DATE.search(raw) or _VV.search(raw) or _MOTTO_FOLDED.search(_fold(raw))
        ),
        None,
    )
    if anchor is None:
        return None
    end = heading_index if heading_index is not None else len(header)
    block: list[str] = []
    for raw in header[:end]:
        if _SO_LABEL.search(raw) or _PLACE_DATE.search(raw) or _VV.search(raw):
            break
        line = _clean_header_line(raw)
        if not line or _is_ocr_junk(line):
            continue  # a blank line between the parent body and the unit does not end the issuer
        if not _is_upper(line) or _is_body_start(line):
            if block:
                break
            continue
        block.append(line)
        if len(block) >= 4:
            break
    if not block:
        return None
    for index in range(len(block) - 1, 0, -1):  # "UBND TỈNH LẠNG SƠN / SỞ NỘI VỤ": the unit
        if block[index].startswith(_UNIT_START):
            block = block[index:]
            break
    return issuer_case(" ".join(block))


def issuer_case(name: str) -> str:
    """Upper-case body name to the usual spelling: "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" ->
    "Ủy ban nhân dân tỉnh Lạng Sơn", "BỘ NỘI VỤ" -> "Bộ Nội vụ"."""
    name = re.sub(r"\s+", " ", name).strip()
    for short, long in _ABBREVIATIONS.items():
        name = re.sub(rf"\b{short}\b", long, name)
    if not _is_upper(name):
        return name
    if name in _KNOWN_ISSUERS:
        return _KNOWN_ISSUERS[name]
    lower = name.lower()
    words = lower.split(" ")
    out = list(words)
    capitalise_rest = False
    i = 0
    while i < len(words):
        if not capitalise_rest and words[i : i + 4] in (["ủy", "ban", "nhân", "dân"], ["hội", "đồng", "nhân", "dân"]):
            i += 4
            continue
        if capitalise_rest:
            out[i] = words[i].capitalize()
        pair = " ".join(words[i : i + 2])
        level = pair if pair in _PLACE_LEVELS else words[i] if words[i] in _PLACE_LEVELS else None
        body = pair if pair in _BODY_WORDS else words[i] if words[i] in _BODY_WORDS else None
        if level and not capitalise_rest:
            step = len(level.split(" "))
            capitalise_rest = True
            i += step
            continue
        if body and i + len(body.split(" ")) < len(words) and not capitalise_rest:
            step = len(body.split(" "))
            out[i + step] = words[i + step].capitalize()
            i += step + 1
            continue
        i += 1
    for known_upper, known in _KNOWN_ISSUERS.items():  # "Văn phòng quốc hội" -> "Văn phòng Quốc hội"
        joined = " ".join(out)
        if known_upper.lower() in joined.lower() and known != known_upper:
            start = joined.lower().find(known_upper.lower())
            if start > 0:
                out = (joined[:start] + known + joined[start + len(known) :]).split(" ")
    result = " ".join(out)
    return result[:1].upper() + result[1:]


def _sentence_case(line: str) -> str:
    if _is_upper(line):
        line = line.lower()
        return line[:1].upper() + line[1:]
    return line[:1].upper() + line[1:]


_TITLE_STOP = re.compile(
    r"^(Căn\s+cứ|Kính\s+gửi|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Điều\s+\d|Chương\s|CHƯƠNG\s|Phần\s|PHẦN\s|"
    r"Số\s*:|\(|\[|QUYẾT\s+ĐỊNH\s*:|QUYẾT\s+NGHỊ\s*:|Thực\s+hiện|Ngày\s)",
    re.IGNORECASE,
)


def _find_title(
    lines: list[str], heading_index: int | None, heading_type: str | None, rest: str, doc_type: str | None
) -> str | None:
    if doc_type == "cong_van" or heading_index is None:
        for index, line in enumerate(lines):
            match = _VV.search(line)
            if match:
                parts = [match.group(1).strip(" :")]
                for following in lines[index + 1 : index + 3]:
                    if following and following[0].islower():
                        parts.append(following)
                    else:
                        break
                title = " ".join(parts).strip()
                return title[:1].upper() + title[1:] if title else None
        if heading_index is None:
            return None
    parts: list[str] = []
    if rest:
        parts.append(rest)
    for line in lines[heading_index + 1 : heading_index + 5]:  # type: ignore[operator]
        if not line:
            if parts:
                break
            continue
        cleaned = _clean_header_line(line)
        if not cleaned or _TITLE_STOP.match(cleaned) or _PLACE_DATE.search(cleaned):
            break
        if parts and _is_upper(parts[-1]) != _is_upper(cleaned):
            break
        parts.append(cleaned)
    if not parts:
        return None
    title = " ".join(parts)
    if heading_type in ("luat", "bo_luat") and _is_upper(title):
        word = DOC_TYPES[heading_type]
        return f"{word} {_sentence_case(title)}"
    return _sentence_case(title)


def _find_effective(text: str, signed: datetime.date | None) -> datetime.date | None:
    best: datetime.date | None = None
    best_has_this = False
    for match in _EFFECTIVE.finditer(text):
        sentence = re.split(r"[.;:\n]\s", text[max(0, match.start() - 200) : match.start()])[-1]
        if not match.group("this") and _CITED.search(sentence):
            continue  # "Quyết định số 12/2025/QĐ-UBND có hiệu lực từ ...": another document's
        value: datetime.date | None = None
        if match.group("sign"):
            value = signed
        elif match.group("after"):
            value = signed + datetime.timedelta(days=int(match.group("days"))) if signed else None
        else:
            fragment = match.group("date")
            date_match = _DATE_WORDS.match(fragment) or _DATE_NUMERIC.match(fragment)
            if date_match:
                value = _date(*date_match.groups())
        if value is None:
            continue
        has_this = bool(match.group("this"))
        if best is None or (has_this and not best_has_this):
            best, best_has_this = value, has_this
    return best
