"""Capacity against demand: the committed work of each owner against what it can take."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.tasking import (
    PRIORITIES,
    TaskStatus,
)
from ...store.models import (
    Agency,
    Force,
    TaskingRequest,
    Unit,
)
from .base import COMMITTED
from .priority import _ranked

# ------------------------------------------------------------------------------ capacity and demand

def capacity_and_demand(session: Session, *, today: dt.date | None = None,
                        ranked: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Per unit: capacity (threats, hours per period) against demand: the active subjects it owns
    (by priority) and the effort of its committed tasking (accepted to review; proposed requests
    shown apart as pending). A unit is over-committed when either demand exceeds its capacity.
    Also every active P1 or P2 subject without an owner unit. `ranked`: the priority list already
    read in the same session, so a caller needing both reads it once."""
    ranked = _ranked(session) if ranked is None else ranked
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in ranked:
        if r["owner_unit_id"] is not None:
            by_unit[r["owner_unit_id"]].append(r)
    hours: dict[int, int] = defaultdict(int)
    pending: dict[int, int] = defaultdict(int)
    open_requests: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    q = select(TaskingRequest.owner_unit_id, TaskingRequest.status, TaskingRequest.priority,
               TaskingRequest.effort_hours).where(TaskingRequest.owner_unit_id.is_not(None))
    for unit_id, status, priority, effort in session.execute(q):
        status = TaskStatus(status) if not isinstance(status, TaskStatus) else status
        if status in COMMITTED:
            hours[unit_id] += effort or 0
            open_requests[unit_id][priority] += 1
        elif status is TaskStatus.PROPOSED:
            pending[unit_id] += effort or 0
    forces = dict(session.execute(select(Force.id, Force.code)).all())
    agencies = dict(session.execute(select(Agency.id, Agency.code)).all())
    units = []
    for u in session.scalars(select(Unit).order_by(Unit.code)):
        threats = by_unit.get(u.id, [])
        if not u.active and not threats and not hours.get(u.id):
            continue
        by_priority = {p: sum(1 for t in threats if t["priority"] == p) for p in PRIORITIES}
        by_priority["none"] = sum(1 for t in threats if t["priority"] not in PRIORITIES)
        over_threats = len(threats) > u.capacity_threats
        over_hours = hours.get(u.id, 0) > u.capacity_hours
        units.append({
            "unit_id": u.id, "code": u.code, "name": u.name,
            "owner": forces.get(u.force_id) or agencies.get(u.agency_id) or "",
            "capacity_threats": u.capacity_threats, "capacity_hours": u.capacity_hours,
            "threats": len(threats), "threats_by_priority": by_priority,
            "committed_hours": hours.get(u.id, 0), "pending_hours": pending.get(u.id, 0),
            "requests_by_priority": {p: open_requests[u.id].get(p, 0) for p in PRIORITIES},
            "open_requests": sum(open_requests[u.id].values()),
            "over_threats": over_threats, "over_hours": over_hours, "over": over_threats or over_hours,
        })
    unowned = [r for r in ranked if r["owner_unit_id"] is None and r["priority"] in ("P1", "P2")]
    return {"units": units, "over_committed": [u["code"] for u in units if u["over"]], "unowned": unowned}
