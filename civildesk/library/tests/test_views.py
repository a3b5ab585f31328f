from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civildesk.library.models import Document, Status

from .test_services import DECREE

pytestmark = pytest.mark.usefixtures("lexical_only")


def _upload(client, units, name="nd.txt", data=None, unit="a", scope="unit", capture=None):
    data = DECREE.encode() if data is None else data
    with capture(execute=True):
        return client.post(
            reverse("library:upload"),
            {"file": SimpleUploadedFile(name, data), "unit": units[unit].pk, "scope": scope, "title": ""},
        )


def test_upload_page_and_document_page(client, staff_a, units, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    response = _upload(client, units, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.status == Status.READY

    page = client.get(response["Location"]).content.decode()
    assert 'id="chuong-i/dieu-2/khoan-2"' in page  # permanent link to a clause
    assert 'href="#chuong-i/dieu-2"' in page  # table of contents
    assert "99/2026/NĐ-CP" in page
    assert "ngày 05 tháng 03 năm 2026" in page
    assert f'href="/assistant/summary/{doc.pk}/"' in page


def test_upload_of_wrong_type_shows_a_translated_error(client, staff_a, units, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    response = _upload(
        client, units, name="x.pdf", data=b"MZ\x90\x00" + b"\x00" * 64, capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 400  # refused: an error status (issue 17)
    assert "Không thể thêm tệp này" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_over_the_limit_is_refused(client, staff_a, units, settings, django_capture_on_commit_callbacks):
    settings.CIVILDESK_MAX_UPLOAD_MB = 1
    client.force_login(staff_a)
    response = _upload(client, units, data=b"a" * (2 * 1024 * 1024), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400  # refused: an error status (issue 17)
    assert "1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_a_version_says_how_its_text_was_read_in_the_reader_s_language(
    client, staff_a, units, django_capture_on_commit_callbacks
):
    """The versions list said "text" (the extraction's code) on every page; it says "plain text", translated."""
    client.force_login(staff_a)
    _upload(client, units, capture=django_capture_on_commit_callbacks)
    doc = Document.objects.get()
    assert doc.versions.get().extraction_method == "text"
    client.cookies["civildesk_language"] = "vi"
    page = client.get(reverse("library:document", args=[doc.pk])).content.decode()
    assert ", văn bản thuần)" in page and ", text)" not in page
    client.cookies["civildesk_language"] = "en"
    assert "plain text)" in client.get(reverse("library:document", args=[doc.pk])).content.decode()


def test_search_page_with_and_without_diacritics(client, staff_a, units, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    _upload(client, units, capture=django_capture_on_commit_callbacks)
    for q in ("hồ sơ nhân sự vĩnh viễn", "ho so nhan su vinh vien"):
        page = client.get(reverse("library:index"), {"q": q}).content.decode()
        assert "Điều 2" in page and "<mark>" in page


def test_other_unit_cannot_open_search_or_download(client, staff_a, staff_b, units, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    _upload(client, units, capture=django_capture_on_commit_callbacks)
    doc = Document.objects.get()
    version = doc.versions.get()

    client.force_login(staff_b)
    assert client.get(reverse("library:document", args=[doc.pk])).status_code == 404
    assert client.get(reverse("library:download", args=[version.pk])).status_code == 404
    assert client.get(reverse("library:edit", args=[doc.pk])).status_code == 404
    assert "Điều 2" not in client.get(reverse("library:index"), {"q": "vĩnh viễn"}).content.decode()
    api = client.get("/api/v1/library/search", {"q": "vĩnh viễn"}).json()
    assert api == []
    assert client.get(f"/api/v1/library/documents/{doc.pk}").status_code == 404
    assert client.get("/api/v1/library/documents").json()["count"] == 0


def test_owner_downloads_the_original_file(client, staff_a, units, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    _upload(client, units, capture=django_capture_on_commit_callbacks)
    version = Document.objects.get().versions.get()
    response = client.get(reverse("library:download", args=[version.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DECREE.encode()
    assert "attachment" in response["Content-Disposition"]


def test_browse_filters_and_empty_state(client, staff_a, units, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    assert "Chưa có văn bản" in client.get(reverse("library:index")).content.decode()
    _upload(client, units, capture=django_capture_on_commit_callbacks)
    assert "99/2026/NĐ-CP" in client.get(reverse("library:index"), {"type": "nghi_dinh"}).content.decode()
    assert "99/2026/NĐ-CP" not in client.get(reverse("library:index"), {"type": "luat"}).content.decode()
    assert "99/2026/NĐ-CP" in client.get(reverse("library:index"), {"year": "2026"}).content.decode()


def test_api_search_is_in_the_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/library/search" in schema["paths"]
    assert "/api/v1/library/documents/{document_id}" in schema["paths"]


def test_a_download_is_written_to_the_audit_trail(client, staff_a, units, django_capture_on_commit_callbacks):
    from civildesk.org.models import AuditEntry

    client.force_login(staff_a)
    _upload(client, units, capture=django_capture_on_commit_callbacks)
    version = Document.objects.get().versions.get()
    response = client.get(reverse("library:download", args=[version.pk]))
    assert b"".join(response.streaming_content) == DECREE.encode()
    entry = AuditEntry.objects.filter(action="file.download").get()
    assert entry.actor == staff_a
    assert entry.summary["path"] == reverse("library:download", args=[version.pk])
    assert entry.summary["file"] == "nd.txt"


# --- A worker killed mid-extraction (issue 17) ---------------------------------


def _killed_worker_upload(client, units, settings):
    from datetime import timedelta

    from django.utils import timezone

    from civildesk.org.models import Job, JobStatus

    # The upload commits but its task never finishes: the worker took the job, reported once and was killed.
    response = client.post(
        reverse("library:upload"),
        {"file": SimpleUploadedFile("nd.txt", DECREE.encode()), "unit": units["a"].pk, "scope": "unit", "title": ""},
    )
    job = Job.objects.get()
    long_ago = timezone.now() - timedelta(minutes=settings.CIVILDESK_JOB_STALE_MINUTES + 1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, percent=40, updated_at=long_ago)
    return response, Document.objects.get(), job


def test_a_job_left_running_by_a_killed_worker_fails_and_the_document_can_be_retried(
    client, staff_a, units, settings, django_capture_on_commit_callbacks
):
    from civildesk.org.models import AuditEntry, Job, JobStatus

    client.force_login(staff_a)
    response, doc, job = _killed_worker_upload(client, units, settings)
    assert doc.status == Status.PROCESSING

    page = client.get(response["Location"]).content.decode()  # the document page, with ?job=

    job.refresh_from_db()
    doc.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert doc.status == Status.FAILED
    assert "bị gián đoạn" in job.message_text  # the worker was interrupted (stored untranslated, shown translated)
    assert "bị gián đoạn" in page
    assert reverse("library:retry", args=[doc.pk]) in page

    # Re-uploading the same file says where to retry instead of a bare "duplicate".
    again = client.post(
        reverse("library:upload"),
        {"file": SimpleUploadedFile("nd.txt", DECREE.encode()), "unit": units["a"].pk, "scope": "unit", "title": ""},
    )
    assert "Thử lại" in again.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("library:retry", args=[doc.pk]))
    assert retried.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.READY
    assert Job.objects.filter(status=JobStatus.DONE).count() == 1
    assert AuditEntry.objects.filter(action="library.document_retry").exists()


def test_a_fresh_running_job_is_left_alone(client, staff_a, units, settings):
    from civildesk.org import services as org_services
    from civildesk.org.models import Job, JobStatus

    client.force_login(staff_a)
    _killed_worker_upload(client, units, settings)
    Job.objects.update(status=JobStatus.RUNNING)  # ``update`` keeps updated_at: still stale...
    org_services.job_progress(job_id=Job.objects.get().pk, percent=50)  # ...until the heartbeat
    assert org_services.job_sweep_stale() == []
    assert Document.objects.get().status == Status.PROCESSING


def test_only_an_editor_can_retry_and_only_a_failed_document(client, staff_a, staff_b, units, settings):
    from django.core.exceptions import ValidationError

    from civildesk.library import services

    client.force_login(staff_a)
    _, doc, _ = _killed_worker_upload(client, units, settings)
    with pytest.raises(ValidationError):
        services.document_retry(actor=staff_a, document=doc)  # still processing
    client.force_login(staff_b)
    assert client.post(reverse("library:retry", args=[doc.pk])).status_code == 404


def test_a_document_stuck_processing_without_a_job_link_can_be_retried(
    client, staff_a, units, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from civildesk.library.models import DocumentVersion

    client.force_login(staff_a)
    _, doc, _ = _killed_worker_upload(client, units, settings)
    # As left by a worker killed before versions were linked to their job.
    long_ago = timezone.now() - timedelta(minutes=settings.CIVILDESK_JOB_STALE_MINUTES + 1)
    DocumentVersion.objects.filter(document=doc).update(job=None, created_at=long_ago)
    page = client.get(reverse("library:document", args=[doc.pk])).content.decode()
    assert reverse("library:retry", args=[doc.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("library:retry", args=[doc.pk]))
    doc.refresh_from_db()
    assert doc.status == Status.READY


def test_a_refused_upload_answers_400_with_the_reason(client, isolated_data, staff_a):
    """Scripts and browsers alike see a refused upload as an error, never as 200 OK."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_a)
    windows = SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(reverse("library:upload"), {"file": windows, "scope": "internal", "title": ""})
    assert response.status_code == 400
    assert response.context["form"].errors
