from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from civildesk.library import search, services
from civildesk.library.models import Article, Document, DocumentVersion, Scope, Status
from civildesk.org.models import AuditEntry, Job, JobStatus

DECREE = """CHÍNH PHỦ
Số: 99/2026/NĐ-CP
Hà Nội, ngày 05 tháng 3 năm 2026

NGHỊ ĐỊNH
Quy định về quản lý hồ sơ điện tử

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về lưu trữ hồ sơ điện tử của cơ quan nhà nước.

Điều 2. Thời hạn lưu trữ
1. Hồ sơ điện tử được lưu trữ ít nhất 10 năm.
2. Hồ sơ về nhân sự được lưu trữ vĩnh viễn.

Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực kể từ ngày 01 tháng 5 năm 2026.
"""


def upload(user, unit, text=DECREE, name="nghi-dinh.txt", scope=Scope.UNIT, capture=None):
    with capture(execute=True):
        result = services.document_upload(actor=user, data=text.encode(), filename=name, unit=unit, scope=scope)
    result.document.refresh_from_db()
    return result


def all_files():
    found = []

    def walk(path):
        dirs, files = default_storage.listdir(path)
        found.extend(f"{path}/{f}" for f in files)
        for d in dirs:
            walk(f"{path}/{d}" if path else d)

    if default_storage.exists("library"):
        walk("library")
    return found


