"""Importing groups, nominals (with memberships), trigger reports and disruptions from spreadsheets.

1. Map columns to fields: guessed from the header names, or the mapping remembered for the same
   headers (kept in the workspace, per kind).
2. Validate everything into a plan: every problem by sheet, row and column (bad dates, unknown codes,
   missing required fields, duplicates within the file); rows matching a record already in the
   workspace (by reference, or by the duplicate rule: same name, and for nominals the same date of
   birth) are skipped, so re-importing a file creates nothing twice.
3. Commit in one transaction: all or nothing, unless the user chose to import the valid rows only.
   Groups and nominals go in through the store's bulk path (store/bulk.py: tens of thousands of
   rows); the import is one audit event naming every record created. A refused import is audited
   too, with its problems: that is the saved result report. `run` (the command line) checks a
   sheet of groups or nominals and writes it in the same write transaction, a writer thread taking
   the rows found valid while the rest are checked: the same plan, rows and events as planning
   first and committing after (the screen's way, which shows the plan before anything is written).

A group needs a management level; a row that gives none is imported as "local" with a warning on
that row in the report ("management level missing; set to local — review it"), never silently.

Disruptions are imported as drafts, never approved: approving a disruption is a supervisor's
decision, and not one the person who recorded or submitted it may take (impact.approve). The user
who imports them is their recorder, so each imported draft is submitted and then approved or
returned by a second supervisor like one typed in. A disruption already in the workspace (same
subject, date, 4P category and tactic) is skipped, so re-importing a file creates nothing twice.

The package, along the seams: `mapping` (the fields of each kind and the column mapping),
`plan` (the plan and what the planners share), `planners` (one per kind, `plan_import`),
`writing` (`commit`: the bulk path, the audit event, the refusal) and `streaming` (planning and
writing at once). `run`, the one call for the command line and tests, lives here: it looks up
`_plan_and_commit` in this module, so a test may replace it here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from ...domain.tables import SheetData
from ...domain.users import Permission
from ..permissions import allowed
from .mapping import (
    COMMON,
    FIELDS,
    KIND_OF,
    Field,
    guess_mapping,
    header_names,
    headers_key,
    mapping_file,
    mapping_for,
    mapping_from_file,
    remember_mapping,
    remembered_mapping,
)
from .plan import EXCEL_EPOCH, LIST_SPLIT, MAX_TEXT, Plan, RowProblem, content_key
from .planners import IDENTIFIER_FIELDS, LEVEL_IF_MISSING, LEVEL_MISSING, plan_import
from .streaming import _plan_and_commit, _Refused
from .writing import AUDITED_PROBLEMS, COLUMNS, FEED_ROWS, Outcome, audit_report, commit, record_refusal

__all__ = [
    "AUDITED_PROBLEMS", "COLUMNS", "COMMON", "EXCEL_EPOCH", "FEED_ROWS", "FIELDS", "IDENTIFIER_FIELDS", "KIND_OF",
    "LEVEL_IF_MISSING", "LEVEL_MISSING", "LIST_SPLIT", "MAX_TEXT", "Field", "Outcome", "Plan", "RowProblem",
    "audit_report", "commit", "content_key", "guess_mapping", "header_names", "headers_key", "mapping_file",
    "mapping_for", "mapping_from_file", "plan_import", "possible_duplicates", "record_refusal", "remember_mapping",
    "remembered_mapping", "run",
]

# ------------------------------------------------------------------ one call for the CLI and tests

def run(ws: Any, kind: str, data: SheetData, *, mapping: Mapping[int, str] | None = None, dry_run: bool = False,
        valid_only: bool = False, remember: bool = True, today: dt.date | None = None,
        left_out: Collection[int] = (), find_duplicates: bool = True) -> tuple[Plan, Outcome | None]:
    """Plan, then (unless a dry run) commit, or record the refusal; then look for duplicates of
    the records created among those already there (a read after the commit, which
    `find_duplicates=False` leaves to the caller: `possible_duplicates`).

    Groups and nominals imported all or nothing are checked and written at once, in one write
    transaction (`_plan_and_commit`): the same plan, rows, audit event and refusal as planning
    first and committing after, in less time."""
    if not dry_run and kind in KIND_OF and not valid_only and allowed(ws.actor, Permission.EDIT_RECORDS):
        # groups and nominals, all or nothing: checked and written at once, in one transaction
        try:
            plan, outcome = ws.write(f"import.{kind}", _plan_and_commit, kind, data, mapping, today=today,
                                     left_out=left_out, remember=data.headers if remember else None)
        except _Refused as refused:
            plan = refused.plan
            ws.write(f"import.{kind}.refused", record_refusal, plan)
            return plan, Outcome([], len(plan.skipped), len(plan.bad_rows), False)
        if find_duplicates:
            outcome.duplicates = possible_duplicates(ws, kind, outcome)
        return plan, outcome
    plan = ws.read(plan_import, kind, data, mapping, today=today, left_out=left_out)
    if dry_run:
        return plan, None
    if plan.problems and not valid_only:
        ws.write(f"import.{kind}.refused", record_refusal, plan)
        return plan, Outcome([], len(plan.skipped), len(plan.bad_rows), False)
    outcome = ws.write(f"import.{kind}", commit, plan, valid_only=valid_only,
                       remember=data.headers if remember else None, today=today)
    if find_duplicates:
        outcome.duplicates = possible_duplicates(ws, kind, outcome)
    return plan, outcome


def possible_duplicates(ws: Any, kind: str, outcome: Outcome) -> list[dict[str, Any]]:
    """Pairs of a record just imported with one already there (or another just imported)."""
    from .. import duplicates
    if kind not in KIND_OF or not outcome.created:
        return []
    return ws.read(duplicates.for_references, KIND_OF[kind].value, outcome.created)["pairs"]

