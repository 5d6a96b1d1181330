"""The return to regional tasking: what the region holds, as typed tables (domain/tables.py) for
`exchange/xlsx_export.py` to write.

Subjects are the current position (their latest approved MoRiLE and OCGM results); trigger reports
are those received within the period; collection-plan gaps are the live ones; tasking requests are
those raised in the period and older ones still open; disruptions and their outcomes are the
approved ones that happened in the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import __version__
from ..domain import clock
from ..domain.errors import NotFound, Problem, ValidationError
from ..domain.fourp import FourP
from ..domain.impact import (
    ROCU_KIND,
    DisruptionStatus,
    ImpactGrade,
    OutcomeKind,
    format_quantity,
)
from ..domain.intel import TriggerStatus
from ..domain.markings import Marking
from ..domain.schemes.compare import compare_positions
from ..domain.subjects import ManagementLevel, SubjectKind, SubjectStatus
from ..domain.tables import (
    CHOICE,
    DATE,
    INTEGER,
    NUMBER,
    Column,
    Report,
    Table,
    parse_period,
)
from ..domain.tasking import PRIORITIES, TaskStatus
from ..store.models import (
    Agency,
    Assessment,
    AssessmentStatus,
    Force,
    Group,
    Subject,
    Unit,
    WorkspaceMeta,
)
from . import assessments, collection, impact, tasking, triggers


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    label: str
    force_id: int | None
    force_code: str | None
    today: dt.date


def scope(session: Session, period: str | None, force: str | None, today: dt.date | None = None) -> Scope:
    today = today or clock.today()
    try:
        start, end, label = parse_period(period, today)
    except ValueError as exc:
        raise ValidationError(Problem("period", str(exc))) from None
    force_id = None
    if force:
        force_id = session.scalar(select(Force.id).where(Force.code == force.strip().upper()))
        if force_id is None:
            codes = ", ".join(session.scalars(select(Force.code).order_by(Force.code)))
            raise NotFound(f"no force with code {force.strip().upper()!r} (forces: {codes or 'none'})")
    return Scope(start, end, label, force_id, force.strip().upper() if force else None, today)


def _latest_results(session: Session) -> dict[tuple[int, str], Assessment]:
    latest = (select(Assessment.subject_id, Assessment.method, func.max(Assessment.version).label("v"))
              .where(Assessment.status == AssessmentStatus.APPROVED.value)
              .group_by(Assessment.subject_id, Assessment.method).subquery())
    q = select(Assessment).join(latest, (Assessment.subject_id == latest.c.subject_id)
                                & (Assessment.method == latest.c.method) & (Assessment.version == latest.c.v))
    return {(a.subject_id, a.method): a for a in session.scalars(q)}


def subjects_table(session: Session, sc: Scope) -> Table:
    cols = [Column("Reference", width=15), Column("Kind", CHOICE, 13, tuple(k.value for k in SubjectKind)),
            Column("Name", width=30), Column("Status", CHOICE, 10, tuple(s.value for s in SubjectStatus)),
            Column("Management level", CHOICE, 12, tuple(m.value for m in ManagementLevel)),
            Column("Lead force", width=10), Column("Owner unit", width=12),
            Column("Marking", CHOICE, 19, tuple(m.value for m in Marking)),
            Column("MoRiLE assessment", width=15), Column("MoRiLE risk score", NUMBER, 10),
            Column("MoRiLE band", width=11), Column("Priority", CHOICE, 8, ("P1", "P2", "P3", "P4")),
            Column("Confidence", width=10), Column("MoRiLE approved", DATE, 11),
            Column("OCGM assessment", width=15), Column("OCGM score", NUMBER, 9), Column("OCGM band", width=10),
            Column("OCGM approved", DATE, 11), Column("Next review", DATE, 11),
            Column("Methods disagree", CHOICE, 9, ("yes", "no", "")), Column("Unknown factors", INTEGER, 9)]
    forces = dict(session.execute(select(Force.id, Force.code)).all())
    units = dict(session.execute(select(Unit.id, Unit.code)).all())
    levels = dict(session.execute(select(Group.id, Group.management_level)).all())
    results = _latest_results(session)
    q = select(Subject.id, Subject.reference, Subject.kind, Subject.name, Subject.status, Subject.lead_force_id,
               Subject.owner_unit_id, Subject.marking).where(Subject.status != SubjectStatus.ARCHIVED.value)
    if sc.force_id is not None:
        q = q.where(Subject.lead_force_id == sc.force_id)
    table = Table("Subjects", "Subjects and their latest approved assessments (current position)", cols)
    for sid, ref, kind, name, status, force_id, unit_id, marking in session.execute(q.order_by(Subject.reference)):
        m, o = results.get((sid, "MoRiLE")), results.get((sid, "OCGM"))
        disagree = ""
        if m is not None and o is not None:
            positions = [(x.method, _position(session, x)) for x in (m, o)]
            disagree = "yes" if compare_positions(*positions).disagree else "no"
        level = levels.get(sid)
        reviews = [x.next_review for x in (m, o) if x is not None and x.next_review]
        table.rows.append([
            ref, kind, name, status.value, level.value if level else None, forces.get(force_id),
            units.get(unit_id), marking.value,
            m.reference if m else None, m.score_min if m and m.score_min == m.score_max else None,
            m.band if m else None, m.priority if m else None, m.confidence if m else None,
            m.reviewed_at.date() if m and m.reviewed_at else None,
            o.reference if o else None, o.score_min if o and o.score_min == o.score_max else None,
            o.band if o else None, o.reviewed_at.date() if o and o.reviewed_at else None,
            min(reviews) if reviews else None, disagree,
            sum(x.unknown_count for x in (m, o) if x is not None)])
        table.markings.append(max([marking] + [x.marking for x in (m, o) if x is not None], key=lambda k: k.rank))
    table.note = "Scores with unknown factors are ranges: the score cell is left empty and the count of unknown factors given."
    return table


def _position(session: Session, a: Assessment) -> tuple[float, float]:
    """Where the stored headline band sits on its scheme's scale (0 least, 1 most serious)."""
    scheme = assessments.scheme_of(session, a)
    bands = scheme.band_set(scheme.outcome.band).bands
    levels = [b.level for b in bands if b.label in a.result.get("band", [])] or [1]
    top = max(len(bands) - 1, 1)
    return (min(levels) - 1) / top, (max(levels) - 1) / top


