"""The one clock. Every "now" and "today" below the GUI comes from here, never from the wall clock
read directly, so that a test can freeze or move time for the whole application at once (the suite
freezes it with time-machine; CI also moves the process's clock with libfaketime).

`today()` is the local calendar date (a UK unit's working day); `now()` is an aware UTC instant, the
form every stored timestamp takes.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current instant, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date where the workstation is (its local time zone)."""
    return now().astimezone().date()


def local_now() -> dt.datetime:
    """The current instant in the workstation's local time zone (for stamps a person reads)."""
    return now().astimezone()


def stamp() -> str:
    """A compact UTC stamp for file names: 20261128T093000Z."""
    return now().strftime("%Y%m%dT%H%M%SZ")
