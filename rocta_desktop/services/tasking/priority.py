"""The priority list: every active subject ranked by its latest approved assessments, with what
changed since the last T&CG's frozen snapshot; the regional summary."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from ...domain import clock
from ...domain.subjects import (
    ManagementLevel,
    SubjectKind,
    SubjectStatus,
)
from ...domain.tasking import (
    PRIORITIES,
    Change,
    changes,
    needs_intelligence,
    priority_bucket,
    rank_key,
)
from ...store.models import (
    Assessment,
    AssessmentStatus,
    CrimeType,
    Force,
    Group,
    GroupCrimeType,
    Subject,
    TcgMeeting,
    Unit,
)
from .. import access, settings

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
