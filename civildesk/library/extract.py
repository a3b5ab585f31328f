"""Text extraction from uploaded documents: the one seam for it.

``extract_text(data, filename=...)`` turns the bytes of a PDF, DOCX, HTML,
plain-text or image file into NFC-normalised text with its line breaks kept
(the legal-structure parser needs them). PDF pages without a usable text
layer, and images, are OCR'd with the ``tesseract`` binary.

Plain Python: no Django here. Everything the caller has to show a user comes
back as an :class:`ExtractionError` message (English, translated by the
caller) or as entries of ``Extraction.warnings``.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

__all__ = [
    "ALLOWED_EXTENSIONS",
    "ALLOWED_TYPES",
    "Extraction",
    "ExtractionError",
    "extract_text",
    "normalize_text",
    "ocr_available",
    "sniff_type",
]

# Kinds of file this module reads, as returned by ``sniff_type``.
ALLOWED_TYPES: list[str] = ["pdf", "docx", "html", "text", "image"]
# Extensions an upload form may offer, with the kind each one claims to be.
ALLOWED_EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "text",
    ".csv": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

# The OCR engine; module-level so a deployment (or a test) can point elsewhere.
TESSERACT_CMD = "tesseract"
# Seconds one page may take in Tesseract before we give up on that page.
OCR_TIMEOUT = 180
# Resolution PDF pages are rendered at for OCR.
OCR_DPI = 300
# A PDF page whose text layer has fewer letters/digits than this is OCR'd.
MIN_TEXT_CHARS = 16

ProgressCallback = Callable[[int, int, str], None]


class ExtractionError(Exception):
    """The file cannot be read: unsupported, corrupt, encrypted or empty.

    ``message`` is a short English sentence meant for the uploader.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Extraction:
    """The text of one document."""

    text: str
    pages: list[str] = field(default_factory=list)
    method: str = ""  # pdf-text, pdf-ocr, pdf-mixed, docx, html, text, image-ocr
    ocr_pages: list[int] = field(default_factory=list)  # 1-based page numbers
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, unified line breaks, one space between words, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x0c", "\n")
    text = text.translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


# --------------------------------------------------------------------------
# Type sniffing

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
# Formats people upload by mistake, with what to tell them.
_REFUSED_MAGIC = (
    (b"MZ", "This file is a Windows program, not a document."),
    (b"\x7fELF", "This file is a program, not a document."),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Old Microsoft Office files (.doc, .xls) are not supported; save the file as DOCX or PDF.",
    ),
    (b"Rar!", "Archives are not supported; upload the documents themselves."),
    (b"7z\xbc\xaf\x27\x1c", "Archives are not supported; upload the documents themselves."),
    (b"\x1f\x8b", "Archives are not supported; upload the documents themselves."),
    (b"GIF8", "GIF images are not supported; use PNG, JPEG or TIFF."),
)
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_CLAIM_NAMES = {"pdf": "PDF", "docx": "DOCX", "html": "HTML", "text": "text", "image": "image"}


