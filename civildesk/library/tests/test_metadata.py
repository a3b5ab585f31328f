"""Tests of metadata parsing from the header and effectivity clause of a document."""

from __future__ import annotations

import datetime

import pytest

from civildesk.library.metadata import DOC_TYPES, DocMetadata, issuer_case, parse_metadata

DECREE = """\
CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 15/2020/NĐ-CP
Hà Nội, ngày 03 tháng 02 năm 2020

NGHỊ ĐỊNH
QUY ĐỊNH XỬ PHẠT VI PHẠM HÀNH CHÍNH TRONG LĨNH VỰC BƯU CHÍNH, VIỄN THÔNG

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Điều 1. Phạm vi điều chỉnh
Điều 2. Nghị định số 174/2013/NĐ-CP có hiệu lực từ ngày 15 tháng 01 năm 2014.
Điều 3. Nghị định này có hiệu lực thi hành từ ngày 15 tháng 4 năm 2020.
"""

LAW = """\
QUỐC HỘI
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: 58/2010/QH12

LUẬT
VIÊN CHỨC

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992;
Điều 62. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2012.
Luật này đã được Quốc hội khóa XII, kỳ họp thứ 8 thông qua ngày 15 tháng 11 năm 2010.
"""

DECISION = """\
ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 12/2024/QĐ-UBND
Lạng Sơn, ngày 5 tháng 3 năm 2024

QUYẾT ĐỊNH
Ban hành Quy chế làm việc của Ủy ban nhân dân
tỉnh Lạng Sơn nhiệm kỳ 2021 - 2026

ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.
Điều 2. Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.
"""

# As a PDF text layer or a DOCX header table gives it: columns on one line.
LETTER = """\
UBND TỈNH LẠNG SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG | Độc lập - Tự do - Hạnh phúc
Số: 123/STTTT-VP | Lạng Sơn, ngày 10/4/2024
V/v triển khai nền tảng trợ lý ảo
cho cán bộ, công chức

Kính gửi: Các sở, ban, ngành tỉnh.
"""

CONSOLIDATED = """\
VĂN PHÒNG QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 01/VBHN-VPQH
Hà Nội, ngày 10 tháng 7 năm 2017

BỘ LUẬT
HÌNH SỰ

Bộ luật Hình sự số 100/2015/QH13 ngày 27 tháng 11 năm 2015 của Quốc hội, có hiệu lực
Bộ luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2018.
"""


def test_decree() -> None:
    meta = parse_metadata(DECREE)

    assert meta == DocMetadata(
        number_symbol="15/2020/NĐ-CP",
        doc_type="nghi_dinh",
        issuer="Chính phủ",
        title="Quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông",
        signed_date=datetime.date(2020, 2, 3),
        effective_date=datetime.date(2020, 4, 15),
        place="Hà Nội",
    )


def test_law_adopted_date_and_title() -> None:
    meta = parse_metadata(LAW)

    assert meta.number_symbol == "58/2010/QH12"
    assert meta.doc_type == "luat"
    assert meta.issuer == "Quốc hội"
    assert meta.title == "Luật Viên chức"
    assert meta.signed_date == datetime.date(2010, 11, 15)
    assert meta.effective_date == datetime.date(2012, 1, 1)


def test_decision_of_provincial_peoples_committee() -> None:
    meta = parse_metadata(DECISION)

    assert meta.number_symbol == "12/2024/QĐ-UBND"
    assert meta.doc_type == "quyet_dinh"
    assert meta.issuer == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert meta.title == "Ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh Lạng Sơn nhiệm kỳ 2021 - 2026"
    assert (meta.place, meta.signed_date) == ("Lạng Sơn", datetime.date(2024, 3, 5))
    assert meta.effective_date == datetime.date(2024, 3, 15)


def test_official_letter_with_subject_line() -> None:
    meta = parse_metadata(LETTER)

    assert meta.number_symbol == "123/STTTT-VP"
    assert meta.doc_type == "cong_van"
    assert meta.issuer == "Sở Thông tin và truyền thông"
    assert meta.title == "Triển khai nền tảng trợ lý ảo cho cán bộ, công chức"
    assert meta.signed_date == datetime.date(2024, 4, 10)
    assert meta.place == "Lạng Sơn"
    assert meta.effective_date is None


def test_consolidated_document() -> None:
    meta = parse_metadata(CONSOLIDATED)

    assert meta.number_symbol == "01/VBHN-VPQH"
    assert meta.doc_type == "van_ban_hop_nhat"
    assert meta.issuer == "Văn phòng Quốc hội"
    assert meta.title == "Bộ luật Hình sự"
    assert meta.signed_date == datetime.date(2017, 7, 10)
    assert meta.effective_date == datetime.date(2018, 1, 1)


def test_effective_from_signature_date() -> None:
    text = DECISION.replace("sau 10 ngày kể từ ngày ký", "kể từ ngày ký")
    assert parse_metadata(text).effective_date == datetime.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("symbol", "code"),
    [
        ("05/2021/TT-BNV", "thong_tu"),
        ("49-NQ/TU", "nghi_quyet"),
        ("07/CT-UBND", "chi_thi"),
        ("88/KH-UBND", "ke_hoach"),
        ("301/BC-STTTT", "bao_cao"),
        ("12/TTr-SNV", "to_trinh"),
        ("45/TB-VP", "thong_bao"),
    ],
)
def test_type_from_symbol_when_heading_is_missing(symbol: str, code: str) -> None:
    meta = parse_metadata(f"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: {symbol}\nLạng Sơn, ngày 1 tháng 6 năm 2024\n")

    assert meta.number_symbol == symbol
    assert meta.doc_type == code


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "\x00\x01\x02 garbage ;;;; /// ??", "ngày 99 tháng 99 năm 99999 Số: xyz", "lorem ipsum " * 500],
)
def test_garbage_gives_empty_metadata(text: str) -> None:
    assert parse_metadata(text).is_empty


