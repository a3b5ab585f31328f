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
    ".markdown": "text",
    ".csv": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

# Text files read as Markdown (their marks removed: "### Điều 1." is an article).
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})

# The OCR engine; module-level so a deployment (or a test) can point elsewhere.
TESSERACT_CMD = "tesseract"
# Seconds one page may take in Tesseract before we give up on that page.
OCR_TIMEOUT = 180
# Resolution PDF pages are rendered at for OCR.
OCR_DPI = 300
# A PDF page whose text layer has fewer letters/digits than this is OCR'd.
MIN_TEXT_CHARS = 16
# Memory budgets (callers pass their configured values): a PDF page is rendered
# at a lower resolution than OCR_DPI when it would exceed MAX_RENDER_PIXELS (a
# 200-inch page at 300 DPI is 3.6 gigapixels); an image over MAX_IMAGE_PIXELS
# (width x height of any frame) is refused before it is decoded.
MAX_RENDER_PIXELS = 25_000_000
MAX_IMAGE_PIXELS = 40_000_000

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
    method: str = ""  # pdf-text, pdf-ocr, pdf-mixed, docx, html, text, markdown, image-ocr
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
        "Word 97-2003 (.doc) and Excel 97-2003 (.xls) files cannot be read. Open the file in Word or "
        "LibreOffice, save it as .docx or PDF, and add that file.",
    ),
    (
        b"{\\rtf",
        "Rich Text (.rtf) files cannot be read. Open the file in Word or LibreOffice, save it as .docx or PDF, and add that file.",
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
    max_render_pixels: int | None = None,
    max_image_pixels: int | None = None,
) -> Extraction:
    """Extract the text of a document.

    ``content_type`` is informational (browsers guess it from the extension);
    the bytes decide. ``progress(done, total, message)`` is called after each
    page of a PDF or image, once for other formats. ``max_render_pixels`` and
    ``max_image_pixels`` bound the memory a page or image may take (defaults:
    the module's ``MAX_RENDER_PIXELS`` and ``MAX_IMAGE_PIXELS``).
    """
    kind = sniff_type(data, filename)
    report = progress or _no_progress
    render_budget = max_render_pixels or MAX_RENDER_PIXELS
    image_budget = max_image_pixels or MAX_IMAGE_PIXELS
    if kind == "pdf":
        result = _extract_pdf(data, report, ocr_languages, render_budget)
    elif kind in ("docx", "html", "text"):
        from . import formats

        if kind == "text" and _extension(filename) in MARKDOWN_EXTENSIONS:
            result = formats.extract_markdown(data)
        else:
            readers = {"docx": formats.extract_docx, "html": formats.extract_html, "text": formats.extract_plain}
            result = readers[kind](data)
    else:
        result = _extract_image(data, report, ocr_languages, image_budget)
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


def _extract_pdf(data: bytes, progress: ProgressCallback, languages: str, pixel_budget: int) -> Extraction:
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
                suspect = _has_text(text) and not _looks_garbled(text) and _looks_unvietnamese(text, languages)
                if not _has_text(text) or _looks_garbled(text) or suspect:
                    if ocr_ready is None:
                        ocr_ready = _check_ocr(languages, result.warnings)
                    if ocr_ready:
                        ocr_text = _ocr_pdf_page(page, ocr_ready, result.warnings, number, pixel_budget)
                        if suspect and (ocr_text is None or not _reads_better(ocr_text, text)):
                            ocr_text = None  # an English page, say: its own text layer stays
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


# Letters with Vietnamese diacritics: a fifth or more of the letters of Vietnamese prose
# (about 0.2-0.35); a text layer of ASCII junk over a scan ("C0NG H0A X| H0I") has none.
VIETNAMESE_SHARE_SUSPECT = 0.03
VIETNAMESE_SHARE_READABLE = 0.08


