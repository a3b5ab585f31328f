"""The formatting rules of Decree 30/2020/NĐ-CP, Appendix I, on the plain document model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from civildesk.drafting.document import DocumentDataError, OfficialDocument
from civildesk.drafting.layout import (
    format_date,
    format_number,
    layout,
    number_line,
    place_date_line,
    punctuate_list,
    signature_lines,
    symbol,
)

from .examples import TYPES, example


def doc(doc_type: str = "QD", **changes) -> OfficialDocument:
    return replace(OfficialDocument.from_dict(example(doc_type)), **changes)


@pytest.mark.parametrize(("number", "expected"), [(1, "01"), (9, "09"), (10, "10"), (15, "15"), (112, "112")])
def test_numbers_under_ten_get_a_leading_zero(number, expected):
    assert format_number(number) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
        (date(2026, 3, 2), "ngày 02 tháng 3 năm 2026"),
        (date(2026, 9, 10), "ngày 10 tháng 9 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_days_under_ten_and_months_one_and_two_are_padded(day, expected):
    assert format_date(day) == expected


def test_place_and_date_line():
    assert place_date_line(doc("QD", issued_on=date(2026, 1, 5))) == "Lạng Sơn, ngày 05 tháng 01 năm 2026"


@pytest.mark.parametrize(
    ("doc_type", "expected"),
    [
        ("QD", "Số: 15/QĐ-UBND"),
        ("TTR", "Số: 15/TTr-STTTT"),
        ("BC", "Số: 15/BC-SXD"),
        ("GM", "Số: 15/GM-VP"),
        ("KH", "Số: 15/KH-UBND"),
        ("TB", "Số: 15/TB-TTr"),
        ("CV", "Số: 15/STTTT-CĐS"),  # no type abbreviation for a Công văn
    ],
)
def test_symbol_abbreviation_per_type(doc_type, expected):
    assert number_line(doc(doc_type, number=15)) == expected


def test_an_unissued_number_is_left_blank_for_the_register():
    line = number_line(doc("QD", number=None))
    assert line.startswith("Số: ") and line.endswith("/QĐ-UBND")
    assert not any(c.isdigit() for c in line)


def test_letter_symbol_needs_the_drafting_unit():
    with pytest.raises(DocumentDataError) as exc:
        OfficialDocument.from_dict({**example("CV"), "unit_code": ""})
    assert "unit_code" in exc.value.errors
    assert symbol(doc("CV")) == "STTTT-CĐS"


@pytest.mark.parametrize(
    ("authority", "on_behalf_of", "title", "expected"),
    [
        ("TM", "Ủy ban nhân dân", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("KT", "Giám đốc", "Phó Giám đốc", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        ("Q", "", "Giám đốc", ["Q. GIÁM ĐỐC"]),
        ("TL", "Giám đốc", "Chánh Văn phòng", ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
        ("TUQ", "Chủ tịch", "Giám đốc Sở Tư pháp", ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ TƯ PHÁP"]),
        ("", "", "Giám đốc", ["GIÁM ĐỐC"]),
    ],
)
def test_signature_authority_prefixes(authority, on_behalf_of, title, expected):
    d = doc("BC", authority=authority, on_behalf_of=on_behalf_of, signer_title=title)
    assert signature_lines(d) == expected


def test_prefix_that_signs_for_someone_needs_whom():
    with pytest.raises(DocumentDataError) as exc:
        OfficialDocument.from_dict({**example("CV"), "authority": "KT", "on_behalf_of": ""})
    assert "on_behalf_of" in exc.value.errors


def test_unknown_authority_and_type_are_refused():
    with pytest.raises(DocumentDataError) as exc:
        OfficialDocument.from_dict({**example("CV"), "authority": "XX", "doc_type": "ZZ"})
    assert {"authority", "doc_type"} <= set(exc.value.errors)


def test_bad_values_are_reported_per_field():
    with pytest.raises(DocumentDataError) as exc:
        OfficialDocument.from_dict(
            {"doc_type": "QD", "number": "7", "issued_on": "05/01/2026", "legal_bases": [1], "colour": "red"}
        )
    errors = exc.value.errors
    assert {"number", "issued_on", "legal_bases", "colour"} <= set(errors)


def test_missing_required_fields_are_listed():
    with pytest.raises(DocumentDataError) as exc:
        OfficialDocument.from_dict({"doc_type": "GM"})
    assert {"agency", "agency_code", "place", "subject", "body", "signer_title", "signer_name"} <= set(exc.value.errors)


def test_text_is_stored_in_nfc():
    decomposed = "Le\u0302\u0323 Va\u0306n"  # "Lệ Văn" in combining characters
    d = OfficialDocument.from_dict({**example("GM"), "signer_name": decomposed})
    assert d.signer_name == "Lệ Văn"


def test_legal_bases_end_with_semicolons_and_the_last_with_a_full_stop():
    assert punctuate_list(["Căn cứ A", "Căn cứ B;", "Theo đề nghị của C."]) == [
        "Căn cứ A;",
        "Căn cứ B;",
        "Theo đề nghị của C.",
    ]


def test_recipients_are_dashed_and_end_with_the_archive_copy():
    lay = layout(doc("GM", recipients=["Như thành phần mời"]))
    items = [p.text for p in lay.footer_left[1:]]
    assert items == ["- Như thành phần mời;", "- Lưu: VT."]
    assert lay.footer_left[0].text == "Nơi nhận:"


@pytest.mark.parametrize("doc_type", TYPES)
def test_header_block_of_every_type(doc_type):
    lay = layout(doc(doc_type))
    assert lay.find("national_name").text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lay.find("national_name").style.bold and 12 <= lay.find("national_name").style.size <= 13
    assert lay.find("motto").text == "Độc lập - Tự do - Hạnh phúc"
    assert lay.find("motto").style.size == lay.find("national_name").style.size + 1
    assert lay.find("agency").style.bold
    assert lay.find("place_date").style.italic
    roles = [getattr(b, "role", "") for b in lay.header_right]
    assert roles.index("motto_rule") == roles.index("motto") + 1  # the rule under the motto


def test_letter_has_its_subject_under_the_number_and_no_title():
    lay = layout(doc("CV"))
    assert lay.find("subject").text.startswith("V/v ")
    assert lay.find("subject") in lay.header_left
    with pytest.raises(KeyError):
        lay.find("type_name")


def test_decision_title_bases_and_articles():
    lay = layout(doc("QD"))
    assert lay.find("type_name").text == "QUYẾT ĐỊNH"
    assert lay.find("decides").text == "QUYẾT ĐỊNH:"
    bases = [b for b in lay.body if getattr(b, "role", "") == "legal_basis"]
    assert all(b.style.italic for b in bases)
    assert bases[0].text.endswith(";") and bases[-1].text.endswith(".")
    article = lay.find("article")
    assert article.runs[0].text == "Điều 1." and article.runs[0].bold


def test_body_typography_is_within_the_decree():
    lay = layout(doc("KH"))
    for p in [b for b in lay.body if getattr(b, "role", "") == "body"]:
        s = p.style
        assert 13 <= s.size <= 14
        assert s.align == "justify"
        assert s.indent_mm in (10.0, 12.7)
        assert s.after_pt >= 6
        assert s.size * 1.15 <= s.pitch_pt <= s.size * 1.15 * 1.5  # single to 1.5 lines
