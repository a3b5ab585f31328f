"""Due dates of dossiers, from the one working-day calendar (plain Python, no Django).

Decree 118/2025/NĐ-CP: the processing time is counted in working days from the day after receipt; a
dossier received at or after the procedure's cut-off hour, or on a day off, counts as received on the
next working day. A supplement request pauses the clock until the supplement arrives (the working days
in between are added to the promised date). A Form 04 apology sets a new date.
"""

from __future__ import annotations

from datetime import date, datetime

from civildesk.workdays import Calendar, default_calendar


def receipt_day(received_at: datetime, cut_off_hour: int, calendar: Calendar | None = None) -> date:
    """The working day a dossier counts as received (``received_at`` in local time)."""
    cal = calendar or default_calendar()
    day = received_at.date()
    if not cal.is_working_day(day):
        return cal.next_working_day(day)
    if received_at.hour >= cut_off_hour:
        return cal.add_working_days(day, 1)
    return day


def clock_start(received_at: datetime, cut_off_hour: int, calendar: Calendar | None = None) -> date:
    """The first working day counted: the working day after the receipt day."""
    cal = calendar or default_calendar()
    return cal.add_working_days(receipt_day(received_at, cut_off_hour, cal), 1)


def due_date(
    received_at: datetime,
    processing_days: int,
    cut_off_hour: int,
    *,
    paused_days: int = 0,
    calendar: Calendar | None = None,
) -> date:
    """The promised date: the ``processing_days``-th working day after the receipt day, plus the pause."""
    cal = calendar or default_calendar()
    return cal.add_working_days(receipt_day(received_at, cut_off_hour, cal), processing_days + paused_days)


def paused_working_days(since: date, until: date, calendar: Calendar | None = None) -> int:
    """Working days the clock stood still: those after ``since`` up to and including ``until``."""
    return max(0, (calendar or default_calendar()).working_days_between(since, until))
