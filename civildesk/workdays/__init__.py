"""The working-day calendar of CivilDesk (plain Python, no Django).

One calendar for the whole project: Saturdays and Sundays off, the Vietnamese
public holidays of :mod:`civildesk.workdays.holidays` (Tết and the Hùng Kings'
day by their lunar dates), and the swapped working days ("ngày làm bù") as
data. Periods follow the Civil Code 2015 (91/2015/QH13):

* Article 147: a period counted in days starts on the day *after* the event;
  so ``add_working_days(d, 1)`` is the first working day after ``d``.
* Article 148(5): when the last day of a period counted in (calendar) days is
  a weekend day or a holiday, the period ends at the end of the next working
  day: ``add_calendar_days(d, n, roll_forward=True)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from . import holidays

__all__ = [
    "Calendar",
    "add_calendar_days",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "working_days_between",
]


@dataclass(frozen=True)
class Calendar:
    """Weekend days (0=Monday), holidays and swapped working days."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    working_weekends: frozenset[date] = field(default_factory=frozenset)
    weekend: frozenset[int] = frozenset({5, 6})

    @classmethod
    def from_data(
        cls, *, holidays: Iterable[date] = (), working_weekends: Iterable[date] = (), weekend: Iterable[int] = (5, 6)
    ) -> Calendar:
        return cls(frozenset(holidays), frozenset(working_weekends), frozenset(weekend))

    def with_changes(self, *, days_off: Iterable[date] = (), working_days: Iterable[date] = ()) -> Calendar:
        """A copy with extra days off (e.g. a provincial decision) and extra working days."""
        working = frozenset(working_days)
        return Calendar((self.holidays | frozenset(days_off)) - working, self.working_weekends | working, self.weekend)

    def is_working_day(self, d: date) -> bool:
        if d in self.working_weekends:
            return True
        return d.weekday() not in self.weekend and d not in self.holidays

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the next one."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` gives ``start`` rolled forward to a working day; negative
        ``n`` counts backwards.
        """
        if n == 0:
            return self.next_working_day(start)
        step = 1 if n > 0 else -1
        d, left = start, abs(n)
        while left:
            d += timedelta(days=step)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=i)))

    def add_calendar_days(self, start: date, n: int, *, roll_forward: bool = True) -> date:
        """``start + n`` days; if that day is not a working day and ``roll_forward``, the next working day."""
        d = start + timedelta(days=n)
        return self.next_working_day(d) if roll_forward else d


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    """The Vietnamese calendar for civil servants, years in ``holidays.SUPPORTED_YEARS`` (solar holidays beyond)."""
    off: set[date] = set()
    work: set[date] = set()
    for year in range(holidays.SUPPORTED_YEARS.start - 1, holidays.SUPPORTED_YEARS.stop + 5):
        off |= holidays.days_off(year)
        work |= holidays.swapped_working_days(year)
    return Calendar.from_data(holidays=off, working_weekends=work)


def is_working_day(d: date, calendar: Calendar | None = None) -> bool:
    return (calendar or default_calendar()).is_working_day(d)


def add_working_days(start: date, n: int, calendar: Calendar | None = None) -> date:
    return (calendar or default_calendar()).add_working_days(start, n)


def working_days_between(start: date, end: date, calendar: Calendar | None = None) -> int:
    return (calendar or default_calendar()).working_days_between(start, end)


def add_calendar_days(start: date, n: int, calendar: Calendar | None = None, *, roll_forward: bool = True) -> date:
    return (calendar or default_calendar()).add_calendar_days(start, n, roll_forward=roll_forward)
