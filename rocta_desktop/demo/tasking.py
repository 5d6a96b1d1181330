"""Fictional tasking for the demo region, made through the real services: requests in every
column of the board (some overdue), and a finalised T&CG a month ago whose decisions moved them,
so the priority list shows changes since then."""

from __future__ import annotations

import datetime as dt
import random

from ..domain import clock
from ..domain.fourp import FourP
from ..domain.tasking import Decision, TaskStatus
from ..services import reference_data, tasking
from ..services.workspace import Workspace

OBJECTIVES = (
    "Identify the supply route and the main couriers",
    "Establish the group's cash-laundering outlets",
    "Safeguard the young people being exploited on the line",
    "Map the group's links to the port workforce",
    "Develop intelligence on firearms access",
    "Work with trading standards on the group's front businesses",
)
REQUESTERS = ("DI Moss, Northmoor SOC", "DS Kerr, ROCU RIU", "Insp Patel, Eastvale", "NCA Regional Liaison")


def generate(analyst: Workspace, supervisor: Workspace, *, requests: int = 14, seed: int = 1,
             today: dt.date | None = None) -> dict[str, int]:
    """Up to `requests` requests on the best-ranked subjects; `supervisor` chairs the T&CG."""
    rng = random.Random(seed)
    today = today or clock.today()
    ranked = [r for r in analyst.read(tasking.priority_list, today=today) if r["priority"]][:requests]
    if not ranked:
        return {"tasking requests": 0, "T&CG meetings": 0}
    from ..store.models import Unit
    units = [u["id"] for u in analyst.read(reference_data.listing, Unit)]
    made = []
    for n, row in enumerate(ranked):
        due = today + dt.timedelta(days=rng.randint(-20, 90))
        data = {"subject_id": row["subject_id"], "objective": OBJECTIVES[n % len(OBJECTIVES)],
                "requester": REQUESTERS[n % len(REQUESTERS)], "four_p": list(FourP)[n % 4].value,
                "due_date": due, "effort_hours": rng.choice((20, 40, 60, 120, 200))}
        if units and n % 3 != 2:
            data["owner_unit_id"] = rng.choice(units)
        made.append(analyst.write("tasking.create", tasking.create_request, data, today=today).id)
    meeting = analyst.write("tcg.create", tasking.create_meeting, {
        "held_on": today - dt.timedelta(days=30), "kind": "tactical", "level": "regional",
        "chair": "Det Supt A. Grey (fictional)", "attendees": "ROCU RIU\nNorthmoor SOC\nEastvale SOC\nNCA liaison"})
    decided = made[: max(1, len(made) * 2 // 3)]
    for n, rid in enumerate(decided):
        decision = Decision.DECLINE if n % 6 == 5 else Decision.DEFER if n % 6 == 4 else Decision.ACCEPT
        supervisor.write("tcg.decide", tasking.record_decision, meeting.id, rid, decision,
                         {"accept": "High harm; capacity available", "decline": "Force lead; no regional need",
                          "defer": "Await the re-assessment"}[decision.value])
    analyst.write("tcg.action", tasking.add_action, meeting.id, "Refresh the problem profile for county lines",
                  "ROCU RIU", today + dt.timedelta(days=14))
    supervisor.write("tcg.finalise", tasking.finalise, meeting.id)
    # work moves on after the meeting: some accepted requests travel further along the board
    path = (TaskStatus.ALLOCATED, TaskStatus.IN_PROGRESS, TaskStatus.REVIEW)
    for n, rid in enumerate(decided):
        got = analyst.read(tasking.get_request, rid)
        if got["status"] is not TaskStatus.ACCEPTED or got["owner"] == "":
            continue
        for status in path[: n % 4]:
            analyst.write("tasking.move", tasking.move, rid, status)
        if n % 4 == 3 and n % 8 == 7:
            supervisor.write("tasking.move", tasking.move, rid, TaskStatus.CLOSED,
                             outcome="Disruption recorded (fictional)")
    return {"tasking requests": len(made), "T&CG meetings": 1}
