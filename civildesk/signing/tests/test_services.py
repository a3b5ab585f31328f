"""Chains, permissions, visible signatures and uploads through the services (real signatures)."""

from __future__ import annotations

import json
import subprocess
from io import BytesIO, StringIO

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from PIL import Image

from civildesk.org.models import AuditEntry, Notification, Role
from civildesk.signing import placement, services
from civildesk.signing.models import ChainStep, RequestStatus, StepAction, StepStatus
from conftest import make_user

from .conftest import PASSPHRASE, PIN

NAME, TITLE = "Hoàng Văn Thành", "Chủ tịch"


def _request(owner, unit, pdf, chain, **kw):
    return services.request_create(
        actor=owner,
        unit=unit,
        title="Quyết định thử",
        pdf=pdf,
        filename="qd.pdf",
        chain=chain,
        signer_name=NAME,
        signer_title=TITLE,
        **{"level": "B-B", **kw},
    )


def _step(sr, user):
    return ChainStep.objects.get(request=sr, assignee=user)


@pytest.fixture
def clerk_a(units):
    return make_user("clerk.a", units["a"], Role.CLERK)


def test_chain_step_out_of_order_is_refused(
    units, staff_a, unit_admin_a, leader_a, give_certificate, softhsm, decision_pdf
):
    give_certificate(leader_a, units["a"])
    sr = _request(
        staff_a,
        units["a"],
        decision_pdf,
        [
            services.StepSpec(assignees=[unit_admin_a]),
            services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
        ],
    )
    with pytest.raises(ValidationError, match="waits for the earlier steps"):
        services.step_sign(actor=leader_a, step=_step(sr, leader_a), secret=PIN)
    assert _step(sr, leader_a).status == StepStatus.WAITING


def test_sequential_chain_approve_sign_seal_and_library(
    units,
    staff_a,
    unit_admin_a,
    leader_a,
    clerk_a,
    give_certificate,
    softhsm,
    decision_pdf,
    django_capture_on_commit_callbacks,
):
    give_certificate(leader_a, units["a"])
    give_certificate(clerk_a, units["a"], "agency", kind="agency", backend="pkcs12")
    with django_capture_on_commit_callbacks(execute=True):
        sr = _request(
            staff_a,
            units["a"],
            decision_pdf,
            [
                services.StepSpec(assignees=[unit_admin_a]),
                services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
                services.StepSpec(assignees=[clerk_a], action=StepAction.SEAL),
            ],
        )
    # Notifications (org's, sent on commit) link to the request.
    assert Notification.objects.filter(user=unit_admin_a, url=sr.get_absolute_url()).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.step_approve(actor=unit_admin_a, step=_step(sr, unit_admin_a))
    [waiting] = Notification.objects.filter(user=leader_a, url=sr.get_absolute_url())
    assert "waiting for your signature" in waiting.text
    services.step_sign(actor=leader_a, step=_step(sr, leader_a), secret=PIN)
    services.step_sign(actor=clerk_a, step=_step(sr, clerk_a), secret=PASSPHRASE)
    sr.refresh_from_db()
    assert sr.status == RequestStatus.COMPLETED
    assert sr.document is not None and sr.document.unit == units["a"]
    report = services.validate_upload(data=services._read(sr.current), filename="x.pdf")
    assert report.summary == "valid"
    assert [s.signer for s in report.signatures] == ["Nguyễn Văn Ký", "Sở Thông tin và Truyền thông (TEST)"]
    actions = set(AuditEntry.objects.filter(object_id=str(sr.pk)).values_list("action", flat=True))
    assert {
        "signing.request_create",
        "signing.step_approve",
        "signing.step_signed",
        "signing.request_complete",
    } <= actions
    assert not AuditEntry.objects.filter(summary__icontains=PIN).exists()

    # The visible signature where Decree 30 puts it (rendered at 72 dpi: 1 px = 1 pt).
    block = placement.find_signature_block(decision_pdf, name=NAME, title=TITLE)
    image = _render(services._read(sr.current), block.page + 1)
    height = image.shape[0]
    blue = _bbox((image[:, :, 2] > 140) & (image[:, :, 0] < 90) & (image[:, :, 1] < 130))
    red = _bbox((image[:, :, 0] > 150) & (image[:, :, 1] < 90) & (image[:, :, 2] < 90))
    assert blue and red
    title_bottom_px, name_top_px = height - block.title_bottom, height - block.name_top
    blue_cy = (blue[1] + blue[3]) / 2
    assert title_bottom_px < blue_cy < name_top_px  # between title and name
    assert abs((blue[0] + blue[2]) / 2 - block.center_x) < 25  # centred on the block
    third = blue[0] + (blue[2] - blue[0]) / 3
    assert abs(red[2] - third) < 12  # the seal's right edge a third into the signature
    assert red[0] < blue[0]  # ...on its left


