"""Regressions of issue 18: each cause found on real documents, with a document written in the same shape."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from civildesk.library import evaluation, extract, formats, services, structure
from civildesk.library.metadata import parse_metadata

needs_tesseract = pytest.mark.skipif(
    not extract.ocr_available("vie"), reason="tesseract with Vietnamese data is not installed"
)

FILLER = "Cơ quan, tổ chức, cá nhân có trách nhiệm thực hiện đúng quy định của pháp luật về lĩnh vực này."


def long_articles(count: int, last: str) -> str:
    lines = []
    for n in range(1, count + 1):
        lines.append(f"Điều {n}. Nội dung thứ {n}")
        lines.append(last if n == count else f"1. {FILLER}\n2. {FILLER}\n3. {FILLER}")
    return "\n".join(lines)


# -- dates: the whole text is read; an early date of history does not win ---------------------

CONSTITUTION = (
    "QUỐC HỘI\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nHIẾN PHÁP\n"
    "NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nLỜI NÓI ĐẦU\n"
    "Ngày 2 tháng 9 năm 1945, Chủ tịch Hồ Chí Minh đọc Tuyên ngôn độc lập, khai sinh nước Việt Nam.\n\n"
    + long_articles(80, "Hiến pháp này có hiệu lực từ ngày 01 tháng 01 năm 2014.")
    + "\n\nHiến pháp này đã được Quốc hội khóa XIII, kỳ họp thứ 6 thông qua ngày 28 tháng 11 năm 2013.\n"
)


def test_a_long_laws_closing_clauses_are_read_and_an_early_date_does_not_win() -> None:
    assert len(CONSTITUTION) > 20000  # the clauses sit past what was read before

    meta = services.read_metadata(CONSTITUTION)

    assert meta.signed_date == datetime.date(2013, 11, 28)  # not 2 September 1945
    assert meta.effective_date == datetime.date(2014, 1, 1)
    assert meta.doc_type == "hien_phap"
    assert meta.issuer == "Quốc hội"  # "CỘNG HOÀ" (older spelling) did not leak into it


def test_a_precedent_is_dated_by_its_adoption_not_by_its_source_judgment() -> None:
    text = (
        "TÒA ÁN NHÂN DÂN TỐI CAO\n\nÁN LỆ SỐ 12/2017/AL\nVề quyền sử dụng đất của hộ gia đình\n\n"
        "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 14 tháng 12 năm 2017 và được công bố.\n"
        "Nguồn án lệ:\nQuyết định giám đốc thẩm số 10/2014/DS-GĐT ngày 10 tháng 4 năm 2014.\n"
    )
    meta = parse_metadata(text)

    assert meta.signed_date == datetime.date(2017, 12, 14)
    assert meta.number_symbol == "12/2017/AL"


def test_another_documents_effective_clause_is_not_this_ones() -> None:
    text = (
        "UBND TỈNH LẠNG SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 45/SNV-VP | Lạng Sơn, ngày 02 tháng 02 năm 2026\nV/v rà soát văn bản\n\nKính gửi: Các sở.\n"
        "Quyết định số 12/2025/QĐ-UBND có hiệu lực từ ngày 01 tháng 3 năm 2025 vẫn được áp dụng.\n"
    )
    assert parse_metadata(text).effective_date is None


# -- the number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("Số: 1906 /SGDĐT-CTrTT", "1906/SGDĐT-CTrTT"),  # a space before the slash (written in by hand)
        ("Số: 88 / VP-KSTT", "88/VP-KSTT"),
        ("Số: 66.15/2026/NQ-CP", "66.15/2026/NQ-CP"),  # a dotted number
        ("So: 1520/QĐ-UBND", "1520/QĐ-UBND"),  # OCR: "So:" for "Số:"
    ],
)
def test_number_shapes(written: str, number: str) -> None:
    text = f"UBND TỈNH LẠNG SƠN\nSỞ NỘI VỤ\n{written}\nLạng Sơn, ngày 3 tháng 6 năm 2026\nV/v báo cáo\n"
    assert parse_metadata(text).number_symbol == number


def test_the_number_is_never_taken_from_a_can_cu_line_or_the_body() -> None:
    text = (
        "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: /2026/NĐ-CP\nHà Nội, ngày tháng năm 2026\n\n"
        "NGHỊ ĐỊNH\nQuy định chi tiết\n\nCăn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020;\n"
        "Điều 1. Thay thế Nghị định số 47/2014/NĐ-CP.\n"
    )
    assert parse_metadata(text).number_symbol is None


# -- the issuer -------------------------------------------------------------------------------


def test_the_issuing_unit_wins_over_its_parent_across_a_blank_line() -> None:
    text = (
        "BỘ Y TẾ\n\nCỤC QUẢN LÝ KHÁM, CHỮA BỆNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 318/QĐ-KCB\nHà Nội, ngày 11 tháng 02 năm 2026\n\nQUYẾT ĐỊNH\n"
    )
    assert parse_metadata(text).issuer == "Cục Quản lý khám, chữa bệnh"


def test_ocr_marks_are_not_part_of_the_issuer_and_the_damaged_header_still_reads() -> None:
    text = (
        "TT\nỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LẠNG SƠN Độc lập - Tự do - Hạnh phúc\nJCH\n"
        "So: 1520/QĐ-UBND Lạng Sơn, ngày 14 tháng 8 năm 2025\n\nQUYÉT ĐỊNH\nVề việc phê duyệt danh mục\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nQUYÉT ĐỊNH:\n"
        "Điều 1. Phê duyệt danh mục.\nĐiều 2. Quyết định này có hiệu lực thi hành kế từ ngày ký.\n"
    )
    meta = parse_metadata(text)

    assert meta.issuer == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert meta.doc_type == "quyet_dinh"
    assert meta.number_symbol == "1520/QĐ-UBND"
    assert meta.signed_date == meta.effective_date == datetime.date(2025, 8, 14)


def test_no_issuer_is_read_from_a_body_without_a_header() -> None:
    text = (
        "Kính gửi: Các phòng, ban chuyên môn.\n\nSỞ NỘI VỤ ĐỀ NGHỊ CÁC ĐƠN VỊ KHẨN TRƯƠNG THỰC HIỆN.\n"
        "Thực hiện Công văn số 1201/SNV-CCVC ngày 05 tháng 5 năm 2026, đề nghị các đơn vị báo cáo.\n"
    )
    meta = parse_metadata(text)

    assert meta.issuer is None
    assert meta.number_symbol is None


# -- saved web pages, tables of contents, Markdown ------------------------------------------------

VBPL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Nghị định</title></head><body>
<div class="logo">CƠ SỞ DỮ LIỆU QUỐC GIA VỀ VĂN BẢN PHÁP LUẬT</div>
<ul class="menu">{menu}</ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a>Văn bản pháp luật</a></div>
<div class="toc"><h3>MỤC LỤC VĂN BẢN</h3><ul>{toc}</ul></div>
<div class="fulltext">
<table><tr><td><b>CHÍNH PHỦ</b></td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td>Số: 30/2020/NĐ-CP</td><td>Hà Nội, ngày 5 tháng 3 năm 2020</td></tr></table>
<p><b>NGHỊ ĐỊNH</b></p><p><b>VỀ CÔNG TÁC VĂN THƯ</b></p>
{articles}
</div><div class="footer">Cơ quan chủ quản: Bộ Tư pháp. Ngày 10 tháng 3 năm 2026.</div></body></html>"""