def vietnamese_share(text: str) -> float:
    """Share of the letters of ``text`` that are not plain ASCII (ư, ệ, đ...)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ord(ch) > 127) / len(letters)


_ENGLISH_WORDS = frozenset("the of and to in is are for by on with be this that as or from at an it".split())


def _english_share(text: str) -> float:
    words = re.findall(r"[A-Za-z]+", text)
    return sum(1 for w in words if w.lower() in _ENGLISH_WORDS) / len(words) if words else 0.0


def _looks_unvietnamese(text: str, languages: str) -> bool:
    """A page's text layer that may be junk: Vietnamese is expected and it has (almost) no diacritics,
    nor is it English prose (a fifth or more of whose words are "the", "of", "and"...)."""
    if "vie" not in languages.split("+"):
        return False
    return (
        sum(1 for ch in text if ch.isalpha()) >= 40
        and vietnamese_share(text) < VIETNAMESE_SHARE_SUSPECT
        and _english_share(text) < 0.08
    )


def _reads_better(ocr_text: str, layer: str) -> bool:
    """OCR found Vietnamese where the text layer had none: the layer was junk."""
    letters = sum(1 for ch in ocr_text if ch.isalpha())
    return vietnamese_share(ocr_text) >= VIETNAMESE_SHARE_READABLE and letters >= 0.5 * sum(
        1 for ch in layer if ch.isalpha()
    )


def render_scale(width_pt: float, height_pt: float, pixel_budget: int) -> float:
    """Scale (pixels per point) to render a page for OCR: OCR_DPI, or less so as to stay within the budget."""
    scale = OCR_DPI / 72
    area = max(width_pt, 1.0) * max(height_pt, 1.0)
    if area * scale * scale > pixel_budget:
        scale = (pixel_budget / area) ** 0.5
    return scale


def _ocr_pdf_page(page, languages: str, warnings: list[str], number: int, pixel_budget: int) -> str | None:  # type: ignore[no-untyped-def]
    width, height = page.get_size()
    scale = render_scale(width, height, pixel_budget)
    if scale < OCR_DPI / 72:
        warnings.append(f"Page {number} is very large; it was read at {round(scale * 72)} DPI.")
    bitmap = page.render(scale=scale, grayscale=True)
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
    return fix_ocr_headings(done.stdout.decode("utf-8", errors="replace"))


# "Điều" as OCR misreads it at the start of a line, before an article number: "Điểu 3.", "Diều 4.", "Ðiêu 5."
_OCR_DIEU = re.compile(r"^([ \t]*)[ĐDÐ][iíì][ềểêễệếe]u(?=[ \t]+\d{1,3}[a-zđ]?[ \t]*[.:])", re.MULTILINE)


def fix_ocr_headings(text: str) -> str:
    """OCR'd text with the article word restored where the recogniser mangled its marks."""
    text = unicodedata.normalize("NFC", text)
    return _OCR_DIEU.sub(lambda m: m.group(1) + "Điều", text)


def _too_large(width: int, height: int, pixel_budget: int) -> ExtractionError:
    return ExtractionError(
        f"The image is too large: {width} x {height} pixels; the limit is {max(1, pixel_budget // 1_000_000)} megapixels."
    )


def _open_image(data: bytes, pixel_budget: int):  # type: ignore[no-untyped-def]
    """Open an image reading only its header; refuse it before decoding when it is over the budget."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, smaller limit follows
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ExtractionError("The image is too large.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError("The image is damaged and cannot be opened.") from exc
    if image.width * image.height > pixel_budget:
        raise _too_large(image.width, image.height, pixel_budget)
    return image


def _image_frames(data: bytes, pixel_budget: int) -> Iterator:  # type: ignore[type-arg]
    from PIL import Image, ImageOps

    image = _open_image(data, pixel_budget)
    try:
        image.load()
    except Image.DecompressionBombError as exc:
        raise ExtractionError("The image is too large.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError("The image is damaged and cannot be opened.") from exc
    frames = getattr(image, "n_frames", 1)
    for index in range(frames):
        try:
            image.seek(index)
            if image.width * image.height > pixel_budget:  # each page of a TIFF has its own size
                raise _too_large(image.width, image.height, pixel_budget)
            frame = ImageOps.exif_transpose(image.copy())
        except (OSError, EOFError, ValueError) as exc:
            raise ExtractionError(f"Page {index + 1} of the image is damaged.") from exc
        yield index, frames, frame


def _extract_image(data: bytes, progress: ProgressCallback, languages: str, pixel_budget: int) -> Extraction:
    result = Extraction(text="", method="image-ocr")
    _open_image(data, pixel_budget).close()  # refuse a pixel bomb whether or not OCR is here
    usable = _check_ocr(languages, result.warnings)
    if not usable:
        raise ExtractionError("Scanned images cannot be read because OCR is not available.")
    for index, total, frame in _image_frames(data, pixel_budget):
        result.pages.append(_ocr_image(frame, usable))
        result.ocr_pages.append(index + 1)
        progress(index + 1, total, f"Page {index + 1} of {total}")
    return result
