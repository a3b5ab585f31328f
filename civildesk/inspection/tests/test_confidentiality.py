"""The denouncer's identity: encrypted at rest, shown to the handler and the head only, every view audited."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from civildesk.inspection import services, stats
from civildesk.inspection.models import Case, CaseType, Instance
from civildesk.org.models import AuditEntry, Role

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db
SECRETS = [DENOUNCER.name, DENOUNCER.phone, DENOUNCER.citizen_id]


@pytest.fixture
def denunciation(register, reception_a, leader_a, handler_a):
    case = register(
        reception_a,
        case_type=CaseType.DENUNCIATION,
        instance=Instance.NONE,
        identity=DENOUNCER,
        title="Tố cáo cán bộ nhận tiền",
        content="Tố cáo cán bộ địa chính nhận tiền của dân.",
    )
    case = services.case_classify(
        actor=reception_a,
        case=case,
        case_type="denunciation",
        instance="none",
        field="",
        complexity="normal",
        remote_area=False,
    )
    case = services.case_accept(actor=reception_a, case=case)
    return services.case_assign(actor=leader_a, case=case, assignee=handler_a)


def _no_secret(text: str) -> None:
    for s in SECRETS:
        assert s not in text
        assert unicodedata.normalize("NFD", s) not in text


def test_stored_encrypted(denunciation):
    row = Case.objects.filter(pk=denunciation.pk).values().get()
    _no_secret(json.dumps(row, default=str, ensure_ascii=False))
    assert row["identity_token"].startswith("gAAAA")  # a Fernet token


def test_only_handler_and_head_of_the_unit_may_see(
    denunciation,
    handler_a,
    leader_a,
    reception_a,
    director,
    inspector,
    sysadmin,
    staff_a,
    staff_b,
    unit_admin_a,
    make_persona,
    units,
):
    assert services.case_identity_view(actor=handler_a, case=denunciation).name == DENOUNCER.name
    assert services.case_identity_view(actor=leader_a, case=denunciation).citizen_id == DENOUNCER.citizen_id
    superuser = make_persona("root", units["province"])
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    other_inspector = make_persona("insp.other", units["a"], Role.INSPECTOR)
    for user in (
        reception_a,
        director,
        inspector,
        sysadmin,
        staff_a,
        staff_b,
        unit_admin_a,
        superuser,
        other_inspector,
    ):
        assert not services.identity_can_view(user, denunciation), user
        with pytest.raises(PermissionDenied):
            services.case_identity_view(actor=user, case=denunciation)
    views = AuditEntry.objects.filter(action="inspection.identity_view", object_id=str(denunciation.pk))
    assert views.count() == 2
    assert AuditEntry.objects.filter(action="inspection.identity_refused").count() == 9


def test_complaint_identity_is_for_the_handlers(register, reception_a, leader_a, staff_b):
    case = register(reception_a)
    assert services.identity_can_view(leader_a, case)
    assert not services.identity_can_view(staff_b, case)


def test_case_page_shows_identity_only_on_request_and_audits(client, denunciation, handler_a, reception_a):
    client.force_login(handler_a)
    url = reverse("inspection:case", args=[denunciation.pk])
    page = client.get(url).content.decode()
    _no_secret(page)
    before = AuditEntry.objects.filter(action="inspection.identity_view").count()
    shown = client.post(reverse("inspection:case_identity", args=[denunciation.pk])).content.decode()
    assert DENOUNCER.name in shown and DENOUNCER.citizen_id in shown
    assert AuditEntry.objects.filter(action="inspection.identity_view").count() == before + 1
    client.force_login(reception_a)
    _no_secret(client.get(url).content.decode())
    assert client.post(reverse("inspection:case_identity", args=[denunciation.pk])).status_code == 403


def test_admin_superuser_cannot_read_it(client, denunciation, make_persona, units):
    root = make_persona("root", units["province"])
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    for url in (
        reverse("admin:inspection_case_change", args=[denunciation.pk]),
        reverse("admin:inspection_case_changelist"),
        reverse("admin:org_auditentry_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _no_secret(response.content.decode())
    # searching the admin by the phone number finds nothing (the identity is not searchable)
    found = client.get(reverse("admin:inspection_case_changelist"), {"q": DENOUNCER.phone}).content.decode()
    assert denunciation.number not in found
    # the superuser is no handler: the page refuses too
    assert client.post(reverse("inspection:case_identity", args=[denunciation.pk])).status_code == 403


def test_api_search_exports_and_audit_never_contain_it(client, denunciation, leader_a, handler_a):
    services.case_identity_view(actor=handler_a, case=denunciation)
    client.force_login(leader_a)
    _no_secret(client.get("/api/v1/inspection/cases").content.decode())
    _no_secret(client.get(f"/api/v1/inspection/cases/{denunciation.pk}").content.decode())
    from civildesk.inspection.api import CaseDetailOut

    fields = set(CaseDetailOut.model_json_schema()["properties"])
    assert not fields & {"identity_token", "person_key", "phone_key", "name", "phone", "citizen_id", "address"}
    found = client.get(reverse("inspection:cases"), {"q": DENOUNCER.name}).content.decode()
    assert denunciation.number not in found  # identity is not searchable
    found = client.get(reverse("inspection:cases"), {"q": DENOUNCER.phone}).content.decode()
    assert denunciation.number not in found
    from django.utils import timezone

    report = stats.build(
        Case.objects.all(), timezone.localdate().replace(month=1, day=1), timezone.localdate(), timezone.localdate()
    )
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(stats.to_xlsx(report)))
    cells = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    _no_secret(cells)
    xlsx = client.get(reverse("inspection:report_xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    audit = json.dumps(list(AuditEntry.objects.values()), default=str, ensure_ascii=False)
    _no_secret(audit)


def test_same_person_lookup_uses_a_keyed_hash(register, reception_a):
    from civildesk.inspection import protect

    a = register(reception_a, case_type=CaseType.DENUNCIATION, instance=Instance.NONE, identity=DENOUNCER)
    assert a.person_key == protect.person_key("020 190 000 111") and len(a.person_key) == 64
    assert a.phone_key == protect.phone_key("+84 912 000 111")
    assert DENOUNCER.citizen_id not in a.person_key


def test_key_file_is_created_private(settings):
    from civildesk.inspection import protect

    protect.encrypt_identity(DENOUNCER)
    mode = os.stat(settings.CIVILDESK_FIELD_KEY_FILE).st_mode & 0o777
    assert mode == 0o600


@pytest.mark.django_db(transaction=True)
def test_demo_database_file_holds_no_plain_identity(tmp_path):
    """Migrate and load the demo into a SQLite file (as `make setup` does) and grep every byte."""
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "CIVILDESK_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "civildesk.settings",
        "CIVILDESK_INDEX_DENSE": "0",
        "CIVILDESK_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "CIVILDESK_EMBEDDING_CACHE": str(tmp_path / "emb"),
        "CIVILDESK_LOG_LEVEL": "DEBUG",
    }
    env.pop("DATABASE_URL", None)
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from civildesk.org import demo as o; o.load();"
        "from civildesk.inspection import demo as d; print(d.load());"
        "print(d.load())"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    logs = proc.stdout + proc.stderr
    lines = proc.stdout.decode().strip().splitlines()
    assert "'cases': 0" in lines[-1]  # idempotent: the second load creates nothing
    assert "'cases': 0" not in lines[-2]
    db_files = list((tmp_path / "data").glob("civildesk.sqlite3*"))
    assert db_files
    blobs = [p.read_bytes() for p in db_files] + [logs]
    for s in SECRETS:
        for form in {unicodedata.normalize("NFC", s), unicodedata.normalize("NFD", s)}:
            for enc in ("utf-8", "utf-16-le"):
                needle = form.encode(enc)
                for blob in blobs:
                    assert needle not in blob, (s, enc)
    # The identity is there, encrypted: the head of the inspectorate can read it with the key file.
    check = (
        "import django; django.setup();"
        "from civildesk.inspection.models import Case; from civildesk.inspection import protect;"
        "c = Case.objects.get(title='Tố cáo cán bộ địa chính xã nhận tiền');"
        "print(protect.decrypt_identity(c.identity_token).phone == '0912000111')"
    )
    proc = subprocess.run([sys.executable, "-c", check], cwd=root, env=env, capture_output=True, timeout=120)
    assert proc.stdout.decode().strip().endswith("True"), proc.stderr.decode()[-2000:]


def test_openapi_schema_lists_the_case_endpoints(client, leader_a):
    client.force_login(leader_a)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/inspection/cases" in schema["paths"]
    assert "/api/v1/inspection/cases/{case_id}" in schema["paths"]
    assert "identity_token" not in json.dumps(schema)


# --- Regressions of the security review (issue 17) ---------------------------------


def test_reception_cannot_reclassify_a_denunciation(register, reception_a):
    case = register(reception_a, case_type=CaseType.DENUNCIATION, instance=Instance.NONE, identity=DENOUNCER)
    with pytest.raises(PermissionDenied):
        services.case_classify(
            actor=reception_a, case=case, case_type="complaint", instance="first",
            field="", complexity="normal", remote_area=False,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.case_type == CaseType.DENUNCIATION


def test_a_reclassified_denunciation_keeps_its_protection(register, reception_a, leader_a, make_persona, units):
    inspector = make_persona("inspector.other", units["a"], Role.INSPECTOR)
    case = register(reception_a, case_type=CaseType.DENUNCIATION, instance=Instance.NONE, identity=DENOUNCER)
    case = services.case_classify(
        actor=leader_a, case=case, case_type="complaint", instance="first",
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip
    assert case.case_type == CaseType.COMPLAINT and case.is_protected
    assert not services.identity_can_view(inspector, case)
    with pytest.raises(PermissionDenied):
        services.case_identity_view(actor=inspector, case=case)


def test_same_person_match_does_not_reveal_a_denouncer(register, reception_a, leader_a):
    from civildesk.inspection.protect import Identity

    protected = register(reception_a, case_type=CaseType.DENUNCIATION, instance=Instance.NONE, identity=DENOUNCER)
    complaint = register(
        reception_a,
        identity=Identity(name="Người khác", phone=DENOUNCER.phone),
        title="Khiếu nại về việc cấp giấy chứng nhận",
        content="Đề nghị xem xét lại việc cấp giấy chứng nhận quyền sử dụng đất.",
    )
    seen = {m.case.pk: m.reasons for m in services.case_duplicates(user=reception_a, case=complaint)}
    assert "person" not in seen.get(protected.pk, [])
    # The head of the unit, who may see both identities, is told.
    seen = {m.case.pk: m.reasons for m in services.case_duplicates(user=leader_a, case=complaint)}
    assert "person" in seen.get(protected.pk, [])
