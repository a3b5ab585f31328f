"""What every document of the evaluation set is made of: sentences, articles, the header, the label."""

from __future__ import annotations

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
