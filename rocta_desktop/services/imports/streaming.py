"""Planning and writing at once: a sheet of groups or nominals checked while a writer thread
takes the rows found valid, in one write transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...bulk import no_cyclic_gc
from ...domain import clock
from ...domain.subjects import (
    SubjectKind,
    parse_reference,
)
from ...domain.tables import SheetData
from ...domain.users import Permission
from ...store import bulk
from ...store.models import (
    ReferenceCounter,
    Subject,
)
from ..permissions import require
from ..unit_of_work import UnitOfWork
from .mapping import KIND_OF
from .plan import Plan, _kind_filter, _new_plan, _rows
from .planners import _VALIDATE
from .writing import FEED_ROWS, Outcome, _committed, _given_references, _raise_counters, _SubjectRows

# ------------------------------------------------------------------ planning and writing at once

class _Refused(Exception):
    """The file has problems and the import is all or nothing: roll back what was written."""

    def __init__(self, plan: Plan):
        super().__init__("refused")
        self.plan = plan


class _Feed:
    """Hands the rows found valid to the writer a chunk at a time while the rest of the sheet is
    being checked. Once any row has a problem nothing more is sent: the import will be refused and
    rolled back (all or nothing)."""

    def __init__(self, plan: Plan, builder: _SubjectRows, writer: bulk.Writer):
        self.plan, self.builder, self.writer = plan, builder, writer
        self.sent = 0

    def __call__(self) -> None:
        valid = self.plan.valid
        if len(valid) - self.sent >= FEED_ROWS and not self.plan.problems:
            self.flush()

    def flush(self) -> None:
        valid = self.plan.valid
        if self.plan.problems or self.sent == len(valid):
            return
        chunk = valid[self.sent:]
        self.sent = len(valid)
        self.builder.send(self.writer, chunk)


def _top_reference(session: Session, plan: Plan, data: SheetData, columns: dict[str, int], kind: SubjectKind,
                   year: int) -> int:
    """The highest serial for `year` among the references in the sheet that would be new records
    of this kind (the rows of another kind, and references already held, set aside as the plan
    does). If the import commits, every such row was valid, so this is what the plan's own rows
    give: new references can be numbered before the whole sheet is checked."""
    if "reference" not in columns:
        return 0
    existing_refs = set(session.scalars(select(Subject.reference)))
    top = 0
    scratch = Plan(plan.kind, plan.source, plan.sheet, plan.mapping)
    wanted = {k: columns[k] for k in ("reference", "kind") if k in columns}
    for row in _rows(scratch, data, wanted):
        ref = row.text("reference", limit=24)
        if not ref:
            continue
        ref = ref.upper()
        try:
            ref_kind, ref_year, n = parse_reference(ref)
        except ValueError:
            continue
        if ref_kind is not kind or ref_year != year or ref in existing_refs or n <= top:
            continue
        if "kind" in wanted and not _kind_filter(scratch, row, kind):
            continue
        top = n
    return top


def _plan_and_commit(uow: UnitOfWork, kind: str, data: SheetData, mapping: Mapping[int, str] | None, *,
                     today: dt.date | None, left_out: Collection[int],
                     remember: Sequence[str] | None) -> tuple[Plan, Outcome]:
    """Plan a sheet of groups or nominals and write it in the same transaction, all or nothing:
    the rows found valid go to the writer thread while the rest are checked (the checks are
    Python, the writing is SQLite's: the two overlap). Exactly the plan `plan_import` makes, the
    rows `commit` writes and the audit event it records; raises _Refused (so the unit of work rolls
    back) if any row has a problem."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    day = today or clock.today()
    plan, columns = _new_plan(s, kind, data, mapping, today=today, left_out=left_out)
    subject_kind = KIND_OF[kind]
    top = _top_reference(s, plan, data, columns, subject_kind, day.year)
    counter = s.get(ReferenceCounter, (subject_kind.prefix, day.year))
    first = max(counter.last if counter is not None else 0, top) + 1
    builder = _SubjectRows(uow, plan, day, first)
    s.flush()
    with no_cyclic_gc():
        with bulk.Writer(s.connection()) as writer:
            feed = plan.feed = _Feed(plan, builder, writer)
            try:
                keys = _VALIDATE[kind](s, plan, data, columns, day)
            finally:
                plan.feed = None
            if plan.problems:
                raise _Refused(plan)
            feed.flush()
        keys.finish()   # the connection is the session's again
    # the counters as `commit` leaves them: the file's references, then those numbered here
    _raise_counters(s, subject_kind, _given_references([clean for _n, clean in plan.valid]))
    needed = builder.serial - first
    if needed:
        from ..references import next_serial
        if next_serial(s, subject_kind.prefix, day.year, needed) != first:
            raise RuntimeError("the references numbered while importing do not follow the counter")
    return plan, _committed(uow, plan, builder.references, remember)