def triggers_table(session: Session, sc: Scope) -> Table:
    cols = [Column("Reference", width=15), Column("Received", DATE, 11), Column("From", width=8),
            Column("Officer", width=18), Column("Subject kind", CHOICE, 12, tuple(k.value for k in SubjectKind)),
            Column("Subject", width=15), Column("Subject name", width=26),
            Column("Grading", width=8), Column("Status", CHOICE, 22, tuple(s.label for s in TriggerStatus)),
            Column("Decided", DATE, 11), Column("Days to decision", INTEGER, 9), Column("Reason", width=30),
            Column("Marking", CHOICE, 19, tuple(m.value for m in Marking))]
    table = Table("Triggers", f"Trigger reports received {sc.label}", cols)
    for r in triggers.listing(session, today=sc.today):
        if not sc.start <= r["received_on"] <= sc.end:
            continue
        if sc.force_id is not None and r["force_id"] != sc.force_id:
            continue
        table.rows.append([r["reference"], r["received_on"], r["source_name"], r["officer"], r["subject_kind"],
                           r["subject_reference"], r["subject_name"], r["grading"], r["status"].label,
                           r["decided_on"], r["days_to_decision"], r["decision_reason"], r["marking"].value])
        table.markings.append(r["marking"])
    return table


def gaps_table(session: Session, sc: Scope) -> Table:
    cols = [Column("Requirement", width=13), Column("Question", width=40),
            Column("Priority", CHOICE, 9, ("High", "Medium", "Low")), Column("Owner", width=16),
            Column("Agency awaited", width=12), Column("Due", DATE, 11), Column("Days overdue", INTEGER, 9),
            Column("Status", width=16), Column("Marking", CHOICE, 19, tuple(m.value for m in Marking))]
    table = Table("Collection gaps", "Collection-plan requirements still awaiting responses", cols)
    for g in collection.gaps(session, today=sc.today):
        table.rows.append([g["reference"], g["question"], g["priority"].label, g["owner"], g["agency"], g["due_on"],
                           g["days_overdue"], g["status"].label, g["marking"].value])
        table.markings.append(g["marking"])
    return table


