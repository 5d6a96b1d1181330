"""Tasking requests on the board: created, edited and moved only as `domain.tasking.check_move`
allows (each move an ORM change, so the audit trail records it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import clock
from ...domain.errors import Conflict, NotFound, Problem, ValidationError
from ...domain.fourp import FourP
from ...domain.markings import Marking, highest
from ...domain.subjects import (
    SubjectStatus,
    parse_date,
    parse_enum,
)
from ...domain.tasking import (
    PRIORITIES,
    MoveFacts,
    TaskStatus,
    check_move,
    priority_bucket,
)
from ...domain.users import ROLE_PERMISSIONS, Permission
from ...store.models import (
    Agency,
    Assessment,
    AssessmentStatus,
    Force,
    Subject,
    TaskingRequest,
    TcgDecision,
    Unit,
    User,
)
from ...store.models.base import utcnow
from .. import concurrency, settings
from ..permissions import require
from ..references import allocate
from ..unit_of_work import UnitOfWork
from .base import REQUEST_PREFIX, Created

# ------------------------------------------------------------------------------ requests

_REQUEST_FIELDS = ("subject_id", "objective", "requester", "owner_unit_id", "owner_force_id", "owner_agency_id",
                   "four_p", "priority", "due_date", "effort_hours", "outcome", "marking")


def default_priority(session: Session, subject_id: int) -> str | None:
    """The subject's latest approved MoRiLE priority (P1..P4), the default for a new request."""
    m = _latest_approved_one(session, subject_id, "MoRiLE")
    rank = priority_bucket(m.priority, settings.range_rule(session)) if m is not None else 0
    return f"P{rank}" if 1 <= rank <= len(PRIORITIES) else None


def _latest_approved_one(session: Session, subject_id: int, method: str) -> Assessment | None:
    return session.scalar(select(Assessment).where(
        Assessment.subject_id == subject_id, Assessment.method == method,
        Assessment.status == AssessmentStatus.APPROVED.value).order_by(Assessment.version.desc()).limit(1))


def _clean_request(session: Session, data: Mapping[str, Any], current: TaskingRequest | None) -> dict[str, Any]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for name in data:
        if name not in _REQUEST_FIELDS:
            problems.append(Problem(name, "is not a field of a tasking request"))
    for name in ("objective", "requester"):
        if name in data or current is None:
            value = str(data.get(name) or "").strip()
            if not value:
                problems.append(Problem(name, f"{'say what the tasking should achieve' if name == 'objective' else 'who asks for it'}"))
            elif name == "requester" and len(value) > 200:
                problems.append(Problem(name, "is too long (200 characters at most)"))
            out[name] = value
    if "subject_id" in data or current is None:
        sid = data.get("subject_id")
        subject = session.get(Subject, sid) if sid not in (None, "") else None
        if subject is None:
            problems.append(Problem("subject_id", "choose the subject of the tasking"))
        elif subject.status is SubjectStatus.ARCHIVED:
            problems.append(Problem("subject_id", f"{subject.reference} is archived"))
        else:
            out["subject_id"] = subject.id
    for name, model, what in (("owner_unit_id", Unit, "unit"), ("owner_force_id", Force, "force"),
                              ("owner_agency_id", Agency, "agency")):
        if name in data:
            value = data[name]
            if value in (None, ""):
                out[name] = None
            elif session.get(model, value) is None:
                problems.append(Problem(name, f"no {what} with id {value}"))
            else:
                out[name] = int(value)
    if "four_p" in data or current is None:
        try:
            out["four_p"] = parse_enum(FourP, data.get("four_p") or "", "four_p")
        except ValidationError as exc:
            problems.extend(exc.problems)
    if "priority" in data or current is None:
        value = str(data.get("priority") or "").strip().upper()
        if not value and current is None and out.get("subject_id") is not None:
            value = default_priority(session, out["subject_id"]) or ""
        if value not in PRIORITIES:
            problems.append(Problem("priority", "choose P1 to P4" + (
                " (the subject has no approved MoRiLE priority to default to)" if not value else "")))
        out["priority"] = value
    if "due_date" in data:
        try:
            out["due_date"] = parse_date(data["due_date"], "due_date")
        except ValidationError as exc:
            problems.extend(exc.problems)
    if "effort_hours" in data:
        value = data["effort_hours"]
        if value in (None, ""):
            out["effort_hours"] = None
        else:
            try:
                hours = int(value)
                if hours < 0:
                    raise ValueError
                out["effort_hours"] = hours
            except (TypeError, ValueError):
                problems.append(Problem("effort_hours", "give a whole number of hours (0 or more)"))
    if "outcome" in data:
        out["outcome"] = str(data["outcome"] or "").strip() or None
    if "marking" in data:
        try:
            out["marking"] = parse_enum(Marking, data["marking"], "marking")
        except ValidationError as exc:
            problems.extend(exc.problems)
    sid = out.get("subject_id", current.subject_id if current else None)
    if sid is not None and "marking" in out:
        floor = session.get(Subject, sid).marking
        if out["marking"].rank < floor.rank:
            problems.append(Problem("marking", f"must be at least {floor.value}, the marking of the subject"))
    if problems:
        raise ValidationError(problems)
    return out


