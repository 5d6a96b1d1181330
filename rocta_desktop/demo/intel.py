"""Fictional trigger reports and collection-plan requirements for the demo workspace, made through
the real services: a triage queue with every outcome, and requirements at every stage."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from ..domain import clock
from ..domain.subjects import SubjectStatus
from ..services import collection, triggers
from ..services.workspace import Workspace
from ..store.models import Agency, Force, Group, Nominal

NAMES = ["Canal Street Firm", "Northgate Boys", "The Quay Collective", "Red Lane Crew", "Mill Road Network",
         "Eastvale Runners", "Harbour Lights", "Station Road Gang", "Brookside Crew", "Old Town Family"]
SUMMARIES = ["Cash runs to the port on Fridays", "County line from the city into coastal towns",
             "Cannabis grows in rented houses", "Workers housed above nail bars", "Stolen plant exported in containers",
             "Firearms offered for sale at a gym", "Young people used to move drugs"]
QUESTIONS = ["Who launders the group's cash?", "Where are the firearms stored?", "Which premises host the grows?",
             "Who recruits the runners?", "How are the workers transported?", "Which vehicles carry the cash?"]


def generate(ws: Workspace, *, triggers_count: int = 24, requirements: int = 10, seed: int = 1,
             today: dt.date | None = None) -> dict[str, int]:
    rng = random.Random(seed)
    today = today or clock.today()
    forces = ws.read(lambda s: list(s.scalars(select(Force.id))))
    agencies = ws.read(lambda s: list(s.scalars(select(Agency.id))))
    groups = ws.read(lambda s: list(s.scalars(select(Group.id).where(Group.status == SubjectStatus.ACTIVE.value)
                                              .limit(50))))
    nominals = ws.read(lambda s: list(s.scalars(select(Nominal.id).limit(50))))
    made = {"triggers": 0, "requirements": 0}
    grades = [("1", "A", "P"), ("2", "B", "P"), ("2", "C", "C"), ("3", "D", "P"), ("1", "B", "C")]
    for i in range(triggers_count):
        source, assessment, handling = rng.choice(grades)
        existing = groups and rng.random() < 0.4
        data = {"received_on": today - dt.timedelta(days=rng.randint(1, 90)), "officer": f"DS {rng.choice('ABCDEFGH')}. Officer",
                "subject_kind": "group", "summary": rng.choice(SUMMARIES), "grounds": "Reporting from the last quarter.",
                "source_evaluation": source, "intel_assessment": assessment, "handling_code": handling,
                "handling_conditions": "Not to be disclosed to the subject" if handling == "C" else "",
                "marking": "OFFICIAL-SENSITIVE"}
        if rng.random() < 0.6 and forces:
            data["force_id"] = rng.choice(forces)
        else:
            data["agency_id"] = rng.choice(agencies)
        if existing:
            data["subject_id"] = rng.choice(groups)
        else:
            data["proposed_name"] = f"{rng.choice(NAMES)}{'' if i < len(NAMES) else f' {i}'}"
        tid, _ = ws.write("trigger.create", triggers.create, data, today=today)
        made["triggers"] += 1
        decided_on = min(today, data["received_on"] + dt.timedelta(days=rng.randint(1, 25)))
        outcome = i % 6
        if outcome == 0 and i % 12 == 0:
            ws.write("trigger.assign", triggers.assign, tid, ws.actor.user_id)
        elif outcome == 1:
            ws.write("trigger.triage", triggers.start_triage, tid)  # assigns it to whoever takes it
        elif outcome == 2:
            ws.write("trigger.accept", triggers.accept, tid, today=decided_on)
        elif outcome == 3 and existing:
            ws.write("trigger.link", triggers.link, tid, data["subject_id"], today=decided_on)
        elif outcome == 4:
            ws.write("trigger.reject", triggers.reject, tid, "Not serious and organised crime", today=decided_on)
    for i in range(requirements):
        tasked = rng.sample(agencies, k=min(len(agencies), rng.randint(1, 3)))
        rid, _ = ws.write("requirement.create", collection.create, {
            "question": QUESTIONS[i % len(QUESTIONS)], "priority": rng.choice(["high", "medium", "low"]),
            "owner": f"DI {rng.choice('KLMNP')}. Analyst", "due_on": today + dt.timedelta(days=rng.randint(-30, 60)),
            "agency_ids": tasked, "subject_ids": rng.sample(groups + nominals, k=min(2, len(groups + nominals)))},
            today=today)
        made["requirements"] += 1
        for agency in tasked[: i % (len(tasked) + 1)]:
            ws.write("requirement.response", collection.add_response, rid, {
                "agency_id": agency, "received_on": today - dt.timedelta(days=rng.randint(0, 20)),
                "summary": "Partial picture from recent reporting.", "source_evaluation": "2",
                "intel_assessment": "B", "handling_code": "P", "answers": rng.choice(["partly", "fully", "no"])},
                today=today)
    return made
