"""Header-less texts, plans, notices, invitations, a consolidated text, a precedent, Markdown,
saved vbpl pages and OCR transcripts of the evaluation set."""

from __future__ import annotations

import random

from .common import _TITLES, Doc, _clauses, articles, header, label


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
