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

import json
import random

from .acts import circular, constitution, decision, decree, letter, long_law, resolution_dotted
from .common import DOCS, HERE, Doc
from .others import (
    consolidated,
    headerless,
    headerless_letter,
    invitation,
    markdown_law,
    notice,
    ocr_decision,
    ocr_letter,
    ocr_pm_decision,
    plan,
    precedent,
    vbpl_page,
)
from .scans import scan_decision, scan_letter

__all__ = ["documents", "main", "scan_decision", "scan_letter"]


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
