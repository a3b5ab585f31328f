"""Build the metadata evaluation set: documents written by us, in the shapes real ones come in.

    .venv/bin/python -m civildesk.library.evalset.build

Writes every document under ``civildesk/library/evalset/docs/`` and the truth
(type, number, issuer, signing date, effective date, article count, group
"born-digital" or "scan", split "dev" or "heldout") to ``labels.json``. The
files are committed: the builder is kept so the set can be read and extended,
and the scans (rendered with Pillow, OCR'd at evaluation time) can be made again.

Every document is invented (names, numbers, dates); the shapes are those of
the real ones the library was tried on (issue 18): long laws whose effective
and adoption clauses sit at the end, letters with a space before the slash,
dotted numbers, "CỘNG HOÀ" headers, header-less bodies, pages saved from the
national legal database with navigation and a table of contents, OCR-damaged
headers, a scan whose text layer is junk, a Markdown conversion.
"""

from __future__ import annotations

import ctypes
import io
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
MOTTO_OLD = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"

_SENTENCES = [
    "Cơ quan, tổ chức, cá nhân có trách nhiệm thực hiện đúng quy định của pháp luật về lĩnh vực này",
    "Việc tiếp nhận hồ sơ được thực hiện tại Bộ phận Một cửa hoặc trên Cổng dịch vụ công quốc gia",
    "Thời hạn giải quyết không quá 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "Trường hợp từ chối phải trả lời bằng văn bản và nêu rõ lý do",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành",
    "Người đứng đầu cơ quan chịu trách nhiệm trước cấp trên về kết quả thực hiện nhiệm vụ được giao",
    "Hồ sơ gồm đơn đề nghị, bản sao giấy tờ chứng minh nhân thân và các tài liệu có liên quan",
    "Cơ quan có thẩm quyền kiểm tra, giám sát việc thực hiện và xử lý vi phạm theo quy định",
    "Thông tin cá nhân của người dân được bảo vệ theo quy định của pháp luật về bảo vệ dữ liệu cá nhân",
    "Định kỳ hằng năm, cơ quan chủ trì tổng hợp, báo cáo kết quả thực hiện trước ngày 15 tháng 12",
    "Việc lưu trữ hồ sơ, tài liệu được thực hiện theo quy định của pháp luật về lưu trữ",
    "Công chức, viên chức vi phạm quy định này thì tùy theo tính chất, mức độ bị xử lý kỷ luật",
    "Ủy ban nhân dân cấp xã có trách nhiệm phổ biến, hướng dẫn người dân thực hiện",
    "Các khoản thu phải được công khai, minh bạch và quản lý theo quy định về ngân sách nhà nước",
    "Việc phối hợp giữa các cơ quan được thực hiện trên cơ sở chức năng, nhiệm vụ được giao",
]
_TITLES = [
    "Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ", "Nguyên tắc thực hiện",
    "Hồ sơ đề nghị", "Trình tự thực hiện", "Thời hạn giải quyết", "Trách nhiệm của cơ quan chủ trì",
    "Trách nhiệm của cơ quan phối hợp", "Kinh phí thực hiện", "Kiểm tra, giám sát", "Xử lý vi phạm",
    "Chế độ báo cáo", "Lưu trữ hồ sơ", "Bảo vệ thông tin cá nhân", "Công khai thông tin",
    "Quyền của người dân", "Nghĩa vụ của người dân", "Khen thưởng", "Điều khoản chuyển tiếp",
]  # fmt: skip


def _clauses(rng: random.Random, n_clauses: int) -> list[str]:
    out: list[str] = []
    for c in range(1, n_clauses + 1):
        sentence = rng.choice(_SENTENCES)
        if c == 2 and n_clauses >= 3 and rng.random() < 0.5:
            out.append(f"{c}. {sentence}, cụ thể như sau:")
            for letter in "abc":
                out.append(f"{letter}) {rng.choice(_SENTENCES).lower()};")
        else:
            out.append(f"{c}. {sentence}.")
    return out


