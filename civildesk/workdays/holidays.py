"""Vietnamese public holidays and swapped working days, 2024–2030, as data.

Sources and method (read before extending):

* Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), Article 112: New Year
  (1/1), Lunar New Year (5 days), Hùng Kings' Commemoration (10/3 lunar),
  Victory Day (30/4), Labour Day (1/5), National Day (2/9 and one day before
  or after). When a holiday falls on the weekly rest day, the next working
  day is off instead (Article 111(3)).
* Each year the Ministry of Home Affairs (formerly MoLISA) announces the
  exact days off for civil servants, often moving a working day to a
  Saturday ("ngày làm bù") to build a longer break. Those announcements are
  the ``OFFICIAL`` entries below (2024, 2025, 2026 Lunar New Year). Years
  without an announcement are *computed* from Article 112 with the lunar
  dates of ``LUNAR``; when the announcement is published, add it to
  ``OFFICIAL`` (a dict entry per year; nothing else changes).
* Lunar dates (mùng 1 Tết and 10/3 âm lịch) follow the Vietnamese lunar
  calendar (UTC+7); for 2024–2030 they agree with the Chinese calendar.

Outside 2024–2030 only the solar holidays and weekends are known; extend
``LUNAR`` before relying on deadlines there (``SUPPORTED_YEARS``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypedDict

# year -> (first day of the lunar year "mùng 1 Tết", Hùng Kings' day "10/3 âm lịch")
LUNAR: dict[int, tuple[date, date]] = {
    2024: (date(2024, 2, 10), date(2024, 4, 18)),
    2025: (date(2025, 1, 29), date(2025, 4, 7)),
    2026: (date(2026, 2, 17), date(2026, 4, 26)),
    2027: (date(2027, 2, 6), date(2027, 4, 16)),
    2028: (date(2028, 1, 26), date(2028, 4, 4)),
    2029: (date(2029, 2, 13), date(2029, 4, 23)),
    2030: (date(2030, 2, 3), date(2030, 4, 12)),
}
SUPPORTED_YEARS = range(min(LUNAR), max(LUNAR) + 1)


def _span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# Official announcements for civil servants: year -> {"off": days off (weekends
# included or not, it does not matter), "work": Saturdays worked instead ("làm bù"),
# "parts": which holidays the announcement covers (the rest is computed)}.
class Decision(TypedDict, total=False):
    """One year's government decision on the public holidays."""

    parts: set[str]  # the holidays it settles (their computed days and compensation are replaced)
    off: set[date]  # days off it sets
    work: set[date]  # weekend days it makes working days


OFFICIAL: dict[int, Decision] = {
    2024: {
        # Tết Giáp Thìn 8–14/2; 30/4–1/5 from Sat 27/4 with Mon 29/4 off, worked Sat 4/5;
        # 2/9 from Sat 31/8 to Tue 3/9, worked Sat 14/9.
        "parts": {"new_year", "tet", "hung", "may", "national"},
        "off": {date(2024, 1, 1)}
        | _span(date(2024, 2, 8), date(2024, 2, 14))
        | {date(2024, 4, 18)}
        | _span(date(2024, 4, 27), date(2024, 5, 1))
        | _span(date(2024, 8, 31), date(2024, 9, 3)),
        "work": {date(2024, 5, 4), date(2024, 9, 14)},
    },
    2025: {
        # Tết Ất Tỵ 25/1–2/2 (9 days); Hùng Kings Mon 7/4; 30/4–4/5 with Fri 2/5 off,
        # worked Sat 26/4; National Day Sat 30/8 – Tue 2/9.
        "parts": {"new_year", "tet", "hung", "may", "national"},
        "off": {date(2025, 1, 1)}
        | _span(date(2025, 1, 25), date(2025, 2, 2))
        | {date(2025, 4, 7)}
        | _span(date(2025, 4, 30), date(2025, 5, 4))
        | _span(date(2025, 8, 30), date(2025, 9, 2)),
        "work": {date(2025, 4, 26)},
    },
    2026: {
        # Tết Bính Ngọ 14/2–22/2 (9 days). The rest of 2026 is computed.
        "parts": {"tet"},
        "off": _span(date(2026, 2, 14), date(2026, 2, 22)),
        "work": set(),
    },
}


def _national_day_extra(year: int) -> date:
    """The second National Day holiday: the day before or after 2/9 that makes the longer break."""
    sep2 = date(year, 9, 2)
    # Mon -> Tue 3/9; Tue -> Mon 1/9; Wed -> Thu 3/9; Thu -> Fri 3/9; Fri/Sat/Sun -> 1/9.
    return sep2 + timedelta(days=1) if sep2.weekday() in (0, 2, 3) else sep2 - timedelta(days=1)


def computed_holidays(year: int) -> dict[str, set[date]]:
    """The statutory holidays of ``year`` by Article 112, before weekend compensation."""
    out: dict[str, set[date]] = {
        "new_year": {date(year, 1, 1)},
        "may": {date(year, 4, 30), date(year, 5, 1)},
        "national": {date(year, 9, 2), _national_day_extra(year)},
    }
    if year in LUNAR:
        tet, hung = LUNAR[year]
        out["tet"] = _span(tet - timedelta(days=1), tet + timedelta(days=3))
        out["hung"] = {hung}
    return out


def _compensate(days: set[date], taken: set[date]) -> set[date]:
    """Holidays on a weekend move to the next working day (Article 111(3))."""
    result = set(days)
    for d in sorted(days):
        if d.weekday() >= 5:
            nxt = d + timedelta(days=1)
            while nxt.weekday() >= 5 or nxt in result or nxt in taken:
                nxt += timedelta(days=1)
            result.add(nxt)
    return result


def days_off(year: int) -> set[date]:
    """Every public holiday (and compensatory day) of ``year`` for civil servants."""
    official = OFFICIAL.get(year, Decision())
    parts = official.get("parts", set())
    result = set(official.get("off", set()))
    for name, days in computed_holidays(year).items():
        if name not in parts:
            result |= _compensate(days, result)
    return result


def swapped_working_days(year: int) -> set[date]:
    """Saturdays (or Sundays) that are working days that year ("ngày làm bù")."""
    return set(OFFICIAL.get(year, Decision()).get("work", set()))