def vbpl_page(n: int) -> bytes:
    menu = "".join(f"<li><a>Mục {k}</a></li>" for k in range(70))
    toc = "".join(f'<li><a href="#d{k}">Điều {k}. Tiêu đề {k}</a></li>' for k in range(1, n + 1))
    body = "".join(f"<p><b>Điều {k}. Tiêu đề {k}</b></p><p>1. {FILLER}</p>" for k in range(1, n))
    body += f"<p><b>Điều {n}. Hiệu lực</b></p><p>Nghị định này có hiệu lực thi hành từ ngày 05 tháng 3 năm 2020.</p>"
    return VBPL_PAGE.format(menu=menu, toc=toc, articles=body).encode()


def test_a_saved_vbpl_page_reads_without_navigation_or_phantom_articles() -> None:
    text = extract.extract_text(vbpl_page(38), filename="vbpl.html").text

    assert "Trang chủ" not in text and "MỤC LỤC" not in text and "Bộ Tư pháp" not in text
    assert services.count_articles(text) == 38
    meta = services.read_metadata(text)
    assert (meta.doc_type, meta.number_symbol, meta.issuer) == ("nghi_dinh", "30/2020/NĐ-CP", "Chính phủ")
    assert meta.signed_date == datetime.date(2020, 3, 5)