def articles(
    rng: random.Random,
    count: int,
    *,
    first: int = 1,
    chapters: int = 0,
    clauses: tuple[int, int] = (2, 4),
    marker: str = "",
    final: str = "",
) -> str:
    """``count`` articles numbered from ``first``; the last one's text is ``final`` when given."""
    lines: list[str] = []
    per_chapter = max(1, count // chapters) if chapters else count + 1
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for i in range(count):
        number = first + i
        if chapters and i % per_chapter == 0 and i // per_chapter < len(roman):
            lines += ["", f"{marker}Chương {roman[i // per_chapter]}", rng.choice(_TITLES).upper(), ""]
        title = "Hiệu lực thi hành" if final and i == count - 1 else rng.choice(_TITLES)
        lines.append(f"{marker}Điều {number}. {title}")
        if final and i == count - 1:
            lines.append(final)
        else:
            lines += _clauses(rng, rng.randint(*clauses))
    return "\n".join(lines)


def header(left: list[str], number: str, place_date: str, *, motto: str = MOTTO, columns: bool = False) -> str:
    """The Decree 30 header block: issuer on the left, motto on the right, number and place/date below."""
    if columns:  # as a DOCX header table or a PDF text layer gives it: both columns on one line
        right = motto.split("\n") + ["---------------"]
        rows = max(len(left), len(right))
        out = [
            " | ".join(x for x in (left[i] if i < len(left) else "", right[i] if i < len(right) else "") if x)
            for i in range(rows)
        ]
        out.append(" | ".join(x for x in (number, place_date) if x))
        return "\n".join(out)
    parts = [*left, "-------", motto, "---------------"]
    if number:
        parts.append(number)
    if place_date:
        parts.append(place_date)
    return "\n".join(parts)


# --------------------------------------------------------------------------
# The documents. Each returns (filename, content, label).

Doc = tuple[str, "str | bytes", dict]


def label(kind, number, issuer, signed, effective, n_articles, *, group="born-digital", split="dev", shape=""):  # type: ignore[no-untyped-def]
    return {
        "type": kind,
        "number": number,
        "issuer": issuer,
        "signed": signed,
        "effective": effective,
        "articles": n_articles,
        "group": group,
        "split": split,
        "shape": shape,
    }


def long_law(i: int, rng: random.Random, *, name: str, number: str, n: int, adopted: tuple[int, int, int],
             effective: tuple[int, int, int], code: bool = False, old_motto: bool = False,
             split: str = "dev") -> Doc:  # fmt: skip
    d, m, y = adopted
    ed, em, ey = effective
    word = "BỘ LUẬT" if code else "LUẬT"
    kind = "Bộ luật" if code else "Luật"
    head = "\n".join(
        [
            "QUỐC HỘI",
            "-------",
            MOTTO_OLD if old_motto else MOTTO,
            "---------------",
            f"{kind} số: {number}",
            "",
            word,
            name.upper(),
            "",
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;",
            f"Quốc hội ban hành {kind} {name}.",
        ]
    )
    body = articles(
        rng,
        n,
        chapters=6,
        clauses=(3, 5),
        final=f"1. {kind} này có hiệu lực thi hành từ ngày {ed:02d} tháng {em:02d} năm {ey}.\n"
        f"2. Luật số 12/2012/QH13 hết hiệu lực kể từ ngày {kind.lower()} này có hiệu lực thi hành.",
    )
    # A date early in the body, cited from another law, must not win.
    body = body.replace(
        "Điều 3.", "Điều 3. (Sửa đổi theo Nghị quyết ngày 20 tháng 6 năm 2017 của Quốc hội)\nĐiều 3.", 1
    ).replace("Điều 3. (Sửa", "Ghi chú: (Sửa", 1)
    closing = (
        f"\n{kind} này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 7 "
        f"thông qua ngày {d} tháng {m} năm {y}.\n\nCHỦ TỊCH QUỐC HỘI\n\nTrần Văn Minh"
    )
    text = f"{head}\n\n{body}\n{closing}\n"
    return (
        f"{i:02d}-luat.txt",
        text,
        label(
            "bo_luat" if code else "luat",
            number,
            "Quốc hội",
            f"{y}-{m:02d}-{d:02d}",
            f"{ey}-{em:02d}-{ed:02d}",
            n,
            split=split,
            shape="long law, effective and adoption clauses at the end",
        ),
    )


def constitution(i: int, rng: random.Random) -> Doc:
    text = "\n".join(
        [
            "QUỐC HỘI",
            "",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "",
            "HIẾN PHÁP",
            "NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "",
            "LỜI NÓI ĐẦU",
            "Trải qua mấy nghìn năm lịch sử, Nhân dân Việt Nam lao động cần cù, sáng tạo, đấu tranh anh dũng"
            " để dựng nước và giữ nước.",
            "Ngày 2 tháng 9 năm 1945, Chủ tịch Hồ Chí Minh đọc Tuyên ngôn độc lập, khai sinh nước Việt Nam"
            " Dân chủ Cộng hòa.",
            "Thể chế hóa Cương lĩnh xây dựng đất nước, kế thừa Hiến pháp năm 1946, Hiến pháp năm 1959,"
            " Hiến pháp năm 1980 và Hiến pháp năm 1992, Nhân dân Việt Nam xây dựng, thi hành và bảo vệ Hiến"
            " pháp này.",
            "",
            articles(
                rng,
                60,
                chapters=6,
                clauses=(2, 4),
                final="Hiến pháp này có hiệu lực từ ngày 01 tháng 01 năm 2014.",
            ),
            "",
            "Hiến pháp này đã được Quốc hội nước Cộng hoà xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 6"
            " thông qua ngày 28 tháng 11 năm 2013.",
            "",
            "CHỦ TỊCH QUỐC HỘI",
            "Nguyễn Thị Hòa",
        ]
    )
    return (
        f"{i:02d}-hien-phap.txt",
        text,
        label("hien_phap", None, "Quốc hội", "2013-11-28", "2014-01-01", 60, shape="constitution, 1945 in preamble"),
    )


def decree(i: int, rng: random.Random, *, number: str, date: tuple[int, int, int], effective: tuple[int, int, int],
           n: int, dotted: bool = False, columns: bool = False, split: str = "dev") -> Doc:  # fmt: skip
    d, m, y = date
    ed, em, ey = effective
    head = header(["CHÍNH PHỦ"], f"Số: {number}", f"Hà Nội, ngày {d} tháng {m} năm {y}", columns=columns)
    text = "\n".join(
        [
            head,
            "",
            "NGHỊ ĐỊNH",
            "Quy định chi tiết một số điều của Luật Đất đai về bồi thường, hỗ trợ",
            "",
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ;",
            "Theo đề nghị của Bộ trưởng Bộ Tài nguyên và Môi trường;",
            "Chính phủ ban hành Nghị định quy định chi tiết một số điều của Luật Đất đai.",
            "",
            articles(
                rng,
                n,
                chapters=3 if n > 12 else 0,
                final=f"1. Nghị định này có hiệu lực thi hành từ ngày {ed:02d} tháng {em:02d} năm {ey}.\n"
                "2. Nghị định số 47/2014/NĐ-CP ngày 15 tháng 5 năm 2014 hết hiệu lực kể từ ngày Nghị định này"
                " có hiệu lực thi hành.",
            ),
            "",
            "Nơi nhận:",
            "- Ban Bí thư Trung ương Đảng;",
            "- Lưu: VT, NN (2b).",
            "TM. CHÍNH PHỦ",
            "THỦ TƯỚNG",
        ]
    )
    return (
        f"{i:02d}-nghi-dinh.txt",
        text,
        label(
            "nghi_dinh",
            number,
            "Chính phủ",
            f"{y}-{m:02d}-{d:02d}",
            f"{ey}-{em:02d}-{ed:02d}",
            n,
            split=split,
            shape="decree" + (", header columns" if columns else ""),
        ),
    )


def resolution_dotted(i: int, rng: random.Random, number: str, date: tuple[int, int, int]) -> Doc:
    d, m, y = date
    text = "\n".join(
        [
            header(["CHÍNH PHỦ"], f"Số: {number}", f"Hà Nội, ngày {d} tháng {m} năm {y}"),
            "",
            "NGHỊ QUYẾT",
            "Về phiên họp Chính phủ thường kỳ tháng 5 năm 2026",
            "",
            "CHÍNH PHỦ",
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
            "Căn cứ Nghị quyết số 12/2025/NQ-CP ngày 03 tháng 3 năm 2025;",
            "QUYẾT NGHỊ:",
            articles(rng, 3, final="Nghị quyết này có hiệu lực thi hành kể từ ngày ký."),
            "",
            "TM. CHÍNH PHỦ",
            "THỦ TƯỚNG",
        ]
    )
    return (
        f"{i:02d}-nghi-quyet.txt",
        text,
        label("nghi_quyet", number, "Chính phủ", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", 3,
              shape="dotted number"),
    )  # fmt: skip


def circular(i: int, rng: random.Random, *, ministry: str, number: str, date: tuple[int, int, int],
             effective: tuple[int, int, int], n: int, old_motto: bool = False, split: str = "dev") -> Doc:  # fmt: skip
    d, m, y = date
    ed, em, ey = effective
    text = "\n".join(
        [
            header(
                [ministry.upper()],
                f"Số: {number}",
                f"Hà Nội, ngày {d:02d} tháng {m:02d} năm {y}",
                motto=MOTTO_OLD if old_motto else MOTTO,
            ),  # fmt: skip
            "",
            "THÔNG TƯ",
            "Hướng dẫn chế độ báo cáo thống kê ngành",
            "",
            "Căn cứ Luật Thống kê ngày 23 tháng 11 năm 2015;",
            f"Bộ trưởng {ministry} ban hành Thông tư hướng dẫn chế độ báo cáo thống kê ngành.",
            "",
            articles(rng, n, final=f"Thông tư này có hiệu lực thi hành từ ngày {ed} tháng {em} năm {ey}."),
            "",
            "Nơi nhận:",
            "- Như Điều 3;",
            "- Lưu: VT.",
            "BỘ TRƯỞNG",
        ]
    )
    return (
        f"{i:02d}-thong-tu.txt",
        text,
        label("thong_tu", number, ministry, f"{y}-{m:02d}-{d:02d}", f"{ey}-{em:02d}-{ed:02d}", n, split=split,
              shape="circular" + (", CỘNG HOÀ" if old_motto else "")),
    )  # fmt: skip


def decision(i: int, rng: random.Random, *, left: list[str], issuer: str, number: str, place: str,
             date: tuple[int, int, int], regulation: int = 0, after_days: int | None = None,
             old_motto: bool = False, blank_between: bool = False, split: str = "dev") -> Doc:  # fmt: skip
    import datetime

    d, m, y = date
    signed = datetime.date(y, m, d)
    effective = signed if after_days is None else signed + datetime.timedelta(days=after_days)
    clause = "kể từ ngày ký" if after_days is None else f"sau {after_days} ngày kể từ ngày ký"
    left_lines = left if not blank_between else [left[0], "", *left[1:]]
    head = header(left_lines, f"Số: {number}", f"{place}, ngày {d:02d} tháng {m:02d} năm {y}",
                  motto=MOTTO_OLD if old_motto else MOTTO)  # fmt: skip
    parts = [
        head,
        "",
        "QUYẾT ĐỊNH",
        "Ban hành Quy chế tiếp nhận và xử lý hồ sơ trực tuyến",
        "",
        _authority(left),
        "",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Quyết định số 468/QĐ-TTg ngày 27 tháng 3 năm 2021 của Thủ tướng Chính phủ;",
        "Theo đề nghị của Chánh Văn phòng.",
        "",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp nhận và xử lý hồ sơ trực tuyến.",
        f"Điều 2. Quyết định này có hiệu lực {clause}.",
        "Điều 3. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành"
        " Quyết định này./.",
        "",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Hoàng Văn Nam",
    ]
    n = 3
    if regulation:
        parts += [
            "",
            "QUY CHẾ",
            "Tiếp nhận và xử lý hồ sơ trực tuyến",
            f"(Ban hành kèm theo Quyết định số {number} ngày {d:02d}/{m:02d}/{y})",
            "",
            articles(rng, regulation, chapters=2),
        ]
        n += regulation
    return (
        f"{i:02d}-quyet-dinh.txt",
        "\n".join(parts),
        label("quyet_dinh", number, issuer, signed.isoformat(), effective.isoformat(), n, split=split,
              shape="decision" + (" with regulation" if regulation else "") + (", blank line in issuer" if blank_between else "")),
    )  # fmt: skip


def _authority(left: list[str]) -> str:
    """The line naming who decides: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...", "GIÁM ĐỐC SỞ ..."."""
    unit = left[-1]
    if left[0] == "ỦY BAN NHÂN DÂN":
        return f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit}"
    if unit.startswith("CỤC "):
        return f"CỤC TRƯỞNG {unit}"
    return f"GIÁM ĐỐC {unit}"


