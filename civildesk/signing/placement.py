"""Where the visible signature goes, per Decree 30/2020/NĐ-CP; and the demo's signature/seal images.

Decree 30/2020/NĐ-CP on clerical work, Appendix I ("Thể thức, kỹ thuật trình
bày văn bản hành chính"), the section on the image and position of digital
signatures on electronic documents ("Hình ảnh, vị trí chữ ký số của người có
thẩm quyền, chữ ký số của cơ quan, tổ chức"):

* The competent person's signature: *position* — where the person signs,
  centred between the title of the signer (chức vụ) and the full name;
  *image* — the person's signature, blue, PNG with a transparent background.
* The agency's signature on the main document: *position* — overlapping about
  one third of the competent person's signature image, on the left;
  *image* — the agency's seal, red, at the seal's real size, transparent PNG.
* The agency's signature on an attachment (văn bản kèm theo): *position* —
  the top right corner of the attachment's first page; no image; *text* — the
  main document's number and symbol, and the signing time (date; hour, minute,
  second; Vietnamese time zone per ISO 8601), Times New Roman, 10 pt, upright,
  black.

Plain Python (pypdfium2, Pillow); coordinates are PDF points from the
bottom-left corner of the page.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

MM = 72 / 25.4
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
IMAGE_DPI = 300
SEAL_MM = 36.0  # a common diameter of a Vietnamese agency seal (real size, per the decree)
SIGNATURE_MM = (50.0, 22.0)


@dataclass(frozen=True)
class Block:
    """The signature block found in a PDF: the title line above, the name line below."""

    page: int
    title_bottom: float
    name_top: float
    center_x: float
    page_width: float
    page_height: float


def find_signature_block(pdf: bytes, *, name: str, title: str) -> Block | None:
    """The last occurrence of ``name`` with ``title`` above it in the same column."""
    import pypdfium2 as pdfium

    if not name:
        return None
    doc = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(doc) - 1, -1, -1):
            page = doc[index]
            width, height = page.get_size()
            text = page.get_textpage()
            names = _boxes(text, name)
            if not names:
                continue
            nx1, ny1, nx2, ny2 = names[-1]
            cx = (nx1 + nx2) / 2
            best = None
            for tx1, ty1, tx2, ty2 in _boxes(text, title.upper()) + (_boxes(text, title) if title else []):
                if ty1 > ny2 and abs((tx1 + tx2) / 2 - cx) < 120 and (best is None or ty1 < best[1]):
                    best = (tx1, ty1, tx2, ty2)
            title_bottom = best[1] if best else ny2 + 80
            return Block(index, title_bottom, ny2, cx, width, height)
    finally:
        doc.close()
    return None


def _boxes(text, needle: str) -> list[tuple[float, float, float, float]]:  # type: ignore[no-untyped-def]
    found = []
    if not needle:
        return found
    search = text.search(needle, match_case=False)
    while (hit := search.get_next()) is not None:
        start, count = hit
        boxes = [text.get_charbox(i) for i in range(start, start + count)]
        found.append(
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        )
    return found


def fallback_block(pdf: bytes) -> Block:
    """When the name is not found: the lower right of the last page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        width, height = doc[len(doc) - 1].get_size()
        return Block(len(doc) - 1, 260, 170, width * 0.72, width, height)
    finally:
        doc.close()


def image_size_pt(png: bytes) -> tuple[float, float]:
    from PIL import Image

    with Image.open(BytesIO(png)) as im:
        dpi = im.info.get("dpi", (IMAGE_DPI, IMAGE_DPI))[0] or IMAGE_DPI
        return im.width * 72 / dpi, im.height * 72 / dpi


def signature_box(block: Block, png: bytes) -> tuple[float, float, float, float]:
    """Centred between title and name; scaled down to fit the gap, aspect kept."""
    w, h = image_size_pt(png)
    gap = max(block.title_bottom - block.name_top - 4, 20)
    scale = min(1.0, gap / h)
    w, h = w * scale, h * scale
    cy = (block.title_bottom + block.name_top) / 2
    return (block.center_x - w / 2, cy - h / 2, block.center_x + w / 2, cy + h / 2)


