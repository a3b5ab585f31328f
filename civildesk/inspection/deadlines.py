"""Statutory deadlines of cases (plain Python; rules come from ``DeadlineRule`` rows).

A period counted in days starts the day after the event (Civil Code 2015,
Art. 147). A calendar-day period that ends on a weekend or holiday ends on
the next working day (Art. 148(5)); a working-day period is counted with
``civildesk.workdays``. Time spent suspended does not count: the deadline
moves by the suspended days, counted the way the rule counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from civildesk.workdays import Calendar, default_calendar


@dataclass(frozen=True)
class Terms:
    days: int
    complex_days: int
    remote_days: int
    remote_complex_days: int
    working: bool = False
    extension_days: int = 0
    max_extensions_complex: int = 0
    max_extensions_very_complex: int = 0


def base_days(terms: Terms, *, complexity: str, remote: bool) -> int:
    complex_ = complexity in ("complex", "very_complex")
    if remote:
        return terms.remote_complex_days if complex_ else terms.remote_days
    return terms.complex_days if complex_ else terms.days


def max_extensions(terms: Terms, *, complexity: str) -> int:
    if not terms.extension_days:
        return 0
    return {
        "complex": terms.max_extensions_complex,
        "very_complex": terms.max_extensions_very_complex,
    }.get(complexity, 0)


def add_days(start: date, n: int, *, working: bool, calendar: Calendar | None = None) -> date:
    cal = calendar or default_calendar()
    return cal.add_working_days(start, n) if working else cal.add_calendar_days(start, n, roll_forward=True)


def days_between(start: date, end: date, *, working: bool, calendar: Calendar | None = None) -> int:
    """Days of ``(start, end]`` the way a rule counts them (for suspensions)."""
    cal = calendar or default_calendar()
    return cal.working_days_between(start, end) if working else (end - start).days


def settlement_deadline(
    terms: Terms,
    accepted_on: date,
    *,
    complexity: str = "normal",
    remote: bool = False,
    extensions: int = 0,
    suspended_days: int = 0,
    calendar: Calendar | None = None,
) -> date:
    """The last day to settle a case accepted on ``accepted_on``."""
    if extensions > max_extensions(terms, complexity=complexity):
        raise ValueError("more extensions than the rule allows")
    total = base_days(terms, complexity=complexity, remote=remote) + extensions * terms.extension_days + suspended_days
    return add_days(accepted_on, total, working=terms.working, calendar=calendar)


def intake_deadline(received_on: date, days: int, *, working: bool, calendar: Calendar | None = None) -> date:
    """The last day to decide whether to accept a case received on ``received_on``."""
    return add_days(received_on, days, working=working, calendar=calendar)