def _lead_forces(session: Session) -> dict[int, int | None]:
    return dict(session.execute(select(Subject.id, Subject.lead_force_id)).all())


def tasking_table(session: Session, sc: Scope) -> Table:
    """Requests raised within the period, and older ones still open at its end (the live demand)."""
    cols = [Column("Request", width=14), Column("Subject", width=15), Column("Subject name", width=26),
            Column("Objective", width=40), Column("Requester", width=18), Column("Owner", width=14),
            Column("4P", CHOICE, 9, tuple(p.label for p in FourP)), Column("Priority", CHOICE, 8, PRIORITIES),
            Column("Status", CHOICE, 12, tuple(t.label for t in TaskStatus)), Column("Due", DATE, 11),
            Column("Effort (hours)", INTEGER, 9), Column("Overdue", CHOICE, 8, ("Yes", "No")),
            Column("Outcome", width=30), Column("Marking", CHOICE, 19, tuple(m.value for m in Marking))]
    table = Table("Tasking", f"Tasking requests raised {sc.label}, and older ones still open", cols)
    lead = _lead_forces(session) if sc.force_id is not None else {}
    for r in tasking.requests(session, today=sc.end if sc.end < sc.today else sc.today):
        raised = r["created_at"].date()
        if raised > sc.end or (raised < sc.start and not r["status"].open):
            continue
        if sc.force_id is not None and sc.force_id not in (lead.get(r["subject_id"]), r["owner_force_id"]):
            continue
        table.rows.append([r["reference"], r["subject_reference"], r["subject_name"], r["objective"], r["requester"],
                           r["owner"], r["four_p"].label, r["priority"], r["status"].label, r["due_date"],
                           r["effort_hours"], "Yes" if r["overdue"] else "No", r["outcome"], r["marking"].value])
        table.markings.append(r["marking"])
    return table


def _approved_disruptions(session: Session, sc: Scope) -> list[dict[str, Any]]:
    lead = _lead_forces(session) if sc.force_id is not None else {}
    return [d for d in reversed(impact.listing(session, statuses=(DisruptionStatus.APPROVED,)))
            if sc.start <= d["occurred_on"] <= sc.end
            and (sc.force_id is None or lead.get(d["subject_id"]) == sc.force_id)]


def _outcome_text(o: dict[str, Any]) -> str:
    amount = format_quantity(o["quantity"]) + (f" {o['unit']}" if o.get("unit") else "")
    return f"{o['kind'].label} {amount}" + (f" ({o['detail']})" if o.get("detail") else "")


def disruptions_table(session: Session, sc: Scope) -> Table:
    """Approved disruptions in the period (drafts and those awaiting approval are not reported)."""
    rocu = set(session.scalars(select(Agency.id).where(func.upper(Agency.kind) == ROCU_KIND)))
    cols = [Column("Disruption", width=14), Column("Date", DATE, 11), Column("Subject", width=15),
            Column("Subject name", width=26), Column("4P", CHOICE, 9, tuple(p.label for p in FourP)),
            Column("Impact", CHOICE, 10, tuple(g.label for g in ImpactGrade)), Column("Tactic", width=24),
            Column("Lead agency", width=12), Column("Contributing agencies", width=22),
            Column("ROCU role", CHOICE, 12, ("Led", "Contributed", "None")), Column("Operation", width=18),
            Column("Outcomes", width=40), Column("Marking", CHOICE, 19, tuple(m.value for m in Marking))]
    table = Table("Disruptions", f"Approved disruptions {sc.label}", cols)
    for d in _approved_disruptions(session, sc):
        role = ("Led" if d["lead_agency_id"] in rocu else
                "Contributed" if rocu & set(d["agency_ids"]) else "None")
        table.rows.append([d["reference"], d["occurred_on"], d["subject_reference"], d["subject_name"],
                           d["four_p"].label, d["grade"].label, d["tactic"], d["lead_agency"],
                           ", ".join(a for a in d["agencies"] if a), role, d["operation"],
                           "; ".join(_outcome_text(o) for o in d["outcomes"]), d["marking"].value])
        table.markings.append(d["marking"])
    return table


