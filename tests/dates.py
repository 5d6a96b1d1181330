"""The suite's one "today".

Every test runs with the clock frozen (time-machine, ticking from 10:00 local on TODAY; see the
autouse fixture in conftest.py), and every date a test writes is relative to TODAY. TODAY is the
real date when the suite starts, so the same tests run on whatever day CI runs them; CI runs the
suites below the GUI with the process's clock moved forward by libfaketime (+400 days, and again +3
years) and the rest on the real date (dev.sh test). A test that
needs a particular calendar position (a quarter's last day, 29 February) moves the frozen clock
there itself with `frozen_clock.move_to(...)`.
"""

from __future__ import annotations

import datetime as dt

from rocta_desktop.domain import clock

TODAY: dt.date = clock.today()
NOW: dt.datetime = dt.datetime.combine(TODAY, dt.time(10, 0)).astimezone()


def days(n: int) -> dt.date:
    """TODAY moved by n days (negative: in the past)."""
    return TODAY + dt.timedelta(days=n)


def iso(n: int) -> str:
    """days(n) as ISO text, as forms and spreadsheets give dates."""
    return days(n).isoformat()


def uk(n: int) -> str:
    """days(n) as the UI shows it: 28/11/2026."""
    return f"{days(n):%d/%m/%Y}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (clamped to the month's last day)."""
    import calendar
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def last_full_quarter(day: dt.date | None = None) -> tuple[dt.date, dt.date, str]:
    """The last complete calendar quarter before `day` (default TODAY): first day, last day, label.
    Every day in it is in the past, so records dated there are never refused as future."""
    day = day or TODAY
    start_this = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    end = start_this - dt.timedelta(days=1)
    start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return start, end, quarter_of(start)


def month_start(months_back: int = 0, day: dt.date | None = None) -> dt.date:
    """The first day of the month `months_back` months before TODAY's month."""
    day = day or TODAY
    return add_months(dt.date(day.year, day.month, 1), -months_back)