def test_a_table_of_contents_in_the_text_gives_no_phantom_articles() -> None:
    toc = "\n".join(f"Điều {k}. Tiêu đề {k}" for k in range(1, 6))
    body = "\n".join(f"Điều {k}. Tiêu đề {k}\n{FILLER}" for k in range(1, 6))
    text = f"NGHỊ ĐỊNH\nMỤC LỤC\n{toc}\n\n{body}\n"

    found = list(structure.iter_articles(structure.parse_structure(text)))

    assert [a.anchor for a in found] == [f"dieu-{k}" for k in range(1, 6)]
    assert all(FILLER in a.text for a in found)


def test_a_decision_of_one_line_articles_still_keeps_them() -> None:
    text = (
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Các cơ quan chịu trách nhiệm thi hành./.\nQUY CHẾ\nĐiều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\n"
        "Nội dung.\n"
    )
    assert services.count_articles(text) == 5


def test_a_markdown_law_yields_its_articles_and_metadata() -> None:
    markdown = (
        "**QUỐC HỘI**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n**Độc lập - Tự do - Hạnh phúc**\n\n---\n\n"
        "Luật số: 72/2025/QH15\n\n# LUẬT\n# LƯU TRỮ SỐ\n\n*Căn cứ Hiến pháp;*\n\n## Chương I\n\n"
        "### Điều 1. Phạm vi điều chỉnh\n1\\. Luật này quy định về **lưu trữ số**.\n\n"
        "### Điều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2027.\n\n"
        "> Luật này đã được Quốc hội thông qua ngày 28 tháng 11 năm 2025.\n"
    )
    result = extract.extract_text(markdown.encode(), filename="luat.md")

    assert result.method == "markdown"
    assert "#" not in result.text and "**" not in result.text and "\\." not in result.text
    assert services.count_articles(result.text) == 2
    meta = services.read_metadata(result.text)
    assert (meta.issuer, meta.number_symbol, meta.doc_type) == ("Quốc hội", "72/2025/QH15", "luat")
    assert meta.signed_date == datetime.date(2025, 11, 28)
    assert meta.effective_date == datetime.date(2027, 1, 1)


def test_markdown_table_rows_and_links() -> None:
    text = formats.markdown_to_text("| a | b |\n|---|---|\n| [Luật](https://x.vn) | `2` |\n* mục\n")
    assert text.strip().split("\n") == ["a | b", "", "Luật | 2", "- mục"]


# -- scans: a junk text layer is OCR'd; an English text layer is kept ----------------------------------


@needs_tesseract
def test_a_scan_whose_text_layer_is_junk_is_ocrd() -> None:
    from civildesk.library.evalset.build import scan_letter

    _name, data, _truth = scan_letter(1, junk=True)

    result = extract.extract_text(data, filename="scan.pdf")

    assert result.ocr_pages == [1]
    assert "C0NG H0A" not in result.text and "Lạng Sơn" in result.text
    meta = services.read_metadata(result.text)
    assert meta.number_symbol == "1906/SGDĐT-CTrTT"
    assert meta.issuer.casefold() == "sở giáo dục và đào tạo"  # the case of "Đào tạo" is a convention apart


def test_an_english_text_layer_is_kept_without_ocr(monkeypatch) -> None:
    from civildesk.library.tests.test_extract import FONT_CANDIDATES, make_text_pdf

    font = next(p for p in FONT_CANDIDATES if shutil.os.path.exists(p))
    lines = ["This annex lists the forms used by the provincial departments for reporting."] * 3
    data = make_text_pdf(font, [lines])
    monkeypatch.setattr(extract, "_ocr_pdf_page", lambda *a: pytest.fail("an English page was OCR'd"))

    result = extract.extract_text(data, filename="annex.pdf")

    assert result.method == "pdf-text" and result.ocr_pages == []
    assert result.text.startswith("This annex lists")


def test_vietnamese_share() -> None:
    assert extract.vietnamese_share("C0NG H0A X| H0I CHU NGH|A") == 0
    assert extract.vietnamese_share("Cộng hòa xã hội chủ nghĩa Việt Nam") > 0.2


# -- the .doc refusal, translated ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "bn"])
@pytest.mark.parametrize("head", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, b"{\\rtf1\\ansi Quy"])
def test_the_doc_refusal_is_fully_translated(language: str, head: bytes) -> None:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        services.check_upload(data=head, filename="van-ban.doc")

    message = " ".join(caught.value.messages)
    for english in ("cannot", "file", "save", "Accepted", "Open", "not supported", "plain text"):
        assert english not in message, (english, message)
    assert ".docx" in message


