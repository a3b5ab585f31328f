"""The outgoing order on a real PDF with real keys: the leader certifies (PKCS#11 on SoftHSM2),
the clerk fills number and date and seals (key file); the validators agree it is all intact."""

from __future__ import annotations

import json
import subprocess
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from civildesk.drafting import services as drafting
from civildesk.drafting.layout import format_date
from civildesk.drafting.models import Draft, DraftStatus, DraftVersion, EntryStatus
from civildesk.org.models import Role
from civildesk.signing import services
from civildesk.signing.models import ChainStep, StepAction
from conftest import make_user

from .conftest import PASSPHRASE, PIN

CONTENT = {
    "parent_agency": "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
    "agency": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "agency_code": "STTTT",
    "place": "Lạng Sơn",
    "subject": "Họp giao ban chuyển đổi số tháng 12",
    "body": "Sở Thông tin và Truyền thông trân trọng kính mời đại diện lãnh đạo Sở Xây dựng dự họp giao ban./.",
    "recipients": "Sở Xây dựng;\nLưu: VT.",
    "authority": "KT",
    "on_behalf_of": "GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Trần Thị Lãnh Đạo",
}


@pytest.fixture
def clerk_a(units):
    return make_user("clerk.a", units["a"], Role.CLERK)


@pytest.fixture
def keys(units, leader_a, clerk_a, give_certificate, softhsm):
    give_certificate(leader_a, units["a"], "signer", backend="pkcs11")
    give_certificate(clerk_a, units["a"], "agency", backend="pkcs12", kind="agency")


def _signed_draft(units, staff_a, leader_a, captured) -> Draft:
    draft = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **CONTENT)
    drafting.draft_send_for_review(actor=staff_a, draft=draft, reviewer=leader_a)
    draft.refresh_from_db()
    sr = services.request_from_draft(
        actor=staff_a, draft=draft, chain=[services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)], level="B-T"
    )
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SIGNING
    with captured(execute=True):
        services.step_sign(actor=leader_a, step=ChainStep.objects.get(request=sr), secret=PIN)
    draft.refresh_from_db()
    return draft


def test_leader_signs_then_clerk_numbers_dates_and_seals_in_one_pdf(
    units, staff_a, leader_a, clerk_a, keys, tmp_path, django_capture_on_commit_callbacks
):
    draft = _signed_draft(units, staff_a, leader_a, django_capture_on_commit_callbacks)
    assert draft.status == DraftStatus.SIGNED and draft.number is None
    versions = DraftVersion.objects.filter(draft=draft).count()

    entry = drafting.draft_issue_signed(actor=clerk_a, draft=draft, secret=PASSPHRASE)

    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED and draft.number == entry.number == 1
    assert entry.symbol == "01/GM-STTTT" and entry.status == EntryStatus.ISSUED
    # No unsigned later version: the content versions did not grow; the PDF served is the signed one.
    assert DraftVersion.objects.filter(draft=draft).count() == versions
    pdf = drafting.draft_pdf(actor=staff_a, draft=draft)
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Số: 01/GM-STTTT" in text
    assert f"Lạng Sơn, {format_date(timezone.localdate())}" in text

    out = StringIO()
    call_command("validate_pdf", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    leader, seal = report["signatures"]
    assert report["summary"] == "valid"
    assert leader["field"].startswith("CD-SIGN-") and seal["field"] == "CD-SEAL"
    assert leader["intact"] and leader["valid"] and leader["trusted"] and leader["status"] == "valid"
    assert leader["modification"] == "form_filling" and leader["problems"] == []
    assert set(leader["modification_detail"].split(", ")) >= {"cd_number", "cd_date"}
    assert seal["intact"] and seal["status"] == "valid" and seal["modified_after_signing"] is False


def test_a_wrong_passphrase_takes_no_number_and_a_cancelled_number_stays_cancelled(
    units, staff_a, leader_a, clerk_a, keys, django_capture_on_commit_callbacks
):
    draft = _signed_draft(units, staff_a, leader_a, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        drafting.draft_issue_signed(actor=clerk_a, draft=draft, secret="wrong")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SIGNED and draft.number is None and not draft.register_entries.exists()
    entry = drafting.draft_issue_signed(actor=clerk_a, draft=draft, secret=PASSPHRASE)
    assert entry.number == 1
    drafting.entry_cancel(actor=clerk_a, entry=entry, reason="Sai thành phần")
    draft.refresh_from_db()
    entry.refresh_from_db()
    assert draft.status == DraftStatus.CANCELLED and entry.status == EntryStatus.CANCELLED
    with pytest.raises(ValidationError):
        drafting.draft_issue_signed(actor=clerk_a, draft=draft, secret=PASSPHRASE)
    with pytest.raises(ValidationError):
        drafting.entry_cancel(actor=clerk_a, entry=entry, reason="again")


def test_who_may_take_each_step(units, staff_a, leader_a, clerk_a, staff_b, keys, django_capture_on_commit_callbacks):
    draft = _signed_draft(units, staff_a, leader_a, django_capture_on_commit_callbacks)
    assert [t.name for t in drafting.DRAFTS.available(clerk_a, draft)] == ["issue_signed"]
    assert drafting.DRAFTS.available(staff_a, draft) == []
    assert drafting.DRAFTS.available(staff_b, draft) == []
    for user in (staff_a, staff_b):
        with pytest.raises(PermissionDenied):
            drafting.draft_issue_signed(actor=user, draft=draft, secret=PASSPHRASE)
    # The leader may issue too (a role of the issuing unit), but holds no agency certificate.
    with pytest.raises(ValidationError, match="certificate"):
        drafting.draft_issue_signed(actor=leader_a, draft=draft, secret=PIN)
    assert Draft.objects.get(pk=draft.pk).number is None


def test_a_returned_signature_request_puts_the_draft_back_in_review(units, staff_a, leader_a, keys):
    draft = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **CONTENT)
    drafting.draft_send_for_review(actor=staff_a, draft=draft, reviewer=leader_a)
    sr = services.request_from_draft(
        actor=staff_a,
        draft=Draft.objects.get(pk=draft.pk),
        chain=[services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)],
        level="B-B",
    )
    services.step_return(actor=leader_a, step=ChainStep.objects.get(request=sr), comment="Sửa thời gian họp")
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.IN_REVIEW


def test_a_draft_waiting_for_its_number_has_one_signer_and_no_seal_step(units, staff_a, leader_a, clerk_a, keys):
    draft = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **CONTENT)
    drafting.draft_send_for_review(actor=staff_a, draft=draft, reviewer=leader_a)
    draft = Draft.objects.get(pk=draft.pk)
    for chain in (
        [services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
         services.StepSpec(assignees=[clerk_a], action=StepAction.SEAL)],
        [services.StepSpec(assignees=[leader_a, staff_a], action=StepAction.SIGN)],
    ):  # fmt: skip
        with pytest.raises(ValidationError, match="one signer"):
            services.request_from_draft(actor=staff_a, draft=draft, chain=chain, level="B-B")
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.IN_REVIEW


def test_a_refused_request_leaves_the_draft_in_review(units, staff_a, leader_a, staff_b, keys):
    draft = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **CONTENT)
    drafting.draft_send_for_review(actor=staff_a, draft=draft, reviewer=leader_a)
    with pytest.raises(ValidationError):  # someone of another unit cannot be in the chain
        services.request_from_draft(
            actor=staff_a,
            draft=Draft.objects.get(pk=draft.pk),
            chain=[
                services.StepSpec(assignees=[staff_b]),
                services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
            ],
            level="B-B",
        )
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.IN_REVIEW
