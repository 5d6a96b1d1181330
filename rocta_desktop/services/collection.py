"""The regional intelligence collection plan: requirements, the agencies tasked with each, their
responses, and the gaps (who has not answered what, overdue first).

A live requirement's status follows its responses (any full answer: answered; any response: partly
answered); closing or lapsing it is a decision with a reason. Raising a requirement from a
low-confidence assessment links the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain import clock
from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.intel import (
    RequirementPriority,
    RequirementStatus,
    ResponseAnswers,
    parse_grading,
    requirement_status,
)
from ..domain.markings import Marking, highest
from ..domain.subjects import parse_date, parse_enum
from ..domain.users import Permission
from ..store.models import (
    Agency,
    Assessment,
    IntelRequirement,
    RequirementAgency,
    RequirementResponse,
    RequirementSubject,
    Subject,
    Unit,
)
from . import concurrency
from .permissions import require
from .references import allocate
from .unit_of_work import UnitOfWork

PREFIX = "IR"
FIELDS = ("question", "themes", "priority", "owner", "owner_unit_id", "due_on", "marking", "subject_ids",
          "agency_ids")


def _clean(session: Session, data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    problems: list[Problem] = [Problem(k, "is not a field of a requirement") for k in sorted(set(data) - set(FIELDS))]
    out: dict[str, Any] = {}
    for field, required, limit in (("question", True, 4000), ("owner", True, 200), ("themes", False, 400)):
        if field not in data and not creating:
            continue
        text = str(data.get(field) or "").strip()
        if required and not text:
            problems.append(Problem(field, f"the {field} is required"))
        elif len(text) > limit:
            problems.append(Problem(field, f"is longer than {limit} characters"))
        out[field] = text or None
    for field, fn in (("priority", lambda v: parse_enum(RequirementPriority, v or "medium", "priority")),
                      ("due_on", lambda v: parse_date(v, "due_on")),
                      ("marking", lambda v: parse_enum(Marking, v or Marking.OFFICIAL_SENSITIVE, "marking"))):
        if field in data or creating:
            try:
                out[field] = fn(data.get(field))
            except ValidationError as exc:
                problems.extend(exc.problems)
    if "owner_unit_id" in data:
        unit = data.get("owner_unit_id") or None
        if unit is not None and session.get(Unit, int(unit)) is None:
            problems.append(Problem("owner_unit_id", f"no unit with id {unit}"))
        out["owner_unit_id"] = int(unit) if unit is not None else None
    for field, model, what in (("subject_ids", Subject, "subject"), ("agency_ids", Agency, "agency")):
        if field in data:
            ids = sorted({int(i) for i in data.get(field) or ()})
            missing = [i for i in ids if session.get(model, i) is None]
            if missing:
                problems.append(Problem(field, f"no {what} with id {', '.join(map(str, missing))}"))
            out[field] = ids
    if creating and not out.get("agency_ids"):
        problems.append(Problem("agency_ids", "task at least one agency with the requirement"))
    if problems:
        raise ValidationError(problems)
    return out


def _sync(obj: IntelRequirement, collection: str, key: str, model: type, wanted: Iterable[int]) -> None:
    rows = getattr(obj, collection)
    wanted = set(wanted)
    for row in list(rows):
        if getattr(row, key) not in wanted:
            rows.remove(row)
    have = {getattr(r, key) for r in rows}
    for ident in sorted(wanted - have):
        rows.append(model(**{key: ident}))


def create(uow: UnitOfWork, data: Mapping[str, Any], *, assessment_id: int | None = None,
           today: dt.date | None = None) -> tuple[int, str]:
    require(uow.actor, Permission.EDIT_RECORDS)
    clean = _clean(uow.session, data, creating=True)
    if assessment_id is not None and uow.session.get(Assessment, assessment_id) is None:
        raise NotFound(f"no assessment with id {assessment_id}")
    year = (today or clock.today()).year
    reference = allocate(uow.session, PREFIX, year)
    subjects, agencies = clean.pop("subject_ids", []), clean.pop("agency_ids", [])
    obj = IntelRequirement(reference=reference, status=RequirementStatus.OPEN, assessment_id=assessment_id,
                           created_by_id=uow.actor.user_id, **clean)
    uow.session.add(obj)
    _sync(obj, "subjects", "subject_id", RequirementSubject, subjects)
    _sync(obj, "agencies", "agency_id", RequirementAgency, agencies)
    uow.session.flush()
    raised = ""
    if assessment_id is not None:
        raised = f" from low-confidence assessment {uow.session.get(Assessment, assessment_id).reference}"
    uow.describe("requirement.create", f"requirement {reference} raised{raised}", obj)
    return obj.id, reference


def _get(session: Session, requirement_id: int) -> IntelRequirement:
    obj = session.get(IntelRequirement, requirement_id)
    if obj is None:
        raise NotFound(f"no intelligence requirement with id {requirement_id}")
    return obj


#: a requirement's fields that are sets of links: (relationship, the linked id's column)
_SETS = {"agency_ids": ("agencies", "agency_id"), "subject_ids": ("subjects", "subject_id")}


def update(uow: UnitOfWork, requirement_id: int, data: Mapping[str, Any], *, seen_event: int | None = None) -> None:
    """`seen_event`: the requirement's version when the dialog loaded it (get's `seen_event`): a save
    that would undo a field someone else changed since is refused (EditConflict)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _get(uow.session, requirement_id)
    if not obj.status.live and obj.status is not RequirementStatus.ANSWERED:
        raise Conflict(f"{obj.reference} is {obj.status.label.lower()}; reopen it before editing")
    clean = _clean(uow.session, data, creating=False)
    if seen_event is not None:
        current = {k: getattr(obj, k) for k in clean if hasattr(obj, k) and k not in _SETS}
        current.update({k: sorted(getattr(x, col) for x in getattr(obj, rel)) for k, (rel, col) in _SETS.items()})
        mine = {k: sorted(v) if k in _SETS else v for k, v in clean.items()}
        concurrency.check_not_stale(uow.session, "requirement", obj.id, obj.reference,
                                    concurrency.changed_fields(current, mine, clean), seen_event,
                                    aliases={"agency_ids": "agencies tasked", "subject_ids": "subjects"})
    if "agency_ids" in clean:
        responded = {r.agency_id for r in obj.responses}
        dropped = responded - set(clean["agency_ids"])
        if dropped:
            raise ValidationError(Problem("agency_ids", "an agency that has responded stays tasked"))
        if not clean["agency_ids"]:
            raise ValidationError(Problem("agency_ids", "task at least one agency with the requirement"))
        _sync(obj, "agencies", "agency_id", RequirementAgency, clean.pop("agency_ids"))
    if "subject_ids" in clean:
        _sync(obj, "subjects", "subject_id", RequirementSubject, clean.pop("subject_ids"))
    for k, v in clean.items():
        setattr(obj, k, v)
    uow.describe("requirement.update", f"requirement {obj.reference} edited", obj)