def outcomes_table(session: Session, sc: Scope) -> Table:
    """One row per outcome of the approved disruptions in the period, for totals and pivots."""
    cols = [Column("Disruption", width=14), Column("Date", DATE, 11), Column("Subject", width=15),
            Column("4P", CHOICE, 9, tuple(p.label for p in FourP)),
            Column("Outcome", CHOICE, 14, tuple(k.label for k in OutcomeKind)), Column("Quantity", NUMBER, 10),
            Column("Unit", width=8), Column("Detail", width=24),
            Column("Marking", CHOICE, 19, tuple(m.value for m in Marking))]
    table = Table("Outcomes", f"Outcomes of approved disruptions {sc.label}", cols)
    for d in _approved_disruptions(session, sc):
        for o in d["outcomes"]:
            table.rows.append([d["reference"], d["occurred_on"], d["subject_reference"], d["four_p"].label,
                               o["kind"].label, o["quantity"], o["unit"], o["detail"], d["marking"].value])
            table.markings.append(d["marking"])
    return table


#: name -> builder, in sheet order
SECTIONS: dict[str, Callable[[Session, Scope], Table]] = {
    "subjects": subjects_table,
    "triggers": triggers_table,
    "gaps": gaps_table,
    "tasking": tasking_table,
    "disruptions": disruptions_table,
    "outcomes": outcomes_table,
}


def build_return(session: Session, *, period: str | None = None, force: str | None = None,
                 produced_by: str = "", today: dt.date | None = None,
                 sections: tuple[str, ...] | None = None, ceiling: Marking | None = None) -> Report:
    """The return as the reader may see it; with `ceiling`, nothing marked above it (for recipients
    cleared lower): the cover says how many rows were left out."""
    from . import access
    sc = scope(session, period, force, today)
    names = sections or tuple(SECTIONS)
    left_out = 0
    if ceiling is not None:
        full = sum(len(SECTIONS[name](session, sc).rows) for name in names)
        with access.narrowed(session, ceiling):
            tables = [SECTIONS[name](session, sc) for name in names]
        left_out = full - sum(len(t.rows) for t in tables)
    else:
        tables = [SECTIONS[name](session, sc) for name in names]
    region = session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == "name")) or "Region"
    cover: list[tuple[str, Any]] = [
        ("Region", region), ("Period", sc.label), ("Period start", sc.start), ("Period end", sc.end),
        ("Force", sc.force_code or "All forces"), ("Produced by", produced_by),
        ("Produced on", sc.today), ("Application", f"ROCTA Desktop {__version__}")]
    if ceiling is not None:
        cover += [("Ceiling", ceiling.value), ("Rows above the ceiling left out", left_out)]
    cover += [(f"{t.name}: rows", len(t.rows)) for t in tables]
    return Report(f"Return to regional tasking \u2014 {region} \u2014 {sc.label}", cover, tables, produced_by,
                  clock.now())


def record_export(uow: Any, *, what: str, path: str, marking: Marking, counts: dict[str, int]) -> None:
    """Exports are audited like changes: who wrote which file, with what marking and how much."""
    from . import audit
    summary = (f"{what} written to {path} ({marking.value}; "
               + ", ".join(f"{n} {k}" for k, n in counts.items()) + ")")
    audit.record(uow.session, uow.actor, action=f"export.{what}", entity_type="export", summary=summary,
                 changes={"file": path, "marking": marking.value, "rows": counts})
    uow.touch("export")