def letter(i: int, *, left: list[str], issuer: str, number: str, place: str, date: tuple[int, int, int],
           subject: str, columns: bool = True, numeric_date: bool = False, old_motto: bool = False,
           split: str = "dev", group: str = "born-digital", ext: str = "txt") -> Doc:  # fmt: skip
    d, m, y = date
    when = f"{place}, ngày {d:02d}/{m:02d}/{y}" if numeric_date else f"{place}, ngày {d:02d} tháng {m:02d} năm {y}"
    head = header(left, f"Số: {number}", when, columns=columns, motto=MOTTO_OLD if old_motto else MOTTO)
    text = "\n".join(
        [
            head,
            f"V/v {subject}",
            "",
            "Kính gửi: Ủy ban nhân dân các huyện, thành phố.",
            "",
            "Thực hiện Công văn số 45/UBND-KT ngày 12 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh về việc"
            " triển khai nhiệm vụ năm 2026; căn cứ Kế hoạch số 88/KH-UBND ngày 03/01/2026,",
            f"{issuer} đề nghị các đơn vị báo cáo kết quả thực hiện trước ngày 30 tháng 6 năm 2026.",
            "Quyết định số 12/2025/QĐ-UBND có hiệu lực từ ngày 01 tháng 3 năm 2025 vẫn được áp dụng.",
            "Trân trọng./.",
            "",
            "Nơi nhận:",
            "- Như trên;",
            "- Lưu: VT.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
        ]
    )
    return (
        f"{i:02d}-cong-van.{ext}",
        text,
        label("cong_van", _squeeze(number), issuer, f"{y}-{m:02d}-{d:02d}", None, 0, split=split, group=group,
              shape="official letter" + (", space before slash" if " /" in number else "")),
    )  # fmt: skip