def seal_box(signature: tuple[float, float, float, float], png: bytes) -> tuple[float, float, float, float]:
    """The seal at real size, its right edge one third into the signature image from the left."""
    w, h = image_size_pt(png)
    x1, y1, x2, y2 = signature
    right = x1 + (x2 - x1) / 3
    cy = (y1 + y2) / 2
    return (right - w, cy - h / 2, right, cy + h / 2)


def attachment_stamp_box(page_width: float, page_height: float) -> tuple[float, float, float, float]:
    """Top right of page 1, inside a 16 mm right margin and 20 mm top margin (the decree's page margins)."""
    right = page_width - 16 * MM
    top = page_height - 8 * MM
    return (right - 62 * MM, top - 14 * MM, right, top)


def attachment_stamp_text(*, number_symbol: str, agency: str, when: datetime) -> str:
    return f"{agency}\n{number_symbol}\n{iso_vn(when)}"


def iso_vn(when: datetime) -> str:
    """ISO 8601 in Vietnam time, e.g. 2026-01-05T09:30:00+07:00."""
    return when.astimezone(VN_TZ).isoformat(timespec="seconds")


def page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page].get_size()
    finally:
        doc.close()


# --- Images made by us (demo and tests) -------------------------------------

BLUE = (18, 52, 190, 255)
RED = (215, 25, 32, 255)


def make_signature_png(seed: str) -> bytes:
    """A blue, handwriting-like scribble on a transparent background (50 x 22 mm at 300 dpi)."""
    from PIL import Image, ImageDraw

    w, h = (round(v / 25.4 * IMAGE_DPI) for v in SIGNATURE_MM)
    im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    rng = random.Random(seed)
    points = []
    loops = 5 + rng.randint(0, 3)
    for i in range(400):
        t = i / 399
        x = w * (0.06 + 0.86 * t)
        y = h * (0.5 + 0.28 * math.sin(t * loops * 2 * math.pi + rng.random() * 0.2) * (1 - 0.5 * t))
        x += w * 0.04 * math.cos(t * loops * 4 * math.pi)
        points.append((x, y))
    draw.line(points, fill=BLUE, width=9, joint="curve")
    draw.line([(w * 0.1, h * 0.82), (w * 0.9, h * 0.7)], fill=BLUE, width=7)
    out = BytesIO()
    im.save(out, format="PNG", dpi=(IMAGE_DPI, IMAGE_DPI))
    return out.getvalue()


def make_seal_png(agency: str) -> bytes:
    """A red round seal (36 mm at 300 dpi) with the agency's name around a star, transparent."""
    from PIL import Image, ImageDraw, ImageFont

    d = round(SEAL_MM / 25.4 * IMAGE_DPI)
    im = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    c = d / 2
    draw.ellipse((6, 6, d - 6, d - 6), outline=RED, width=12)
    draw.ellipse((d * 0.2, d * 0.2, d * 0.8, d * 0.8), outline=RED, width=6)
    star = [
        (
            c + d * 0.16 * (1 if k % 2 == 0 else 0.4) * math.sin(k * math.pi / 5),
            c - d * 0.16 * (1 if k % 2 == 0 else 0.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=RED)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf", int(d * 0.07))
    except OSError:
        font = ImageFont.load_default()
    text = agency.upper()[:40]
    for i, ch in enumerate(text):
        angle = -math.pi * 0.85 + (1.7 * math.pi) * i / max(len(text) - 1, 1)
        x = c + d * 0.39 * math.sin(angle)
        y = c - d * 0.39 * math.cos(angle)
        glyph = Image.new("RGBA", (int(d * 0.1), int(d * 0.1)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        im.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    out = BytesIO()
    im.save(out, format="PNG", dpi=(IMAGE_DPI, IMAGE_DPI))
    return out.getvalue()
