"""Demo correspondence: clerks (văn thư) for two departments, outgoing documents in several states,
and the incoming registers they fill. Idempotent: nothing is added once the dispatched letter exists.

The outgoing letter is really signed (the Department of Information and Communications' director's
demo key file), numbered and sealed (the department clerk's demo agency certificate), and dispatched
to two departments; the Department of Construction registers and assigns it. One more incoming
document arrives by e-mail and is overdue; another waits for its assignment.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

SUBJECT = "V/v cử cán bộ tham gia tập huấn sử dụng Trợ lý ảo"
CLERKS = [
    ("stttt.vanthu", "Hoàng Thị Thư", "Văn thư", "LS-STTTT"),
    ("sxd.vanthu", "Lý Thị Văn", "Văn thư", "LS-SXD"),
]
LETTER = {
    "parent_agency": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    "agency": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "agency_code": "STTTT",
    "unit_code": "CĐS",
    "place": "Lạng Sơn",
    "subject": SUBJECT,
    "addressees": "Sở Xây dựng\nSở Y tế",
    "body": "Thực hiện Kế hoạch chuyển đổi số năm 2026, Sở Thông tin và Truyền thông đề nghị các sở cử 02 cán bộ "
    "đầu mối tham gia tập huấn sử dụng Trợ lý ảo, gửi danh sách về Sở trước ngày 20 tháng 12 năm 2026./.",
    "recipients": "Như trên;\nSở Xây dựng;\nSở Y tế;\nCông ty Cổ phần Viễn thông Lạng Sơn;\nLưu: VT, CĐS.",
    "signer_title": "GIÁM ĐỐC",
    "signer_name": "Vi Văn Hùng",
}


def _clerks() -> dict[str, Any]:
    from civildesk.org.demo import DEMO_PASSWORD
    from civildesk.org.models import Person, Position, Role, RoleAssignment, Unit, User

    out = {}
    for username, full_name, title, unit_code in CLERKS:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            continue
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            person = Person.objects.create(user=user, full_name=full_name)
            Position.objects.create(person=person, unit=unit, title=title)
        RoleAssignment.objects.get_or_create(user=user, unit=unit, role=Role.CLERK)
        out[username] = user
    return out


def _seal_certificate(clerk: Any, unit: Any, admin: Any) -> None:
    from civildesk.signing import pki, placement
    from civildesk.signing import services as signing
    from civildesk.signing.demo import DEMO_PASSPHRASE
    from civildesk.signing.models import SignerCertificate

    if SignerCertificate.objects.filter(user=clerk, kind="agency").exists():
        return
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
    keys = base / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    key_file = f"demo-seal-{unit.code}.p12"
    (keys / key_file).write_bytes(demo_pki.pkcs12("agency", DEMO_PASSPHRASE))
    (keys / key_file).chmod(0o600)
    signing.certificate_register(
        actor=admin,
        user=clerk,
        unit=unit,
        label=f"{unit.name} (DEMO)",
        certificate=demo_pki.cert_der("agency"),
        chain=demo_pki.chain_der("agency"),
        kind="agency",
        backend="pkcs12",
        key_file=key_file,
        image_png=placement.make_seal_png(unit.name),
    )


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    from civildesk.drafting import services as drafting
    from civildesk.drafting.models import Draft
    from civildesk.org.models import Unit, User
    from civildesk.signing import services as signing
    from civildesk.signing.demo import DEMO_PASSPHRASE
    from civildesk.signing.models import ChainStep, StepAction

    from . import services
    from .models import Incoming

    counts = {"outgoing": 0, "incoming": 0}
    clerks = _clerks()
    users = {u.username: u for u in User.objects.filter(username__in=[
        "admin", "stttt.chuyenvien", "stttt.giamdoc", "sxd.giamdoc", "sxd.chuyenvien"
    ])}  # fmt: skip
    units = {u.code: u for u in Unit.objects.filter(code__in=["LS-STTTT", "LS-SXD", "LS-SYT"])}
    if len(users) < 5 or len(units) < 3 or len(clerks) < 2 or Draft.objects.filter(subject=SUBJECT).exists():
        return counts
    stttt, sxd = units["LS-STTTT"], units["LS-SXD"]
    author, leader = users["stttt.chuyenvien"], users["stttt.giamdoc"]
    _seal_certificate(clerks["stttt.vanthu"], stttt, users["admin"])

    def signed_request(content: dict[str, Any], sign: bool) -> Draft:
        draft = drafting.draft_create(actor=author, unit=stttt, doc_type="CV", **content)
        drafting.draft_send_for_review(actor=author, draft=draft, reviewer=leader)
        sr = signing.request_from_draft(
            actor=author,
            draft=Draft.objects.get(pk=draft.pk),
            chain=[signing.StepSpec(assignees=[leader], action=StepAction.SIGN)],
            level="B-B",
        )
        if sign:
            signing.step_sign(actor=leader, step=ChainStep.objects.get(request=sr), secret=DEMO_PASSPHRASE)
        counts["outgoing"] += 1
        return Draft.objects.get(pk=draft.pk)

    # Outgoing: one dispatched, one signed and waiting for its number, one waiting for the signature.
    letter = signed_request(LETTER, sign=True)
    drafting.draft_issue_signed(actor=clerks["stttt.vanthu"], draft=letter, secret=DEMO_PASSPHRASE)
    drafting.draft_dispatch(
        actor=clerks["stttt.vanthu"],
        draft=Draft.objects.get(pk=letter.pk),
        units=[sxd, units["LS-SYT"]],
        external="Công ty Cổ phần Viễn thông Lạng Sơn",
    )
    signed_request(
        {
            **LETTER,
            "subject": "V/v báo cáo kết quả chuyển đổi số quý IV năm 2026",
            "body": "Thực hiện Kế hoạch chuyển đổi số năm 2026, Sở Thông tin và Truyền thông đề nghị các sở cập nhật "
            "kết quả thực hiện các chỉ tiêu chuyển đổi số quý IV năm 2026 (tỷ lệ hồ sơ trực tuyến toàn trình, tỷ lệ "
            "văn bản điện tử có chữ ký số) trên hệ thống theo dõi chỉ tiêu, hoàn thành trước ngày 05 tháng 01 năm "
            "2027./.",
        },
        sign=True,
    )
    signed_request(
        {
            **LETTER,
            "subject": "V/v góp ý dự thảo Kế hoạch chuyển đổi số năm 2027",
            "body": "Sở Thông tin và Truyền thông gửi kèm theo dự thảo Kế hoạch chuyển đổi số năm 2027 của tỉnh, đề "
            "nghị các sở nghiên cứu, góp ý bằng văn bản và gửi về Sở trước ngày 25 tháng 12 năm 2026. Quá thời hạn "
            "trên, Sở hiểu là các sở thống nhất với dự thảo./.",
        },
        sign=False,
    )

    # Incoming at the Department of Construction: the letter registered and assigned.
    clerk_b, director_b, specialist_b = clerks["sxd.vanthu"], users["sxd.giamdoc"], users["sxd.chuyenvien"]
    arrived = Incoming.objects.get(unit=sxd, outgoing=letter)
    arrived = services.incoming_register(actor=clerk_b, incoming=arrived, urgency="urgent")
    services.incoming_assign(
        actor=director_b,
        incoming=arrived,
        assignee=specialist_b,
        deadline=timezone.localdate() + timedelta(days=5),
        note="Đề xuất danh sách 02 cán bộ, báo cáo trước ngày 18.",
    )
    counts["incoming"] += 1
    # One by e-mail, assigned and overdue; one on paper, waiting for its assignment.
    from civildesk.drafting.demo import example

    data = example("CV")
    by_mail = services.incoming_receive(
        actor=clerk_b, unit=sxd, source="email", data=drafting.document_pdf(data), filename="cong-van-112.pdf"
    )
    services.incoming_assign(
        actor=director_b, incoming=by_mail, assignee=specialist_b, deadline=timezone.localdate(), note="Chủ trì."
    )
    Incoming.objects.filter(pk=by_mail.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    gm = example("GM")
    services.incoming_receive(
        actor=clerk_b, unit=sxd, source="paper", data=drafting.document_pdf(gm), filename="giay-moi-09.pdf"
    )
    counts["incoming"] += 2
    if stdout:
        stdout.write("correspondence demo: văn thư logins stttt.vanthu, sxd.vanthu")
    return counts
