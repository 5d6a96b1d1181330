"""Fictional impact for the demo workspace, through the real services: a year of disruptions
(approved by the supervisor, a few awaiting approval), 4P plans with actions, best practice."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from ..domain import clock
from ..domain.subjects import SubjectStatus
from ..services import impact
from ..services.workspace import Workspace
from ..store.models import Agency, Group

TACTICS = {"pursue": ["Warrants and arrests", "Financial investigation", "Covert surveillance", "Cash seizure"],
           "prevent": ["Diversion for young people", "Serious crime prevention order", "Offender management"],
           "protect": ["Safeguarding visits", "Business engagement", "Victim support referrals"],
           "prepare": ["Multi-agency exercise", "Community briefing"]}


def generate(ws: Workspace, supervisor: Workspace, *, disruptions: int = 40, seed: int = 1,
             today: dt.date | None = None) -> dict[str, int]:
    rng = random.Random(seed)
    today = today or clock.today()
    groups = ws.read(lambda s: list(s.scalars(select(Group.id).where(Group.status == SubjectStatus.ACTIVE.value)
                                              .limit(30))))
    agencies = ws.read(lambda s: list(s.scalars(select(Agency.id))))
    if not groups or not agencies:
        return {"disruptions": 0}
    made = 0
    for i in range(disruptions):
        four_p = rng.choices(["pursue", "prevent", "protect", "prepare"], [6, 2, 3, 1])[0]
        outcomes = []
        if four_p == "pursue":
            outcomes = [{"kind": "arrests", "quantity": rng.randint(1, 6)},
                        {"kind": "cash", "quantity": rng.randint(1, 80) * 1000}]
            if rng.random() < 0.5:
                outcomes.append({"kind": "drugs", "quantity": round(rng.uniform(0.1, 8), 1), "unit": "kg",
                                 "detail": rng.choice(["cocaine", "heroin", "cannabis"])})
            if rng.random() < 0.15:
                outcomes.append({"kind": "firearms", "quantity": 1})
        elif four_p == "protect":
            outcomes = [{"kind": "safeguarding", "quantity": rng.randint(1, 5)}]
        did, _ = ws.write("disruption.create", impact.create, {
            "subject_id": rng.choice(groups), "occurred_on": today - dt.timedelta(days=rng.randint(1, 360)),
            "four_p": four_p, "tactic": rng.choice(TACTICS[four_p]),
            "grade": rng.choices(["minor", "moderate", "major"], [5, 3, 1])[0],
            "lead_agency_id": rng.choice(agencies), "agency_ids": rng.sample(agencies, k=rng.randint(0, 2)),
            "operation": f"Operation {rng.choice(['Heron', 'Kestrel', 'Osprey', 'Merlin', 'Harrier'])}",
            "outcomes": outcomes}, today=today)
        ws.write("disruption.submit", impact.submit, did)
        if i % 10 != 9:
            supervisor.write("disruption.approve", impact.approve, did, "Demo approval.")
        made += 1
    for gid in groups[:5]:
        ws.write("plan.save", impact.save_plan, gid, "DCI Demo Plan Owner")
        for four_p, text in (("pursue", "Target the principals' finances"), ("protect", "Safeguard exploited workers"),
                             ("prevent", "Divert young people from the supply line")):
            owner = ws.actor.display_name if four_p == "pursue" else "DS Demo Officer"
            ws.write("plan.action", impact.add_action, gid, four_p, text, owner,
                     today + dt.timedelta(days=rng.randint(-20, 60)))
    for title, done in (("Joint visits with Trading Standards", "Weekly visits to car washes with partners"),
                        ("Cash seizure at the port", "Port officers briefed on the group's couriers")):
        ws.write("practice.save", impact.save_practice, {"title": title, "what_was_done": done,
                                                         "what_worked": "Early partner involvement",
                                                         "tags": "partners, demo", "contact": "DS Demo Officer"})
    return {"disruptions": made}