def add_response(uow: UnitOfWork, requirement_id: int, data: Mapping[str, Any], *,
                 today: dt.date | None = None) -> RequirementStatus:
    """Record one agency's response; returns the requirement's status afterwards."""
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _get(uow.session, requirement_id)
    if not obj.status.live and obj.status is not RequirementStatus.ANSWERED:
        raise Conflict(f"{obj.reference} is {obj.status.label.lower()}: it takes no more responses")
    problems: list[Problem] = []
    agency_id = data.get("agency_id")
    tasked = {a.agency_id for a in obj.agencies}
    if agency_id is None or int(agency_id) not in tasked:
        problems.append(Problem("agency_id", "choose one of the agencies tasked with this requirement"))
    received = None
    try:
        received = parse_date(data.get("received_on"), "received_on") or (today or clock.today())
        if received > (today or clock.today()):
            problems.append(Problem("received_on", f"{received:%d/%m/%Y} is in the future"))
    except ValidationError as exc:
        problems.extend(exc.problems)
    summary = str(data.get("summary") or "").strip()
    if not summary:
        problems.append(Problem("summary", "summarise what the response says"))
    grading, grading_problems = parse_grading(data)
    problems += grading_problems
    answers = None
    try:
        answers = parse_enum(ResponseAnswers, data.get("answers"), "answers")
    except ValidationError as exc:
        problems.extend(exc.problems)
    marking = Marking.OFFICIAL_SENSITIVE
    try:
        marking = parse_enum(Marking, data.get("marking") or obj.marking, "marking")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    obj.responses.append(RequirementResponse(
        agency_id=int(agency_id), received_on=received, source_evaluation=grading.source,
        intel_assessment=grading.assessment, handling_code=grading.handling,
        handling_conditions=grading.conditions or None, summary=summary, answers=answers, marking=marking,
        created_by_id=uow.actor.user_id))
    before = obj.status
    obj.status = requirement_status(obj.status, [r.answers for r in obj.responses])
    obj.marking = highest([obj.marking, marking])
    agency = uow.session.get(Agency, int(agency_id))
    change = f"; now {obj.status.label.lower()}" if obj.status is not before else ""
    uow.describe("requirement.response", f"response from {agency.code} to {obj.reference}{change}", obj)
    return obj.status