@pytest.mark.usefixtures("lexical_only")
class TestUpload:
    def test_upload_extracts_parses_and_indexes(self, staff_a, units, django_capture_on_commit_callbacks):
        result = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
        doc = result.document

        assert doc.status == Status.READY
        assert doc.number_symbol == "99/2026/NĐ-CP"
        assert doc.doc_type == "nghi_dinh"
        assert doc.signed_date.isoformat() == "2026-03-05"
        assert doc.effective_date.isoformat() == "2026-05-01"
        assert [a.label for a in doc.articles.all()] == ["Điều 1", "Điều 2", "Điều 3"]
        assert Job.objects.get(pk=result.job_id).status == JobStatus.DONE
        hits = search.search(staff_a, "hồ sơ nhân sự lưu trữ vĩnh viễn")
        assert hits[0].article.label == "Điều 2"
        assert AuditEntry.objects.filter(action="library.document_upload", object_id=str(doc.pk)).exists()

    def test_apps_hooked_on_indexing_get_the_indexed_document(
        self, staff_a, units, django_capture_on_commit_callbacks, monkeypatch
    ):
        from civildesk.assistant.cards import embed_document_units
        from civildesk.library import tasks

        assert embed_document_units in tasks._AFTER_INDEXING  # the assistant registers itself in ready()
        seen = []
        monkeypatch.setattr(tasks, "_AFTER_INDEXING", [lambda document: seen.append((document.pk, document.status))])
        doc = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks).document
        assert seen == [(doc.pk, Status.READY)]

    def test_search_without_diacritics(self, staff_a, units, django_capture_on_commit_callbacks):
        upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
        hits = search.search(staff_a, "ho so nhan su luu tru vinh vien")
        assert hits and hits[0].article.label == "Điều 2"

    def test_internal_document_is_never_found_by_another_unit(
        self, staff_a, staff_b, director, units, django_capture_on_commit_callbacks
    ):
        upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)

        assert search.search(staff_b, "hồ sơ nhân sự lưu trữ vĩnh viễn") == []
        assert search.search(director, "hồ sơ nhân sự lưu trữ vĩnh viễn")  # the province leader is above A
        assert not Document.objects.readable_by(staff_b).exists()

    def test_public_document_is_found_by_everyone(self, leader_a, staff_b, units, django_capture_on_commit_callbacks):
        upload(leader_a, units["a"], scope=Scope.PUBLIC, capture=django_capture_on_commit_callbacks)
        assert search.search(staff_b, "lưu trữ vĩnh viễn")[0].article.label == "Điều 2"

    def test_staff_may_not_publish(self, staff_a, units):
        with pytest.raises(PermissionDenied):
            services.document_upload(actor=staff_a, data=b"x", filename="a.txt", unit=units["a"], scope=Scope.PUBLIC)

    def test_upload_into_another_unit_is_refused(self, staff_a, units):
        with pytest.raises(PermissionDenied):
            services.document_upload(actor=staff_a, data=DECREE.encode(), filename="a.txt", unit=units["b"])
        assert not Document.objects.exists()

    def test_wrong_type_is_refused_and_leaves_nothing(self, staff_a, units, english):
        with pytest.raises(ValidationError) as info:
            services.document_upload(
                actor=staff_a, data=b"MZ\x90\x00" + b"\x00" * 200, filename="virus.pdf", unit=units["a"]
            )
        assert info.value.code == "bad_type"
        assert "cannot be added: This file is a Windows program" in " ".join(info.value.messages)
        assert not Document.objects.exists() and not DocumentVersion.objects.exists()
        assert all_files() == []

    def test_too_large_is_refused_and_leaves_nothing(self, staff_a, units, settings):
        settings.CIVILDESK_MAX_UPLOAD_MB = 1
        with pytest.raises(ValidationError, match="limit is 1 MB"):
            services.document_upload(actor=staff_a, data=b"a" * (1024 * 1024 + 1), filename="big.txt", unit=units["a"])
        assert not Document.objects.exists()
        assert all_files() == []

    def test_same_file_twice_is_refused(self, staff_a, units, django_capture_on_commit_callbacks):
        first = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
        with pytest.raises(ValidationError, match="already in the library"):
            services.document_upload(actor=staff_a, data=DECREE.encode(), filename="again.txt", unit=units["a"])
        assert Document.objects.get() == first.document

    def test_new_version_replaces_text_and_index(self, staff_a, units, django_capture_on_commit_callbacks):
        doc = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks).document
        amended = DECREE.replace("vĩnh viễn", "50 năm").replace(
            "Điều 3. Hiệu lực thi hành", "Điều 3. Chữ ký số\nHồ sơ điện tử được ký số.\n\nĐiều 4. Hiệu lực thi hành"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.document_new_version(actor=staff_a, document=doc, data=amended.encode(), filename="v2.txt")

        doc.refresh_from_db()
        assert doc.versions.count() == 2
        assert [a.label for a in doc.articles.all()] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4"]
        assert search.search(staff_a, "ký số hồ sơ điện tử")[0].article.label == "Điều 3"
        top = search.search(staff_a, "lưu trữ vĩnh viễn")
        assert all("vĩnh viễn" not in r.article.text for r in top)
        assert set(search.get_index().ids()) == {f"{doc.pk}:{a.anchor}" for a in doc.articles.all()}

    def test_delete_removes_from_index(self, leader_a, units, django_capture_on_commit_callbacks):
        doc = upload(leader_a, units["a"], capture=django_capture_on_commit_callbacks).document
        with django_capture_on_commit_callbacks(execute=True):
            services.document_delete(actor=leader_a, document=doc)
        assert len(search.get_index()) == 0
        assert search.search(leader_a, "lưu trữ") == []

    def test_failed_extraction_is_visible_and_not_indexed(self, staff_a, units, django_capture_on_commit_callbacks):
        broken = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
        with django_capture_on_commit_callbacks(execute=True):
            result = services.document_upload(actor=staff_a, data=broken, filename="hong.pdf", unit=units["a"])

        doc = Document.objects.get(pk=result.document.pk)
        assert doc.status == Status.FAILED
        assert doc.error
        assert not Article.objects.filter(document=doc).exists()
        assert len(search.get_index()) == 0
        assert Job.objects.get(pk=result.job_id).status == JobStatus.FAILED

    def test_zip_batch_uploads_each_file_and_lists_refusals(self, staff_a, units, django_capture_on_commit_callbacks):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a/nghi-dinh.txt", DECREE)
            archive.writestr(
                "b/cong-van.html", "<html><body><p>Điều 1. Thử nghiệm</p><p>Nội dung công văn.</p></body></html>"
            )
            archive.writestr("c/chuong-trinh.exe", b"MZ\x90\x00" + b"\x00" * 100)
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.batch_upload_zip(actor=staff_a, data=buffer.getvalue(), unit=units["a"])

        assert len(batch.uploads) == 2
        assert [name for name, _ in batch.skipped] == ["chuong-trinh.exe"]
        assert Document.objects.filter(status=Status.READY).count() == 2

    def test_bad_zip_is_refused(self, staff_a, units):
        with pytest.raises(ValidationError, match="not a valid zip"):
            services.batch_upload_zip(actor=staff_a, data=b"PK\x03\x04garbage", unit=units["a"])

    def test_metadata_edit_is_audited_and_reindexed(self, staff_a, staff_b, units, django_capture_on_commit_callbacks):
        doc = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks).document
        with django_capture_on_commit_callbacks(execute=True):
            services.document_update_metadata(actor=staff_a, document=doc, validity="expired")
        assert search.search(staff_a, "lưu trữ vĩnh viễn", validity="in_force") == []
        assert search.search(staff_a, "lưu trữ vĩnh viễn", validity="expired")
        assert AuditEntry.objects.filter(action="library.document_update").exists()
        with pytest.raises(PermissionDenied):
            services.document_update_metadata(actor=staff_b, document=doc, title="x")


