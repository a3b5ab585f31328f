"""The Decision 766 scores as plain Python: the golden cases."""

from __future__ import annotations

from datetime import date

from civildesk.procedures.scores import LATE, ON_TIME, PENDING, WAITING, Facts, Rule, classify, evaluate, points

END = date(2025, 12, 31)
DUE = date(2025, 6, 10)


def test_one_supplement_with_its_time_added_is_on_time():
    # Promised 10/6 once the 3 paused working days are added; finished on that day.
    f = Facts(finished_on=date(2025, 6, 10), due_date=DUE, supplements=1)
    assert classify(f, END) == ON_TIME


def test_finishing_after_the_promised_date_is_late():
    assert classify(Facts(finished_on=date(2025, 6, 11), due_date=DUE, supplements=1), END) == LATE


def test_two_supplement_requests_count_the_dossier_late_even_if_finished_early():
    assert classify(Facts(finished_on=date(2025, 6, 1), due_date=DUE, supplements=2), END) == LATE


def test_a_supplement_never_completed_is_not_counted():
    f = Facts(finished_on=None, due_date=DUE, supplements=1, waiting_supplement=True)
    assert classify(f, END) == WAITING


def test_a_dossier_open_at_the_end_of_the_period():
    assert classify(Facts(finished_on=None, due_date=date(2026, 1, 10)), END) == PENDING
    assert classify(Facts(finished_on=None, due_date=date(2025, 12, 1)), END) == LATE
    # Finished after the period: open at its end.
    assert classify(Facts(finished_on=date(2026, 1, 5), due_date=date(2026, 1, 10)), END) == PENDING


def test_points_are_proportional_below_the_threshold():
    rule = Rule(max_points=12.0, threshold=80.0)
    assert points(40.0, rule) == 6.0
    assert points(80.0, rule) == 12.0
    assert points(95.0, rule) == 12.0


def test_a_period_scored_end_to_end():
    facts = [
        Facts(online=True, has_fee=True, paid_online=True, finished_on=date(2025, 6, 10), due_date=DUE, supplements=1, digitised=True),
        Facts(online=True, has_fee=True, finished_on=date(2025, 6, 1), due_date=DUE, supplements=2, complaint=True),
        Facts(online=False, finished_on=None, due_date=DUE, supplements=1, waiting_supplement=True, digitised=True),
        Facts(online=False, finished_on=None, due_date=date(2026, 1, 10)),
    ]  # fmt: skip
    r = evaluate(facts, END)
    assert (r.total, r.on_time, r.late, r.waiting, r.pending) == (4, 1, 1, 1, 1)
    assert r.rates["on_time"] == 50.0
    assert r.rates["online"] == 50.0
    assert r.rates["online_payment"] == 50.0
    assert r.rates["satisfaction"] == 25.0  # 100 − (50 late + 25 complaints)
    assert r.rates["digitisation"] == 50.0
    assert r.points["on_time"] == 10.0  # 20 × 50 / 100
    assert r.points["online"] == 7.5  # 12 × 50 / 80
    assert r.points["online_payment"] == 10.0  # the threshold (50 %) is reached
    assert r.total_points == round(10.0 + 7.5 + 10.0 + 18 * 25 / 100 + 22 * 50 / 100, 2)
