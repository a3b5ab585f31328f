"""Dispatch to platform units and outside, the incoming register and its workflow (real PDFs and keys)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from civildesk.correspondence import services
from civildesk.correspondence.models import Dispatch, Incoming, IncomingStatus, Source
from civildesk.correspondence.workflows import INCOMING
from civildesk.drafting import services as drafting
from civildesk.drafting.forms import recipients_split
from civildesk.drafting.models import Draft, DraftStatus
from civildesk.org.models import Role
from conftest import make_user


def _dispatch(issued, clerk_a, units):
    found, external = recipients_split(issued)
    assert found == [units["b"]] and external == ["Công ty Cổ phần Viễn thông ABC"]
    return drafting.draft_dispatch(
        actor=clerk_a, draft=issued, units=[units["b"], units["a1"]], external="\n".join(external)
    )


def test_dispatch_reaches_platform_units_and_packages_the_others(units, issued, clerk_a, clerk_b, staff_b):
    _dispatch(issued, clerk_a, units)
    assert Draft.objects.get(pk=issued.pk).status == DraftStatus.DISPATCHED
    arrived = Incoming.objects.get(unit=units["b"])
    assert arrived.status == IncomingStatus.RECEIVED and arrived.source == Source.PLATFORM
    assert arrived.symbol == "01/STTTT-CĐS" and arrived.sender_unit == units["a"]
    assert arrived.validation["summary"] == "valid"
    assert [s["modification"] for s in arrived.validation["signatures"]] == ["form_filling", "none"]
    with arrived.file.open("rb") as fh:
        assert fh.read() == drafting.draft_pdf(actor=clerk_a, draft=issued)
    # The recipient unit's clerk sees it; another unit's clerk and an unassigned specialist do not.
    other_clerk = make_user("clerk.p", units["province"], Role.CLERK)
    assert list(Incoming.objects.visible_to(clerk_b)) == [arrived]
    assert not Incoming.objects.visible_to(other_clerk).filter(pk=arrived.pk).exists()
    assert not Incoming.objects.visible_to(staff_b).exists()
    assert Incoming.objects.filter(unit=units["a1"]).count() == 1
    package = Dispatch.objects.get(recipient_unit__isnull=True)
    with package.package.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        envelope = json.loads(zf.read("envelope.json"))
        assert sorted(zf.namelist()) == sorted(["envelope.json", envelope["attachments"][0]["name"]])
    assert envelope["code"]["symbol"] == "01/STTTT-CĐS" and envelope["to"] == [{"organ_name": package.recipient}]
    assert envelope["signatures"]["summary"] == "valid"
    assert Dispatch.objects.filter(draft=issued).count() == 3
    # Dispatched once: the transition is gone.
    with pytest.raises(ValidationError):
        drafting.draft_dispatch(actor=clerk_a, draft=Draft.objects.get(pk=issued.pk), units=[units["b"]])


def test_a_dispatched_document_cancelled_by_its_sender_is_marked_at_the_recipients(
    units, issued, clerk_a, clerk_b, director_b
):
    from civildesk.drafting.models import RegisterEntry

    _dispatch(issued, clerk_a, units)
    entry = RegisterEntry.objects.get(draft=issued)
    drafting.entry_cancel(actor=clerk_a, entry=entry, reason="Sai thành phần")
    arrived = Incoming.objects.get(unit=units["b"])
    [note] = arrived.progress.all()
    assert "01/STTTT-CĐS" in note.text and "Sai thành phần" in note.text
    assert Draft.objects.get(pk=issued.pk).status == DraftStatus.CANCELLED


def test_register_assign_report_and_complete_with_a_reply(
    units, issued, clerk_a, clerk_b, director_b, specialist_b, staff_b
):
    _dispatch(issued, clerk_a, units)
    arrived = Incoming.objects.get(unit=units["b"])
    with pytest.raises(PermissionDenied):
        services.incoming_register(actor=director_b, incoming=arrived)
    registered = services.incoming_register(actor=clerk_b, incoming=arrived, urgency="urgent")
    assert registered.status == IncomingStatus.REGISTERED and registered.number == 1
    assert registered.year == timezone.localdate().year and registered.urgency == "urgent"
    deadline = timezone.localdate() + timedelta(days=5)
    with pytest.raises(PermissionDenied):
        services.incoming_assign(actor=clerk_b, incoming=registered, assignee=specialist_b, deadline=deadline)
    with pytest.raises(ValidationError):
        services.incoming_assign(actor=director_b, incoming=registered, assignee=specialist_b)  # no deadline
    assigned = services.incoming_assign(
        actor=director_b, incoming=registered, assignee=specialist_b, deadline=deadline, note="Đề xuất danh sách"
    )
    assert assigned.status == IncomingStatus.ASSIGNED and assigned.deadline == deadline
    services.incoming_assign(actor=director_b, incoming=assigned, assignee=staff_b, role="support", deadline=deadline)
    assert Incoming.objects.visible_to(specialist_b).filter(pk=arrived.pk).exists()
    # Who may do what now.
    assert [t.name for t in INCOMING.available(specialist_b, assigned)] == ["report", "complete"]
    assert [t.name for t in INCOMING.available(staff_b, assigned)] == ["report"]
    assert [t.name for t in INCOMING.available(clerk_b, assigned)] == []
    assert [t.name for t in INCOMING.available(director_b, assigned)] == ["assign"]
    with pytest.raises(PermissionDenied):
        services.incoming_complete(actor=staff_b, incoming=assigned, text="xong")
    services.incoming_report(actor=specialist_b, incoming=assigned, text="Đã lập danh sách dự kiến")
    reply = services.incoming_reply(actor=specialist_b, incoming=Incoming.objects.get(pk=arrived.pk))
    assert reply.doc_type == "CV" and reply.unit == units["b"] and reply.subject.startswith("V/v trả lời")
    assert "01/STTTT-CĐS" in reply.body and reply.addressees == units["a"].name
    done = services.incoming_complete(actor=specialist_b, incoming=Incoming.objects.get(pk=arrived.pk))
    assert done.status == IncomingStatus.COMPLETED and done.reply == reply
    assert INCOMING.available(director_b, done) == []


def test_overdue_is_flagged_on_the_handlers_and_leaders_home(
    client, units, issued, clerk_a, clerk_b, director_b, specialist_b
):
    _dispatch(issued, clerk_a, units)
    arrived = services.incoming_register(actor=clerk_b, incoming=Incoming.objects.get(unit=units["b"]))
    services.incoming_assign(
        actor=director_b, incoming=arrived, assignee=specialist_b, deadline=timezone.localdate() + timedelta(days=1)
    )
    assert not Incoming.objects.overdue().exists()
    Incoming.objects.filter(pk=arrived.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert list(Incoming.objects.overdue()) == [arrived]
    for user, marker in ((specialist_b, 'id="incoming-mine"'), (director_b, 'id="incoming-overdue"')):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert marker in page and arrived.subject in page and "badge danger" in page
    client.force_login(clerk_a)
    assert arrived.subject not in client.get("/").content.decode()


def test_the_clerk_finds_what_arrived_on_the_home_page(client, units, issued, clerk_a, clerk_b):
    _dispatch(issued, clerk_a, units)
    client.force_login(clerk_b)
    page = client.get("/").content.decode()
    assert 'id="incoming-arrived"' in page and issued.subject in page
    services.incoming_register(actor=clerk_b, incoming=Incoming.objects.get(unit=units["b"]))
    assert 'id="incoming-arrived"' not in client.get("/").content.decode()


def test_e_mail_document_is_read_registered_and_found_with_or_without_diacritics(client, units, clerk_b):
    from openpyxl import load_workbook

    from civildesk.drafting.services import document_pdf

    data = json.loads(Path("docs/examples/drafting/CV.json").read_text(encoding="utf-8"))
    pdf = document_pdf(data)
    incoming = services.incoming_receive(
        actor=clerk_b, unit=units["b"], source=Source.EMAIL, data=pdf, filename="cv.pdf"
    )
    assert incoming.status == IncomingStatus.REGISTERED and incoming.number == 1
    assert incoming.symbol == "112/STTTT-CĐS" and "Trợ lý ảo" in incoming.subject
    client.force_login(clerk_b)
    for q in ("trợ lý ảo", "tro ly ao"):
        assert incoming.subject in client.get("/correspondence/", {"q": q}).content.decode()
    assert incoming.subject not in client.get("/correspondence/", {"q": "khong co"}).content.decode()
    today = timezone.localdate().isoformat()
    response = client.get("/correspondence/export.xlsx", {"start": today, "end": today})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[5] for row in sheet.iter_rows(min_row=3, values_only=True)] == [incoming.subject]


@pytest.mark.skipif(__import__("shutil").which("tesseract") is None, reason="the tesseract binary is not installed")
def test_a_scanned_paper_letter_is_read_by_ocr(units, clerk_b):
    import pypdfium2 as pdfium

    from civildesk.drafting.services import document_pdf

    data = json.loads(Path("docs/examples/drafting/CV.json").read_text(encoding="utf-8"))
    doc = pdfium.PdfDocument(document_pdf(data))
    image = doc[0].render(scale=300 / 72).to_pil().convert("L")
    doc.close()
    scan = io.BytesIO()
    image.save(scan, format="PNG")
    incoming = services.incoming_receive(
        actor=clerk_b, unit=units["b"], source=Source.PAPER, data=scan.getvalue(), filename="scan.png"
    )
    assert incoming.status == IncomingStatus.REGISTERED and incoming.source == Source.PAPER
    assert "112/STTTT" in incoming.symbol and "Trợ lý ảo" in incoming.subject
    assert "tro ly ao" in incoming.search


DECREE = """CHÍNH PHỦ
Số: 42/2026/NĐ-CP
Hà Nội, ngày 05 tháng 3 năm 2026

