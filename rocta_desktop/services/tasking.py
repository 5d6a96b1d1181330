"""Tasking (NIM): the priority list, tasking requests on the board, T&CG meetings, and capacity
against demand.

- The priority list ranks every active subject by its latest approved assessments (the domain's
  `rank_key`: priority, MoRiLE risk score, OCGM score, reference; unassessed last) and marks what
  changed since the last T&CG's frozen snapshot (new, up, down, archived).
- A tasking request moves along the board only as `domain.tasking.check_move` allows; each move is
  an ORM change, so the audit trail records it with who, when, before and after.
- A T&CG meeting freezes the priority list when it is opened; its decisions move the requests in
  the same unit of work; once finalised, the meeting and its decisions never change (the service
  refuses, and triggers in migration 0004 refuse too).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.fourp import FourP
from ..domain.markings import Marking, highest
from ..domain.subjects import (
    ManagementLevel,
    SubjectKind,
    SubjectStatus,
    parse_date,
    parse_enum,
)
from ..domain.tasking import (
    PRIORITIES,
    ActionStatus,
    Change,
    Decision,
    MeetingKind,
    MeetingLevel,
    MoveFacts,
    TaskStatus,
    changes,
    check_move,
    needs_intelligence,
    priority_bucket,
    rank_key,
)
from ..domain.users import ROLE_PERMISSIONS, Permission
from ..store.models import (
    Agency,
    Assessment,
    AssessmentStatus,
    CrimeType,
    Force,
    Group,
    GroupCrimeType,
    Subject,
    TaskingRequest,
    TcgAction,
    TcgDecision,
    TcgMeeting,
    Unit,
    User,
)
from ..store.models.base import utcnow
from . import access, settings
from .permissions import require
from .references import allocate
from .workspace import UnitOfWork

REQUEST_PREFIX = "TSK"
MEETING_PREFIX = "TCG"
#: Requests that carry committed work (accepted and not yet closed): the demand on their owner.
COMMITTED = (TaskStatus.ACCEPTED, TaskStatus.ALLOCATED, TaskStatus.IN_PROGRESS, TaskStatus.REVIEW)


@dataclass(frozen=True)
class Created:
    id: int
    reference: str


# ------------------------------------------------------------------------------ priority list

@dataclass
class PriorityFilter:
    force_id: int | None = None                  # lead force
    level: ManagementLevel | None = None         # groups' management level
    kind: SubjectKind | None = None
    crime_type: str | None = None                # crime type code (groups)


def _latest_approved(session: Session) -> dict[tuple[int, str], Any]:
    latest = (select(Assessment.subject_id, Assessment.method, func.max(Assessment.version).label("v"))
              .where(Assessment.status == AssessmentStatus.APPROVED.value)
              .group_by(Assessment.subject_id, Assessment.method).subquery())
    q = (select(Assessment.subject_id, Assessment.method, Assessment.reference, Assessment.priority,
                Assessment.score_min, Assessment.score_max, Assessment.band, Assessment.confidence,
                Assessment.next_review)
         .join(latest, (Assessment.subject_id == latest.c.subject_id)
               & (Assessment.method == latest.c.method) & (Assessment.version == latest.c.v)))
    return {(a.subject_id, a.method): a for a in session.execute(q)}


def _score(a: Any) -> tuple[float | None, float | None] | None:
    return None if a is None else (a.score_min, a.score_max)


def score_text(score: tuple[float | None, float | None] | list | None) -> str:
    if not score or score[0] is None:
        return ""
    lo, hi = score
    return f"{lo:g}" if lo == hi else f"{lo:g}\u2013{hi:g}"


def _approved_ids() -> Any:
    return select(Assessment.subject_id).where(Assessment.status == AssessmentStatus.APPROVED.value)


def _ranked(session: Session, *, assessed_only: bool = False,
            latest: dict[tuple[int, str], Any] | None = None) -> list[dict[str, Any]]:
    """Every active subject, ranked; no filter (the snapshot and the change marks use this).
    `assessed_only`: only those with an approved assessment. They rank before every other
    subject, so their ranks are the same either way; a large register (100,000 nominals, nearly
    all never assessed) is then not read row by row."""
    latest = _latest_approved(session) if latest is None else latest
    # plain columns, not ORM objects: a register may hold tens of thousands of active subjects
    st, gt = access.table(session, Subject), Group.__table__
    q = (select(st.c.id, st.c.kind, st.c.reference, st.c.name, st.c.marking, st.c.lead_force_id, st.c.owner_unit_id,
                gt.c.management_level, gt.c.lro_name)
         .select_from(st.outerjoin(gt, gt.c.id == st.c.id))
         .where(st.c.status == SubjectStatus.ACTIVE.value))
    if assessed_only:
        q = q.where(st.c.id.in_(_approved_ids()))
    subjects = session.execute(q).all()
    forces = dict(session.execute(select(Force.id, Force.code)).all())
    units = dict(session.execute(select(Unit.id, Unit.code)).all())
    crime = defaultdict(list)
    for gid, code in session.execute(select(GroupCrimeType.group_id, CrimeType.code)
                                     .join(CrimeType, CrimeType.id == GroupCrimeType.crime_type_id)):
        crime[gid].append(code)
    rows = []
    for s in subjects:
        m, o = latest.get((s.id, "MoRiLE")), latest.get((s.id, "OCGM"))
        reviews = [a.next_review for a in (m, o) if a is not None and a.next_review is not None]
        rows.append({
            "subject_id": s.id, "reference": s.reference, "name": s.name, "kind": s.kind, "marking": s.marking,
            "lead_force_id": s.lead_force_id, "lead_force": forces.get(s.lead_force_id),
            "owner_unit_id": s.owner_unit_id, "owner_unit": units.get(s.owner_unit_id),
            "management_level": s.management_level, "lro_name": s.lro_name,
            "crime_types": sorted(crime.get(s.id, [])),
            "priority": m.priority if m else None,
            "morile": _score(m), "morile_band": m.band if m else None, "morile_ref": m.reference if m else None,
            "morile_confidence": m.confidence if m else None,
            "ocgm": _score(o), "ocgm_band": o.band if o else None, "ocgm_ref": o.reference if o else None,
            "ocgm_confidence": o.confidence if o else None,
            "assessed": m is not None or o is not None,
            "review_due": min(reviews) if reviews else None,
        })
    rule = settings.range_rule(session)
    for r in rows:
        r["needs_intelligence"] = needs_intelligence(r["priority"])
    rows.sort(key=lambda r: rank_key(r["priority"], r["morile"], r["ocgm"], r["reference"], rule))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return rows


def _matches(row: Mapping[str, Any], flt: PriorityFilter) -> bool:
    if flt.force_id is not None and row["lead_force_id"] != flt.force_id:
        return False
    if flt.level is not None and row["management_level"] is not flt.level:
        return False
    if flt.kind is not None and row["kind"] != flt.kind.value:
        return False
    if flt.crime_type and flt.crime_type not in row["crime_types"]:
        return False
    return True


def last_meeting(session: Session, *, today: dt.date | None = None) -> TcgMeeting | None:
    today = today or clock.today()
    return session.scalar(select(TcgMeeting).where(TcgMeeting.held_on <= today)
                          .order_by(TcgMeeting.held_on.desc(), TcgMeeting.id.desc()).limit(1))


def changes_since_last_meeting(session: Session, *, today: dt.date | None = None,
                               ranked: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What moved since the last T&CG (by date, up to today): {"meeting": reference or None,
    "held_on", "changes": {subject reference: Change}, "archived": [snapshot rows no longer listed]}.
    With no meeting yet, nothing is marked."""
    meeting = last_meeting(session, today=today)
    if meeting is None:
        return {"meeting": None, "held_on": None, "changes": {}, "archived": []}
    ranked = _ranked(session) if ranked is None else ranked
    snapshot = access.visible_rows(session, meeting.snapshot)
    before = [r["reference"] for r in snapshot]
    found = changes(before, [r["reference"] for r in ranked])
    archived = [r for r in snapshot if found.get(r["reference"]) is Change.ARCHIVED]
    return {"meeting": meeting.reference, "held_on": meeting.held_on, "changes": found, "archived": archived}


