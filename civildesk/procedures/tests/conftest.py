from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from civildesk.org.models import Role

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMPONENTS = [
    {"name": "Tờ khai theo mẫu", "copies": 1, "original": True},
    {"name": "Bản sao Căn cước công dân", "copies": 1, "original": False},
]


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _isolated(isolated_data):
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def clerk_a(units, make_persona):
    return make_persona("motcua.a", units["a"], Role.CLERK)


@pytest.fixture
def specialist_a(units, make_persona):
    return make_persona("chuyenvien.a", units["a"], Role.STAFF)


@pytest.fixture
def boss_a(units, make_persona):
    return make_persona("lanhdao.a", units["a"], Role.LEADER)


@pytest.fixture
def clerk_b(units, make_persona):
    return make_persona("motcua.b", units["b"], Role.CLERK)


@pytest.fixture
def procedure(units):
    from civildesk.procedures.models import Level, Procedure, ProcedureVersion

    proc = Procedure(code="1.001234", name="Cấp giấy phép xây dựng nhà ở riêng lẻ", level=Level.DEPARTMENT,
                     field="Xây dựng", unit=units["a"])  # fmt: skip
    proc.refresh_search_text()
    proc.save()
    ProcedureVersion.objects.create(
        procedure=proc, number=1, valid_from=date(2024, 1, 1), processing_days=5, cut_off_hour=16,
        components=COMPONENTS, fee="75.000 đồng", fee_amount=75000, result="Giấy phép xây dựng",
        legal_basis="Luật Xây dựng 2014",
    )  # fmt: skip
    return proc


@pytest.fixture
def register(procedure, clerk_a):
    from civildesk.procedures.services import dossier_register

    def _register(actor=None, *, received_at=None, files=None, public=False, proc=None, **kw):
        kw.setdefault("applicant_name", "Nguyễn Văn An")
        kw.setdefault("applicant_phone", "0912 345 678")
        return dossier_register(
            actor=None if public else (actor or clerk_a),
            procedure=proc or procedure,
            channel=kw.pop("channel", "online" if public else "in_person"),
            received_at=received_at,
            files=files if files is not None else [("to-khai.pdf", PDF)],
            public=public,
            **kw,
        )

    return _register


PASSPHRASE = "p12-passphrase"


@pytest.fixture(scope="session")
def offline_pki(tmp_path_factory):
    """The signing app's test PKI, built without a server (B-B signatures need none)."""
    from civildesk.signing import pki

    return pki.build(tmp_path_factory.mktemp("pki"), "http://127.0.0.1:9")


@pytest.fixture
def give_key(offline_pki, sysadmin, settings):
    """Register a key-file certificate for ``user`` (the leader who signs results)."""
    from pathlib import Path

    from civildesk.signing import placement
    from civildesk.signing import services as signing

    signing.trusted_root_add(actor=sysadmin, name="Test root", certificate=offline_pki.cert_pem("root"), kind="other")

    def give(user, unit):
        keys = Path(settings.DATA_DIR) / "signing" / "keys"
        keys.mkdir(parents=True, exist_ok=True)
        (keys / f"{user.username}.p12").write_bytes(offline_pki.pkcs12("signer", PASSPHRASE))
        return signing.certificate_register(
            actor=sysadmin, user=user, unit=unit, label="signer", certificate=offline_pki.cert_der("signer"),
            chain=offline_pki.chain_der("signer"), kind="personal", backend="pkcs12", token_label="", key_label="",
            key_file=f"{user.username}.p12", image_png=placement.make_signature_png(user.username),
        )  # fmt: skip

    return give


def sign_result(dossier, leader):
    """The leader signs the result's signature request (through the signing app's service)."""
    from civildesk.signing import services as signing
    from civildesk.signing.models import SignatureRequest

    request = SignatureRequest.objects.get(pk=dossier.signature_request_id)
    step = request.steps.get(assignee=leader)
    signing.step_sign(actor=leader, step=step, secret=PASSPHRASE)