def _squeeze(number: str) -> str:
    return number.replace(" /", "/").replace("/ ", "/")


def headerless(i: int, rng: random.Random, n: int) -> Doc:
    text = "\n".join(
        [
            "Nội dung dưới đây trích từ văn bản gửi kèm, không có phần đầu.",
            "ỦY BAN NHÂN DÂN TỈNH có trách nhiệm chỉ đạo, đôn đốc các sở, ngành triển khai.",
            "",
            articles(rng, n),
            "",
            "Các quy định trên có hiệu lực từ ngày 01 tháng 7 năm 2026.",
        ]
    )
    return (
        f"{i:02d}-khong-phan-dau.txt",
        text,
        label(None, None, None, None, "2026-07-01", n, shape="header-less body"),
    )


def headerless_letter(i: int) -> Doc:
    text = "\n".join(
        [
            "Kính gửi: Các phòng, ban chuyên môn.",
            "",
            "SỞ NỘI VỤ ĐỀ NGHỊ CÁC ĐƠN VỊ KHẨN TRƯƠNG THỰC HIỆN.",
            "Thực hiện Công văn số 1201/SNV-CCVC ngày 05 tháng 5 năm 2026 của Sở Nội vụ, đề nghị các"
            " đơn vị rà soát, báo cáo số lượng công chức trước ngày 20 tháng 5 năm 2026.",
            "Trân trọng./.",
        ]
    )
    return (f"{i:02d}-than-cong-van.txt", text, label(None, None, None, None, None, 0, shape="header-less letter body"))