# -- the evaluation set ----------------------------------------------------------------------------


def test_the_evaluation_set_has_the_shapes_of_the_issue() -> None:
    labels = evaluation.load_labels()
    shapes = " ".join(t["shape"] for t in labels.values())

    assert len(labels) >= 40
    assert sum(1 for t in labels.values() if t["group"] == "scan") >= 8
    for shape in ("effective and adoption clauses at the end", "space before slash", "dotted number", "CỘNG HOÀ",
                  "header-less", "vbpl", "junk ASCII text layer", "QUYÉT", "Markdown"):  # fmt: skip
        assert shape in shapes, shape


def test_born_digital_metadata_of_the_evaluation_set_is_right() -> None:
    labels = evaluation.load_labels()
    names = [n for n, t in labels.items() if t["group"] == "born-digital" and t["split"] == "dev"]
    rows = []
    for name in names:
        row = evaluation.Row(name=name, group="born-digital", split="dev", shape="", truth=labels[name])
        row.found, row.method = evaluation.read_document(evaluation.EVALSET / "docs" / name)
        rows.append(row)

    for field in evaluation.FIELDS:
        right = sum(1 for r in rows if r.right(field))
        assert right >= 0.95 * len(rows), (field, evaluation.mistakes(rows))


# -- ingestion: searchable lexically at once, dense vectors from a job of their own ------------------


@pytest.mark.django_db
def test_an_upload_is_searchable_lexically_before_its_vectors_and_densely_after(
    staff_a, units, settings, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    from civildesk.library import search, tasks
    from civildesk.library.tests.test_services import DECREE

    settings.CIVILDESK_INDEX_DENSE = True
    settings.CIVILDESK_EMBED_IN_BACKGROUND = True
    from dataclasses import replace

    from civildesk.retrieval import embed

    monkeypatch.setattr(embed, "_defaults", replace(embed._defaults, cache_dir=tmp_path / "cache"))
    queued: list[int] = []

    class Queue:
        def enqueue(self) -> None:
            queued.append(1)

    monkeypatch.setattr(tasks, "embed_pending_task", Queue())

    with django_capture_on_commit_callbacks(execute=True):
        upload = services.document_upload(actor=staff_a, data=DECREE.encode(), filename="nd.txt", unit=units["a"])

    assert queued == [1]  # the vectors are a job of their own
    index = search.get_index()
    assert len(index.pending()) == 3
    assert search.search(staff_a, "thời hạn lưu trữ hồ sơ điện tử")[0].document == upload.document

    import fcntl

    with open(search.index_dir() / ".embed.lock", "w") as busy:  # another worker is embedding
        fcntl.flock(busy, fcntl.LOCK_EX)
        assert search.embed_pending() == 0
        fcntl.flock(busy, fcntl.LOCK_UN)
    assert len(search.get_index().pending()) == 3

    out = io.StringIO()
    call_command("library_embed_pending", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("3 articles embedded") and "0 still waiting" in out.getvalue()
    assert search.get_index().pending() == []
    hit = search.search(staff_a, "How long are electronic records kept?", explain=True)[0]
    assert hit.document == upload.document and hit.explain["dense_similarity"] is not None


def test_a_motto_in_an_appendix_form_does_not_move_the_header() -> None:
    form = "\n".join(
        ["PHỤ LỤC", "Mẫu số 01", "", *([FILLER] * 30), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐƠN ĐỀ NGHỊ"]
    )
    text = f"BỘ NỘI VỤ\nSố: 05/2025/TT-BNV\nHà Nội, ngày 14 tháng 4 năm 2025\n\nTHÔNG TƯ\nHướng dẫn\n\n{form}\n"

    meta = parse_metadata(text)

    assert (meta.issuer, meta.number_symbol, meta.doc_type) == ("Bộ Nội vụ", "05/2025/TT-BNV", "thong_tu")


def test_ocr_misreadings_of_the_article_word_are_restored() -> None:
    ocr = "Điểu 1. Phạm vi\nDiều 2. Đối tượng\nĐiêu 3: Hiệu lực\nĐiều 4. Trách nhiệm\nDiều khoản chung 5."

    fixed = extract.fix_ocr_headings(ocr)

    assert fixed.split("\n")[:4] == ["Điều 1. Phạm vi", "Điều 2. Đối tượng", "Điều 3: Hiệu lực", "Điều 4. Trách nhiệm"]
    assert fixed.endswith("Diều khoản chung 5.")  # not before a number: left alone
    assert services.count_articles(fixed) == 4