def priority_list(session: Session, flt: PriorityFilter | None = None, *,
                  today: dt.date | None = None) -> list[dict[str, Any]]:
    """Active subjects ranked by their latest approved assessments, each with its rank in the whole
    list, both methods' results, confidence, level, owner, LRO, review due, and `change` since the
    last T&CG (a Change). Filters hide rows but keep the ranks of the whole list."""
    return priority_view(session, flt, today=today)["rows"]


def _last_meeting_row(session: Session, today: dt.date | None) -> Any:
    return session.execute(select(TcgMeeting.id, TcgMeeting.reference, TcgMeeting.held_on).where(
        TcgMeeting.held_on <= (today or clock.today())).order_by(
        TcgMeeting.held_on.desc(), TcgMeeting.id.desc()).limit(1)).first()


# A meeting's frozen list, element by element in rank order, by the database's JSON functions (the
# snapshot of a large register is tens of megabytes of JSON: not parsed in Python for this).
_SNAPSHOT_ITEMS = {
    "sqlite": ("json_each(m.snapshot) j", "json_extract(j.value, '$.reference')", "CAST(j.key AS INTEGER)"),
    "postgresql": ("json_array_elements(m.snapshot) WITH ORDINALITY AS j(value, rank)", "j.value ->> 'reference'",
                   "j.rank"),
}