def _render(pdf: bytes, page: int) -> np.ndarray:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "in.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", str(page), "-l", str(page), "in.pdf", "out"],
            cwd=tmp,
            capture_output=True,
            check=True,
        )
        with Image.open(Path(tmp) / "out.png") as im:
            return np.asarray(im.convert("RGB")).astype(int)


def _bbox(mask: np.ndarray):
    ys, xs = np.nonzero(mask)
    if len(xs) < 20:
        return None
    return (xs.min(), ys.min(), xs.max(), ys.max())


def test_attachment_gets_the_text_stamp_top_right(units, staff_a, clerk_a, give_certificate, decision_pdf):
    give_certificate(clerk_a, units["a"], "agency", kind="agency", backend="pkcs12")
    sr = _request(
        staff_a,
        units["a"],
        decision_pdf,
        [services.StepSpec(assignees=[clerk_a], action=StepAction.SEAL)],
        is_attachment=True,
        number_symbol="15/QĐ-UBND",
    )
    services.step_sign(actor=clerk_a, step=_step(sr, clerk_a), secret=PASSPHRASE)
    sr.refresh_from_db()
    signed = services._read(sr.current)
    before, after = _render(decision_pdf, 1), _render(signed, 1)
    diff = _bbox(np.abs(after - before).sum(axis=2) > 60)
    assert diff is not None
    width = after.shape[1]
    assert diff[0] > width / 2 and diff[3] < 100  # top right of page 1
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(signed)
    doc.init_forms()
    page = doc[0]
    page.flatten()  # the stamp is the signature widget's appearance; flatten it into the page
    page.close()
    flat = BytesIO()
    doc.save(flat)
    doc.close()
    doc = pdfium.PdfDocument(flat.getvalue())
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "15/QĐ-UBND" in text and "+07:00" in text


def test_parallel_and_n_of_m_groups(units, staff_a, leader_a, give_certificate, softhsm, decision_pdf):
    a, b, c = (make_user(f"rev{i}", units["a"], Role.STAFF) for i in range(3))
    give_certificate(leader_a, units["a"])
    sr = _request(
        staff_a,
        units["a"],
        decision_pdf,
        [
            services.StepSpec(assignees=[a, b, c], required=2),
            services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
        ],
    )
    assert {s.status for s in sr.steps.filter(position=1)} == {StepStatus.PENDING}
    services.step_approve(actor=a, step=_step(sr, a))
    assert _step(sr, leader_a).status == StepStatus.WAITING
    services.step_approve(actor=c, step=_step(sr, c))
    assert _step(sr, b).status == StepStatus.SKIPPED
    assert _step(sr, leader_a).status == StepStatus.PENDING


def test_return_with_comment_then_resubmit(
    units, staff_a, unit_admin_a, leader_a, decision_pdf, django_capture_on_commit_callbacks
):
    sr = _request(
        staff_a,
        units["a"],
        decision_pdf,
        [
            services.StepSpec(assignees=[unit_admin_a]),
            services.StepSpec(assignees=[leader_a], action=StepAction.SIGN),
        ],
    )
    with pytest.raises(ValidationError):
        services.step_return(actor=unit_admin_a, step=_step(sr, unit_admin_a), comment="")
    with django_capture_on_commit_callbacks(execute=True):
        services.step_return(actor=unit_admin_a, step=_step(sr, unit_admin_a), comment="Sửa Điều 2")
    sr.refresh_from_db()
    assert sr.status == RequestStatus.RETURNED
    [returned] = Notification.objects.filter(user=staff_a)
    assert "was returned by" in returned.text and "Sửa Điều 2" in returned.text
    with pytest.raises(ValidationError):
        services.step_approve(actor=unit_admin_a, step=_step(sr, unit_admin_a))
    services.request_resubmit(actor=staff_a, request=sr)
    assert _step(sr, unit_admin_a).status == StepStatus.PENDING