def test_scanned_image_goes_through_ocr(staff_a, units, django_capture_on_commit_callbacks, lexical_only):
    from pathlib import Path

    from PIL import Image, ImageDraw, ImageFont

    from civildesk.library.extract import ocr_available

    font_path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    if not ocr_available("vie") or not font_path.exists():
        pytest.skip("tesseract with Vietnamese data and DejaVu fonts are installed by make test")
    image = Image.new("L", (1700, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path), 44)
    draw.text((60, 60), "Điều 1. Phạm vi điều chỉnh", font=font, fill=0)
    draw.text((60, 160), "Quy chế này quy định việc tiếp nhận hồ sơ.", font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")

    with django_capture_on_commit_callbacks(execute=True):
        result = services.document_upload(actor=staff_a, data=buffer.getvalue(), filename="scan.png", unit=units["a"])

    version = result.document.versions.get()
    assert version.extraction_method == "image-ocr"
    assert "tiếp nhận" in version.text
    assert search.search(staff_a, "tiep nhan ho so")


# --- Zip batches: sizes and damaged members (issue 17) -------------------------


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _stored_files() -> list[str]:
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_zip_member_larger_than_the_limit_is_refused_from_its_header(staff_a, units, settings):
    settings.CIVILDESK_MAX_ZIP_MEMBER_MB = 1
    data = _zip([("nghi-dinh.txt", DECREE.encode()), ("bom.txt", b"0" * (3 * 1024 * 1024))])
    assert len(data) < 50_000

    with pytest.raises(ValidationError, match=r"Nothing was saved: the file “bom.txt” .*larger than 1 MB"):
        services.batch_upload_zip(actor=staff_a, data=data, unit=units["a"])
    assert not Document.objects.exists()
    assert _stored_files() == []


def test_a_zip_member_whose_header_lies_about_its_size_stops_at_the_limit(staff_a, units, settings):
    import struct

    settings.CIVILDESK_MAX_ZIP_MEMBER_MB = 1
    real = 3 * 1024 * 1024
    data = _zip([("bom.txt", b"0" * real)])
    data = data.replace(struct.pack("<I", real), struct.pack("<I", 1000))  # local and central headers
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].file_size == 1000

    with pytest.raises(ValidationError, match=r"“bom.txt”"):
        services.batch_upload_zip(actor=staff_a, data=data, unit=units["a"])
    assert not Document.objects.exists()


def test_a_good_member_then_one_with_a_bad_crc_saves_nothing(staff_a, units, django_capture_on_commit_callbacks):
    import struct

    data = _zip([("a/nghi-dinh.txt", DECREE.encode()), ("b/hong.txt", "Điều 1. Nội dung hỏng.".encode())])
    crc = zipfile.ZipFile(io.BytesIO(data)).getinfo("b/hong.txt").CRC
    data = data.replace(struct.pack("<I", crc), struct.pack("<I", crc ^ 0xFFFFFFFF))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as caught:
        services.batch_upload_zip(actor=staff_a, data=data, unit=units["a"])
    assert "hong.txt" in " ".join(caught.value.messages)
    assert "damaged" in " ".join(caught.value.messages)
    assert not Document.objects.exists()
    assert not Job.objects.exists()
    assert _stored_files() == []


def test_a_failure_while_saving_the_batch_removes_the_files_already_stored(staff_a, units, monkeypatch):
    real_upload = services.document_upload
    calls = {"n": 0}

    def failing_upload(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_upload(**kwargs)

    monkeypatch.setattr(services, "document_upload", failing_upload)
    data = _zip([("a.txt", DECREE.encode()), ("b.txt", b"Dieu 1. Noi dung khac.")])
    with pytest.raises(OSError):
        services.batch_upload_zip(actor=staff_a, data=data, unit=units["a"])
    assert not Document.objects.exists()
    assert _stored_files() == []


def _plan_docx() -> bytes:
    """A plan as offices type it in Word: header table, the type word typed in lower case
    and formatted "All caps", a first line that cites another plan's number."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "UBND TỈNH LẠNG SƠN\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(0, 1).add_paragraph("Lạng Sơn, ngày 12 tháng 3 năm 2026")
    heading = document.add_paragraph().add_run("Kế hoạch")
    heading.font.all_caps = True
    heading.bold = True
    document.add_paragraph().add_run("Triển khai trợ lý ảo năm 2026").bold = True
    document.add_paragraph("Thực hiện Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh.")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Đưa trợ lý ảo vào sử dụng tại các cơ quan của tỉnh.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.usefixtures("lexical_only")
def test_a_docx_takes_its_title_and_type_from_its_header(staff_a, units, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.document_upload(
            actor=staff_a, data=_plan_docx(), filename="Scan_0012.docx", unit=units["a"], scope=Scope.UNIT
        )
    doc = Document.objects.get(pk=result.document.pk)

    assert doc.status == Status.READY
    assert doc.doc_type == "ke_hoach"
    assert doc.title == "Kế hoạch Triển khai trợ lý ảo năm 2026"
    assert doc.number_symbol == ""  # not 45/KH-UBND, the plan it cites
    assert doc.signed_date.isoformat() == "2026-03-12"


@pytest.mark.usefixtures("lexical_only")
def test_a_full_disk_leaves_neither_a_row_nor_a_partial_file(
    staff_a, units, monkeypatch, django_capture_on_commit_callbacks
):
    """Issue 17: the disk fills up half-way through writing an upload."""
    import errno

    from django.core.files.base import ContentFile

    def chunks_then_full(self, chunk_size=None):
        yield self.read()[:10]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ContentFile, "chunks", chunks_then_full)
    with pytest.raises(ValidationError) as exc:
        upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
    assert exc.value.code == "storage"
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert all_files() == []
