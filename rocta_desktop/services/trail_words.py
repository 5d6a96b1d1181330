"""An audit event's changes in the words a person reads: the records and people a change names by
their names and references, not their ids (`lead_force_id: 3 -> 7` becomes `lead_force: Northshire
Police -> Eastshire Police`).

Only what the reader may see is named: a record they are not cleared to see, restricted from them or
since deleted is "a record you may not see" (on a server the database hides the first two from the
reader altogether, so the three cannot be told apart, and are not, anywhere). Reference data and
people are named whoever reads; one since deleted keeps its number. The trail itself is not changed:
this is how it is shown (the record editor's history, a trigger's and a requirement's, the
administrator's audit trail)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import (
    Agency,
    Assessment,
    Base,
    CrimeType,
    Disruption,
    ExchangePartner,
    Force,
    IntelRequirement,
    SchemeDefinition,
    Subject,
    TaskingRequest,
    TcgMeeting,
    Team,
    TriggerReport,
    Unit,
    User,
)

HIDDEN = "a record you may not see"

#: a referenced table -> the model and the column a person knows its rows by (a group's, a
#: nominal's and a vulnerability's ids are their subject's)
_SHOWN_AS: dict[str, tuple[Any, str]] = {
    "forces": (Force, "name"), "agencies": (Agency, "name"), "units": (Unit, "name"),
    "crime_types": (CrimeType, "name"), "users": (User, "display_name"), "teams": (Team, "name"),
    "exchange_partners": (ExchangePartner, "name"), "scheme_definitions": (SchemeDefinition, "title"),
    "subjects": (Subject, "reference"), "groups": (Subject, "reference"), "nominals": (Subject, "reference"),
    "vulnerabilities": (Subject, "reference"), "assessments": (Assessment, "reference"),
    "trigger_reports": (TriggerReport, "reference"), "intel_requirements": (IntelRequirement, "reference"),
    "tasking_requests": (TaskingRequest, "reference"), "disruptions": (Disruption, "reference"),
    "tcg_meetings": (TcgMeeting, "reference"),
}
#: models whose rows a reader may be kept from (need to know): the others are named to anyone
_PROTECTED = frozenset({Subject, Assessment, TriggerReport, IntelRequirement, TaskingRequest, Disruption, TcgMeeting})


@cache
def named_columns() -> dict[str, tuple[Any, str]]:
    """Every foreign-key column of the schema (by name) whose rows a person knows by a name or a
    reference: column -> (model, attribute)."""
    out: dict[str, tuple[Any, str]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            for fk in column.foreign_keys:
                shown = _SHOWN_AS.get(fk.column.table.name)
                if shown is not None and column.name.endswith("_id"):
                    out.setdefault(column.name, shown)
    return out


def _ids(events: Iterable[dict[str, Any]], named: dict[str, tuple[Any, str]]) -> dict[tuple[Any, str], set[int]]:
    wanted: dict[tuple[Any, str], set[int]] = {}
    for e in events:
        for key, change in (e.get("changes") or {}).items():
            target = named.get(key)
            if target is not None and isinstance(change, dict):
                for side in ("before", "after"):
                    value = change.get(side)
                    if isinstance(value, int) and not isinstance(value, bool):
                        wanted.setdefault(target, set()).add(value)
    return wanted


def _names(session: Session, model: Any, attribute: str, ids: set[int]) -> dict[int, str]:
    """Id -> name or reference for the rows this reader may see; HIDDEN for any other record."""
    found: dict[int, str] = {}
    order = sorted(ids)
    for start in range(0, len(order), 5000):
        part = order[start:start + 5000]
        found.update(session.execute(select(model.id, getattr(model, attribute)).where(model.id.in_(part))).all())
    if model in _PROTECTED:
        found.update({i: HIDDEN for i in order if i not in found})
    return found


def readable(session: Session, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`events` (as `audit.events_for` and `search_events` give them) with each change to a column
    that names another row shown under the column's name without `_id` and with the row's name or
    reference (a person or reference data since deleted keeps its number, as `#7`)."""
    named = named_columns()
    wanted = _ids(events, named)
    if not wanted:
        return events
    names = {target: _names(session, *target, ids) for target, ids in wanted.items()}

    def name(value: Any, known: dict[int, str]) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return known.get(value, f"#{value}")
        return value
    out = []
    for e in events:
        changes = e.get("changes") or {}
        if not any(key in named for key in changes):
            out.append(e)
            continue
        shown: dict[str, Any] = {}
        for key, change in changes.items():
            target = named.get(key)
            if target is None or not isinstance(change, dict) or not ({"before", "after"} & change.keys()):
                shown[key] = change
                continue
            known = names.get(target, {})
            shown[key[:-3]] = {side: name(value, known) if side in ("before", "after") else value
                               for side, value in change.items()}
        out.append({**e, "changes": shown})
    return out
