"""A unit's report: versions, the review workflow, and who may do what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from civildesk.monitoring.models import ReportStatus
from civildesk.monitoring.services.periods import PERIODS, missing_by_unit, period_remind
from civildesk.monitoring.services.reports import REPORTS
from civildesk.org.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


def test_every_correction_is_kept_as_a_version(save, officer_a, units):
    save(officer_a, units["a"], "I1", 40)
    report = save(officer_a, units["a"], "I1", 45, note="Sửa số liệu")
    assert report.version == 2 and report.value == 45
    assert [(v.number, float(v.value)) for v in report.versions.order_by("number")] == [(1, 40.0), (2, 45.0)]
    assert AuditEntry.objects.filter(action="monitoring.report_save", object_id=str(report.pk)).count() == 2


def test_a_unit_cannot_report_for_another(save, officer_a, units):
    with pytest.raises(PermissionDenied):
        save(officer_a, units["b"], "I1", 40)


def test_the_province_dt_office_does_not_report_for_a_department(save, office, units):
    with pytest.raises(PermissionDenied):
        save(office, units["a"], "I1", 40)


def test_a_unit_reports_only_the_indicators_assigned_to_it(save, officer_a, units):
    with pytest.raises(ValidationError, match="does not report"):
        save(officer_a, units["a"], "I2", 40)  # I2 belongs to unit B only


def test_a_measured_indicator_cannot_be_typed_in(save, officer_a, units):
    with pytest.raises(ValidationError, match="measured"):
        save(officer_a, units["a"], "I3", 99)


def test_evidence_is_required(save, officer_a, units):
    with pytest.raises(ValidationError):
        save(officer_a, units["a"], "I1", 40, evidence_kind="link", evidence_url="")
    with pytest.raises(ValidationError):
        save(officer_a, units["a"], "I1", 40, evidence_kind="document", evidence_url="", evidence_number="12/BC-STTTT")
    with pytest.raises(ValidationError):
        save(officer_a, units["a"], "I1", 40, evidence_kind="file", evidence_url="")


def test_evidence_file_is_checked_and_kept(save, officer_a, units):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    f = SimpleUploadedFile("bao-cao.pdf", pdf, content_type="application/pdf")
    report = save(officer_a, units["a"], "I1", 40, evidence_kind="file", evidence_url="", file=f)
    assert report.evidence_filename == "bao-cao.pdf"
    with report.evidence_file.open("rb") as fh:
        assert fh.read() == pdf
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        save(officer_a, units["a"], "I1", 41, evidence_kind="file", evidence_url="", file=bad)


def test_submit_approve_and_refusals(save, officer_a, office, units):
    report = save(officer_a, units["a"], "I1", 40)
    with pytest.raises(ValidationError, match="status"):
        REPORTS.apply(report, "approve", actor=office)  # not submitted yet
    report = REPORTS.apply(report, "submit", actor=officer_a)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    with pytest.raises(PermissionDenied):
        REPORTS.apply(report, "approve", actor=officer_a)  # a unit does not approve
    report = REPORTS.apply(report, "approve", actor=office, comment="")
    assert report.status == ReportStatus.APPROVED
    assert [e.action for e in report.events.all()] == ["submit", "approve"]
    assert AuditEntry.objects.filter(action="monitoring.report_approve").exists()
    with pytest.raises(ValidationError, match="approved"):
        save(officer_a, units["a"], "I1", 50)  # an approved value is final


def test_return_needs_a_comment_and_the_unit_corrects(
    save, officer_a, office, units, django_capture_on_commit_callbacks
):
    report = REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    with pytest.raises(ValidationError):
        REPORTS.apply(report, "return", actor=office, comment="")
    with django_capture_on_commit_callbacks(execute=True):
        report = REPORTS.apply(report, "return", actor=office, comment="Thiếu minh chứng")
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.filter(user=officer_a).exists()
    report = save(officer_a, units["a"], "I1", 42)
    assert report.status == ReportStatus.RETURNED and report.version == 2
    assert REPORTS.apply(report, "submit", actor=officer_a).status == ReportStatus.SUBMITTED


def test_workflow_table():
    assert REPORTS.table() == [
        ("submit", ("draft", "returned"), "submitted", "monitoring.report"),
        ("approve", ("submitted",), "approved", "monitoring.review"),
        ("return", ("submitted",), "returned", "monitoring.review"),
    ]
    assert PERIODS.table() == [
        ("close", ("open",), "closed", "monitoring.manage"),
        ("reopen", ("closed",), "open", "monitoring.manage"),
    ]


def test_who_may_act_on_a_submitted_report(save, officer_a, officer_b, office, units):
    report = REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    assert [t.name for t in REPORTS.available(office, report)] == ["approve", "return"]
    assert REPORTS.available(officer_a, report) == []
    assert REPORTS.available(officer_b, report) == []


def test_a_closed_period_takes_no_report(save, period, officer_a, office, units):
    PERIODS.apply(period, "close", actor=office)
    with pytest.raises(ValidationError, match="closed"):
        save(officer_a, units["a"], "I1", 40)
    with pytest.raises(PermissionDenied):
        PERIODS.apply(period, "reopen", actor=officer_a)


def test_who_has_not_reported_and_reminders(
    save, period, officer_a, officer_b, office, units, django_capture_on_commit_callbacks
):
    REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    missing = {u.code: [d.indicator.code for d in owed] for u, owed in missing_by_unit(period)}
    assert missing == {"B": ["I1", "I2"]}
    with pytest.raises(PermissionDenied):
        period_remind(actor=officer_a, period=period)
    with django_capture_on_commit_callbacks(execute=True):
        assert period_remind(actor=office, period=period) == 1
    assert Notification.objects.filter(user=officer_b).count() == 1
    assert not Notification.objects.filter(user=officer_a, message__startswith="Reminder").exists()
