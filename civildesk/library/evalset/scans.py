"""Real scans of the evaluation set: pages rendered with Pillow, OCR'd at evaluation time."""

from __future__ import annotations

import ctypes
import io
import random

from .common import FONT, FONT_BOLD, Doc, label

# --- Real scans: rendered images, OCR'd at evaluation time -------------------------------


def _render_page(lines: list[tuple[str, str, bool]], *, width: int = 1654, noise: float = 0.0,
                 angle: float = 0.0, seed: int = 0):  # type: ignore[no-untyped-def]  # fmt: skip
    """An A4-like page at 200 dpi. ``lines``: (left, right, bold); right may be "" (left spans the page)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    regular = ImageFont.truetype(FONT, 25)
    bold = ImageFont.truetype(FONT_BOLD, 25)
    height = max(2339, 140 + 44 * len(lines) + 200)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = 140
    for left, right, is_bold in lines:
        font = bold if is_bold else regular
        if right:
            lw = draw.textlength(left, font=font)
            draw.text((max(60, 380 - lw / 2), y), left, font=font, fill=0)
            rw = draw.textlength(right, font=font)
            draw.text((1100 - rw / 2, y), right, font=font, fill=0)
        elif left.startswith("^"):  # centred
            text = left[1:]
            tw = draw.textlength(text, font=font)
            draw.text(((width - tw) / 2, y), text, font=font, fill=0)
        else:
            draw.text((150, y), left, font=font, fill=0)
        y += 44
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        for _ in range(int(width * height * noise)):
            x0, y0 = rng.randrange(width), rng.randrange(height)
            pixels[x0, y0] = rng.choice((0, 90, 160))
        image = image.filter(ImageFilter.GaussianBlur(0.6))
    if angle:
        image = image.rotate(angle, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)
    return image


def _pdf_from_image(image, junk: str | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """A PDF of the image; with ``junk``, an invisible text layer of that ASCII over it (a bad scanner's OCR)."""
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PDF", resolution=200, quality=75)
    if junk is None:
        return out.getvalue()
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(out.getvalue())
    page = pdf[0]
    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    y = 780.0
    for line in junk.split("\n"):
        obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 10.0)
        buffer = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, y)
        raw.FPDFPage_InsertObject(page.raw, obj)
        y -= 14
    page.gen_content()
    result = io.BytesIO()
    pdf.save(result)
    page.close()
    pdf.close()
    return result.getvalue()


def _jpeg(image) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=75)
    return out.getvalue()


def scan_letter(i: int, *, junk: bool = False, photo: bool = False, split: str = "dev") -> Doc:
    lines = [
        ("UBND TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Độc lập - Tự do - Hạnh phúc", True),
        ("", "", False),
        ("Số: 1906 /SGDĐT-CTrTT", "Lạng Sơn, ngày 23 tháng 9 năm 2025", False),
        ("V/v tổ chức Tuần lễ học tập", "", False),
        ("suốt đời năm 2025", "", False),
        ("", "", False),
        ("^Kính gửi: Phòng Giáo dục và Đào tạo các huyện, thành phố.", "", False),
        ("", "", False),
        ("Thực hiện Công văn số 4321/BGDĐT-GDTX ngày 05 tháng 9 năm 2025 của Bộ", "", False),
        ("Giáo dục và Đào tạo, Sở Giáo dục và Đào tạo đề nghị các đơn vị triển khai", "", False),
        ("Tuần lễ học tập suốt đời năm 2025 theo kế hoạch đã ban hành.", "", False),
        ("Trân trọng./.", "", False),
    ]
    image = _render_page(lines, noise=0.02 if photo else 0.0, angle=0.8 if photo else 0.0, seed=i)
    if junk:
        garbage = "\n".join(
            [
                "UBND T!NH L|NG S0N  C0NG H0A X| H0I CHU NGH|A V|ET NAM",
                "S0 G|A0 DUC V| D|0 T|0  D0c l|p - Tu d0",
                "S0: 19O6 /SGDDT-CTrTT  L|ng S0n, ng|y 23 th|ng 9 n|m 2O25",
                "V/v t0 ch|c Tu|n l| h0c t|p",
                "K|nh g|i: Ph0ng G|o d|c v| D|o t|o c|c hu|n, th|nh ph0.",
                "Th|c h|n C0ng v|n s0 4321/BGDDT-GDTX ng|y O5 th|ng 9 n|m 2O25 c|a B0",
            ]  # fmt: skip
        )
        return (
            f"{i:02d}-scan-lop-chu-rac.pdf",
            _pdf_from_image(image, garbage),
            label("cong_van", "1906/SGDĐT-CTrTT", "Sở Giáo dục và Đào tạo", "2025-09-23", None, 0, group="scan",
                  split=split, shape="scan with a junk ASCII text layer"),
        )  # fmt: skip
    name = f"{i:02d}-anh-chup-cong-van.jpg" if photo else f"{i:02d}-scan-cong-van.pdf"
    data = _jpeg(image) if photo else _pdf_from_image(image)
    return (
        name,
        data,
        label("cong_van", "1906/SGDĐT-CTrTT", "Sở Giáo dục và Đào tạo", "2025-09-23", None, 0, group="scan",
              split=split, shape="photographed letter" if photo else "scanned letter, space before slash"),
    )  # fmt: skip


def scan_decision(i: int, *, pm: bool = False, photo: bool = False, split: str = "dev") -> Doc:
    if pm:
        left1, left2, unit, number, place, date = ("THỦ TƯỚNG CHÍNH PHỦ", "", "THỦ TƯỚNG CHÍNH PHỦ",
                                                    "Số: 1340/QĐ-TTg", "Hà Nội", (12, 11, 2025))  # fmt: skip
        issuer = "Thủ tướng Chính phủ"
    else:
        left1, left2, unit, number, place, date = ("ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG",
                                                    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG", "Số: 875/QĐ-UBND",
                                                    "Cao Bằng", (3, 6, 2025))  # fmt: skip
        issuer = "Ủy ban nhân dân tỉnh Cao Bằng"
    d, m, y = date
    lines = [
        (left1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        (left2 or " ", "Độc lập - Tự do - Hạnh phúc", True),
        ("", "", False),
        (number, f"{place}, ngày {d:02d} tháng {m:02d} năm {y}", False),
        ("", "", False),
        ("^QUYẾT ĐỊNH", "", True),
        ("^Về việc công bố danh mục thủ tục hành chính", "", True),
        ("", "", False),
        (f"^{unit}", "", True),
        ("", "", False),
        ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "", False),
        ("Theo đề nghị của Chánh Văn phòng.", "", False),
        ("^QUYẾT ĐỊNH:", "", True),
        ("Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.", "", False),
        ("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.", "", False),
        ("Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.", "", False),
    ]
    image = _render_page(lines, seed=i, noise=0.015 if photo else 0.0, angle=-0.6 if photo else 0.0)
    return (
        f"{i:02d}-scan-quyet-dinh.pdf",
        _pdf_from_image(image),
        label("quyet_dinh", number.removeprefix("Số: "), issuer, f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", 3,
              group="scan", split=split, shape="scanned decision"),
    )  # fmt: skip
