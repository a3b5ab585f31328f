"""Demo signatures: a demo CA, certificates for two demo leaders, their signature and seal images,
and one fully signed document. Key material is generated here, into CIVILDESK_DATA_DIR, never committed.

Idempotent: the demo CA's keys are made once; certificates and the signed document once.
The demo CA has no OCSP/CRL server running, so the validation page reports the demo
signatures' revocation status as *unknown* (honestly), and the summary as "cannot be confirmed".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

DEMO_PASSPHRASE = "CivilDesk@2026"  # the demo key files' passphrase (same as the demo password)
TITLE = "Quyết định ban hành Kế hoạch chuyển đổi số năm 2026 (bản ký số mẫu)"
LEADERS = {"stttt.giamdoc": ("signer", "LS-STTTT"), "ubnd.chutich": ("agency", "LS")}


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    from civildesk.org.models import Unit, User
    from civildesk.org.services import audit_record

    from . import pki, placement, services
    from .models import SignatureRequest, SignerCertificate, StepAction, TrustedRoot

    created = {"roots": 0, "certificates": 0, "documents": 0}
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return created
    base = Path(settings.DATA_DIR) / "signing"
    demo_pki = pki.build(
        base / "demo-ca",
        "http://127.0.0.1:9/civildesk-demo",
        names={
            "root": "CivilDesk DEMO Root CA",
            "interm": "CivilDesk DEMO Issuing CA",
            "signer": "Vi Văn Hùng",
            "agency": "Hoàng Văn Thành",
        },
    )
    root_der = demo_pki.cert_der("root")
    from .signer import certificate_info

    if not TrustedRoot.objects.filter(sha256=certificate_info(root_der)["sha256"]).exists():
        services.trusted_root_add(
            actor=admin, name="CivilDesk DEMO Root CA", certificate=demo_pki.cert_pem("root"), kind="other"
        )
        created["roots"] += 1
    keys = base / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    for username, (label, unit_code) in LEADERS.items():
        user = User.objects.filter(username=username).first()
        unit = Unit.objects.filter(code=unit_code).first()
        if user is None or unit is None or SignerCertificate.objects.filter(user=user).exists():
            continue
        key_file = f"demo-{username}.p12"
        (keys / key_file).write_bytes(demo_pki.pkcs12(label, DEMO_PASSPHRASE))
        (keys / key_file).chmod(0o600)
        services.certificate_register(
            actor=admin,
            user=user,
            unit=unit,
            label=f"{user.person.full_name if hasattr(user, 'person') else username} (DEMO)",
            certificate=demo_pki.cert_der(label),
            chain=demo_pki.chain_der(label),
            backend="pkcs12",
            key_file=key_file,
            image_png=placement.make_signature_png(username),
        )
        created["certificates"] += 1
    owner = User.objects.filter(username="stttt.chuyenvien").first()
    leader = User.objects.filter(username="stttt.giamdoc").first()
    unit = Unit.objects.filter(code="LS-STTTT").first()
    if owner and leader and unit and not SignatureRequest.objects.filter(title=TITLE).exists():
        from civildesk.drafting import services as drafting

        pdf = drafting.document_pdf(
            {
                "doc_type": "QD",
                "parent_agency": "Ủy ban nhân dân tỉnh Lạng Sơn",
                "agency": "Sở Thông tin và Truyền thông",
                "agency_code": "STTTT",
                "number": 15,
                "issued_on": "2026-01-05",
                "place": "Lạng Sơn",
                "subject": "Ban hành Kế hoạch chuyển đổi số năm 2026",
                "issuer_authority": "Giám đốc Sở Thông tin và Truyền thông",
                "legal_bases": [
                    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư"
                ],
                "body": "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.",
                "recipients": ["Như Điều 2"],
                "signer_title": "Giám đốc",
                "signer_name": "Vi Văn Hùng",
            }
        )
        request = services.request_create(
            actor=owner,
            unit=unit,
            title=TITLE,
            pdf=pdf,
            filename="qd-15-stttt.pdf",
            chain=[services.StepSpec(assignees=[leader], action=StepAction.SIGN)],
            level="B-B",
            signer_name="Vi Văn Hùng",
            signer_title="Giám đốc",
        )
        step = request.steps.get()
        services.step_sign(actor=leader, step=step, secret=DEMO_PASSPHRASE)
        created["documents"] += 1
        audit_record(actor=None, action="signing.demo_load", summary=created)
    return created
