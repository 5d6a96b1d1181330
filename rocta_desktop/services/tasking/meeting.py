"""T&CG meetings: the priority list frozen when a meeting opens, decisions that move requests in
the same unit of work, actions; a finalised meeting never changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, NotFound, Problem, ValidationError
from ...domain.markings import Marking, highest
from ...domain.subjects import (
    parse_date,
    parse_enum,
)
from ...domain.tasking import (
    ActionStatus,
    Decision,
    MeetingKind,
    MeetingLevel,
    TaskStatus,
)
from ...domain.users import Permission
from ...store.models import (
    Force,
    TcgAction,
    TcgDecision,
    TcgMeeting,
)
from ...store.models.base import utcnow
from .. import access, concurrency
from ..permissions import require
from ..references import allocate
from ..unit_of_work import UnitOfWork
from .base import MEETING_PREFIX, Created
from .priority import _ranked
from .request import _move, _request, _user_names

# ------------------------------------------------------------------------------ meetings

def _snapshot_rows(session: Session) -> list[dict[str, Any]]:
    return [{"rank": r["rank"], "subject_id": r["subject_id"], "reference": r["reference"], "name": r["name"],
             "kind": r["kind"], "marking": r["marking"].value, "priority": r["priority"],
             "morile": list(r["morile"]) if r["morile"] else None, "morile_band": r["morile_band"],
             "ocgm": list(r["ocgm"]) if r["ocgm"] else None, "ocgm_band": r["ocgm_band"],
             "confidence": r["morile_confidence"] or r["ocgm_confidence"],
             "owner_unit": r["owner_unit"], "lro_name": r["lro_name"],
             "management_level": r["management_level"].value if r["management_level"] else None}
            for r in _ranked(session)]


def _clean_meeting(session: Session, data: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    allowed_fields = {"held_on", "kind", "level", "force_id", "chair", "attendees", "notes"}
    problems: list[Problem] = [Problem(k, "is not a field of a T&CG meeting") for k in data if k not in allowed_fields]
    out: dict[str, Any] = {}
    if "held_on" in data or creating:
        try:
            out["held_on"] = parse_date(data.get("held_on"), "held_on")
        except ValidationError as exc:
            problems.extend(exc.problems)
        if out.get("held_on") is None and not any(p.field == "held_on" for p in problems):
            problems.append(Problem("held_on", "give the date of the meeting"))
    for name, cls in (("kind", MeetingKind), ("level", MeetingLevel)):
        if name in data or creating:
            try:
                out[name] = parse_enum(cls, data.get(name) or "", name)
            except ValidationError as exc:
                problems.extend(exc.problems)
    if "force_id" in data:
        fid = data["force_id"]
        if fid in (None, ""):
            out["force_id"] = None
        elif session.get(Force, fid) is None:
            problems.append(Problem("force_id", f"no force with id {fid}"))
        else:
            out["force_id"] = int(fid)
    if out.get("level") is MeetingLevel.FORCE and out.get("force_id") is None and creating:
        problems.append(Problem("force_id", "a force T&CG names its force"))
    if "chair" in data:
        out["chair"] = str(data["chair"] or "").strip() or None
    if "attendees" in data:
        raw = data["attendees"]
        items = raw.splitlines() if isinstance(raw, str) else list(raw or [])
        out["attendees"] = [a.strip() for a in items if a and a.strip()]
    if "notes" in data:
        out["notes"] = str(data["notes"] or "").strip() or None
    if problems:
        raise ValidationError(problems)
    return out


def create_meeting(uow: UnitOfWork, data: Mapping[str, Any], *, today: dt.date | None = None) -> Created:
    """Record a T&CG meeting. The priority list is frozen into it now, as it stands."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    clean = _clean_meeting(s, data, creating=True)
    snapshot = _snapshot_rows(s)
    year = clean["held_on"].year
    reference = allocate(s, MEETING_PREFIX, year)
    marking = highest([Marking(r["marking"]) for r in snapshot] + [Marking.OFFICIAL_SENSITIVE],
                      Marking.OFFICIAL_SENSITIVE)
    obj = TcgMeeting(reference=reference, snapshot=snapshot, snapshot_at=utcnow(), marking=marking,
                     created_by_id=uow.actor.user_id, **clean)
    s.add(obj)
    s.flush()
    uow.describe("tcg.create", f"{clean['kind'].label.lower()} {clean['level'].label.lower()} T&CG {reference} "
                               f"of {clean['held_on'].isoformat()} recorded; priority list frozen "
                               f"({len(snapshot)} subjects)", obj)
    return Created(obj.id, reference)


def _meeting(session: Session, meeting_id: int) -> TcgMeeting:
    obj = session.get(TcgMeeting, meeting_id)
    if obj is None:
        raise NotFound(f"no T&CG meeting with id {meeting_id}")
    return obj


def _open_meeting(uow: UnitOfWork, meeting_id: int) -> TcgMeeting:
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _meeting(uow.session, meeting_id)
    if obj.finalised_at is not None:
        raise Conflict(f"{obj.reference} is finalised and cannot change")
    return obj


def update_meeting(uow: UnitOfWork, meeting_id: int, data: Mapping[str, Any], *,
                   seen_event: int | None = None) -> None:
    """Edit a meeting's details (never its snapshot) until it is finalised. `seen_event`: the
    meeting's version when the dialog loaded it (get_meeting's `seen_event`): a save that would undo
    a field someone else changed since is refused (EditConflict)."""
    obj = _open_meeting(uow, meeting_id)
    if "snapshot" in data:
        raise Conflict("the priority list frozen in a T&CG meeting cannot be changed")
    clean = _clean_meeting(uow.session, data, creating=False)
    if seen_event is not None:
        current = {k: getattr(obj, k) for k in clean}
        concurrency.check_not_stale(uow.session, "tcg_meeting", obj.id, obj.reference,
                                    concurrency.changed_fields(current, clean, clean), seen_event)
    for k, v in clean.items():
        setattr(obj, k, v)
    uow.describe("tcg.update", f"T&CG {obj.reference} edited", obj)


