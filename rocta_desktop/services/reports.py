"""What printed reports contain, gathered from the workspace as plain data (exchange/pdf draws it).

The assessment pack for one subject: the subject, its latest MoRiLE and OCGM results with how they
were reached and what is unknown, the trend of its assessments, members and groups, open
intelligence requirements and trigger reports. Areas that land later (4P plans, tasking,
disruptions) add sections through `PACK_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, Problem, ValidationError
from ..domain.markings import Marking, highest
from ..domain.subjects import parse_reference
from ..store.models import Assessment, AssessmentStatus, RequirementSubject, Subject, TriggerReport
from . import assessments, collection, registers


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    markings: list[Marking] = field(default_factory=list)
    note: str = ""


@dataclass
class PackData:
    subject: dict[str, Any]
    results: dict[str, dict[str, Any]]           # method -> assessments.get(...) of the latest approved (or latest)
    trend: list[dict[str, Any]]
    comparison: Any
    sections: list[Section]
    marking: Marking

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


def _latest(session: Session, subject_id: int, method: str) -> Assessment | None:
    """The latest approved assessment, else the latest of any status (marked as not approved)."""
    q = select(Assessment).where(Assessment.subject_id == subject_id, Assessment.method == method)
    approved = session.scalar(q.where(Assessment.status == AssessmentStatus.APPROVED.value)
                              .order_by(Assessment.version.desc()).limit(1))
    return approved or session.scalar(q.order_by(Assessment.version.desc()).limit(1))


def _people(session: Session, subject: dict[str, Any]) -> Section:
    if subject["kind"] == "group":
        rows = [[m["reference"], m["name"], m["role"].label, m["since"]] for m in subject.get("members", [])]
        return Section("Members", ["Reference", "Name", "Role", "Since"], rows)
    if subject["kind"] == "nominal":
        rows = [[g["reference"], g["name"], g["role"].label] for g in subject.get("groups", [])]
        return Section("Groups", ["Reference", "Name", "Role"], rows)
    return Section("Linked records", ["Reference", "Name"], [])


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


#: sections after the results, in order; later areas append theirs
PACK_SECTIONS: list[Callable[[Session, int, dict[str, Any]], Section]] = [
    lambda s, sid, subj: _people(s, subj),
    lambda s, sid, subj: _requirements(s, sid),
    lambda s, sid, subj: _triggers(s, sid),
]


def assessment_pack(session: Session, subject_id: int) -> PackData:
    subject = registers.get_subject(session, subject_id)
    results = {}
    for method in ("MoRiLE", "OCGM"):
        a = _latest(session, subject_id, method)
        if a is not None:
            results[method] = assessments.get(session, a.id)
    sections = [build(session, subject_id, subject) for build in PACK_SECTIONS]
    markings = [subject["marking"], *(r["marking"] for r in results.values()),
                *(m for s in sections for m in s.markings)]
    return PackData(subject, results, assessments.trend(session, subject_id),
                    assessments.comparison(session, subject_id), sections, highest(markings, Marking.OFFICIAL))

