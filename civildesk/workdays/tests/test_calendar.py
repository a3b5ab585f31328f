from datetime import date

import pytest

from civildesk.workdays import (
    Calendar,
    add_calendar_days,
    add_working_days,
    default_calendar,
    is_working_day,
    working_days_between,
)
from civildesk.workdays import holidays as h


def test_weekends_are_not_working_days():
    assert is_working_day(date(2025, 3, 14))  # Friday
    assert not is_working_day(date(2025, 3, 15))  # Saturday
    assert not is_working_day(date(2025, 3, 16))  # Sunday


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),  # New Year
        date(2025, 1, 29),  # mùng 1 Tết Ất Tỵ
        date(2025, 4, 7),  # Hùng Kings 10/3 lunar
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),  # swapped with Saturday 26/4
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2024, 2, 14),
        date(2026, 2, 17),  # mùng 1 Tết Bính Ngọ
        date(2026, 4, 27),  # Hùng Kings on Sunday 26/4 -> Monday off
        date(2027, 2, 10),  # Tết 2027 weekend days compensated
    ],
)
def test_public_holidays_are_off(day):
    assert not is_working_day(day)


def test_swapped_saturday_is_a_working_day():
    assert is_working_day(date(2025, 4, 26))
    assert is_working_day(date(2024, 5, 4))
    assert is_working_day(date(2024, 9, 14))


def test_lunar_table_covers_2024_to_2030_and_tet_precedes_hung_kings():
    assert set(h.LUNAR) == set(range(2024, 2031))
    for year, (tet, hung) in h.LUNAR.items():
        assert tet.year == hung.year == year
        assert 60 <= (hung - tet).days <= 90  # 10th day of the 3rd lunar month


def test_computed_year_has_eleven_statutory_days():
    days = h.computed_holidays(2029)
    assert sum(len(v) for v in days.values()) == 11  # Labour Code 2019 Art. 112


def test_holiday_on_weekend_moves_to_next_working_day():
    assert not is_working_day(date(2028, 1, 3))  # 1/1/2028 is a Saturday


def test_add_working_days_skips_weekends_and_tet():
    # Friday 24 Jan 2025, then Tết 25/1-2/2: the first working day after is Monday 3/2.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 17)
    assert add_working_days(date(2025, 3, 10), 10) == date(2025, 3, 24)
    assert add_working_days(date(2025, 3, 15), 0) == date(2025, 3, 17)
    assert add_working_days(date(2025, 3, 17), -1) == date(2025, 3, 14)


def test_add_working_days_counts_a_swapped_saturday():
    # Thursday 24/4/2025 + 2 working days: Friday 25, Saturday 26 (làm bù).
    assert add_working_days(date(2025, 4, 24), 2) == date(2025, 4, 26)


def test_working_days_between():
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 24)) == 10
    assert working_days_between(date(2025, 3, 24), date(2025, 3, 10)) == -10
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 10)) == 0


def test_add_calendar_days_rolls_forward_off_a_holiday():
    # Civil Code Art. 148(5): a period ending on a weekend ends on the next working day.
    assert add_calendar_days(date(2025, 3, 1), 30, roll_forward=False) == date(2025, 3, 31)
    assert add_calendar_days(date(2025, 3, 2), 6) == date(2025, 3, 10)  # Sat 8 -> Mon 10
    assert add_calendar_days(date(2025, 1, 1), 30) == date(2025, 2, 3)  # 31/1 is Tết
    assert add_calendar_days(date(2025, 3, 2), 6, roll_forward=False) == date(2025, 3, 8)


def test_custom_calendar_as_data():
    cal = Calendar.from_data(holidays=[date(2025, 3, 17)], working_weekends=[date(2025, 3, 22)])
    assert not cal.is_working_day(date(2025, 3, 17))
    assert cal.is_working_day(date(2025, 3, 22))
    assert cal.add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 18)
    changed = default_calendar().with_changes(days_off=[date(2025, 3, 18)], working_days=[date(2025, 4, 5)])
    assert not changed.is_working_day(date(2025, 3, 18))
    assert changed.is_working_day(date(2025, 4, 5))


def test_national_day_extra_day():
    assert date(2024, 9, 3) in h.days_off(2024)
    assert date(2027, 9, 3) in h.days_off(2027)