def plan(i: int, *, number: str, date: tuple[int, int, int], split: str = "dev") -> Doc:
    d, m, y = date
    text = "\n".join(
        [
            header(["ỦY BAN NHÂN DÂN", "HUYỆN CHI LĂNG"], f"Số: {number}", f"Chi Lăng, ngày {d} tháng {m} năm {y}"),
            "",
            "KẾ HOẠCH",
            "Chuyển đổi số năm 2026 trên địa bàn huyện",
            "",
            "Thực hiện Kế hoạch số 12/KH-UBND ngày 10 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh,",
            "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao hiệu quả giải quyết thủ tục hành chính.",
            "II. NỘI DUNG",
            "1. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        ]
    )
    return (
        f"{i:02d}-ke-hoach.txt",
        text,
        label("ke_hoach", number, "Ủy ban nhân dân huyện Chi Lăng", f"{y}-{m:02d}-{d:02d}", None, 0, split=split,
              shape="plan"),
    )  # fmt: skip


def notice(i: int, *, number: str, date: tuple[int, int, int]) -> Doc:
    d, m, y = date
    text = "\n".join(
        [
            header(["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG"], f"Số: {number}", f"Lạng Sơn, ngày {d} tháng {m} năm {y}"),
            "",
            "THÔNG BÁO",
            "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở Nội vụ",
            "",
            "Ngày 02 tháng 6 năm 2026, Chủ tịch Ủy ban nhân dân tỉnh đã làm việc với Sở Nội vụ.",
            "1. Sở Nội vụ hoàn thành đề án trước ngày 30 tháng 6 năm 2026.",
        ]
    )
    return (
        f"{i:02d}-thong-bao.txt",
        text,
        label("thong_bao", number, "Văn phòng", f"{y}-{m:02d}-{d:02d}", None, 0, shape="notice, parent + unit"),
    )


def invitation(i: int, *, number: str, date: tuple[int, int, int]) -> Doc:
    d, m, y = date
    text = "\n".join(
        [
            header(
                ["UBND HUYỆN CHI LĂNG", "PHÒNG NỘI VỤ"],
                f"Số: {number}",
                f"Chi Lăng, ngày {d} tháng {m} năm {y}",
                columns=True,
            ),  # fmt: skip
            "",
            "GIẤY MỜI",
            "Dự hội nghị tập huấn phần mềm quản lý văn bản",
            "",
            "Phòng Nội vụ trân trọng kính mời đại diện lãnh đạo các xã, thị trấn.",
            "Thời gian: 08 giờ 00, ngày 20 tháng 6 năm 2026.",
            "Địa điểm: Hội trường Ủy ban nhân dân huyện.",
        ]
    )
    return (
        f"{i:02d}-giay-moi.txt",
        text,
        label("giay_moi", number, "Phòng Nội vụ", f"{y}-{m:02d}-{d:02d}", None, 0, shape="invitation"),
    )


def consolidated(i: int, rng: random.Random) -> Doc:
    text = "\n".join(
        [
            header(["VĂN PHÒNG QUỐC HỘI"], "Số: 15/VBHN-VPQH", "Hà Nội, ngày 20 tháng 12 năm 2025"),
            "",
            "LUẬT",
            "BẢO HIỂM XÃ HỘI",
            "",
            "Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29 tháng 6 năm 2024 của Quốc hội, có hiệu lực kể từ"
            " ngày 01 tháng 7 năm 2025, được sửa đổi, bổ sung bởi:",
            "Luật số 84/2025/QH15 ngày 25 tháng 6 năm 2025 của Quốc hội, có hiệu lực kể từ ngày 01 tháng 01 năm 2026.",
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "",
            articles(rng, 40, chapters=4, final="Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025."),
        ]
    )
    return (
        f"{i:02d}-vbhn.txt",
        text,
        label("van_ban_hop_nhat", "15/VBHN-VPQH", "Văn phòng Quốc hội", "2025-12-20", "2025-07-01", 40,
              shape="consolidated text"),
    )  # fmt: skip


def precedent(i: int) -> Doc:
    text = "\n".join(
        [
            "TÒA ÁN NHÂN DÂN TỐI CAO",
            "",
            "ÁN LỆ SỐ 12/2017/AL",
            "Về quyền sử dụng đất của hộ gia đình",
            "",
            "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 14 tháng 12 năm 2017 và được"
            " công bố theo Quyết định số 299/QĐ-CA ngày 28 tháng 12 năm 2017 của Chánh án Tòa án nhân dân"
            " tối cao.",
            "",
            "Nguồn án lệ:",
            "Quyết định giám đốc thẩm số 10/2014/DS-GĐT ngày 10 tháng 4 năm 2014 của Hội đồng Thẩm phán Tòa"
            " án nhân dân tối cao về vụ án tranh chấp quyền sử dụng đất.",
            "Vị trí nội dung án lệ: đoạn 5 phần Nhận định của Tòa án.",
            "Khái quát nội dung của án lệ: hộ gia đình được cấp đất thì mọi thành viên có quyền như nhau.",
            "Nội dung án lệ: Bản án dân sự phúc thẩm số 22/2013/DS-PT ngày 05 tháng 3 năm 2013 đã nhận định...",
        ]
    )
    return (
        f"{i:02d}-an-le.txt",
        text,
        label("khac", "12/2017/AL", "Tòa án nhân dân tối cao", "2017-12-14", None, 0, shape="court precedent"),
    )


def markdown_law(i: int, rng: random.Random) -> Doc:
    body = articles(rng, 25, chapters=3, marker="### ",
                    final="Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2027.")  # fmt: skip
    body = body.replace("### Chương", "## Chương")
    text = "\n".join(
        [
            "**QUỐC HỘI**",
            "",
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ",
            "**Độc lập - Tự do - Hạnh phúc**",
            "",
            "---",
            "",
            "Luật số: 72/2025/QH15",
            "",
            "# LUẬT",
            "# LƯU TRỮ SỐ",
            "",
            "*Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;*",
            "",
            "*Quốc hội ban hành Luật Lưu trữ số.*",
            "",
            body,
            "",
            "> Luật này đã được Quốc hội khóa XV, kỳ họp thứ 10 thông qua ngày 28 tháng 11 năm 2025.",
        ]
    )
    return (
        f"{i:02d}-luat.md",
        text,
        label("luat", "72/2025/QH15", "Quốc hội", "2025-11-28", "2027-01-01", 25, shape="Markdown conversion"),
    )


# --- vbpl-like saved pages ------------------------------------------------------

_NAV = [
    "Trang chủ", "Giới thiệu", "Văn bản pháp luật", "Văn bản hợp nhất", "Hệ thống hóa", "Tìm kiếm nâng cao",
    "CƠ SỞ DỮ LIỆU QUỐC GIA VỀ VĂN BẢN PHÁP LUẬT", "Đăng nhập", "Trung ương", "Bộ Tư pháp", "Bộ Nội vụ",
    "Bộ Tài chính", "Các tỉnh, thành phố", "TP Hà Nội", "Tỉnh Lạng Sơn", "Tỉnh Cao Bằng", "Liên hệ",
]  # fmt: skip


def vbpl_page(i: int, rng: random.Random, *, kind: str, number: str, issuer_lines: list[str], issuer: str,
              date: tuple[int, int, int], effective: tuple[int, int, int], n: int, split: str = "dev") -> Doc:  # fmt: skip
    d, m, y = date
    ed, em, ey = effective
    heading = {"nghi_dinh": "NGHỊ ĐỊNH", "thong_tu": "THÔNG TƯ", "quyet_dinh": "QUYẾT ĐỊNH", "luat": "LUẬT"}[kind]
    word = {"nghi_dinh": "Nghị định", "thong_tu": "Thông tư", "quyet_dinh": "Quyết định", "luat": "Luật"}[kind]
    titles = [rng.choice(_TITLES) for _ in range(n)]
    nav = "\n".join(f'<li><a href="/{k}">{item}</a></li>' for k, item in enumerate(_NAV))
    toc = "\n".join(f'<li><a href="#Dieu_{k + 1}">Điều {k + 1}. {t}</a></li>' for k, t in enumerate(titles))
    body_lines = []
    for k, t in enumerate(titles):
        body_lines.append(f"<p><b>Điều {k + 1}. {t}</b></p>")
        if k == n - 1:
            body_lines.append(f"<p>{word} này có hiệu lực thi hành từ ngày {ed:02d} tháng {em:02d} năm {ey}.</p>")
        else:
            body_lines += [f"<p>{c}</p>" for c in _clauses(rng, rng.randint(2, 3))]
    issuer_html = "<br>".join(issuer_lines)
    html = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{word} {number} - Cơ sở dữ liệu quốc gia về văn bản pháp luật</title>
<style>.menu{{float:left}}</style><script>var x = 1;</script></head>
<body>
<div class="header"><div class="logo">CƠ SỞ DỮ LIỆU QUỐC GIA VỀ VĂN BẢN PHÁP LUẬT</div>
<form><input name="q" placeholder="Tìm kiếm văn bản"><button>Tìm kiếm</button></form></div>
<ul class="menu">
{nav}
</ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/vbpq">Văn bản pháp luật</a> » <span>{word} {number}</span></div>
<div class="tabs"><a>Toàn văn</a> | <a>Thuộc tính</a> | <a>Lược đồ</a> | <a>Bản PDF</a> | <a>Tải về</a></div>
<div class="toc"><h3>MỤC LỤC VĂN BẢN</h3>
<ul>
{toc}
</ul></div>
<div class="fulltext">
<table><tr><td><b>{issuer_html}</b><br>-------</td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br>---------------</td></tr>
<tr><td>Số: {number}</td><td><i>Hà Nội, ngày {d} tháng {m} năm {y}</i></td></tr></table>
<p align="center"><b>{heading}</b></p>
<p align="center"><b>VỀ CÔNG TÁC VĂN THƯ VÀ LƯU TRỮ ĐIỆN TỬ</b></p>
<p><i>Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;</i></p>
{chr(10).join(body_lines)}
<p><b>Nơi nhận:</b><br>- Như Điều 3;<br>- Lưu: VT.</p>
</div>
<div class="footer">Cơ quan chủ quản: Bộ Tư pháp. Địa chỉ: 58-60 Trần Phú, Ba Đình, Hà Nội. Ngày 10 tháng 3 năm 2026.
<br>Văn bản liên quan: <a>Luật số 45/2019/QH14</a> | <a>Nghị định số 30/2020/NĐ-CP</a></div>
</body></html>
"""
    return (
        f"{i:02d}-vbpl.html",
        html,
        label(kind, number, issuer, f"{y}-{m:02d}-{d:02d}", f"{ey}-{em:02d}-{ed:02d}", n, split=split,
              shape="saved vbpl page with navigation and table of contents"),
    )  # fmt: skip


# --- OCR transcripts (what a scanner's OCR saved), with the usual damage ---------------


def ocr_decision(i: int) -> Doc:
    text = "\n".join(
        [
            "TT",
            "ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH LẠNG SƠN Độc lập - Tự do - Hạnh phúc",
            "JCH",
            "So: 1520/QĐ-UBND Lạng Sơn, ngày 14 tháng 8 năm 2025",
            "",
            "QUYÉT ĐỊNH",
            "Về việc phê duyệt danh mục thủ tục hành chính nội bộ",
            "",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "QUYÉT ĐỊNH:",
            "Điều 1. Phê duyệt kèm theo Quyết định này danh mục thủ tục hành chính nội bộ.",
            "Điều 2. Quyết định này có hiệu lực thi hành kế từ ngày ký.",
            "Điều 3. Chánh Văn phòng và Thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành./.",
        ]
    )
    return (
        f"{i:02d}-ocr-quyet-dinh.txt",
        text,
        label("quyet_dinh", "1520/QĐ-UBND", "Ủy ban nhân dân tỉnh Lạng Sơn", "2025-08-14", "2025-08-14", 3,
              group="scan", shape="OCR transcript: QUYÉT, So:, kế, junk lines"),
    )  # fmt: skip


def ocr_letter(i: int) -> Doc:
    text = "\n".join(
        [
            "UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc",
            "TH",
            "Số: 1906 /SGDĐT-CTrTT Lạng Sơn, ngày 23 tháng 9 năm 2025",
            "V/v tổ chức Tuần lễ học tập suốt đời năm 2025",
            "",
            "Kính gửi: Phòng Giáo dục và Đào tạo các huyện, thành phố.",
            "Thực hiện Công văn số 4321/BGDĐT-GDTX ngày 05 tháng 9 năm 2025 của Bộ Giáo dục và Đào tạo,",
            "Sở Giáo dục và Đào tạo đề nghị các đơn vị triển khai.",
        ]
    )
    return (
        f"{i:02d}-ocr-cong-van.txt",
        text,
        label("cong_van", "1906/SGDĐT-CTrTT", "Sở Giáo dục và Đào tạo", "2025-09-23", None, 0, group="scan",
              shape="OCR transcript: space before slash, columns merged"),
    )  # fmt: skip


def ocr_pm_decision(i: int) -> Doc:
    text = "\n".join(
        [
            "THỦ TƯỚNG CHÍNH PHỦ CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 215 /QĐ-TTg Hà Nội, ngày 05 tháng 02 năm 2026",
            "",
            "QUYET ĐỊNH",
            "Phê duyệt Đề án phát triển nguồn nhân lực số",
            "",
            "THỦ TƯỚNG CHÍNH PHỦ",
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
            "QUYÉT ĐỊNH:",
            "Điều 1. Phê duyệt Đề án phát triển nguồn nhân lực số.",
            "Điều 2. Quyết định này có hiệu lực thi hành kể tử ngày ký.",
            "Điều 3. Các Bộ trưởng chịu trách nhiệm thi hành Quyết định này./.",
        ]
    )
    return (
        f"{i:02d}-ocr-qd-ttg.txt",
        text,
        label("quyet_dinh", "215/QĐ-TTg", "Thủ tướng Chính phủ", "2026-02-05", "2026-02-05", 3, group="scan",
              shape="OCR transcript: QUYET, CỌNG, tử"),
    )  # fmt: skip


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


# --------------------------------------------------------------------------


def documents() -> list[Doc]:
    rng = random.Random(18)
    docs: list[Doc] = []
    n = iter(range(1, 1000))
    L = lambda *a, **k: docs.append(long_law(next(n), rng, *a, **k))  # noqa: E731
    L(name="Quản lý tài liệu điện tử", number="45/2024/QH15", n=80, adopted=(27, 6, 2024), effective=(1, 1, 2025))
    L(name="Đất đai", number="31/2024/QH15", n=120, adopted=(18, 1, 2024), effective=(1, 8, 2024))
    L(name="Dân sự", number="91/2015/QH13", n=110, adopted=(24, 11, 2015), effective=(1, 1, 2017), code=True)
    L(name="Hình sự", number="100/2015/QH13", n=100, adopted=(27, 11, 2015), effective=(1, 1, 2018), code=True,
      old_motto=True)  # fmt: skip
    L(name="Bảo hiểm xã hội", number="41/2024/QH15", n=90, adopted=(29, 6, 2024), effective=(1, 7, 2025))
    docs.append(constitution(next(n), rng))
    docs.append(decree(next(n), rng, number="88/2024/NĐ-CP", date=(15, 7, 2024), effective=(1, 8, 2024), n=30))
    docs.append(decree(next(n), rng, number="102/2025/NĐ-CP", date=(3, 5, 2025), effective=(1, 7, 2025), n=8,
                       columns=True))  # fmt: skip
    docs.append(decree(next(n), rng, number="15/2026/NĐ-CP", date=(9, 1, 2026), effective=(1, 3, 2026), n=45))
    docs.append(resolution_dotted(next(n), rng, "66.15/2026/NQ-CP", (2, 6, 2026)))
    docs.append(resolution_dotted(next(n), rng, "104.2/2025/NQ-CP", (18, 8, 2025)))
    docs.append(circular(next(n), rng, ministry="Bộ Nội vụ", number="05/2025/TT-BNV", date=(14, 4, 2025),
                         effective=(1, 6, 2025), n=6))  # fmt: skip
    docs.append(circular(next(n), rng, ministry="Bộ Tài chính", number="21/2026/TT-BTC", date=(2, 3, 2026),
                         effective=(20, 4, 2026), n=10, old_motto=True))  # fmt: skip
    docs.append(decision(next(n), rng, left=["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"],
                         issuer="Ủy ban nhân dân tỉnh Lạng Sơn", number="12/2025/QĐ-UBND", place="Lạng Sơn",
                         date=(5, 3, 2025), regulation=14, after_days=10))  # fmt: skip
    docs.append(decision(next(n), rng, left=["UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ"], issuer="Sở Nội vụ",
                         number="245/QĐ-SNV", place="Lạng Sơn", date=(19, 8, 2025), blank_between=True))  # fmt: skip
    docs.append(decision(next(n), rng, left=["ỦY BAN NHÂN DÂN", "HUYỆN CHI LĂNG"],
                         issuer="Ủy ban nhân dân huyện Chi Lăng", number="1033/QĐ-UBND", place="Chi Lăng",
                         date=(30, 9, 2025), old_motto=True))  # fmt: skip
    docs.append(decision(next(n), rng, left=["BỘ Y TẾ", "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH"],
                         issuer="Cục Quản lý khám, chữa bệnh", number="318/QĐ-KCB", place="Hà Nội",
                         date=(11, 2, 2026), regulation=9, blank_between=True))  # fmt: skip
    docs.append(letter(next(n), left=["UBND TỈNH LẠNG SƠN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"], issuer="Sở Giáo dục và Đào tạo",
                       number="1906 /SGDĐT-CTrTT", place="Lạng Sơn", date=(23, 9, 2025),
                       subject="tổ chức Tuần lễ học tập suốt đời"))  # fmt: skip
    docs.append(letter(next(n), left=["UBND HUYỆN CHI LĂNG", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
                       issuer="Phòng Tài chính - Kế hoạch", number="356 /TCKH", place="Chi Lăng", date=(4, 11, 2025),
                       subject="báo cáo quyết toán ngân sách", numeric_date=True))  # fmt: skip
    docs.append(letter(next(n), left=["BỘ NỘI VỤ"], issuer="Bộ Nội vụ", number="5120/BNV-CCVC", place="Hà Nội",
                       date=(7, 10, 2025), subject="tinh giản biên chế", columns=False))  # fmt: skip
    docs.append(letter(next(n), left=["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG"], issuer="Ủy ban nhân dân tỉnh Cao Bằng",
                       number="2210/UBND-NC", place="Cao Bằng", date=(15, 12, 2025), subject="cải cách hành chính",
                       old_motto=True))  # fmt: skip
    docs.append(letter(next(n), left=["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG"], issuer="Văn phòng",
                       number="88 / VP-KSTT", place="Lạng Sơn", date=(2, 2, 2026), subject="kiểm soát thủ tục",
                       columns=False))  # fmt: skip
    docs.append(headerless(next(n), rng, 6))
    docs.append(headerless_letter(next(n)))
    docs.append(plan(next(n), number="45/KH-UBND", date=(20, 1, 2026)))
    docs.append(notice(next(n), number="112/TB-VP", date=(3, 6, 2026)))
    docs.append(invitation(next(n), number="27/GM-PNV", date=(10, 6, 2026)))
    docs.append(consolidated(next(n), rng))
    docs.append(precedent(next(n)))
    docs.append(markdown_law(next(n), rng))
    docs.append(vbpl_page(next(n), rng, kind="nghi_dinh", number="30/2020/NĐ-CP", issuer_lines=["CHÍNH PHỦ"],
                          issuer="Chính phủ", date=(5, 3, 2020), effective=(5, 3, 2020), n=38))  # fmt: skip
    docs.append(vbpl_page(next(n), rng, kind="thong_tu", number="01/2023/TT-VPCP",
                          issuer_lines=["VĂN PHÒNG CHÍNH PHỦ"], issuer="Văn phòng Chính phủ", date=(5, 4, 2023),
                          effective=(20, 5, 2023), n=12))  # fmt: skip
    docs.append(vbpl_page(next(n), rng, kind="quyet_dinh", number="09/2024/QĐ-UBND",
                          issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"], issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
                          date=(22, 2, 2024), effective=(5, 3, 2024), n=5))  # fmt: skip
    # Scans and OCR transcripts
    docs.append(ocr_decision(next(n)))
    docs.append(ocr_letter(next(n)))
    docs.append(ocr_pm_decision(next(n)))
    docs.append(scan_letter(next(n)))
    docs.append(scan_letter(next(n), junk=True))
    docs.append(scan_letter(next(n), photo=True))
    docs.append(scan_decision(next(n)))
    docs.append(scan_decision(next(n), pm=True))
    # Held out: written before the rules were changed and never used to tune them.
    h = {"split": "heldout"}
    L(name="Thanh niên", number="57/2020/QH14", n=70, adopted=(16, 6, 2020), effective=(1, 1, 2021), **h)
    docs.append(decree(next(n), rng, number="137/2025/NĐ-CP", date=(12, 6, 2025), effective=(1, 7, 2025), n=20,
                       columns=True, **h))  # fmt: skip
    docs.append(circular(next(n), rng, ministry="Bộ Tư pháp", number="03/2026/TT-BTP", date=(25, 2, 2026),
                         effective=(15, 4, 2026), n=7, old_motto=True, **h))  # fmt: skip
    docs.append(decision(next(n), rng, left=["UBND TỈNH CAO BẰNG", "SỞ TƯ PHÁP"], issuer="Sở Tư pháp",
                         number="77/QĐ-STP", place="Cao Bằng", date=(8, 5, 2026), blank_between=True, **h))  # fmt: skip
    docs.append(letter(next(n), left=["UBND TỈNH CAO BẰNG", "SỞ Y TẾ"], issuer="Sở Y tế", number="1402 /SYT-NVY",
                       place="Cao Bằng", date=(19, 5, 2026), subject="phòng chống dịch", **h))  # fmt: skip
    docs.append(plan(next(n), number="102/KH-UBND", date=(3, 4, 2026), **h))
    docs.append(vbpl_page(next(n), rng, kind="thong_tu", number="08/2025/TT-BNV", issuer_lines=["BỘ NỘI VỤ"],
                          issuer="Bộ Nội vụ", date=(1, 7, 2025), effective=(15, 8, 2025), n=9, **h))  # fmt: skip
    docs.append(scan_decision(next(n), pm=True, photo=True, split="heldout"))
    return docs


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for old in DOCS.iterdir():
        old.unlink()
    labels = {}
    for name, content, truth in documents():
        path = DOCS / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        labels[name] = truth
    (HERE / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(labels)} documents written to {DOCS}")


if __name__ == "__main__":
    main()