def create_request(uow: UnitOfWork, data: Mapping[str, Any], *, today: dt.date | None = None) -> Created:
    """A new request, proposed for the next T&CG. The priority defaults to the subject's latest
    approved MoRiLE priority; the marking to at least the subject's."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    clean = _clean_request(s, data, None)
    subject = s.get(Subject, clean["subject_id"])
    clean.setdefault("marking", highest([subject.marking, Marking.OFFICIAL_SENSITIVE]))
    year = (today or clock.today()).year
    reference = allocate(s, REQUEST_PREFIX, year)
    obj = TaskingRequest(reference=reference, status=TaskStatus.PROPOSED, created_by_id=uow.actor.user_id, **clean)
    s.add(obj)
    s.flush()
    uow.describe("tasking.create", f"tasking request {reference} on {subject.reference} proposed "
                                   f"({obj.four_p.label}, {obj.priority})", obj)
    return Created(obj.id, reference)


def _request(session: Session, request_id: int) -> TaskingRequest:
    obj = session.get(TaskingRequest, request_id)
    if obj is None:
        raise NotFound(f"no tasking request with id {request_id}")
    return obj


def update_request(uow: UnitOfWork, request_id: int, data: Mapping[str, Any], *,
                   seen_event: int | None = None) -> None:
    """Edit a request's details (not its status: that is `move`). A closed or declined request is
    left as it was decided. `seen_event`: the request's version when the dialog loaded it
    (get_request's `seen_event`): a save that would undo a field someone else changed since is
    refused (EditConflict)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _request(uow.session, request_id)
    if not obj.status.open:
        raise Conflict(f"{obj.reference} is {obj.status.label.lower()}; reopen it before editing it")
    clean = _clean_request(uow.session, data, obj)
    if seen_event is not None:
        current = {k: getattr(obj, k) for k in clean}
        concurrency.check_not_stale(uow.session, "tasking", obj.id, obj.reference,
                                    concurrency.changed_fields(current, clean, clean), seen_event)
    owners = [clean.get(k, getattr(obj, k)) for k in ("owner_unit_id", "owner_force_id", "owner_agency_id")]
    if obj.status in (TaskStatus.ALLOCATED, TaskStatus.IN_PROGRESS, TaskStatus.REVIEW) and not any(owners):
        raise ValidationError(Problem("owner_unit_id", "an allocated request keeps an owner"))
    for k, v in clean.items():
        setattr(obj, k, v)
    uow.describe("tasking.update", f"tasking request {obj.reference} edited", obj)


def _facts(uow: UnitOfWork, obj: TaskingRequest, outcome: str | None, reason: str | None) -> MoveFacts:
    return MoveFacts(permissions=ROLE_PERMISSIONS[uow.actor.role],
                     has_owner=any((obj.owner_unit_id, obj.owner_force_id, obj.owner_agency_id)),
                     outcome=outcome if outcome is not None else obj.outcome, decline_reason=reason)


def _move(uow: UnitOfWork, obj: TaskingRequest, target: TaskStatus, outcome: str | None,
          reason: str | None) -> None:
    check_move(obj.status, target, _facts(uow, obj, outcome, reason))
    before = obj.status
    if outcome is not None and outcome.strip():
        obj.outcome = outcome.strip()
    if target is TaskStatus.DECLINED:
        obj.decline_reason = reason.strip()
    elif before is TaskStatus.DECLINED:
        obj.decline_reason = None  # brought back for the next T&CG (the audit trail keeps the old reason)
    obj.status = target
    obj.status_changed_at = utcnow()
    uow.describe("tasking.move", f"{obj.reference} moved from {before.label.lower()} to {target.label.lower()}",
                 obj)


def move(uow: UnitOfWork, request_id: int, to_status: TaskStatus | str, *, outcome: str | None = None,
         reason: str | None = None) -> None:
    """Move a request on the board, as the rules allow (see domain.tasking.check_move): accepting
    and declining are a supervisor's; allocating needs an owner; closing needs an outcome;
    declining needs a reason."""
    target = to_status if isinstance(to_status, TaskStatus) else parse_enum(TaskStatus, to_status, "status")
    _move(uow, _request(uow.session, request_id), target, outcome, reason)


def _owner_label(obj: TaskingRequest) -> str:
    parts = [x.code for x in (obj.owner_unit, obj.owner_force, obj.owner_agency) if x is not None]
    return " / ".join(parts)


def _request_row(obj: TaskingRequest, today: dt.date, names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "id": obj.id, "reference": obj.reference, "subject_id": obj.subject_id,
        "subject_reference": obj.subject.reference, "subject_name": obj.subject.name, "subject_kind": obj.subject.kind,
        "objective": obj.objective, "requester": obj.requester, "owner_unit_id": obj.owner_unit_id,
        "owner_force_id": obj.owner_force_id, "owner_agency_id": obj.owner_agency_id, "owner": _owner_label(obj),
        "four_p": obj.four_p, "priority": obj.priority, "due_date": obj.due_date, "effort_hours": obj.effort_hours,
        "status": obj.status, "outcome": obj.outcome, "decline_reason": obj.decline_reason, "marking": obj.marking,
        "created_by": names.get(obj.created_by_id), "created_by_id": obj.created_by_id, "created_at": obj.created_at,
        "status_changed_at": obj.status_changed_at,
        "overdue": obj.status.open and obj.due_date is not None and obj.due_date < today,
    }


def _user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def get_request(session: Session, request_id: int, *, today: dt.date | None = None) -> dict[str, Any]:
    seen = concurrency.newest_event(session, "tasking", request_id)
    obj = _request(session, request_id)
    d = _request_row(obj, today or clock.today(), _user_names(session, {obj.created_by_id}))
    d["seen_event"] = seen
    d["subject_marking"] = obj.subject.marking
    d["decisions"] = [{"meeting": dec.meeting.reference, "held_on": dec.meeting.held_on, "decision": dec.decision,
                       "rationale": dec.rationale}
                      for dec in session.scalars(select(TcgDecision).where(TcgDecision.request_id == obj.id)
                                                 .order_by(TcgDecision.id))]
    return d


@dataclass
class BoardFilter:
    owner_unit_id: int | None = None
    owner_force_id: int | None = None
    four_p: FourP | None = None
    priority: str | None = None
    created_by_id: int | None = None    # the requests one user raised ("my tasking")


def requests(session: Session, flt: BoardFilter | None = None, *, statuses: tuple[TaskStatus, ...] | None = None,
             today: dt.date | None = None) -> list[dict[str, Any]]:
    """Requests (filtered), most urgent first: priority, then due date, then reference."""
    flt = flt or BoardFilter()
    q = select(TaskingRequest)
    if flt.owner_unit_id is not None:
        q = q.where(TaskingRequest.owner_unit_id == flt.owner_unit_id)
    if flt.owner_force_id is not None:
        q = q.where(TaskingRequest.owner_force_id == flt.owner_force_id)
    if flt.four_p is not None:
        q = q.where(TaskingRequest.four_p == flt.four_p.value)
    if flt.priority:
        q = q.where(TaskingRequest.priority == flt.priority)
    if flt.created_by_id is not None:
        q = q.where(TaskingRequest.created_by_id == flt.created_by_id)
    if statuses:
        q = q.where(TaskingRequest.status.in_([s.value for s in statuses]))
    rows = list(session.scalars(q))
    names = _user_names(session, {r.created_by_id for r in rows})
    today = today or clock.today()
    out = [_request_row(r, today, names) for r in rows]
    out.sort(key=lambda r: (r["priority"], r["due_date"] or dt.date.max, r["reference"]))
    return out


def board(session: Session, flt: BoardFilter | None = None, *,
          today: dt.date | None = None) -> dict[TaskStatus, list[dict[str, Any]]]:
    """The board: every column (in board order, empty ones too) with its cards; each card has
    `overdue` (open and past its due date)."""
    columns: dict[TaskStatus, list[dict[str, Any]]] = {s: [] for s in TaskStatus}
    for r in requests(session, flt, today=today):
        columns[r["status"]].append(r)
    return columns
