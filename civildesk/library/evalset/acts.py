"""Laws, decrees, resolutions, circulars, decisions and letters of the evaluation set."""

from __future__ import annotations

import random

from .common import MOTTO, MOTTO_OLD, Doc, articles, header, label


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