NGHỊ ĐỊNH
Quy định về bồi dưỡng kỹ năng số và trợ lý ảo cho cán bộ, công chức

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc tập huấn, bồi dưỡng kỹ năng số và sử dụng trợ lý ảo cho cán bộ, công chức.
"""


def test_the_reply_drafted_from_an_incoming_document_has_the_bases_the_library_suggests(
    units, clerk_b, director_b, specialist_b, settings, django_capture_on_commit_callbacks
):
    from civildesk.library import services as library
    from civildesk.library.models import Scope

    settings.CIVILDESK_INDEX_DENSE = False
    with django_capture_on_commit_callbacks(execute=True):
        library.document_upload(
            actor=director_b, data=DECREE.encode(), filename="nd-42.txt", unit=units["b"], scope=Scope.PUBLIC
        )
    incoming = services.incoming_receive(
        actor=clerk_b,
        unit=units["b"],
        source=Source.EMAIL,
        data="Đề nghị cử cán bộ tham gia tập huấn sử dụng trợ lý ảo.".encode(),
        filename="mail.txt",
        sender="Sở Thông tin và Truyền thông",
        subject="Cử cán bộ tham gia tập huấn kỹ năng số và trợ lý ảo",
        symbol="15/STTTT-CĐS",
    )
    services.incoming_assign(
        actor=director_b, incoming=incoming, assignee=specialist_b, deadline=timezone.localdate() + timedelta(days=3)
    )
    reply = services.incoming_reply(actor=specialist_b, incoming=Incoming.objects.get(pk=incoming.pk))
    assert reply.subject == "V/v trả lời cử cán bộ tham gia tập huấn kỹ năng số và trợ lý ảo"
    assert "Căn cứ Nghị định số 42/2026/NĐ-CP" in reply.legal_bases
    assert reply.body.startswith("Phúc đáp Công văn số 15/STTTT-CĐS của Sở Thông tin và Truyền thông")
    # Once drafted, the same reply is returned; someone not handling it may not draft one.
    assert services.incoming_reply(actor=specialist_b, incoming=incoming) == reply
    with pytest.raises(PermissionDenied):
        services.incoming_reply(actor=clerk_b, incoming=incoming)