def _extension(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def sniff_type(data: bytes, filename: str) -> str:
    """Return "pdf", "docx", "html", "text" or "image" from the file's bytes.

    The extension is only a claim: a file named ``.pdf`` whose bytes are not a
    PDF is refused, as is anything this module cannot read.
    """
    if not data or not data.strip():
        raise ExtractionError("The file is empty.")
    ext = _extension(filename)
    claimed = ALLOWED_EXTENSIONS.get(ext)
    head = data[:2048]

    kind: str | None = None
    if b"%PDF-" in data[:1024]:
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = _sniff_zip(data)
    elif any(head.startswith(magic) for magic, _ in _IMAGE_MAGIC):
        kind = "image"
    else:
        for magic, message in _REFUSED_MAGIC:
            if head.startswith(magic):
                raise ExtractionError(message)
        if _looks_binary(head):
            raise ExtractionError("This file type is not supported.")
        kind = "html" if claimed == "html" or _HTML_START.match(_strip_bom(head)) else "text"

    if claimed in ("pdf", "docx", "image") and kind != claimed:
        raise ExtractionError(f"The file is named {ext} but its content is not a valid {_CLAIM_NAMES[claimed]} file.")
    return kind


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError("The file is damaged and cannot be opened.") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise ExtractionError("Spreadsheets and presentations are not supported; upload a PDF or DOCX.")
    if "content.xml" in names:
        raise ExtractionError("OpenDocument files are not supported; save the file as DOCX or PDF.")
    raise ExtractionError("Archives are not supported; upload the documents themselves.")


def _strip_bom(data: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NULs
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


# --------------------------------------------------------------------------
# Entry point


def extract_text(
    data: bytes,
    *,
    filename: str,
    content_type: str | None = None,
    progress: ProgressCallback | None = None,
    ocr_languages: str = "vie+eng",
) -> Extraction:
    """Extract the text of a document.

    ``content_type`` is informational (browsers guess it from the extension);
    the bytes decide. ``progress(done, total, message)`` is called after each
    page of a PDF or image, once for other formats.
    """
    kind = sniff_type(data, filename)
    report = progress or _no_progress
    if kind == "pdf":
        result = _extract_pdf(data, report, ocr_languages)
    elif kind == "docx":
        result = _extract_docx(data)
    elif kind == "html":
        result = _extract_html(data)
    elif kind == "text":
        result = _extract_plain(data)
    else:
        result = _extract_image(data, report, ocr_languages)
    if kind in ("docx", "html", "text"):
        report(1, 1, "Text extracted")
    result.pages = [normalize_text(p) for p in result.pages]
    result.text = normalize_text("\n\n".join(p for p in result.pages if p))
    if not result.text:
        result.warnings.append("No text could be extracted from this file.")
    return result


def _no_progress(done: int, total: int, message: str) -> None:
    return None


# --------------------------------------------------------------------------
# PDF


def _extract_pdf(data: bytes, progress: ProgressCallback, languages: str) -> Extraction:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError("The PDF is password-protected; upload a copy without a password.") from exc
        raise ExtractionError("The PDF is damaged and cannot be opened.") from exc
    result = Extraction(text="", method="pdf-text")
    try:
        total = len(pdf)
        if total == 0:
            raise ExtractionError("The PDF has no pages.")
        ocr_ready = None  # decided at the first page that needs OCR
        for index in range(total):
            number = index + 1
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise ExtractionError(f"Page {number} of the PDF is damaged.") from exc
            try:
                text = _pdf_page_text(page)
                if not _has_text(text) or _looks_garbled(text):
                    if ocr_ready is None:
                        ocr_ready = _check_ocr(languages, result.warnings)
                    if ocr_ready:
                        ocr_text = _ocr_pdf_page(page, ocr_ready, result.warnings, number)
                        if ocr_text is not None:
                            if ocr_text.strip() or not text.strip():
                                text = ocr_text
                            result.ocr_pages.append(number)
            finally:
                page.close()
            result.pages.append(text)
            progress(number, total, f"Page {number} of {total}")
    finally:
        pdf.close()
    if result.ocr_pages:
        result.method = "pdf-ocr" if len(result.ocr_pages) == len(result.pages) else "pdf-mixed"
    return result


def _pdf_page_text(page) -> str:  # type: ignore[no-untyped-def]
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()


def _has_text(text: str) -> bool:
    return sum(1 for ch in text if ch.isalnum()) >= MIN_TEXT_CHARS


def _looks_garbled(text: str) -> bool:
    """A text layer made of replacement or private-use characters (broken fonts)."""
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        return False
    bad = sum(1 for ch in letters if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cn"))
    return bad > len(letters) * 0.2


def _ocr_pdf_page(page, languages: str, warnings: list[str], number: int) -> str | None:  # type: ignore[no-untyped-def]
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    if _is_blank(image):
        return ""
    try:
        return _ocr_image(image, languages)
    except ExtractionError as exc:
        warnings.append(f"Page {number}: {exc.message}")
        return None


def _is_blank(image) -> bool:  # type: ignore[no-untyped-def]
    low, _high = image.convert("L").getextrema()
    return low > 235


# --------------------------------------------------------------------------
# OCR


@functools.cache
def _tesseract_languages(cmd: str) -> frozenset[str]:
    try:
        done = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and " " not in ln.strip())


def ocr_available(languages: str = "vie") -> bool:
    """True when the Tesseract binary and every language in ``languages`` are here."""
    if not shutil.which(TESSERACT_CMD):
        return False
    have = _tesseract_languages(TESSERACT_CMD)
    return all(lang in have for lang in languages.split("+"))


def _check_ocr(languages: str, warnings: list[str]) -> str:
    """The language string to use, or "" (with a warning) when OCR cannot run."""
    if not shutil.which(TESSERACT_CMD):
        warnings.append("Some pages are scanned images but OCR (Tesseract) is not installed.")
        return ""
    have = _tesseract_languages(TESSERACT_CMD)
    wanted = [lang for lang in languages.split("+") if lang]
    usable = [lang for lang in wanted if lang in have]
    missing = [lang for lang in wanted if lang not in have]
    if missing:
        warnings.append(f"OCR language data missing: {', '.join(missing)}.")
    if not usable:
        usable = ["eng"] if "eng" in have else []
    if not usable:
        warnings.append("OCR has no usable language data.")
        return ""
    return "+".join(usable)


def _ocr_image(image, languages: str) -> str:  # type: ignore[no-untyped-def]
    """OCR one Pillow image with Tesseract (PNG on stdin, text on stdout)."""
    from PIL import Image

    image = image.convert("L")
    if max(image.size) < 1200:  # small scans/photos read better enlarged
        image = image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # do not fight other workers for cores
    try:
        done = subprocess.run(
            [TESSERACT_CMD, "stdin", "stdout", "-l", languages, "--psm", "3"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=OCR_TIMEOUT,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError("OCR took too long on this page.") from exc
    except OSError as exc:
        raise ExtractionError("OCR (Tesseract) could not be started.") from exc
    if done.returncode != 0:
        raise ExtractionError("OCR failed on this page.")
    return done.stdout.decode("utf-8", errors="replace")


def _image_frames(data: bytes) -> Iterator:  # type: ignore[type-arg]
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        raise ExtractionError("The image is too large.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError("The image is damaged and cannot be opened.") from exc
    frames = getattr(image, "n_frames", 1)
    for index in range(frames):
        try:
            image.seek(index)
            frame = ImageOps.exif_transpose(image.copy())
        except (OSError, EOFError, ValueError) as exc:
            raise ExtractionError(f"Page {index + 1} of the image is damaged.") from exc
        yield index, frames, frame


def _extract_image(data: bytes, progress: ProgressCallback, languages: str) -> Extraction:
    result = Extraction(text="", method="image-ocr")
    usable = _check_ocr(languages, result.warnings)
    if not usable:
        raise ExtractionError("Scanned images cannot be read because OCR is not available.")
    for index, total, frame in _image_frames(data):
        result.pages.append(_ocr_image(frame, usable))
        result.ocr_pages.append(index + 1)
        progress(index + 1, total, f"Page {index + 1} of {total}")
    return result


# --------------------------------------------------------------------------
# DOCX


def _extract_docx(data: bytes) -> Extraction:
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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
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


def _extract_html(data: bytes) -> Extraction:
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


def _extract_plain(data: bytes) -> Extraction:
    warnings: list[str] = []
    text = _decode_text(data, warnings)
    return Extraction(text="", pages=[text], method="text", warnings=warnings)
