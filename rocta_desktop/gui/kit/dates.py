"""One way to show a date on screen: the UK's day/month/year, as the app's date fields are typed
(28/11/2026), and a time as 28/11/2026 14:05 in the workstation's local time. Files and exports
keep ISO 8601; these are for people reading a screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

DATE_FORMAT = "%d/%m/%Y"           # 28/11/2026: what a date field takes, and what every screen shows
TIME_FORMAT = "%d/%m/%Y %H:%M"     # 28/11/2026 14:05 (local time)
DATE_PLACEHOLDER = "DD/MM/YYYY"


def _local(value: dt.datetime, utc: bool = False) -> dt.datetime:
    """Stored instants are UTC; a naive one is taken as UTC too. Shown in local time (or in UTC,
    where the screen says so: the audit trail)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC if utc else None)


def _parse(value: Any) -> dt.date | dt.datetime | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


def show_date(value: Any, empty: str = "") -> str:
    """A date (or the date of an instant, in local time, or ISO text) as 28/11/2026; `empty` for none.
    Text that is not a date is shown as it is."""
    parsed = _parse(value)
    if parsed is None:
        return empty if value in (None, "") else str(value)
    if isinstance(parsed, dt.datetime):
        parsed = _local(parsed).date()
    return f"{parsed:{DATE_FORMAT}}"


def show_time(value: Any, empty: str = "", *, seconds: bool = False, utc: bool = False) -> str:
    """An instant as 28/11/2026 14:05 in local time (with :SS when `seconds`; in UTC when `utc`, for
    screens whose heading says so); a bare date as a date."""
    parsed = _parse(value)
    if parsed is None:
        return empty if value in (None, "") else str(value)
    if not isinstance(parsed, dt.datetime):
        return show_date(parsed)
    return f"{_local(parsed, utc):{TIME_FORMAT}{':%S' if seconds else ''}}"


def show_month(value: dt.date) -> str:
    """A month on a chart's time axis: Sep 2026."""
    return f"{value:%b %Y}"


def sort_key(value: Any) -> str:
    """A key that sorts dates and instants in time order (ISO text; empty first)."""
    parsed = _parse(value)
    if parsed is None:
        return ""
    if isinstance(parsed, dt.datetime):
        return _local(parsed).isoformat()
    return parsed.isoformat()