def test_other_units_user_cannot_sign_or_see(
    client, units, staff_a, leader_a, staff_b, give_certificate, softhsm, decision_pdf
):
    give_certificate(leader_a, units["a"])
    sr = _request(staff_a, units["a"], decision_pdf, [services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)])
    with pytest.raises(PermissionDenied):
        services.step_sign(actor=staff_b, step=_step(sr, leader_a), secret=PIN)
    with pytest.raises(ValidationError, match="cannot see documents"):
        _request(staff_a, units["a"], decision_pdf, [services.StepSpec(assignees=[staff_b], action=StepAction.SIGN)])
    client.force_login(staff_b)
    assert client.get(sr.get_absolute_url()).status_code == 404
    assert client.get(f"/signing/{sr.pk}/pdf").status_code == 404
    assert sr.title not in client.get("/signing/").content.decode()


def test_wrong_pin_leaves_the_step_open(units, staff_a, leader_a, give_certificate, softhsm, decision_pdf):
    give_certificate(leader_a, units["a"])
    sr = _request(staff_a, units["a"], decision_pdf, [services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)])
    with pytest.raises(ValidationError, match="could not be opened"):
        services.step_sign(actor=leader_a, step=_step(sr, leader_a), secret="000000")
    assert _step(sr, leader_a).status == StepStatus.PENDING


def test_b_lt_is_finished_by_the_background_job(
    units, staff_a, leader_a, give_certificate, softhsm, decision_pdf, django_capture_on_commit_callbacks
):
    give_certificate(leader_a, units["a"])
    sr = _request(
        staff_a,
        units["a"],
        decision_pdf,
        [services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)],
        level="B-LT",
    )
    with django_capture_on_commit_callbacks(execute=True):
        step = services.step_sign(actor=leader_a, step=_step(sr, leader_a), secret=PIN)
    step.refresh_from_db()
    assert step.status == StepStatus.SIGNED and step.job.status == "done"
    sr.refresh_from_db()
    [sig] = services.validate_upload(data=services._read(sr.current), filename="x.pdf").signatures
    assert sig.level == "B-LT" and sig.revocation == "good"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"PK\x03\x04 not a pdf", "not a PDF"), (b"", "empty")],
)
def test_bad_uploads_give_a_clear_message(trust, data, message):
    with pytest.raises(ValidationError, match=message):
        services.validate_upload(data=data, filename="x.pdf")


def test_too_large_upload(trust, settings):
    settings.CIVILDESK_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="too large"):
        services.validate_upload(data=b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1), filename="big.pdf")


def test_public_validation_page_api_and_command_agree(client, trust, decision_pdf, tmp_path):
    from civildesk.signing import signer

    data = signer.sign_pdf(
        decision_pdf,
        signer.pkcs12_signer(trust.pkcs12("signer", PASSPHRASE), PASSPHRASE),
        level="B-T",
        tsa_url=trust.tsa_url,
        field_name="S",
    )
    api = client.post("/api/v1/signatures/validate", {"file": _upload(data)})
    assert api.status_code == 200
    body = api.json()
    assert body["summary"] == "valid"
    sig = body["signatures"][0]
    assert {k: sig[k] for k in ("signer", "intact", "trusted", "revocation", "modified_after_signing")} == {
        "signer": "Nguyễn Văn Ký",
        "intact": True,
        "trusted": True,
        "revocation": "good",
        "modified_after_signing": False,
    }
    assert sig["timestamp"]
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    out = StringIO()
    call_command("validate_pdf", str(path), "--json", stdout=out)
    cli = json.loads(out.getvalue())
    assert [s["signer"] for s in cli["signatures"]] == [s["signer"] for s in body["signatures"]]
    assert cli["summary"] == body["summary"]
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.post("/signing/validate/", {"file": _upload(data)})
    assert "All signatures are valid." in page.content.decode()
    unsigned = client.post("/api/v1/signatures/validate", {"file": _upload(decision_pdf)})
    assert unsigned.json()["summary"] == "unsigned"
    bad = client.post("/api/v1/signatures/validate", {"file": _upload(b"hello")})
    assert bad.status_code == 400 and "not a PDF" in bad.json()["detail"]


def test_validation_is_rate_limited(client, trust, settings):
    settings.CIVILDESK_SIGNING_VALIDATE_RATE = "2/m"
    from django.core.cache import cache

    cache.clear()
    codes = [client.post("/api/v1/signatures/validate", {"file": _upload(b"x")}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("doc.pdf", data, content_type="application/pdf")


def test_a_default_level_the_installation_cannot_produce_is_refused(sysadmin):
    with pytest.raises(ValidationError) as refused:
        services.settings_update(actor=sysadmin, tsa_url="", default_level="B-T", lta_allowed=False)
    assert "default_level" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.settings_update(
            actor=sysadmin, tsa_url="http://tsa.example/", default_level="B-LTA", lta_allowed=False
        )
    assert services.available_levels() == ["B-B"]
    assert services.default_level() == "B-B"