def set_status(uow: UnitOfWork, requirement_id: int, status: RequirementStatus | str, reason: str) -> None:
    """Close or lapse a requirement (a reason is required), or reopen one."""
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _get(uow.session, requirement_id)
    status = parse_enum(RequirementStatus, status, "status")
    if not (reason or "").strip():
        raise ValidationError(Problem("reason", "say why"))
    if status is RequirementStatus.OPEN:  # reopen: back to what the responses say
        obj.status = requirement_status(RequirementStatus.OPEN, [r.answers for r in obj.responses])
    elif status in (RequirementStatus.CLOSED, RequirementStatus.LAPSED):
        obj.status = status
    else:
        raise ValidationError(Problem("status", "answered and partly answered follow from the responses"))
    obj.status_reason = reason.strip()
    uow.describe(f"requirement.{status.value}", f"requirement {obj.reference} {obj.status.label.lower()}: "
                                                f"{reason.strip()}", obj)


# ------------------------------------------------------------------ reading

def _row(session: Session, obj: IntelRequirement, today: dt.date, agencies: Mapping[int, str]) -> dict[str, Any]:
    tasked = sorted((a.agency_id for a in obj.agencies), key=lambda a: agencies.get(a, ""))
    responded = {r.agency_id for r in obj.responses}
    return {
        "id": obj.id, "reference": obj.reference, "question": obj.question, "themes": obj.themes,
        "priority": obj.priority, "owner": obj.owner, "owner_unit_id": obj.owner_unit_id, "due_on": obj.due_on,
        "status": obj.status, "status_reason": obj.status_reason, "marking": obj.marking,
        "assessment_id": obj.assessment_id,
        "overdue": bool(obj.due_on and obj.due_on < today and obj.status.live),
        "agency_ids": tasked, "agencies": [agencies.get(a, f"#{a}") for a in tasked],
        "responded": [agencies.get(a, f"#{a}") for a in tasked if a in responded],
        "awaiting": [agencies.get(a, f"#{a}") for a in tasked if a not in responded],
        "subject_ids": [s.subject_id for s in obj.subjects],
        "subjects": [session.get(Subject, s.subject_id).reference for s in obj.subjects],
        "response_count": len(obj.responses),
    }


def _agency_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Agency.id, Agency.code)).all())


def listing(session: Session, *, statuses: tuple[RequirementStatus, ...] | None = None,
            today: dt.date | None = None) -> list[dict[str, Any]]:
    q = (select(IntelRequirement).options(selectinload(IntelRequirement.subjects),
                                          selectinload(IntelRequirement.agencies),
                                          selectinload(IntelRequirement.responses))
         .order_by(IntelRequirement.id.desc()))
    if statuses:
        q = q.where(IntelRequirement.status.in_([s.value for s in statuses]))
    today = today or clock.today()
    codes = _agency_codes(session)
    found = list(session.scalars(q))
    ids = {s.subject_id for r in found for s in r.subjects}
    if ids:  # into the identity map at once: _row's session.get then finds them without a query each
        list(session.scalars(select(Subject).where(Subject.id.in_(ids))))
    return [_row(session, r, today, codes) for r in found]


def get(session: Session, requirement_id: int, *, today: dt.date | None = None) -> dict[str, Any]:
    seen = concurrency.newest_event(session, "requirement", requirement_id)
    obj = _get(session, requirement_id)
    codes = _agency_codes(session)
    row = _row(session, obj, today or clock.today(), codes)
    row["responses"] = [{
        "agency": codes.get(r.agency_id, f"#{r.agency_id}"), "agency_id": r.agency_id, "received_on": r.received_on,
        "grading": f"{r.source_evaluation.value}{r.intel_assessment.value} {r.handling_code.value}",
        "handling_conditions": r.handling_conditions, "summary": r.summary, "answers": r.answers,
        "marking": r.marking} for r in obj.responses]
    if obj.assessment_id:
        row["assessment_reference"] = session.get(Assessment, obj.assessment_id).reference
    row["seen_event"] = seen
    return row


def gaps(session: Session, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per live requirement and tasked agency that has not responded: overdue first, then
    by priority and due date."""
    today = today or clock.today()
    rows = []
    for req in listing(session, statuses=(RequirementStatus.OPEN, RequirementStatus.PARTLY_ANSWERED), today=today):
        for agency in req["awaiting"]:
            rows.append({**req, "agency": agency,
                         "days_overdue": (today - req["due_on"]).days if req["overdue"] else 0})
    rows.sort(key=lambda r: (not r["overdue"], r["priority"].rank, r["due_on"] or dt.date.max, r["reference"],
                             r["agency"]))
    return rows


def for_assessment(session: Session, assessment_id: int) -> list[str]:
    """References of the requirements raised from an assessment."""
    return list(session.scalars(select(IntelRequirement.reference).where(
        IntelRequirement.assessment_id == assessment_id).order_by(IntelRequirement.id)))