def record_decision(uow: UnitOfWork, meeting_id: int, request_id: int, decision: Decision | str,
                    rationale: str) -> None:
    """The T&CG's decision on a request, with its rationale. Accept and decline move the request
    on the board in the same unit of work (a supervisor's decision); defer leaves it proposed for
    the next meeting. One decision per request per meeting."""
    meeting = _open_meeting(uow, meeting_id)
    require(uow.actor, Permission.APPROVE)
    decision = decision if isinstance(decision, Decision) else parse_enum(Decision, decision, "decision")
    if not (rationale or "").strip():
        raise ValidationError(Problem("rationale", "give the rationale for the decision"))
    obj = _request(uow.session, request_id)
    if any(d.request_id == obj.id for d in meeting.decisions):
        raise Conflict(f"{meeting.reference} has already decided on {obj.reference}")
    if decision.target is None:
        if obj.status is not TaskStatus.PROPOSED:
            raise Conflict(f"{obj.reference} is {obj.status.label.lower()}: only a proposed request is deferred")
    else:
        _move(uow, obj, decision.target, None, rationale)
    meeting.decisions.append(TcgDecision(request_id=obj.id, decision=decision, rationale=rationale.strip()))
    uow.session.flush()
    uow.describe("tcg.decide", f"T&CG {meeting.reference}: {obj.reference} {decision.value}"
                               f"{'ed' if decision is not Decision.DEFER else 'red'} ({rationale.strip()})", meeting)


def add_action(uow: UnitOfWork, meeting_id: int, text: str, owner: str, due: Any = None) -> int:
    meeting = _open_meeting(uow, meeting_id)
    problems = []
    if not (text or "").strip():
        problems.append(Problem("action", "say what is to be done"))
    if not (owner or "").strip():
        problems.append(Problem("owner", "name who owns the action"))
    try:
        due_date = parse_date(due, "due")
    except ValidationError as exc:
        problems.extend(exc.problems)
        due_date = None
    if problems:
        raise ValidationError(problems)
    action = TcgAction(text=text.strip(), owner=owner.strip(), due=due_date, status=ActionStatus.OPEN)
    meeting.actions.append(action)
    uow.session.flush()
    uow.describe("tcg.action", f"T&CG {meeting.reference}: action for {owner.strip()} added", meeting)
    return action.id


def set_action_status(uow: UnitOfWork, action_id: int, status: ActionStatus | str) -> None:
    """Mark an action done (or open again): allowed after the meeting is finalised."""
    require(uow.actor, Permission.EDIT_RECORDS)
    action = uow.session.get(TcgAction, action_id)
    if action is None:
        raise NotFound(f"no T&CG action with id {action_id}")
    action.status = status if isinstance(status, ActionStatus) else parse_enum(ActionStatus, status, "status")
    uow.describe("tcg.action", f"T&CG {action.meeting.reference}: action marked {action.status.value}",
                 action.meeting)


def finalise(uow: UnitOfWork, meeting_id: int) -> None:
    """Close the record of a meeting: from now on it and its decisions never change."""
    meeting = _open_meeting(uow, meeting_id)
    require(uow.actor, Permission.APPROVE)
    meeting.finalised_at = utcnow()
    meeting.finalised_by_id = uow.actor.user_id
    uow.describe("tcg.finalise", f"T&CG {meeting.reference} finalised", meeting)


def _meeting_row(obj: TcgMeeting, forces: Mapping[int, str], session: Session) -> dict[str, Any]:
    return {"id": obj.id, "reference": obj.reference, "held_on": obj.held_on, "kind": obj.kind, "level": obj.level,
            "force_id": obj.force_id, "force": forces.get(obj.force_id), "chair": obj.chair,
            "attendees": list(obj.attendees or []), "notes": obj.notes, "marking": obj.marking,
            "finalised": obj.finalised_at is not None, "finalised_at": obj.finalised_at,
            "decision_count": len(obj.decisions), "action_count": len(obj.actions),
            "subject_count": len(access.visible_rows(session, obj.snapshot or []))}


def meetings(session: Session) -> list[dict[str, Any]]:
    forces = dict(session.execute(select(Force.id, Force.code)).all())
    q = select(TcgMeeting).order_by(TcgMeeting.held_on.desc(), TcgMeeting.id.desc())
    return [_meeting_row(m, forces, session) for m in session.scalars(q)]


def get_meeting(session: Session, meeting_id: int) -> dict[str, Any]:
    seen = concurrency.newest_event(session, "tcg_meeting", meeting_id)
    obj = _meeting(session, meeting_id)
    d = _meeting_row(obj, dict(session.execute(select(Force.id, Force.code)).all()), session)
    d["snapshot"] = [dict(r) for r in access.visible_rows(session, obj.snapshot or [])]
    d["snapshot_at"] = obj.snapshot_at
    d["seen_event"] = seen
    d["decisions"] = [{"id": x.id, "request_id": x.request_id, "request": x.request.reference,
                       "subject": x.request.subject.reference, "objective": x.request.objective,
                       "decision": x.decision, "rationale": x.rationale, "status": x.request.status}
                      for x in obj.decisions]
    d["actions"] = [{"id": a.id, "text": a.text, "owner": a.owner, "due": a.due, "status": a.status}
                    for a in obj.actions]
    d["finalised_by"] = _user_names(session, {obj.finalised_by_id}).get(obj.finalised_by_id)
    return d
