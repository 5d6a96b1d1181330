"""Readable references (OCG-2026-0001): per prefix and year, allocated inside the creating transaction.

A workspace may have an origin prefix, set when it is created (`rocta init|demo --prefix NMP`): its
new references then read `NMP/OCG-2026-0001`, unique across the region, so records from several
terminals never collide. References made before a prefix was set keep resolving as they are.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.subjects import SubjectKind, format_reference
from ..store.models import ReferenceCounter, WorkspaceMeta

PREFIX_KEY = "origin.prefix"


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


def origin_prefix(session: Session) -> str | None:
    """This workspace's origin prefix (e.g. NMP), or None."""
    cached = session.info.get(PREFIX_KEY, ...)
    if cached is ...:
        row = session.get(WorkspaceMeta, PREFIX_KEY)
        cached = session.info[PREFIX_KEY] = row.value if row is not None and row.value else None
    return cached


def compose(session: Session, code: str, year: int, serial: int) -> str:
    """`TSK-2026-0001`, or `NMP/TSK-2026-0001` in a workspace with an origin prefix."""
    prefix = origin_prefix(session)
    return f"{prefix + '/' if prefix else ''}{code}-{year:04d}-{serial:04d}"


def allocate(session: Session, code: str, year: int) -> str:
    return compose(session, code, year, next_serial(session, code, year))


def next_reference(session: Session, kind: SubjectKind, today: dt.date | None = None) -> str:
    year = (today or clock.today()).year
    return format_reference(kind, year, next_serial(session, kind.prefix, year), origin_prefix(session))