def _snapshot_sql(session: Session, select_what: str, where: str = "") -> str:
    items, reference, order = _SNAPSHOT_ITEMS[session.get_bind().dialect.name]
    what = reference if select_what == "reference" else "j.value"
    extra = f" AND {reference} {where}" if where else ""
    return f"SELECT {what} FROM tcg_meetings m, {items} WHERE m.id = :id{extra} ORDER BY {order}"


def _snapshot_refs(session: Session, meeting_id: int) -> list[str]:
    """A meeting's frozen list as references in rank order."""
    return access.visible_rows(session, session.execute(text(_snapshot_sql(session, "reference")),
                                                        {"id": meeting_id}).scalars())


def _frozen_rows(session: Session, meeting_id: int, references: set[str]) -> list[dict[str, Any]]:
    if not references:
        return []
    rows = session.execute(text(_snapshot_sql(session, "value", "IN :refs")).bindparams(
        bindparam("refs", expanding=True)), {"id": meeting_id, "refs": sorted(references)}).scalars()
    return access.visible_rows(session, [json.loads(v) if isinstance(v, str) else v for v in rows])


def _unassessed_refs(session: Session) -> list[str]:
    """Active subjects without an approved assessment, in rank order (by reference: they tie)."""
    st = access.table(session, Subject)
    return list(session.scalars(select(st.c.reference).where(
        st.c.status == SubjectStatus.ACTIVE.value, st.c.id.not_in(_approved_ids())).order_by(st.c.reference)))


def priority_view(session: Session, flt: PriorityFilter | None = None, *, today: dt.date | None = None,
                  include_unassessed: bool = True) -> dict[str, Any]:
    """What the priority list screen shows, read once: {"rows": ranked rows (filtered) with their
    `change`, "meeting", "held_on": the last T&CG (or None), "archived": its rows no longer listed,
    "unassessed": active subjects with no approved assessment}. Without `include_unassessed` the
    rows are the assessed subjects only (their ranks and marks are those of the whole list)."""
    ranked = _ranked(session, assessed_only=not include_unassessed)
    unassessed = (sum(1 for r in ranked if not r["assessed"]) if include_unassessed else
                  session.scalar(select(func.count()).select_from(Subject).where(
                      Subject.status == SubjectStatus.ACTIVE.value, Subject.id.not_in(_approved_ids()))) or 0)
    meeting = _last_meeting_row(session, today)
    since: dict[str, Change] = {}
    archived: list[dict[str, Any]] = []
    if meeting is not None:
        order = [r["reference"] for r in ranked]
        if not include_unassessed:
            order += _unassessed_refs(session)
        since = changes(_snapshot_refs(session, meeting.id), order)
        archived = _frozen_rows(session, meeting.id, {ref for ref, c in since.items() if c is Change.ARCHIVED})
    flt = flt or PriorityFilter()
    rows = []
    for r in ranked:
        r["change"] = since.get(r["reference"], Change.SAME)
        if _matches(r, flt):
            rows.append(r)
    return {"rows": rows, "meeting": meeting.reference if meeting else None,
            "held_on": meeting.held_on if meeting else None, "archived": archived, "unassessed": unassessed}


