"""Optimistic concurrency for editors: a record's version is its newest audit event.

An editor keeps the version it loaded (`newest_event`, given by each service's `get` as
`seen_event`) and passes it back with its save. `check_not_stale` then refuses the save when someone
else (another window, or on a server another person) has since changed one of the same fields:
saving would silently undo their change. Fields nobody else touched are saved as usual. The
refusal (`EditConflict`) names who changed what and when, for the editor to offer "reload and
reapply my changes". The audit trail is the version: every change is in it, in order, under the
write lock, so no second version column can drift from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import EditConflict
from ..store.models import AuditEvent


def newest_event(session: Session, entity_types: str | Iterable[str], entity_id: int) -> int:
    """The record's version: the id of its newest audit event (0 when it has none). Read before the
    record itself, so a change made between the two reads makes a later save refuse, not slip by."""
    kinds = [entity_types] if isinstance(entity_types, str) else list(entity_types)
    return session.scalar(select(func.max(AuditEvent.id)).where(
        AuditEvent.entity_id == entity_id, AuditEvent.entity_type.in_(kinds))) or 0


def _field(name: str, aliases: Mapping[str, str]) -> str:
    """A changed column or collection by the field an editor shows (lead_force_id: lead_force)."""
    name = aliases.get(name, name)
    return name[:-3] if name.endswith("_id") else name


def changed_fields(was: Mapping[str, Any], now: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    """The fields among `keys` (what an editor's save sends: a dialog sends every field) whose new
    value differs from the record as it is now: only those can undo someone else's change."""
    return [k for k in keys if was.get(k) != now.get(k)]


def check_not_stale(session: Session, entity_type: str, entity_id: int, reference: str, fields: Iterable[str],
                    seen_event: int, *, aliases: Mapping[str, str] | None = None) -> None:
    """Refuse an edit of `fields` made on a copy of the record older than `seen_event` where someone
    has since changed one of the same fields. `aliases` maps an editor's field to the name the audit
    trail gives it (agency_ids: "contributing agencies")."""
    aliases = aliases or {}
    mine = {_field(f, aliases) for f in fields}
    if not mine:
        return
    later = session.execute(select(AuditEvent.username, AuditEvent.at, AuditEvent.changes).where(
        AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id, AuditEvent.id > seen_event)
        .order_by(AuditEvent.id)).all()
    clashes = []
    for username, at, changes in later:
        changes = changes or {}
        both = sorted(mine & {_field(k, {}) for k in changes})
        if both:
            clashes.append({"username": username, "at": at, "fields": both,
                            "values": {f: _after(changes, f) for f in both}})
    if clashes:
        who = ", ".join(sorted({c["username"] for c in clashes}))
        names = ", ".join(sorted({f.replace("_", " ") for c in clashes for f in c["fields"]}))
        last = clashes[-1]["at"]
        raise EditConflict(f"{who} changed {names} of {reference} at {last:%H:%M} on {last:%d %b %Y} (UTC), after "
                           "you opened it: saving would undo their change. Reload to see it, then reapply yours",
                           clashes)


def _after(changes: Mapping[str, Any], field: str) -> Any:
    change = changes.get(field) or changes.get(f"{field}_id")
    return change.get("after") if isinstance(change, dict) and "after" in change else None
