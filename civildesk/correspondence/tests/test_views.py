"""The pages: receiving by upload, the register for each role, the assistant's summary, the reply, exports."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from civildesk.correspondence.models import Dispatch, Incoming, IncomingStatus
from civildesk.drafting import services as drafting
from civildesk.drafting.services import document_pdf
from civildesk.org.models import Role
from conftest import close_response, make_user

EXAMPLE = json.loads(Path("docs/examples/drafting/CV.json").read_text(encoding="utf-8"))


def test_a_clerk_uploads_a_scan_or_mail_and_other_units_cannot_open_it(client, units, clerk_b, staff_a, leader_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(clerk_b)
    assert client.get("/correspondence/new/").status_code == 200
    upload = SimpleUploadedFile("cv.pdf", document_pdf(EXAMPLE), content_type="application/pdf")
    response = client.post(
        "/correspondence/new/",
        {"unit": units["b"].pk, "source": "paper", "file": upload, "urgency": "express", "confidentiality": "none"},
    )
    incoming = Incoming.objects.get()
    assert response.status_code == 302 and response["Location"] == incoming.get_absolute_url()
    assert incoming.urgency == "express" and incoming.symbol == "112/STTTT-CĐS"
    page = client.get(incoming.get_absolute_url()).content.decode()
    assert incoming.subject in page and 'id="action-assign"' not in page  # the clerk does not assign
    file = client.get(f"/correspondence/{incoming.pk}/file/")
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    close_response(file)
    for user in (staff_a, leader_a):  # another department, even its leader
        client.force_login(user)
        assert client.get(incoming.get_absolute_url()).status_code == 404
    client.force_login(staff_a)
    assert client.get("/correspondence/new/").status_code == 403


def test_summary_reply_and_the_transitions_through_the_pages(client, units, clerk_b, director_b, specialist_b):
    from datetime import timedelta

    from django.utils import timezone

    from civildesk.correspondence import services

    incoming = services.incoming_receive(
        actor=clerk_b, unit=units["b"], source="email", data=document_pdf(EXAMPLE), filename="cv.pdf"
    )
    client.force_login(director_b)
    page = client.get(incoming.get_absolute_url()).content.decode()
    assert 'id="action-assign"' in page
    # The file's buttons sit in one row: a <p> would be closed by the browser at the first <form>.
    start = page.index('<div class="inline-form">', page.index("</dl>"))
    assert f"/correspondence/{incoming.pk}/summary/" in page[start : page.index("</div>", start)]
    deadline = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/correspondence/{incoming.pk}/actions/assign/",
        {"assignee": specialist_b.pk, "role": "lead", "deadline": deadline, "note": "Chủ trì tham mưu"},
    )
    assert response.status_code == 302
    missing = client.post(f"/correspondence/{incoming.pk}/actions/assign/", {"assignee": specialist_b.pk})
    assert missing.status_code == 400  # no deadline: the form is shown again with the error
    client.force_login(specialist_b)
    summary = client.post(f"/correspondence/{incoming.pk}/summary/").content.decode()
    assert 'id="summary-h"' in summary and "Trợ lý ảo" in summary
    reply = client.post(f"/correspondence/{incoming.pk}/reply/")
    incoming.refresh_from_db()
    assert reply.status_code == 302 and reply["Location"] == f"/drafting/{incoming.reply_id}/edit/"
    assert incoming.reply.subject.startswith("V/v trả lời") and incoming.reply.doc_type == "CV"
    done = client.post(f"/correspondence/{incoming.pk}/actions/complete/", {"text": ""})
    incoming.refresh_from_db()
    assert done.status_code == 302 and incoming.status == IncomingStatus.COMPLETED
    assert 'id="reply-link"' in client.get(incoming.get_absolute_url()).content.decode()


def test_outgoing_register_lists_numbers_and_packages(client, units, issued, clerk_a, staff_b):
    drafting.draft_dispatch(actor=clerk_a, draft=issued, units=[units["b"]], external="Công ty ABC")
    client.force_login(clerk_a)
    page = client.get("/correspondence/outgoing/").content.decode()
    assert "01/STTTT-CĐS" in page and "Công ty ABC" in page and units["b"].name in page
    package = Dispatch.objects.get(recipient="Công ty ABC")
    response = client.get(f"/correspondence/packages/{package.pk}/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert "envelope.json" in zf.namelist()
    outsider = make_user("staff.p", units["province"], Role.STAFF)
    client.force_login(outsider)
    assert client.get(f"/correspondence/packages/{package.pk}/").status_code == 404
    # The draft's page offers the signed PDF, never an unsigned re-rendering.
    client.force_login(clerk_a)
    pdf = client.get(f"/drafting/{issued.pk}/download/pdf/")
    assert pdf.content == drafting.draft_pdf(actor=clerk_a, draft=issued)


def test_the_api_lists_the_register_and_applies_transitions(client, units, clerk_b, director_b, specialist_b, staff_a):
    from datetime import timedelta

    from django.utils import timezone

    arrived = Incoming.objects.create(unit=units["b"], source="platform", sender="Sở A", subject="Về việc thử")
    client.force_login(clerk_b)
    listed = client.get("/api/v1/correspondence/incoming").json()
    assert [i["id"] for i in listed["items"]] == [arrived.pk]
    assert [t["name"] for t in client.get(f"/api/v1/correspondence/incoming/{arrived.pk}/transitions").json()] == [
        "register"
    ]
    body = {"data": {"sender": "Sở A", "subject": "Về việc thử", "urgency": "normal", "confidentiality": "none"}}
    done = client.post(
        f"/api/v1/correspondence/incoming/{arrived.pk}/transitions/register", body, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["number"].startswith("01/")
    client.force_login(director_b)
    deadline = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = client.post(
        f"/api/v1/correspondence/incoming/{arrived.pk}/transitions/assign",
        {"data": {"assignee": specialist_b.pk, "role": "lead"}},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assigned = client.post(
        f"/api/v1/correspondence/incoming/{arrived.pk}/transitions/assign",
        {"data": {"assignee": specialist_b.pk, "role": "lead", "deadline": deadline}},
        content_type="application/json",
    )
    assert assigned.status_code == 200 and assigned.json()["assignments"][0]["to"] == specialist_b.username
    client.force_login(staff_a)
    assert client.get(f"/api/v1/correspondence/incoming/{arrived.pk}").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/correspondence/incoming/{incoming_id}/transitions/{name}" in paths


def test_the_drafting_api_serves_the_signed_file_and_dispatches(client, units, issued, clerk_a, staff_a):
    client.force_login(staff_a)
    pdf = client.get(f"/api/v1/drafting/drafts/{issued.pk}/render?format=pdf")
    assert pdf.status_code == 200 and pdf.content == drafting.draft_pdf(actor=staff_a, draft=issued)
    assert client.get(f"/api/v1/drafting/drafts/{issued.pk}/transitions").json() == []
    client.force_login(clerk_a)
    names = [t["name"] for t in client.get(f"/api/v1/drafting/drafts/{issued.pk}/transitions").json()]
    assert names == ["dispatch", "cancel"]
    sent = client.post(
        f"/api/v1/drafting/drafts/{issued.pk}/transitions/dispatch",
        {"data": {"units": [units["b"].pk], "external": ""}},
        content_type="application/json",
    )
    assert sent.status_code == 200 and sent.json()["status"] == "dispatched"
    assert Incoming.objects.filter(unit=units["b"], outgoing=issued).exists()


def test_the_assignment_form_suggests_a_deadline_in_working_days(units):
    from django.utils import timezone

    from civildesk.correspondence.forms import DEFAULT_WORKING_DAYS, AssignForm
    from civildesk.workdays import add_working_days

    today = timezone.localdate()
    urgent = Incoming.objects.create(unit=units["b"], source="email", sender="A", subject="x", urgency="urgent")
    normal = Incoming.objects.create(unit=units["b"], source="email", sender="A", subject="y")
    assert AssignForm(incoming=urgent).initial["deadline"] == add_working_days(today, 3)
    assert AssignForm(incoming=normal).initial["deadline"] == add_working_days(today, DEFAULT_WORKING_DAYS)
