"""Due dates on the real 2025–2026 calendar (Decree 118/2025: the clock starts the next working day)."""

from __future__ import annotations

from datetime import date

import pytest

from civildesk.procedures import deadlines

from .conftest import at


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (at(2025, 3, 4), 1, date(2025, 3, 5)),  # an ordinary Tuesday → Wednesday
        (at(2025, 3, 7), 1, date(2025, 3, 10)),  # Friday → Monday (the weekend is skipped)
        (at(2025, 1, 24), 1, date(2025, 2, 3)),  # Tết Ất Tỵ 25/1–2/2/2025 is skipped
        (at(2025, 1, 24), 3, date(2025, 2, 5)),
        (at(2025, 4, 25), 1, date(2025, 4, 26)),  # Saturday 26/4/2025 is a swapped working day
        (at(2025, 4, 25), 2, date(2025, 4, 28)),
        (at(2025, 4, 25), 4, date(2025, 5, 5)),  # 30/4–4/5/2025 off
        (at(2025, 8, 29), 1, date(2025, 9, 3)),  # National Day 30/8–2/9/2025
        (at(2026, 2, 13), 1, date(2026, 2, 23)),  # Tết Bính Ngọ 14/2–22/2/2026
        (at(2026, 4, 29), 1, date(2026, 5, 4)),  # 30/4 and 1/5/2026
        (at(2026, 9, 1), 1, date(2026, 9, 4)),  # 2/9/2026 (Wednesday) and Thursday 3/9
    ],
)
def test_due_date_counts_working_days_from_the_next_working_day(received, days, due):
    assert deadlines.due_date(received, days, 16) == due


def test_a_receipt_after_the_cut_off_hour_counts_from_the_next_working_day():
    assert deadlines.due_date(at(2025, 3, 4, 15, 59), 1, 16) == date(2025, 3, 5)
    assert deadlines.due_date(at(2025, 3, 4, 16, 0), 1, 16) == date(2025, 3, 6)
    # Thursday 24/4/2025 at 16:30: received Friday 25/4, first day the swapped Saturday 26/4.
    assert deadlines.receipt_day(at(2025, 4, 24, 16, 30), 16) == date(2025, 4, 25)
    assert deadlines.due_date(at(2025, 4, 24, 16, 30), 1, 16) == date(2025, 4, 26)


def test_a_receipt_on_a_day_off_counts_on_the_next_working_day():
    assert deadlines.receipt_day(at(2025, 4, 19, 10), 16) == date(2025, 4, 21)  # an ordinary Saturday
    assert deadlines.clock_start(at(2025, 4, 19, 10), 16) == date(2025, 4, 22)
    assert deadlines.receipt_day(at(2025, 1, 30, 10), 16) == date(2025, 2, 3)  # during Tết


def test_a_supplement_pauses_the_clock_for_the_working_days_it_took():
    # Asked Monday 3/3/2025, the supplement came Wednesday 5/3: two working days paused.
    assert deadlines.paused_working_days(date(2025, 3, 3), date(2025, 3, 5)) == 2
    assert deadlines.paused_working_days(date(2025, 3, 3), date(2025, 3, 3)) == 0
    # Paused over Tết: Friday 24/1/2025 to Monday 3/2 is one working day.
    assert deadlines.paused_working_days(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert deadlines.due_date(at(2025, 3, 3), 5, 16, paused_days=2) == date(2025, 3, 12)
