"""Moderation figures (issue #25): how often each analyst's and each scheme's assessments are
returned for changes, for which factors, and how long approval takes, read from the assessments'
review history in the audit trail (domain/moderation.py does the counting).

Supervisors see everyone's figures; anyone else sees only their own (enforced here, not by the
screen). Only assessments the reader may see are counted (need to know).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.moderation import APPROVE, RETURN, SAVE, SUBMIT, Event, History, cycle, figures
from ..domain.users import Permission
from ..store.models import Assessment, AuditEvent, User
from .assessments import scheme_of
from .permissions import allowed

ACTIONS = ("assessment.start", SAVE, SUBMIT, RETURN, APPROVE)


def moderation_figures(session: Session, *, since: dt.date | None = None) -> dict[str, Any]:
    """Per analyst and per scheme: assessments submitted, approved, returned (and how often), the
    factors returns led to, and the days from first submission to approval. `since`: assessments
    first submitted on or after that day."""
    actor = session.info.get("actor")
    everyone = actor is None or allowed(actor, Permission.APPROVE)
    q = select(Assessment).where(Assessment.submitted_at.is_not(None)).order_by(Assessment.id)
    if not everyone:
        q = q.where(Assessment.created_by_id == actor.user_id)
    rows = list(session.scalars(q))
    names = dict(session.execute(select(User.id, User.display_name)).all())
    events: dict[int, list[AuditEvent]] = {}
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for e in session.scalars(select(AuditEvent).where(
                AuditEvent.entity_type == "assessment", AuditEvent.entity_id.in_(chunk),
                AuditEvent.action.in_(ACTIONS)).order_by(AuditEvent.id)):
            events.setdefault(e.entity_id, []).append(e)
    cycles = []
    for r in rows:
        history = events.get(r.id, [])
        submits = [e.at for e in history if e.action == SUBMIT]
        if since is not None and (not submits or submits[0].date() < since):
            continue
        scheme = scheme_of(session, r)
        factors = {f.id: f.title for f in scheme.factors}
        cycles.append(cycle(History(r.reference, names.get(r.created_by_id, "unknown"), r.scheme_id, factors,
                                    [_event(e) for e in history])))
    return {"scope": "everyone" if everyone else "own", "since": since, "assessments": len(cycles),
            "per_analyst": [f.to_json() for f in figures(cycles, "author")],
            "per_scheme": [f.to_json() for f in figures(cycles, "scheme")],
            "returned": [{"reference": c.reference, "analyst": c.author, "scheme": c.scheme,
                          "returns": [list(r) for r in c.returns], "days_to_approval": c.days_to_approval}
                         for c in cycles if c.returns]}


def _event(e: AuditEvent) -> Event:
    changes = e.changes or {}
    answers = changes.get("answers", {}).get("after") if isinstance(changes.get("answers"), dict) else None
    comment = (changes.get("review_comment") or {}).get("after") if isinstance(changes.get("review_comment"), dict) \
        else None
    action = SAVE if answers is not None and e.action not in (SUBMIT, RETURN, APPROVE) else e.action
    return Event(action, e.at, comment, answers)
