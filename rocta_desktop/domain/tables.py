"""Typed tables: what an export or a printed report contains, independent of the file format.

Services build them from the database; `exchange/` writes them as xlsx (and PDF). A column's kind
says how a value is written (a real date or number, never text that looks like one) and which
coded values a spreadsheet may offer in a drop-down.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import clock
from .markings import Marking, highest

TEXT, DATE, NUMBER, INTEGER, CHOICE = "text", "date", "number", "integer", "choice"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    width: int = 14                  # in characters
    choices: tuple[str, ...] = ()    # for CHOICE columns: the drop-down


@dataclass
class Table:
    name: str                        # the sheet name (<= 31 characters)
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    markings: list[Marking] = field(default_factory=list)   # one per row
    note: str = ""

    @property
    def marking(self) -> Marking:
        return highest(self.markings, Marking.OFFICIAL)


@dataclass
class Report:
    title: str
    cover: list[tuple[str, Any]]
    tables: list[Table]
    produced_by: str
    produced_at: dt.datetime

    @property
    def marking(self) -> Marking:
        """A file carries the highest marking of its contents."""
        return highest((t.marking for t in self.tables), Marking.OFFICIAL)


def parse_period(text: str | None, today: dt.date | None = None) -> tuple[dt.date, dt.date, str]:
    """'2026-Q3', '2026-09', '2026' or '2026-07-01..2026-09-30' -> (first day, last day, label).
    None means the last full quarter before today."""
    today = today or clock.today()
    if not text:
        q = (today.month - 1) // 3
        year, q = (today.year, q) if q else (today.year - 1, 4)
        return parse_period(f"{year}-Q{q}")
    t = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
        year, q = int(m[1]), int(m[2])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end, t
    if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {month} does not exist")
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(year, month, 1), end, t
    if re.fullmatch(r"\d{4}", t):
        return dt.date(int(t), 1, 1), dt.date(int(t), 12, 31), t
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", t):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError as exc:
            raise ValueError(f"{text!r}: {exc}") from None
        if end < start:
            raise ValueError(f"{text!r}: the period ends before it starts")
        return start, end, f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"
    raise ValueError(f"{text!r} is not a period: use 2026-Q3, 2026-09, 2026 or 2026-07-01..2026-09-30")


def sheet_name(text: str, taken: Sequence[str] = ()) -> str:
    """A valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


# ------------------------------------------------------------------ a sheet read in (for imports)

@dataclass
class SheetData:
    source: str                       # the file name
    sheet: str
    headers: list[str]
    rows: list[list[Any]]             # data rows (after the header row), normalised
    first_row: int = 2                # the spreadsheet row number of rows[0]
    formulas: set[tuple[int, int]] = field(default_factory=set)   # (row number, column index) with a formula
    merged: list[str] = field(default_factory=list)              # "B5:C6" ranges
    notes: list[str] = field(default_factory=list)               # things the user should know (hidden sheets...)

    def row_number(self, index: int) -> int:
        return self.first_row + index


def column_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