def test_issuer_case_and_labels() -> None:
    assert issuer_case("ỦY BAN NHÂN DÂN HUYỆN CHI LĂNG") == "Ủy ban nhân dân huyện Chi Lăng"
    assert issuer_case("BỘ NỘI VỤ") == "Bộ Nội vụ"
    assert issuer_case("HĐND TỈNH LẠNG SƠN") == "Hội đồng nhân dân tỉnh Lạng Sơn"
    assert DOC_TYPES["luat"] == "Luật" and DOC_TYPES["cong_van"] == "Công văn"
    assert set(DOC_TYPES) >= {"hien_phap", "bo_luat", "van_ban_hop_nhat", "khac"}


# --- Regressions: the number and the date come from the header, never from the body ---

# An unnumbered letter (the number is written in by hand when it is sent) that cites
# a numbered letter of the province in its first lines.
UNNUMBERED_LETTER = """\
UBND TỈNH LẠNG SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG | Độc lập - Tự do - Hạnh phúc
Số: /STTTT-VP | Lạng Sơn, ngày tháng 4 năm 2026
V/v góp ý dự thảo Kế hoạch chuyển đổi số năm 2026

Kính gửi: Các sở, ban, ngành tỉnh.

Thực hiện Công văn số 123/UBND-KT ngày 10/4/2026 của Ủy ban nhân dân tỉnh về việc
góp ý dự thảo Kế hoạch chuyển đổi số năm 2026, Sở Thông tin và Truyền thông đề nghị
các cơ quan, đơn vị gửi ý kiến trước ngày 20/4/2026.
"""

# The same letter as a PDF text layer gives it: header columns run together, no "|".
UNNUMBERED_LETTER_PDF = """\
UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG Độc lập - Tự do - Hạnh phúc
Số: /STTTT-VP
V/v góp ý dự thảo Kế hoạch chuyển đổi số năm 2026
Kính gửi: Các sở, ban, ngành tỉnh.
Căn cứ Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh;
Thực hiện Công văn Số 123/UBND-KT ngày 10/4/2026 của Ủy ban nhân dân tỉnh.
"""

# An invitation whose date line is left blank until it is signed; the meeting has a date.
INVITATION = """\
UBND TỈNH LẠNG SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG | Độc lập - Tự do - Hạnh phúc
Số: 15/GM-STTTT | Lạng Sơn, ngày tháng 3 năm 2026

GIẤY MỜI
Họp triển khai nền tảng trợ lý ảo cho cán bộ, công chức

Sở Thông tin và Truyền thông trân trọng kính mời:
- Đại diện lãnh đạo các sở, ban, ngành tỉnh.
Thời gian: 08 giờ 00, ngày 15 tháng 3 năm 2026.
Địa điểm: Hội trường Sở Thông tin và Truyền thông, số 10 đường Lê Lợi, thành phố Lạng Sơn.
"""

INVITATION_SIGNED = INVITATION.replace("ngày tháng 3 năm 2026", "ngày 09 tháng 3 năm 2026")

# An invitation without a "Thời gian:" label: the time is in the sentence.
INVITATION_IN_A_SENTENCE = """\
SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Lạng Sơn, ngày tháng 3 năm 2026
GIẤY MỜI
Dự hội nghị tập huấn
Sở tổ chức hội nghị vào lúc 14 giờ 00, ngày 20 tháng 3 năm 2026 tại Hội trường Sở.
"""


def test_an_unnumbered_letter_does_not_take_the_number_of_a_letter_it_cites() -> None:
    meta = parse_metadata(UNNUMBERED_LETTER)

    assert meta.number_symbol is None
    assert meta.signed_date is None
    assert meta.doc_type == "cong_van"
    assert meta.title == "Góp ý dự thảo Kế hoạch chuyển đổi số năm 2026"
    assert meta.issuer == "Sở Thông tin và truyền thông"


def test_an_unnumbered_letter_from_a_pdf_text_layer_takes_nothing_from_its_body() -> None:
    meta = parse_metadata(UNNUMBERED_LETTER_PDF)

    assert meta.number_symbol is None
    assert meta.signed_date is None
    assert meta.doc_type == "cong_van"


def test_an_invitation_does_not_take_the_meeting_date_as_its_date() -> None:
    meta = parse_metadata(INVITATION)

    assert meta.number_symbol == "15/GM-STTTT"
    assert meta.doc_type == "giay_moi"
    assert meta.title == "Họp triển khai nền tảng trợ lý ảo cho cán bộ, công chức"
    assert meta.signed_date is None
    assert meta.effective_date is None


def test_a_signed_invitation_takes_the_date_of_its_place_and_date_line() -> None:
    meta = parse_metadata(INVITATION_SIGNED)

    assert (meta.place, meta.signed_date) == ("Lạng Sơn", datetime.date(2026, 3, 9))


def test_a_meeting_time_in_a_sentence_is_not_a_date_line() -> None:
    meta = parse_metadata(INVITATION_IN_A_SENTENCE)

    assert meta.signed_date is None
    assert meta.doc_type == "giay_moi"
    assert meta.title == "Dự hội nghị tập huấn"


def test_a_title_citing_a_decision_keeps_its_own_number() -> None:
    text = DECISION.replace(
        "Ban hành Quy chế làm việc", "Sửa đổi Quyết định số 05/2023/QĐ-UBND ban hành Quy chế làm việc"
    )
    meta = parse_metadata(text)

    assert meta.number_symbol == "12/2024/QĐ-UBND"
