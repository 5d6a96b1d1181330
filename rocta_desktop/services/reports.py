"""What printed reports contain, gathered from the workspace as plain data (exchange/pdf draws it).

The assessment pack for one subject: the subject, its latest approved MoRiLE and OCGM results with
how they were reached and what is unknown, the trend of its approved assessments, members and groups (a nominal's known associates), open
intelligence requirements, trigger reports, its 4P plan, tasking requests and approved disruptions
(the sections in `PACK_SECTIONS`).

A pack is printed for people who act on it (a tasking group, a partner agency), and pages travel
without their cover: only an approved assessment (one a supervisor has checked) is printed as a
result, and only approved ones are in its trend. A draft, submitted or returned assessment is
named (reference, version, status) but its answers and score are not printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, Problem, ValidationError
from ..domain.fourp import FourP
from ..domain.impact import DisruptionStatus, format_quantity
from ..domain.markings import Marking, highest
from ..domain.subjects import parse_reference
from ..store.models import Assessment, AssessmentStatus, NominalAssociation, RequirementSubject, Subject, TriggerReport
from . import assessments, collection, impact, network, registers, tasking


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    markings: list[Marking] = field(default_factory=list)
    note: str = ""
    widths: tuple[float, ...] = ()       # fractions of the page width, when content alone would not do


@dataclass
class PackData:
    subject: dict[str, Any]
    results: dict[str, dict[str, Any]]           # method -> assessments.get(...) of the latest approved
    trend: list[dict[str, Any]]                  # approved assessments only
    comparison: Any
    sections: list[Section]
    marking: Marking
    #: method -> the latest assessment not approved (draft, submitted, returned) when it is newer
    #: than the approved one or there is none: named in the pack, never printed as a result
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the subject's link chart (services/network.py pack_chart: as its newest saved layout arranges it),
    #: printed on a page of its own; its marking is in `marking`
    chart: Any = None

    @property
    def title(self) -> str:
        return f"Assessment pack: {self.subject['reference']} {self.subject['name']}"


def subject_id_for(session: Session, reference: str) -> int:
    ref = reference.strip().upper()
    try:
        parse_reference(ref)
    except ValueError as exc:
        raise ValidationError(Problem("subject", str(exc))) from None
    sid = session.scalar(select(Subject.id).where(Subject.reference == ref))
    if sid is None:
        raise NotFound(f"no subject {ref}")
    return sid


def _latest(session: Session, subject_id: int, method: str) -> tuple[Assessment | None, Assessment | None]:
    """The latest approved assessment (the subject's score of record), and the latest one not
    approved when it is newer than that (or there is no approved one)."""
    q = select(Assessment).where(Assessment.subject_id == subject_id, Assessment.method == method)
    approved = session.scalar(q.where(Assessment.status == AssessmentStatus.APPROVED.value)
                              .order_by(Assessment.version.desc()).limit(1))
    latest = session.scalar(q.order_by(Assessment.version.desc()).limit(1))
    return approved, (latest if latest is not None and latest is not approved else None)


def _pending_row(obj: Assessment) -> dict[str, Any]:
    return {"id": obj.id, "reference": obj.reference, "method": obj.method, "version": obj.version,
            "status": obj.status, "marking": obj.marking, "updated_at": obj.updated_at}


def _approved_trend(trend: list[dict[str, Any]]) -> list[dict[str, Any]]:
    series = [{**s, "points": [pt for pt in s["points"] if pt["approved"]]} for s in trend]
    return [s for s in series if s["points"]]


def _people(session: Session, subject: dict[str, Any]) -> Section:
    if subject["kind"] == "group":
        members = subject.get("members", [])
        rows = [[m["reference"], m["name"], m["role"].label, m["since"]] for m in members]
        return Section("Members", ["Reference", "Name", "Role", "Since"], rows, [m["marking"] for m in members])
    if subject["kind"] == "nominal":
        groups = subject.get("groups", [])
        rows = [[g["reference"], g["name"], g["role"].label] for g in groups]
        return Section("Groups", ["Reference", "Name", "Role"], rows, [g["marking"] for g in groups])
    return Section("Linked records", ["Reference", "Name"], [])


def _associates(session: Session, subject_id: int, subject: dict[str, Any]) -> Section | None:
    """A nominal's known associates (both directions of the stored pair), with the nature of each."""
    if subject["kind"] != "nominal":
        return None
    na = NominalAssociation
    pairs = session.execute(select(na.nominal_a_id, na.nominal_b_id, na.nature).where(
        (na.nominal_a_id == subject_id) | (na.nominal_b_id == subject_id))).all()
    other = {(b if a == subject_id else a): nature for a, b, nature in pairs}
    rows, markings = [], []
    for s in session.scalars(select(Subject).where(Subject.id.in_(other)).order_by(Subject.name)):
        rows.append([s.reference, s.name, other[s.id] or ""])
        markings.append(s.marking)
    return Section("Known associates", ["Reference", "Name", "Nature of the association"], rows, markings)


def _requirements(session: Session, subject_id: int) -> Section:
    ids = set(session.scalars(select(RequirementSubject.requirement_id).where(RequirementSubject.subject_id == subject_id)))
    rows, markings = [], []
    for r in collection.listing(session):
        if r["id"] in ids and r["status"].live:
            rows.append([r["reference"], r["question"], r["priority"].label, r["due_on"], ", ".join(r["awaiting"])])
            markings.append(r["marking"])
    return Section("Open intelligence requirements", ["Reference", "Question", "Priority", "Due", "Awaiting"], rows,
                   markings)


def _triggers(session: Session, subject_id: int) -> Section:
    rows, markings = [], []
    for t in session.scalars(select(TriggerReport).where(TriggerReport.subject_id == subject_id)
                             .order_by(TriggerReport.received_on)):
        rows.append([t.reference, t.received_on, t.summary, f"{t.source_evaluation.value}{t.intel_assessment.value} "
                     f"{t.handling_code.value}", t.status.label])
        markings.append(t.marking)
    return Section("Trigger reports", ["Reference", "Received", "Summary", "Grading", "Status"], rows, markings)


def _plan(session: Session, subject_id: int) -> Section:
    plan = impact.get_plan(session, subject_id)
    if plan is None:
        return Section("4P plan", ["4P", "Action", "Owner", "Due", "Status"], [], note="No 4P plan recorded.")
    order = {p: i for i, p in enumerate(FourP)}
    rows = [[a["four_p"].label, a["text"], a["owner"], a["due_on"], a["status"].label]
            for a in sorted(plan["actions"], key=lambda a: (order[a["four_p"]], a["due_on"] or dt.date.max))]
    return Section("4P plan", ["4P", "Action", "Owner", "Due", "Status"], rows, [plan["marking"]],
                   note=f"Plan owner: {plan['owner']}.", widths=(0.11, 0.44, 0.19, 0.12, 0.14))


def _tasking(session: Session, subject_id: int) -> Section:
    rows, markings = [], []
    for r in tasking.requests(session):
        if r["subject_id"] == subject_id:
            rows.append([r["reference"], r["objective"], r["owner"], r["four_p"].label, r["priority"],
                         r["due_date"], r["status"].label + (" (overdue)" if r["overdue"] else "")])
            markings.append(r["marking"])
    return Section("Tasking requests", ["Request", "Objective", "Owner", "4P", "Priority", "Due", "Status"], rows,
                   markings, widths=(0.17, 0.3, 0.12, 0.09, 0.08, 0.12, 0.12))


def _disruptions(session: Session, subject_id: int) -> Section:
    rows, markings = [], []
    for d in reversed(impact.listing(session, statuses=(DisruptionStatus.APPROVED,), subject_id=subject_id)):
        outcomes = "; ".join(f"{o['kind'].label} {format_quantity(o['quantity'])}{' ' + o['unit'] if o['unit'] else ''}"
                             for o in d["outcomes"])
        rows.append([d["reference"], d["occurred_on"], d["four_p"].label, d["grade"].label, d["tactic"],
                     d["lead_agency"] or "", outcomes])
        markings.append(d["marking"])
    return Section("Disruptions (approved)", ["Reference", "Date", "4P", "Impact", "Tactic", "Lead", "Outcomes"],
                   rows, markings, widths=(0.17, 0.12, 0.1, 0.11, 0.17, 0.08, 0.25))


#: sections after the results, in order
PACK_SECTIONS: list[Callable[[Session, int, dict[str, Any]], Section | None]] = [
    lambda s, sid, subj: _people(s, subj),
    _associates,
    lambda s, sid, subj: _requirements(s, sid),
    lambda s, sid, subj: _triggers(s, sid),
    lambda s, sid, subj: _plan(s, sid),
    lambda s, sid, subj: _tasking(s, sid),
    lambda s, sid, subj: _disruptions(s, sid),
]


def assessment_pack(session: Session, subject_id: int) -> PackData:
    subject = registers.get_subject(session, subject_id)
    results, pending = {}, {}
    for method in ("MoRiLE", "OCGM"):
        approved, newer = _latest(session, subject_id, method)
        if approved is not None:
            results[method] = assessments.get(session, approved.id)
        if newer is not None:
            pending[method] = _pending_row(newer)
    sections = [section for build in PACK_SECTIONS if (section := build(session, subject_id, subject)) is not None]
    chart = network.pack_chart(session, subject_id)
    markings = [subject["marking"], *(r["marking"] for r in results.values()),
                *(r["marking"] for r in pending.values()),   # named in the pack: never marked lower than before
                *(m for s in sections for m in s.markings), chart.marking]
    return PackData(subject, results, _approved_trend(assessments.trend(session, subject_id)),
                    assessments.comparison(session, subject_id), sections, highest(markings, Marking.OFFICIAL),
                    pending, chart)



# ------------------------------------------------------------------ T&CG pack and threat profile

@dataclass
class TcgPackData:
    title: str
    priority: Section
    changes: Section
    decisions: Section
    capacity: Section
    unowned: Section
    subjects: list[PackData]
    marking: Marking
    last_meeting: str | None


def tcg_pack(session: Session, *, top: int = 10, today: Any = None) -> TcgPackData:
    """For a Tasking & Co-ordinating Group: the priority list as it stands, new and changed
    threats since the last meeting, the requests waiting for a decision, capacity against demand,
    and a pack per top-priority subject."""
    from ..domain.tasking import Change, TaskStatus
    from . import tasking
    ranked = tasking.priority_list(session, today=today)
    since = tasking.changes_since_last_meeting(session, today=today)

    def score(v: Any) -> str:
        return tasking.score_text(v)
    priority = Section("Priority list", ["Rank", "Subject", "Name", "Priority", "MoRiLE", "OCGM", "Level", "Owner",
                                         "Review", "Chg"],
                       [[r["rank"], r["reference"], r["name"], r["priority"] or "", f"{score(r['morile'])} {r['morile_band'] or ''}",
                         f"{score(r['ocgm'])} {r['ocgm_band'] or ''}", r["management_level"].value if r["management_level"] else "",
                         r["owner_unit"] or "", r["review_due"], r["change"].label] for r in ranked if r["assessed"]],
                       [r["marking"] for r in ranked if r["assessed"]],
                       widths=(0.05, 0.145, 0.155, 0.07, 0.15, 0.12, 0.075, 0.10, 0.08, 0.055))
    changed = [r for r in ranked if r["change"] in (Change.NEW, Change.UP, Change.DOWN)]
    changes = Section("New and changed threats since the last T&CG",
                      ["Subject", "Name", "Change", "Priority", "MoRiLE", "OCGM"],
                      [[r["reference"], r["name"], r["change"].label, r["priority"] or "", score(r["morile"]),
                        score(r["ocgm"])] for r in changed] +
                      [[a["reference"], a.get("name", ""), "Archived", "", "", ""] for a in since["archived"]],
                      [r["marking"] for r in changed],
                      note=f"since {since['meeting']} held {since['held_on']:%d/%m/%Y}" if since["meeting"] else
                      "no earlier T&CG meeting is recorded, so nothing is marked as changed")
    proposed = tasking.requests(session, statuses=(TaskStatus.PROPOSED,), today=today)
    decisions = Section("Tasking decisions needed", ["Request", "Subject", "Objective", "Priority", "4P", "Owner",
                                                     "Due", "Requester"],
                        [[r["reference"], r["subject_reference"], r["objective"], r["priority"], r["four_p"].label,
                          r["owner"], r["due_date"], r["requester"]] for r in proposed],
                        [r["marking"] for r in proposed])
    cap = tasking.capacity_and_demand(session, today=today)
    capacity = Section("Capacity and demand", ["Unit", "Owner", "Threats", "Capacity (threats)", "Committed hours",
                                               "Capacity (hours)", "Over-committed"],
                       [[u["code"], u["owner"], u["threats"], u["capacity_threats"], u["committed_hours"],
                         u["capacity_hours"], "YES" if u["over"] else ""] for u in cap["units"]])
    unowned = Section("High-priority threats with no owner", ["Subject", "Name", "Priority", "MoRiLE"],
                      [[r["reference"], r["name"], r["priority"], score(r["morile"])] for r in cap["unowned"]],
                      [r["marking"] for r in cap["unowned"]])
    subjects = [assessment_pack(session, r["subject_id"]) for r in ranked if r["assessed"]][:top]
    sections = [priority, changes, decisions, capacity, unowned]
    marking = highest([*(m for s in sections for m in s.markings), *(p.marking for p in subjects)],
                      Marking.OFFICIAL_SENSITIVE)
    return TcgPackData("Tasking & Co-ordinating Group pack", priority, changes, decisions, capacity, unowned,
                       subjects, marking, since["meeting"])


@dataclass
class ProfileData:
    title: str
    period: str
    charts: list[Any]
    contribution: dict[str, int]
    outcomes: dict[str, float]
    disruptions: Section
    practice: Section
    marking: Marking


def threat_profile(session: Session, *, period: str | None = None, today: Any = None) -> ProfileData:
    """The regional threat profile for a period: the threat picture, disruptions and outcomes, the
    ROCU's contribution and best practice."""
    from ..domain.tables import parse_period
    from . import impact
    try:
        start, end, label = parse_period(period, today)
    except ValueError as exc:
        raise ValidationError(Problem("period", str(exc))) from None
    flt = impact.ChartFilter(start, end)
    totals, outcome_chart = impact.outcome_totals(session, flt)
    charts = [impact.threat_picture(session, flt), impact.risk_matrix(session, flt),
              impact.disruptions_over_time(session, flt), impact.disruptions_over_time(session, flt, by="grade"),
              impact.by_agency(session, flt), outcome_chart]
    rows = [r for r in impact.listing(session) if r["status"].value == "approved" and start <= r["occurred_on"] <= end]
    disruptions = Section("Disruptions", ["Reference", "Date", "Subject", "4P", "Impact", "Tactic", "Lead"],
                          [[r["reference"], r["occurred_on"], r["subject_reference"], r["four_p"].label,
                            r["grade"].label, r["tactic"], r["lead_agency"] or ""] for r in rows],
                          [r["marking"] for r in rows])
    practice_rows = impact.search_practice(session)
    practice = Section("Best practice", ["Reference", "Title", "What worked", "Contact", "Tags"],
                       [[p["reference"], p["title"], p["what_worked"] or "", p["contact"] or "", p["tags"] or ""]
                        for p in practice_rows], [p["marking"] for p in practice_rows])
    marking = highest([*disruptions.markings, *practice.markings], Marking.OFFICIAL_SENSITIVE)
    return ProfileData(f"Regional threat profile {label}", label, charts, impact.rocu_contribution(session, flt),
                       totals, disruptions, practice, marking)
