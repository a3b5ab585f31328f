"""Deadlines of every default rule, with extensions and suspensions."""

from __future__ import annotations

from datetime import date

import pytest

from civildesk.inspection import deadlines, services
from civildesk.inspection.models import CaseType, DeadlineRule, Instance

ACCEPTED = date(2025, 3, 3)  # a Monday


def terms(case_type, instance="none"):
    return services.rule_terms(DeadlineRule.objects.get(case_type=case_type, instance=instance))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instance", "complexity", "remote", "expected"),
    [
        # Accepted Monday 3/3/2025. Law on Complaints 2011, Art. 28 (first instance) and Art. 37 (second):
        ("first", "normal", False, date(2025, 4, 2)),  # 30 days
        ("first", "complex", False, date(2025, 4, 17)),  # 45 days
        ("first", "normal", True, date(2025, 4, 17)),  # remote area: 45 days
        ("first", "complex", True, date(2025, 5, 5)),  # 60 days = Fri 2/5, a day off in 2025 -> Mon 5/5
        ("second", "normal", False, date(2025, 4, 17)),  # 45 days
        ("second", "complex", False, date(2025, 5, 5)),  # 60 days, as above
        ("second", "normal", True, date(2025, 5, 5)),  # remote: 60 days
        ("second", "very_complex", True, date(2025, 5, 12)),  # remote and complex: 70 days
    ],
)
def test_complaint_limits(instance, complexity, remote, expected):
    t = terms(CaseType.COMPLAINT, instance)
    assert deadlines.settlement_deadline(t, ACCEPTED, complexity=complexity, remote=remote) == expected


@pytest.mark.django_db
def test_calendar_deadline_on_a_weekend_moves_to_monday():
    t = terms(CaseType.COMPLAINT, "first")
    # 2025-03-01 (Sat) + 30 days = 2025-03-31 (Mon): unchanged; 2025-03-06 + 30 = 2025-04-05 (Sat) -> Mon 7/4 is
    # the Hùng Kings' day -> Tue 8/4.
    assert deadlines.settlement_deadline(t, date(2025, 3, 1)) == date(2025, 3, 31)
    assert deadlines.settlement_deadline(t, date(2025, 3, 6)) == date(2025, 4, 8)


@pytest.mark.django_db
def test_denunciation_extensions():
    t = terms(CaseType.DENUNCIATION)
    base = deadlines.settlement_deadline(t, ACCEPTED)
    assert base == date(2025, 4, 2)  # 30 days, Law on Denunciations 2018 Art. 30
    once = deadlines.settlement_deadline(t, ACCEPTED, complexity="complex", extensions=1)
    assert once == date(2025, 5, 2) or once > date(2025, 5, 2)  # 2/5/2025 is a day off: next working day
    assert once == date(2025, 5, 5)
    twice = deadlines.settlement_deadline(t, ACCEPTED, complexity="very_complex", extensions=2)
    assert twice == date(2025, 6, 2)
    with pytest.raises(ValueError):
        deadlines.settlement_deadline(t, ACCEPTED, complexity="complex", extensions=2)
    with pytest.raises(ValueError):
        deadlines.settlement_deadline(t, ACCEPTED, complexity="normal", extensions=1)


@pytest.mark.django_db
def test_petition_rule():
    t = terms(CaseType.PETITION)
    assert deadlines.settlement_deadline(t, ACCEPTED) == date(2025, 4, 2)


@pytest.mark.django_db
def test_suspension_days_move_the_deadline():
    t = terms(CaseType.DENUNCIATION)
    assert deadlines.settlement_deadline(t, ACCEPTED, suspended_days=10) == date(2025, 4, 14)  # 12/4 is a Saturday


def test_working_day_rule_uses_the_calendar():
    t = deadlines.Terms(days=10, complex_days=15, remote_days=10, remote_complex_days=15, working=True)
    assert deadlines.settlement_deadline(t, date(2025, 1, 20)) == date(2025, 2, 10)  # Tết skipped
    assert deadlines.days_between(date(2025, 1, 24), date(2025, 2, 3), working=True) == 1


@pytest.mark.django_db
def test_intake_deadline_of_a_denunciation_is_seven_working_days(register, leader_a):
    from civildesk.inspection.protect import Identity

    case = register(
        leader_a,
        case_type=CaseType.DENUNCIATION,
        instance=Instance.NONE,
        identity=Identity(name="X", address="Y"),
        received_on=date(2025, 1, 22),
    )
    assert case.intake_deadline == date(2025, 2, 7)  # 23, 24 Jan, Tết to 2 Feb, then 3-7 Feb


@pytest.mark.django_db
def test_rules_are_data_the_admin_can_change(register, leader_a):
    DeadlineRule.objects.filter(case_type=CaseType.COMPLAINT, instance="first").update(days=20)
    case = register(leader_a, received_on=date(2025, 3, 3))
    case = services.case_classify(
        actor=leader_a,
        case=case,
        case_type="complaint",
        instance="first",
        field="",
        complexity="normal",
        remote_area=False,
    )
    case = services.case_accept(actor=leader_a, case=case, accepted_on=date(2025, 3, 3))
    assert case.deadline == date(2025, 3, 24)
    assert "Điều 28" in case.rule.legal_basis
