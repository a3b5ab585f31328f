"""Every allowed and refused case transition, each audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from civildesk.inspection import services
from civildesk.inspection.models import CaseEvent, CaseStatus, CaseType, Complexity, Instance
from civildesk.inspection.protect import Identity
from civildesk.org.models import AuditEntry

pytestmark = pytest.mark.django_db


def classify(actor, case, **kw):
    values = {
        "case_type": case.case_type,
        "instance": case.instance,
        "field": "",
        "complexity": "normal",
        "remote_area": False,
    }
    values.update(kw)
    return services.case_classify(actor=actor, case=case, **values)


def to_verifying(leader, handler, case):
    case = classify(leader, case)
    case = services.case_accept(actor=leader, case=case)
    case = services.case_assign(actor=leader, case=case, assignee=handler)
    return services.case_start_verification(actor=handler, case=case)


def test_full_path_is_audited(register, reception_a, leader_a, handler_a):
    case = register(reception_a, received_on=date(2025, 3, 3))
    assert case.status == CaseStatus.RECEIVED and case.number.endswith(f"{case.pk:05d}")
    case = classify(reception_a, case)
    case = services.case_accept(actor=reception_a, case=case, accepted_on=date(2025, 3, 3))
    assert case.deadline == date(2025, 4, 2)  # a first-instance complaint: 30 days (Complaints Law 2011 Art. 28)
    case = services.case_assign(actor=leader_a, case=case, assignee=handler_a)
    case = services.case_start_verification(actor=handler_a, case=case)
    case = services.case_conclude(actor=handler_a, case=case, conclusion="Đúng một phần.")
    case = services.case_issue_decision(
        actor=leader_a, case=case, decision_number="1/QĐ", outcome_public="Đúng một phần."
    )
    case = services.case_close(actor=leader_a, case=case)
    assert case.status == CaseStatus.CLOSED
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [
        "receive",
        "classify",
        "accept",
        "assign",
        "start_verification",
        "conclude",
        "issue_decision",
        "close",
    ]
    audited = set(
        AuditEntry.objects.filter(object_id=str(case.pk), action__startswith="inspection.case_").values_list(
            "action", flat=True
        )
    )
    assert {f"inspection.case_{a}" for a in actions} <= audited


@pytest.mark.parametrize("name", ["transfer", "return", "reject"])
def test_triage_outcomes_then_close(register, reception_a, name):
    case = classify(reception_a, register(reception_a))
    kwargs = {"reason": "not_competent"}
    if name == "transfer":
        kwargs["transferred_to"] = "Tòa án nhân dân huyện"
    case = getattr(services, f"case_{name}")(actor=reception_a, case=case, **kwargs)
    assert case.status == {"transfer": "transferred", "return": "returned", "reject": "rejected"}[name]
    assert case.current_deadline is None
    assert services.case_close(actor=reception_a, case=case).status == CaseStatus.CLOSED


def test_triage_requires_a_listed_reason_and_a_target(register, reception_a):
    case = classify(reception_a, register(reception_a))
    with pytest.raises(ValidationError):
        services.case_reject(actor=reception_a, case=case, reason="because")
    with pytest.raises(ValidationError):
        services.case_transfer(actor=reception_a, case=case, reason="not_competent", transferred_to=" ")
    with pytest.raises(ValidationError):
        services.case_return(actor=reception_a, case=case, reason="other", note="")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLASSIFIED


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("accept", {}),
        ("transfer", {"reason": "not_competent", "transferred_to": "X"}),
        ("start_verification", {}),
        ("conclude", {"conclusion": "x"}),
        ("issue_decision", {"decision_number": "1", "outcome_public": "x"}),
        ("close", {}),
        ("resume", {}),
        ("extend", {"reason": "x"}),
        ("suspend", {"reason": "x"}),
    ],
)
def test_wrong_state_is_refused(register, leader_a, name, kwargs):
    case = register(leader_a)  # still "received"
    with pytest.raises(ValidationError):
        getattr(services, f"case_{name}")(actor=leader_a, case=case, **kwargs)
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_permission_refusals(register, reception_a, leader_a, handler_a, staff_b, make_persona, units):
    case = register(reception_a)
    with pytest.raises(PermissionDenied):
        classify(staff_b, case)  # another unit
    case = classify(reception_a, case)
    case = services.case_accept(actor=reception_a, case=case)
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=reception_a, case=case, assignee=handler_a)  # staff may not assign
    with pytest.raises(ValidationError):
        services.case_assign(actor=leader_a, case=case, assignee=reception_a)  # not a handler
    other_inspector = make_persona("other.inspector", units["a"], "inspector")
    case = services.case_assign(actor=leader_a, case=case, assignee=handler_a)
    with pytest.raises(PermissionDenied):
        services.case_start_verification(actor=other_inspector, case=case)  # not the assigned handler
    with pytest.raises(PermissionDenied):
        services.case_start_verification(actor=staff_b, case=case)


def test_register_refuses_other_units_and_future_dates(register, staff_b, reception_a):
    with pytest.raises(PermissionDenied):
        register(staff_b)
    with pytest.raises(ValidationError):
        register(reception_a, received_on=timezone.localdate() + timedelta(days=1))
    from civildesk.inspection.models import Case

    assert not Case.objects.exists()


def test_denunciation_needs_an_identifiable_denouncer(register, reception_a):
    with pytest.raises(ValidationError):
        register(reception_a, case_type=CaseType.DENUNCIATION, instance=Instance.NONE, identity=Identity())


def test_denunciation_extension_limits(register, leader_a, handler_a):
    case = register(
        leader_a, case_type=CaseType.DENUNCIATION, instance=Instance.NONE, identity=Identity(name="A", address="B")
    )
    case = to_verifying(leader_a, handler_a, case)
    base = case.deadline
    with pytest.raises(ValidationError):
        services.case_extend(actor=leader_a, case=case, reason="x")  # normal case: no extension
    case = services.case_extend(actor=leader_a, case=case, reason="Phức tạp", complexity=Complexity.COMPLEX)
    assert case.extensions == 1 and case.deadline >= base + timedelta(days=30)
    with pytest.raises(ValidationError):
        services.case_extend(actor=leader_a, case=case, reason="again")  # complex: once only
    case = services.case_extend(
        actor=leader_a, case=case, reason="Đặc biệt phức tạp", complexity=Complexity.VERY_COMPLEX
    )
    assert case.extensions == 2
    with pytest.raises(ValidationError):
        services.case_extend(actor=leader_a, case=case, reason="third")
    assert not services.can_extend(case)


def accepted_on_3_march_2025(leader, handler, register):
    case = classify(leader, register(leader, received_on=date(2025, 3, 3)))
    case = services.case_accept(actor=leader, case=case, accepted_on=date(2025, 3, 3))
    case = services.case_assign(actor=leader, case=case, assignee=handler)
    return services.case_start_verification(actor=handler, case=case)


def test_complaint_extension_means_the_complex_limit(register, leader_a, handler_a):
    case = accepted_on_3_march_2025(leader_a, handler_a, register)
    assert case.deadline == date(2025, 4, 2)  # 30 days
    case = services.case_extend(actor=leader_a, case=case, reason="Phức tạp")
    assert case.complexity == Complexity.COMPLEX
    assert case.deadline == date(2025, 4, 17)  # the complex limit: 45 days
    with pytest.raises(ValidationError):
        services.case_extend(actor=leader_a, case=case, reason="again")


def test_suspension_and_resumption_move_the_deadline(register, leader_a, handler_a):
    case = accepted_on_3_march_2025(leader_a, handler_a, register)
    assert case.deadline == date(2025, 4, 2)
    case = services.case_suspend(actor=leader_a, case=case, reason="Chờ giám định", on=date(2025, 3, 10))
    assert case.status == CaseStatus.SUSPENDED and not case.is_overdue
    with pytest.raises(ValidationError):
        services.case_suspend(actor=leader_a, case=case, reason="again")
    with pytest.raises(ValidationError):
        services.case_conclude(actor=handler_a, case=case, conclusion="x")
    case = services.case_resume(actor=leader_a, case=case, on=date(2025, 3, 20))
    assert case.status == CaseStatus.VERIFYING and case.suspended_days == 10
    assert case.deadline == date(2025, 4, 14)  # 2/4 + 10 days = Saturday 12/4 -> Monday 14/4


def test_suspend_needs_a_reason(register, leader_a, handler_a):
    case = to_verifying(leader_a, handler_a, register(leader_a))
    with pytest.raises(ValidationError):
        services.case_suspend(actor=leader_a, case=case, reason=" ")


def test_overdue_queryset(register, leader_a):
    from civildesk.inspection.models import Case

    case = register(leader_a, received_on=date(2025, 1, 2))
    assert case in Case.objects.overdue()  # acceptance decision is long overdue
    assert case.is_overdue
