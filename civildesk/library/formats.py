"""Text of born-digital formats: DOCX (paragraphs and tables in order), HTML and plain text.

Called by :func:`civildesk.library.extract.extract_text`, the library's one
extraction seam; PDF and OCR stay there.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser

from .extract import Extraction, ExtractionError

# --------------------------------------------------------------------------
# DOCX


def extract_docx(data: bytes) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractionError("The DOCX file is damaged and cannot be opened.") from exc
    except Exception as exc:  # lxml errors on broken XML parts
        raise ExtractionError("The DOCX file is damaged and cannot be opened.") from exc
    lines = list(_docx_block_lines(document.element.body))
    return Extraction(text="", pages=["\n".join(lines)], method="docx")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_block_lines(container) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Paragraphs and tables of a body (or table cell) in document order."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield _docx_paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from _docx_table_lines(child)
        elif child.tag == f"{_W}sdt":  # content controls wrap ordinary blocks
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_block_lines(content)


def _docx_paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        tag = node.tag
        if tag == f"{_W}t":
            text = node.text or ""
            parts.append(text.upper() if _docx_run_in_capitals(node.getparent()) else text)
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _docx_run_in_capitals(run) -> bool:  # type: ignore[no-untyped-def]
    """A run formatted "All caps": typed "Kế hoạch", shown and printed "KẾ HOẠCH"."""
    props = run.find(f"{_W}rPr") if run is not None else None
    caps = props.find(f"{_W}caps") if props is not None else None
    return caps is not None and caps.get(f"{_W}val", "true") not in ("0", "false", "off")


def _docx_table_lines(tbl) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A row whose cells are one line each becomes "a | b | c"; else cell by cell."""
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[list[str]] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            if props is not None:
                merge = props.find(f"{_W}vMerge")
                if merge is not None and merge.get(f"{_W}val") != "restart":
                    continue  # continuation of a vertically merged cell
            cell_lines = [ln for ln in _docx_block_lines(tc) for ln in ln.split("\n")]
            cell_lines = [ln for ln in cell_lines if ln.strip()]
            if cell_lines:
                cells.append(cell_lines)
        if not cells:
            continue
        if all(len(c) == 1 for c in cells):
            yield " | ".join(c[0] for c in cells)
        else:
            for cell in cells:
                yield from cell
    yield ""


# --------------------------------------------------------------------------
# HTML

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"])
# A saved web page (vbpl.vn and the like): its navigation, search form, breadcrumbs, tabs, table of
# contents and footer are not the document. Skipped by tag, or by a class or id naming them.
_PAGE_CHROME_TAGS = frozenset(["nav", "footer", "form", "button", "select", "aside"])
_PAGE_CHROME_NAME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|mainmenu|breadcrumbs?|footer|sidebar|toc|mucluc|muc-luc|"
    r"tabs?|search|timkiem|logo|banner|login|dangnhap|share|social|related|lienquan|header-top|topbar)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_VOID_TAGS = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"])
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_pre = 0
        self.chrome: list[str] = []  # tags open inside (and including) a skipped piece of page chrome

    def _is_chrome(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _PAGE_CHROME_TAGS:
            return True
        names = " ".join(value or "" for key, value in attrs if key in ("class", "id", "role"))
        return bool(names) and bool(_PAGE_CHROME_NAME.search(names))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.chrome:
            if tag not in _VOID_TAGS:
                self.chrome.append(tag)
            return
        if tag not in _VOID_TAGS and tag not in _SKIP_TAGS and self._is_chrome(tag, attrs):
            self.chrome.append(tag)
            return
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self.in_pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.chrome:
            return
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.chrome:
            if tag in self.chrome:  # close up to the matching tag (tolerates unclosed children)
                while self.chrome and self.chrome.pop() != tag:
                    pass
            return
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.chrome:
            return
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = []
        for line in raw.split("\n"):
            line = re.sub(r"^(\s*\|\s*)+", "", line.strip())  # leading cell separator
            lines.append(line)
        return "\n".join(lines)


def extract_html(data: bytes) -> Extraction:
    warnings: list[str] = []
    declared = _META_CHARSET.search(data[:4096])
    text = None
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = _decode_text(data, warnings)
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return Extraction(text="", pages=[parser.text()], method="html", warnings=warnings)


# --------------------------------------------------------------------------
# Plain text


def _decode_text(data: bytes, warnings: list[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        warnings.append("The text encoding was not recognised; it was read as Latin-1.")
        return data.decode("latin-1")
    warnings.append("The text was not UTF-8; it was read as Windows-1258 (Vietnamese).")
    return text


def extract_plain(data: bytes) -> Extraction:
    warnings: list[str] = []
    text = _decode_text(data, warnings)
    return Extraction(text="", pages=[text], method="text", warnings=warnings)


# --------------------------------------------------------------------------
# Markdown: the text of a converted document, its marks removed so "### Điều 1." is an article

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MD_BULLET = re.compile(r"^\s{0,3}[*+]\s+")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown document, one paragraph per line as the structure parser wants it."""
    lines: list[str] = []
    for raw in markdown.split("\n"):
        line = raw.rstrip()
        if _MD_RULE.match(line) or _MD_TABLE_RULE.match(line):
            lines.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        heading = _MD_HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _MD_BULLET.sub("- ", line)
        line = _MD_IMAGE_OR_LINK.sub(r"\1", line)
        line = _MD_CODE.sub(r"\1", line)
        for _ in range(2):  # "***bold italic***"
            line = _MD_STRONG.sub(r"\2", line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
        line = _MD_ESCAPE.sub(r"\1", line)
        if line.strip().startswith("|") and line.strip().endswith("|"):
            line = line.strip()[1:-1]  # a table row: cells as "a | b", like DOCX and HTML tables
        lines.append(line.strip())
    return "\n".join(lines)


def extract_markdown(data: bytes) -> Extraction:
    warnings: list[str] = []
    text = markdown_to_text(_decode_text(data, warnings))
    return Extraction(text="", pages=[text], method="markdown", warnings=warnings)
