"""Every transition of the dossier workflow, allowed and refused, with its effects."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civildesk.org.models import AuditEntry
from civildesk.procedures.models import Dossier, DossierEvent, Status
from civildesk.procedures.services import DOSSIERS

from .conftest import at, sign_result

pytestmark = pytest.mark.django_db

S = Status
# state -> what each persona may do there (the leader also holds the clerk's and specialist's actions of the unit)
EXPECTED = {
    S.NEW: {
        "clerk": {"accept", "refuse", "request_supplement", "withdraw"},
        "specialist": set(),
        "leader": {"accept", "refuse", "request_supplement", "withdraw"},
    },
    S.ACCEPTED: {
        "clerk": {"request_supplement", "forward", "withdraw"},
        "specialist": {"extend"},
        "leader": {"request_supplement", "forward", "extend", "stop", "withdraw"},
    },
    S.PROCESSING: {
        "clerk": {"request_supplement", "withdraw"},
        "specialist": {"propose", "request_payment", "extend"},
        "leader": {"request_supplement", "propose", "request_payment", "extend", "stop", "withdraw"},
    },
}


def _states(dossier, *names, actor):
    for name in names:
        dossier = DOSSIERS.apply(dossier, name, actor=actor, **_data(name, actor))
    return dossier


def _data(name, actor):
    return {
        "refuse": {"reason": "Không thuộc thẩm quyền"},
        "request_supplement": {"missing": "Bản vẽ thiết kế"},
        "propose": {"result": "Cấp giấy phép"},
        "forward": {"handler": None},
        "stop": {"reason": "Có tranh chấp"},
        "withdraw": {"reason": "Người nộp xin rút"},
        "send_back": {"comment": "Bổ sung căn cứ"},
    }.get(name, {})


@pytest.mark.parametrize("state", [S.NEW, S.ACCEPTED, S.PROCESSING])
def test_who_may_do_what_in_each_state(state, register, clerk_a, specialist_a, boss_a):
    d = register().dossier
    d = _states(d, *{S.NEW: [], S.ACCEPTED: ["accept"], S.PROCESSING: ["accept", "forward"]}[state], actor=clerk_a)
    assert d.status == state
    people = {"clerk": clerk_a, "specialist": specialist_a, "leader": boss_a}
    for role, user in people.items():
        assert {t.name for t in DOSSIERS.available(user, d)} == EXPECTED[state][role], role


def test_accept_sets_the_promised_date_from_the_version_applied(register, clerk_a):
    d = register(received_at=at(2025, 1, 24, 10)).dossier  # Friday before Tết Ất Tỵ
    d = DOSSIERS.apply(d, "accept", actor=clerk_a)
    assert d.status == S.ACCEPTED and d.due_date == date(2025, 2, 7) == d.original_due_date  # 5 working days
    assert DossierEvent.objects.filter(dossier=d, action="accept").exists()
    assert AuditEntry.objects.filter(action="procedures.dossier_accept").count() == 1


def test_a_later_version_of_the_procedure_never_moves_an_old_deadline(register, clerk_a, procedure):
    from civildesk.procedures.models import ProcedureVersion

    d = register(received_at=at(2025, 3, 3)).dossier
    ProcedureVersion.objects.create(
        procedure=procedure, number=2, valid_from=date(2025, 1, 1), processing_days=20, result="x"
    )
    d = DOSSIERS.apply(Dossier.objects.get(pk=d.pk), "accept", actor=clerk_a)
    assert d.version.number == 1 and d.due_date == date(2025, 3, 10)
    assert register(received_at=at(2025, 3, 3)).dossier.version.number == 2


def test_wrong_state_is_refused_with_a_message_in_the_users_language(register, clerk_a, english):
    d = register().dossier
    with pytest.raises(ValidationError) as exc:
        DOSSIERS.apply(d, "return_result", actor=clerk_a)
    assert exc.value.code == "wrong_state" and "New registration" in exc.value.messages[0]
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        DOSSIERS.apply(d, "forward", actor=clerk_a)
    assert "Mới đăng ký" in exc.value.messages[0]


def test_another_units_clerk_and_a_specialist_are_refused(register, clerk_b, specialist_a):
    d = register().dossier
    with pytest.raises(PermissionDenied):
        DOSSIERS.apply(d, "accept", actor=clerk_b)
    with pytest.raises(PermissionDenied):
        DOSSIERS.apply(d, "accept", actor=specialist_a)
    assert Dossier.objects.get(pk=d.pk).status == S.NEW


def test_refuse_needs_a_reason_and_ends_the_dossier(register, clerk_a):
    d = DOSSIERS.apply(register().dossier, "refuse", actor=clerk_a, reason="Không thuộc thẩm quyền")
    assert d.status == S.REFUSED and d.finished_on is not None and d.reason
    with pytest.raises(ValidationError):
        DOSSIERS.apply_data(register().dossier, "refuse", actor=clerk_a, data={"reason": ""})


def test_a_supplement_is_requested_once_and_pauses_the_clock(register, clerk_a, monkeypatch, english):
    from civildesk.procedures.services import workflow

    monkeypatch.setattr(workflow, "_today", lambda: date(2025, 3, 3))
    d = DOSSIERS.apply(register(received_at=at(2025, 3, 3)).dossier, "accept", actor=clerk_a)
    assert d.due_date == date(2025, 3, 10)
    d = DOSSIERS.apply(d, "request_supplement", actor=clerk_a, missing="Bản vẽ thiết kế")
    assert d.status == S.SUPPLEMENT and d.paused_since == date(2025, 3, 3)
    monkeypatch.setattr(workflow, "_today", lambda: date(2025, 3, 5))
    d = DOSSIERS.apply(d, "supplement_receive", actor=clerk_a)
    assert d.status == S.ACCEPTED and d.paused_days == 2 and d.due_date == date(2025, 3, 12)
    assert d.original_due_date == date(2025, 3, 10)
    with pytest.raises(ValidationError) as exc:
        DOSSIERS.apply(d, "request_supplement", actor=clerk_a, missing="Thêm nữa")
    assert "only once" in exc.value.messages[0]


def test_extend_issues_form_04_before_the_promised_date_only(register, clerk_a, specialist_a, monkeypatch, english):
    from civildesk.procedures.services import workflow

    monkeypatch.setattr(workflow, "_today", lambda: date(2025, 3, 3))
    d = _states(register(received_at=at(2025, 3, 3)).dossier, "accept", "forward", actor=clerk_a)
    with pytest.raises(ValidationError):
        DOSSIERS.apply(d, "extend", actor=specialist_a, new_due_date=date(2025, 3, 7), reason="x")
    d = DOSSIERS.apply(d, "extend", actor=specialist_a, new_due_date=date(2025, 3, 14), reason="Chờ ý kiến liên ngành")
    assert (
        d.due_date == date(2025, 3, 14)
        and d.extended_on == date(2025, 3, 3)
        and d.original_due_date == date(2025, 3, 10)
    )
    monkeypatch.setattr(workflow, "_today", lambda: date(2025, 3, 17))
    with pytest.raises(ValidationError) as exc:
        DOSSIERS.apply(d, "extend", actor=specialist_a, new_due_date=date(2025, 3, 20), reason="x")
    assert "before the promised date" in exc.value.messages[0]


def test_payment_and_stop_and_withdraw(register, clerk_a, specialist_a, boss_a):
    d = _states(register().dossier, "accept", "forward", actor=clerk_a)
    d = DOSSIERS.apply(d, "request_payment", actor=specialist_a)
    assert d.status == S.PAYMENT
    d = DOSSIERS.apply(d, "payment_received", actor=clerk_a, paid_online=True)
    assert d.status == S.PROCESSING and d.paid_online
    with pytest.raises(PermissionDenied):
        DOSSIERS.apply(d, "stop", actor=clerk_a, reason="x")
    d = DOSSIERS.apply(d, "stop", actor=boss_a, reason="Có tranh chấp")
    assert d.status == S.STOPPED and d.finished_on
    w = DOSSIERS.apply(register().dossier, "withdraw", actor=clerk_a, reason="Người nộp xin rút")
    assert w.status == S.WITHDRAWAL


def test_the_leader_returns_then_approves_signs_and_the_clerk_returns_the_result(
    register, clerk_a, specialist_a, boss_a, units, give_key, english
):
    give_key(boss_a, units["a"])
    d = _states(register().dossier, "accept", "forward", actor=clerk_a)
    with pytest.raises(ValidationError):  # nothing proposed yet
        DOSSIERS.apply(d, "approve", actor=boss_a)
    d = DOSSIERS.apply(d, "propose", actor=specialist_a, result="Cấp giấy phép xây dựng")
    with pytest.raises(PermissionDenied):
        DOSSIERS.apply(d, "approve", actor=specialist_a)
    d = DOSSIERS.apply(d, "send_back", actor=boss_a, comment="Bổ sung căn cứ")
    assert not d.proposed
    d = DOSSIERS.apply(d, "propose", actor=specialist_a, result="Cấp giấy phép xây dựng số 12")
    d = DOSSIERS.apply(d, "approve", actor=boss_a)
    assert d.signature_request_id
    with pytest.raises(ValidationError) as exc:  # 9 only once the result is signed
        DOSSIERS.apply(d, "complete", actor=boss_a)
    assert "not been signed" in exc.value.messages[0]
    sign_result(d, boss_a)
    d = DOSSIERS.apply(Dossier.objects.get(pk=d.pk), "complete", actor=specialist_a)
    assert d.status == S.DONE and d.result_file
    with d.result_file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    with pytest.raises(ValidationError):  # 10 only from 9 — and only once
        DOSSIERS.apply(d, "complete", actor=boss_a)
    d = DOSSIERS.apply(d, "return_result", actor=clerk_a)
    assert d.status == S.RETURNED and d.national_code == 10
    with pytest.raises(ValidationError):
        DOSSIERS.apply(d, "return_result", actor=clerk_a)


def test_return_result_only_from_9(register, clerk_a):
    d = _states(register().dossier, "accept", "forward", actor=clerk_a)
    with pytest.raises(ValidationError):
        DOSSIERS.apply(d, "return_result", actor=clerk_a)


def test_a_stale_page_is_told_the_dossier_changed(register, clerk_a, make_persona, units, english):
    from civildesk.org.models import Role

    other = make_persona("motcua2.a", units["a"], Role.CLERK)
    d = register().dossier
    stale = Dossier.objects.get(pk=d.pk)
    DOSSIERS.apply(d, "accept", actor=clerk_a)
    with pytest.raises(ValidationError) as exc:
        DOSSIERS.apply(stale, "refuse", actor=other, reason="x")
    assert exc.value.code == "wrong_state" and "Accepted" in exc.value.messages[0]
