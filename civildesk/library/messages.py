"""Translations of the extraction seam's (English, Django-free) error messages."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

FIXED = [
    gettext_noop("The file is empty."),
    gettext_noop("This file type is not supported."),
    gettext_noop("The file is damaged and cannot be opened."),
    gettext_noop("Spreadsheets and presentations are not supported; upload a PDF or DOCX."),
    gettext_noop("OpenDocument files are not supported; save the file as DOCX or PDF."),
    gettext_noop("Archives are not supported; upload the documents themselves."),
    gettext_noop("The PDF is password-protected; upload a copy without a password."),
    gettext_noop("The PDF is damaged and cannot be opened."),
    gettext_noop("The PDF has no pages."),
    gettext_noop("OCR took too long on this page."),
    gettext_noop("OCR (Tesseract) could not be started."),
    gettext_noop("OCR failed on this page."),
    gettext_noop("The image is too large."),
    gettext_noop("The image is damaged and cannot be opened."),
    gettext_noop("Scanned images cannot be read because OCR is not available."),
    gettext_noop("The DOCX file is damaged and cannot be opened."),
    gettext_noop("No text could be read from this file, even with OCR."),
    gettext_noop("This file is a Windows program, not a document."),
    gettext_noop("This file is a program, not a document."),
    gettext_noop("Old Microsoft Office files (.doc, .xls) are not supported; save the file as DOCX or PDF."),
    gettext_noop(
        "Word 97-2003 (.doc) and Excel 97-2003 (.xls) files cannot be read. Open the file in Word or "
        "LibreOffice, save it as .docx or PDF, and add that file."
    ),
    gettext_noop(
        "Rich Text (.rtf) files cannot be read. Open the file in Word or LibreOffice, save it as .docx or PDF, "
        "and add that file."
    ),
    gettext_noop("GIF images are not supported; use PNG, JPEG or TIFF."),
]

NAMED = gettext_noop("The file is named %(ext)s but its content is not a valid %(kind)s file.")
_NAMED = re.compile(r"^The file is named (\S+) but its content is not a valid (.+) file\.$")
_PAGE = re.compile(r"^Page (\d+) of the (PDF|image) is damaged\.$")
_TOO_LARGE = re.compile(r"^The image is too large: (\d+) x (\d+) pixels; the limit is (\d+) megapixels\.$")
_LOW_DPI = re.compile(r"^Page (\d+) is very large; it was read at (\d+) DPI\.$")


def translate(message: str) -> str:
    """The user's-language version of an extraction message."""
    if m := _NAMED.match(message):
        return _("The file is named %(ext)s but its content is not a valid %(kind)s file.") % {
            "ext": m.group(1),
            "kind": m.group(2),
        }
    if m := _TOO_LARGE.match(message):
        return _(
            "The image is too large: %(width)s × %(height)s pixels; the limit is %(limit)s megapixels. "
            "Scan it again at a lower resolution (300 DPI is enough)."
        ) % {"width": m.group(1), "height": m.group(2), "limit": m.group(3)}
    if m := _LOW_DPI.match(message):
        return _("Page %(n)s is very large; it was read at %(dpi)s DPI.") % {"n": m.group(1), "dpi": m.group(2)}
    if m := _PAGE.match(message):
        return _("Page %(n)s of the file is damaged.") % {"n": m.group(1)}
    return _(message)
