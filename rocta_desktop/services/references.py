"""Readable references (OCG-2026-0001): per prefix and year, allocated inside the creating transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.subjects import SubjectKind, format_reference
from ..store.models import ReferenceCounter


def next_serial(session: Session, prefix: str, year: int, count: int = 1) -> int:
    """Reserve `count` serials; returns the first. The write transaction (BEGIN IMMEDIATE)
    makes this safe against a second process."""
    row = session.get(ReferenceCounter, (prefix, year))
    if row is None:
        row = ReferenceCounter(prefix=prefix, year=year, last=0)
        session.add(row)
    first = row.last + 1
    row.last += count
    return first


def next_reference(session: Session, kind: SubjectKind, today: dt.date | None = None) -> str:
    year = (today or clock.today()).year
    return format_reference(kind, year, next_serial(session, kind.prefix, year))
