"""Home: what needs the signed-in person's attention, and the region at a glance.

Each item is a list (so a tile's count is the length of what its link opens): the analyst's own
drafts and returned assessments, referrals assigned to them for triage, tasking and 4P actions due or overdue,
their requirements still missing responses; for supervisors, what awaits approval (oldest first),
triggers waiting beyond the service level, over-committed units; and the region's counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.impact import DisruptionStatus
from ..domain.intel import RequirementStatus
from ..domain.users import Permission
from ..store.models import AssessmentStatus, IntelRequirement
from . import assessments, collection, impact, tasking, triggers
from .actor import Actor
from .permissions import allowed

TRIGGER_SERVICE_LEVEL_DAYS = 14   # a referral waiting longer than this is flagged to supervisors
SOON_DAYS = 14                    # due within this many days counts as due
RECENT_DAYS = 30                  # disruptions this recent are shown


def _age(when: Any, today: dt.date) -> int:
    day = when.date() if isinstance(when, dt.datetime) else when
    return (today - day).days if day else 0


def _owned_by(owner: str | None, actor: Actor) -> bool:
    """A 4P action's owner is free text: it is the signed-in person's when it names them."""
    text = (owner or "").strip().casefold()
    return bool(text) and text in {actor.display_name.casefold(), actor.username.casefold()}


def home(session: Session, actor: Actor, *, today: dt.date | None = None, with_changes: bool = True) -> dict[str, Any]:
    """`with_changes=False` leaves out the changes since the last T&CG (None), the one slow count
    on a large register: the dashboard reads them apart (`tasking.region_changes`) off the GUI thread."""
    today = today or clock.today()
    me = actor.user_id
    soon = today + dt.timedelta(days=SOON_DAYS)
    mine = assessments.listing(session, statuses=(AssessmentStatus.DRAFT, AssessmentStatus.RETURNED))
    waiting_triggers = triggers.listing(session, statuses=triggers.OPEN, today=today)
    my_requests = [r for r in tasking.requests(session, today=today)
                   if r["created_by_id"] == me and r["status"].open and r["due_date"] and r["due_date"] <= soon]
    my_requirement_ids = set(session.scalars(select(IntelRequirement.id).where(IntelRequirement.created_by_id == me)))
    my_gaps = [g for g in collection.listing(session, statuses=(RequirementStatus.OPEN, RequirementStatus.PARTLY_ANSWERED),
                                             today=today) if g["id"] in my_requirement_ids and g["awaiting"]]
    work = {
        "drafts": [a for a in mine if a["created_by_id"] == me and a["status"] is AssessmentStatus.DRAFT],
        "returned": [a for a in mine if a["created_by_id"] == me and a["status"] is AssessmentStatus.RETURNED],
        "triage": [t for t in waiting_triggers if t["assigned_to_id"] == me],
        "tasking_due": sorted(my_requests, key=lambda r: r["due_date"]),
        "actions_due": [a for a in impact.actions_due(session, today=today, within_days=SOON_DAYS)
                        if _owned_by(a["owner"], actor)],
        "my_requirements": sorted(my_gaps, key=lambda g: (not g["overdue"], g["due_on"] or dt.date.max)),
    }
    summary = tasking.region_summary(session, today=today, with_changes=with_changes)
    supervisor: dict[str, list[dict[str, Any]]] = {}
    if allowed(actor, Permission.APPROVE):
        submitted = assessments.listing(session, statuses=(AssessmentStatus.SUBMITTED,))
        for a in submitted:
            a["age_days"] = _age(a["submitted_at"], today)
        disruptions = impact.listing(session, statuses=(DisruptionStatus.SUBMITTED,))
        for d in disruptions:
            d["age_days"] = _age(d["submitted_at"], today)
        supervisor = {
            "assessments_to_approve": sorted(submitted, key=lambda a: -a["age_days"]),
            "disruptions_to_approve": sorted(disruptions, key=lambda d: -d["age_days"]),
            "triggers_late": sorted((t for t in waiting_triggers if t["days_waiting"] > TRIGGER_SERVICE_LEVEL_DAYS),
                                    key=lambda t: -t["days_waiting"]),
            "over_committed": [u for u in tasking.capacity_and_demand(session, today=today, ranked=summary["rows"])["units"]
                               if u["over"]],
        }
    due = assessments.due_for_review(session, today=today, within_days=SOON_DAYS)
    recent = [d for d in impact.listing(session, statuses=(DisruptionStatus.APPROVED,))
              if d["occurred_on"] >= today - dt.timedelta(days=RECENT_DAYS)]
    region = {
        "active_subjects": summary["active"],
        "by_priority": summary["by_priority"],
        "by_level": summary["by_level"],
        "changes": summary["changes"],
        "last_tcg": summary["meeting"],
        "reviews_overdue": [d for d in due if d["overdue"]],
        "reviews_due": [d for d in due if not d["overdue"]],
        "recent_disruptions": recent,
    }
    return {"work": work, "supervisor": supervisor, "region": region, "today": today}
