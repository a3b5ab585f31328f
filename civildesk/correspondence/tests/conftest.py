"""Personas of two departments, keys for the outgoing side, and an issued Công văn ready to dispatch."""

from __future__ import annotations

import pytest

from civildesk.drafting import services as drafting
from civildesk.drafting.models import Draft
from civildesk.org.models import Role
from civildesk.signing import services as signing
from civildesk.signing.models import ChainStep, StepAction
from civildesk.signing.tests.conftest import (  # noqa: F401 - fixtures
    PASSPHRASE,
    _isolated,
    give_certificate,
    softhsm,
    test_pki,
    trust,
)
from conftest import make_user

CV = {
    "parent_agency": "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
    "agency": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "agency_code": "STTTT",
    "unit_code": "CĐS",
    "place": "Lạng Sơn",
    "subject": "V/v triển khai thí điểm Trợ lý ảo cho cán bộ, công chức",
    "addressees": "Sở Xây dựng\nPhòng Bưu chính, Viễn thông",
    "body": "Sở Thông tin và Truyền thông đề nghị các cơ quan cử 02 cán bộ đầu mối tham gia tập huấn sử dụng "
    "Trợ lý ảo, gửi danh sách về Sở trước ngày 20 tháng 12 năm 2026./.",
    "recipients": "Như trên;\nSở Xây dựng;\nCông ty Cổ phần Viễn thông ABC;\nLưu: VT, CĐS.",
    "authority": "KT",
    "on_behalf_of": "GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Trần Thị Lãnh Đạo",
}


@pytest.fixture
def clerk_a(units):
    return make_user("clerk.a", units["a"], Role.CLERK)


@pytest.fixture
def clerk_b(units):
    return make_user("clerk.b", units["b"], Role.CLERK)


@pytest.fixture
def director_b(units):
    return make_user("director.b", units["b"], Role.LEADER, full_name="Giám Đốc Bê")


@pytest.fixture
def specialist_b(units):
    return make_user("specialist.b", units["b"], Role.STAFF, full_name="Chuyên Viên Bê")


@pytest.fixture
def issued(units, staff_a, leader_a, clerk_a, give_certificate):  # noqa: F811 - the imported fixture
    """A Công văn of department A, signed by its leader, numbered and sealed by its clerk (key files, B-B)."""
    give_certificate(leader_a, units["a"], "signer", backend="pkcs12")
    give_certificate(clerk_a, units["a"], "agency", backend="pkcs12", kind="agency")
    draft = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="CV", **CV)
    drafting.draft_send_for_review(actor=staff_a, draft=draft, reviewer=leader_a)
    sr = signing.request_from_draft(
        actor=staff_a,
        draft=Draft.objects.get(pk=draft.pk),
        chain=[signing.StepSpec(assignees=[leader_a], action=StepAction.SIGN)],
        level="B-B",
    )
    signing.step_sign(actor=leader_a, step=ChainStep.objects.get(request=sr), secret=PASSPHRASE)
    drafting.draft_issue_signed(actor=clerk_a, draft=Draft.objects.get(pk=draft.pk), secret=PASSPHRASE)
    return Draft.objects.get(pk=draft.pk)