def region_summary(session: Session, *, today: dt.date | None = None, with_changes: bool = True) -> dict[str, Any]:
    """The counts of the region at a glance without building the whole priority list (which
    holds every active subject, 100,000 on a large register): active subjects, by MoRiLE priority
    (a range counts by the region's rule, domain/tasking.py priority_bucket), by management level and, `with_changes`, the changes
    since the last T&CG by kind (see `region_changes`; None when not asked). `rows`: the owned or
    assessed active subjects, all that `capacity_and_demand` needs."""
    latest = _latest_approved(session)
    st, gt = access.table(session, Subject), Group.__table__
    active = st.c.status == SubjectStatus.ACTIVE.value
    total = session.scalar(select(func.count()).select_from(st).where(active)) or 0
    approved = select(Assessment.subject_id).where(Assessment.status == AssessmentStatus.APPROVED.value)
    by_priority: dict[str, int] = {p: 0 for p in PRIORITIES}
    rule = settings.range_rule(session)
    rows = []
    for sid, reference, owner in session.execute(select(st.c.id, st.c.reference, st.c.owner_unit_id).where(
            active, or_(st.c.owner_unit_id.is_not(None), st.c.id.in_(approved)))):
        m = latest.get((sid, "MoRiLE"))
        rank = priority_bucket(m.priority, rule) if m else 0
        if 1 <= rank <= len(PRIORITIES):
            by_priority[PRIORITIES[rank - 1]] += 1
        rows.append({"subject_id": sid, "reference": reference, "owner_unit_id": owner,
                     "priority": m.priority if m else None})
    by_priority["none"] = total - sum(by_priority.values())
    levels = session.execute(select(gt.c.management_level, func.count()).select_from(
        st.join(gt, gt.c.id == st.c.id)).where(active).group_by(gt.c.management_level)).all()
    out = {"active": total, "by_priority": by_priority,
           "by_level": {getattr(k, "value", k): v for k, v in levels if k}, "rows": rows,
           "changes": None, "meeting": None}
    if with_changes:
        out.update(region_changes(session, today=today, latest=latest))
    return out


def region_changes(session: Session, *, today: dt.date | None = None,
                   latest: dict[tuple[int, str], Any] | None = None) -> dict[str, Any]:
    """How many subjects are new, up, down or archived since the last T&CG (by date, up to today),
    counted as the priority list marks them: {"meeting": reference or None, "changes": {kind: n}}.
    Ranks follow `rank_key` exactly (assessed subjects by their results, then the rest by
    reference) without building the list's rows. Still the slowest count of the home screen
    (every active subject and the whole snapshot are compared), so the dashboard runs it off the
    GUI thread."""
    meeting = _last_meeting_row(session, today)
    if meeting is None:
        return {"meeting": None, "changes": {}}
    latest = _latest_approved(session) if latest is None else latest
    st = access.table(session, Subject)
    assessed = []
    rule = settings.range_rule(session)
    for sid, reference in session.execute(select(st.c.id, st.c.reference).where(
            st.c.status == SubjectStatus.ACTIVE.value, st.c.id.in_(_approved_ids()))):
        m, o = latest.get((sid, "MoRiLE")), latest.get((sid, "OCGM"))
        assessed.append((rank_key(m.priority if m else None, _score(m), _score(o), reference, rule), reference))
    ranked = [ref for _key, ref in sorted(assessed)] + _unassessed_refs(session)
    moved: dict[str, int] = {}
    for change in changes(_snapshot_refs(session, meeting.id), ranked).values():
        if change is not Change.SAME:
            moved[change.value] = moved.get(change.value, 0) + 1
    return {"meeting": meeting.reference, "changes": moved}


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


def update_request(uow: UnitOfWork, request_id: int, data: Mapping[str, Any]) -> None:
    """Edit a request's details (not its status: that is `move`). A closed or declined request is
    left as it was decided."""
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _request(uow.session, request_id)
    if not obj.status.open:
        raise Conflict(f"{obj.reference} is {obj.status.label.lower()}; reopen it before editing it")
    clean = _clean_request(uow.session, data, obj)
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
    obj = _request(session, request_id)
    d = _request_row(obj, today or clock.today(), _user_names(session, {obj.created_by_id}))
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


def update_meeting(uow: UnitOfWork, meeting_id: int, data: Mapping[str, Any]) -> None:
    """Edit a meeting's details (never its snapshot) until it is finalised."""
    obj = _open_meeting(uow, meeting_id)
    if "snapshot" in data:
        raise Conflict("the priority list frozen in a T&CG meeting cannot be changed")
    for k, v in _clean_meeting(uow.session, data, creating=False).items():
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
    obj = _meeting(session, meeting_id)
    d = _meeting_row(obj, dict(session.execute(select(Force.id, Force.code)).all()), session)
    d["snapshot"] = [dict(r) for r in access.visible_rows(session, obj.snapshot or [])]
    d["snapshot_at"] = obj.snapshot_at
    d["decisions"] = [{"id": x.id, "request_id": x.request_id, "request": x.request.reference,
                       "subject": x.request.subject.reference, "objective": x.request.objective,
                       "decision": x.decision, "rationale": x.rationale, "status": x.request.status}
                      for x in obj.decisions]
    d["actions"] = [{"id": a.id, "text": a.text, "owner": a.owner, "due": a.due, "status": a.status}
                    for a in obj.actions]
    d["finalised_by"] = _user_names(session, {obj.finalised_by_id}).get(obj.finalised_by_id)
    return d


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
