"""Trigger reports: referrals from forces and partner agencies asking for a subject to be assessed.

Triage: new -> under triage -> accepted for assessment / linked to an existing subject / rejected
(reason required) / duplicate of another trigger. Accepting can create the proposed subject; the
assessment started for it records the trigger. The days from receipt to decision are kept and
reported (a service level the region can publish).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.intel import TriggerStatus, parse_grading
from ..domain.markings import Marking
from ..domain.matching import jaro_winkler
from ..domain.subjects import (
    SubjectKind,
    SubjectStatus,
    normalise_name,
    parse_date,
    parse_enum,
)
from ..domain.users import ROLE_PERMISSIONS, Permission
from ..store.models import Agency, Force, Subject, SubjectAlias, TriggerReport, User
from . import concurrency, registers
from .permissions import require
from .references import allocate
from .unit_of_work import UnitOfWork

PREFIX = "TRG"
OPEN = (TriggerStatus.NEW, TriggerStatus.UNDER_TRIAGE)
FIELDS = ("received_on", "force_id", "agency_id", "officer", "subject_kind", "subject_id", "proposed_name",
          "summary", "grounds", "source_evaluation", "intel_assessment", "handling_code", "handling_conditions",
          "marking")


def _clean(session: Session, data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    unknown = set(data) - set(FIELDS)
    problems += [Problem(k, "is not a field of a trigger report") for k in sorted(unknown)]

    def attempt(field: str, fn: Any) -> None:
        try:
            out[field] = fn()
        except ValidationError as exc:
            problems.extend(exc.problems)

    attempt("received_on", lambda: parse_date(data.get("received_on"), "received_on"))
    if out.get("received_on") is None and "received_on" not in {p.field for p in problems}:
        problems.append(Problem("received_on", "say when the referral was received"))
    elif out.get("received_on") and out["received_on"] > today:
        problems.append(Problem("received_on", f"{out['received_on']:%d/%m/%Y} is in the future"))
    force_id, agency_id = data.get("force_id") or None, data.get("agency_id") or None
    if force_id is None and agency_id is None:
        problems.append(Problem("force_id", "say which force or agency sent the referral"))
    if force_id is not None and session.get(Force, int(force_id)) is None:
        problems.append(Problem("force_id", f"no force with id {force_id}"))
    if agency_id is not None and session.get(Agency, int(agency_id)) is None:
        problems.append(Problem("agency_id", f"no agency with id {agency_id}"))
    out["force_id"] = int(force_id) if force_id is not None else None
    out["agency_id"] = int(agency_id) if agency_id is not None else None
    for field, required, limit in (("officer", True, 200), ("summary", True, 20_000), ("grounds", False, 20_000),
                                   ("proposed_name", False, 200)):
        text = str(data.get(field) or "").strip()
        if required and not text:
            problems.append(Problem(field, f"{field.replace('_', ' ')} is required"))
        elif len(text) > limit:
            problems.append(Problem(field, f"is longer than {limit} characters"))
        out[field] = text or None
    attempt("subject_kind", lambda: parse_enum(SubjectKind, data.get("subject_kind"), "subject_kind"))
    subject_id = data.get("subject_id") or None
    out["subject_id"] = int(subject_id) if subject_id is not None else None
    if out["subject_id"] is not None:
        subject = session.get(Subject, out["subject_id"])
        if subject is None:
            problems.append(Problem("subject_id", f"no subject with id {subject_id}"))
        elif out.get("subject_kind") and subject.kind != out["subject_kind"].value:
            problems.append(Problem("subject_id", f"{subject.reference} is a {subject.kind}, not a "
                                                  f"{out['subject_kind'].value}"))
    elif not out["proposed_name"]:
        problems.append(Problem("proposed_name", "name the subject: pick an existing one or propose a new name"))
    grading, grading_problems = parse_grading(data)
    problems += grading_problems
    if grading is not None:
        out.update(source_evaluation=grading.source, intel_assessment=grading.assessment,
                   handling_code=grading.handling, handling_conditions=grading.conditions or None)
    attempt("marking", lambda: parse_enum(Marking, data.get("marking") or Marking.OFFICIAL_SENSITIVE, "marking"))
    if problems:
        raise ValidationError(problems)
    if out.get("subject_kind") is not None:
        out["subject_kind"] = out["subject_kind"].value
    out["proposed_name_norm"] = normalise_name(out["proposed_name"]) if out["proposed_name"] else None
    return out


def validate(session: Session, data: Mapping[str, Any], today: dt.date | None = None) -> None:
    """Check a referral without saving it (imports validate every row before writing any)."""
    _clean(session, data, today or clock.today())


def create(uow: UnitOfWork, data: Mapping[str, Any], *, today: dt.date | None = None) -> tuple[int, str]:
    require(uow.actor, Permission.EDIT_RECORDS)
    today = today or clock.today()
    clean = _clean(uow.session, data, today)
    year = clean["received_on"].year
    reference = allocate(uow.session, PREFIX, year)
    obj = TriggerReport(reference=reference, status=TriggerStatus.NEW, created_by_id=uow.actor.user_id, **clean)
    uow.session.add(obj)
    uow.session.flush()
    uow.describe("trigger.create", f"trigger {reference} received {clean['received_on']:%d/%m/%Y}", obj)
    return obj.id, reference


def _get(session: Session, trigger_id: int) -> TriggerReport:
    obj = session.get(TriggerReport, trigger_id)
    if obj is None:
        raise NotFound(f"no trigger report with id {trigger_id}")
    return obj


def _open(uow: UnitOfWork, trigger_id: int) -> TriggerReport:
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _get(uow.session, trigger_id)
    if obj.status.decided:
        raise Conflict(f"{obj.reference} is already decided ({obj.status.label.lower()})")
    return obj


def update(uow: UnitOfWork, trigger_id: int, data: Mapping[str, Any], *, today: dt.date | None = None,
           seen_event: int | None = None) -> None:
    """`seen_event`: the report's version when the dialog loaded it (get's `seen_event`): a save that
    would undo a field someone else changed since is refused (EditConflict)."""
    obj = _open(uow, trigger_id)
    current = {f: getattr(obj, f) for f in FIELDS}
    day = today or clock.today()
    clean = _clean(uow.session, {**current, **data}, day)
    if seen_event is not None:
        concurrency.check_not_stale(uow.session, "trigger", obj.id, obj.reference,
                                    concurrency.changed_fields(current, clean, data), seen_event)
    for k, v in clean.items():
        setattr(obj, k, v)
    uow.describe("trigger.update", f"trigger {obj.reference} edited", obj)


def start_triage(uow: UnitOfWork, trigger_id: int) -> None:
    """Take the referral into triage; it is assigned to whoever takes it unless already assigned."""
    obj = _open(uow, trigger_id)
    if obj.status is TriggerStatus.UNDER_TRIAGE:
        raise Conflict(f"{obj.reference} is already under triage")
    obj.status = TriggerStatus.UNDER_TRIAGE
    if obj.assigned_to_id is None:
        obj.assigned_to_id = uow.actor.user_id
    uow.describe("trigger.triage", f"trigger {obj.reference} taken into triage", obj)


def triage_officers(session: Session) -> list[dict[str, Any]]:
    """The people a referral can be assigned to: active accounts allowed to edit records."""
    return [{"id": u.id, "display_name": u.display_name, "username": u.username}
            for u in session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name))
            if Permission.EDIT_RECORDS in ROLE_PERMISSIONS[u.role]]


def assign(uow: UnitOfWork, trigger_id: int, user_id: int | None) -> None:
    """Assign an open referral to an officer for triage (None: unassigned)."""
    obj = _open(uow, trigger_id)
    if user_id is not None and user_id not in {o["id"] for o in triage_officers(uow.session)}:
        raise ValidationError(Problem("assigned_to_id", "choose an active analyst, supervisor or administrator"))
    if obj.assigned_to_id == user_id:
        return
    obj.assigned_to_id = user_id
    who = uow.session.get(User, user_id).display_name if user_id else "nobody"
    uow.describe("trigger.assign", f"trigger {obj.reference} assigned to {who}", obj)


def _decide(uow: UnitOfWork, obj: TriggerReport, status: TriggerStatus, reason: str | None, today: dt.date | None) -> None:
    obj.status = status
    obj.decision_reason = (reason or "").strip() or None
    obj.decided_by_id = uow.actor.user_id
    obj.decided_on = today or clock.today()


def accept(uow: UnitOfWork, trigger_id: int, *, reason: str | None = None, today: dt.date | None = None) -> int:
    """Accept for assessment. A proposed subject is created (status proposed) from the trigger;
    returns the subject's id, for the assessment wizard."""
    obj = _open(uow, trigger_id)
    if obj.subject_id is None:
        kind = SubjectKind(obj.subject_kind)
        data: dict[str, Any] = {"marking": obj.marking, "description": f"Proposed by trigger {obj.reference}: "
                                                                      f"{obj.summary}"[:20_000]}
        if obj.force_id:
            data["lead_force_id"] = obj.force_id
        if kind is SubjectKind.NOMINAL:  # "Jan Kowalski": the last word is the surname
            parts = obj.proposed_name.split()
            data.update(surname=parts[-1], forenames=" ".join(parts[:-1]) or None)
        else:
            data["name"] = obj.proposed_name
            if kind is SubjectKind.GROUP:
                data["management_level"] = "local"
            else:  # the category is not on a referral: the analyst confirms it when editing the record
                data["category"] = "place"
        created = registers.create_subject(uow, kind, data, status=SubjectStatus.PROPOSED)
        obj.subject_id = created.id
    _decide(uow, obj, TriggerStatus.ACCEPTED, reason, today)
    uow.describe("trigger.accept", f"trigger {obj.reference} accepted for assessment", obj)
    return obj.subject_id


def link(uow: UnitOfWork, trigger_id: int, subject_id: int, *, reason: str | None = None,
         today: dt.date | None = None) -> None:
    """The referral concerns a subject already in the registers: attach it there."""
    obj = _open(uow, trigger_id)
    subject = uow.session.get(Subject, subject_id)
    if subject is None:
        raise NotFound(f"no subject with id {subject_id}")
    if subject.kind != obj.subject_kind:
        raise ValidationError(Problem("subject_id", f"{subject.reference} is a {subject.kind}, "
                                                    f"not a {obj.subject_kind}"))
    obj.subject_id = subject_id
    _decide(uow, obj, TriggerStatus.LINKED, reason, today)
    uow.describe("trigger.link", f"trigger {obj.reference} linked to {subject.reference}", obj)


def reject(uow: UnitOfWork, trigger_id: int, reason: str, *, today: dt.date | None = None) -> None:
    obj = _open(uow, trigger_id)
    if not (reason or "").strip():
        raise ValidationError(Problem("reason", "say why the referral is rejected"))
    _decide(uow, obj, TriggerStatus.REJECTED, reason, today)
    uow.describe("trigger.reject", f"trigger {obj.reference} rejected", obj)


def mark_duplicate(uow: UnitOfWork, trigger_id: int, original_id: int, *, today: dt.date | None = None) -> None:
    obj = _open(uow, trigger_id)
    original = _get(uow.session, original_id)
    if original.id == obj.id:
        raise ValidationError(Problem("duplicate_of", "a trigger cannot duplicate itself"))
    if original.status is TriggerStatus.DUPLICATE:
        raise ValidationError(Problem("duplicate_of", f"{original.reference} is itself a duplicate; "
                                                      "choose the original"))
    obj.duplicate_of_id = original.id
    _decide(uow, obj, TriggerStatus.DUPLICATE, f"duplicate of {original.reference}", today)
    uow.describe("trigger.duplicate", f"trigger {obj.reference} marked a duplicate of {original.reference}", obj)


# ------------------------------------------------------------------ reading

def _row(obj: TriggerReport, names: Mapping[int, str], today: dt.date) -> dict[str, Any]:
    decided = obj.decided_on
    return {
        "id": obj.id, "reference": obj.reference, "received_on": obj.received_on,
        "source": (obj.force_id, obj.agency_id), "officer": obj.officer, "subject_kind": obj.subject_kind,
        "subject_id": obj.subject_id, "subject_reference": obj.subject.reference if obj.subject else None,
        "subject_name": obj.subject.name if obj.subject else obj.proposed_name,
        "proposed_name": obj.proposed_name, "summary": obj.summary, "grounds": obj.grounds,
        "source_evaluation": obj.source_evaluation, "intel_assessment": obj.intel_assessment,
        "handling_code": obj.handling_code, "handling_conditions": obj.handling_conditions,
        "grading": f"{obj.source_evaluation.value}{obj.intel_assessment.value} {obj.handling_code.value}",
        "marking": obj.marking, "status": obj.status, "decision_reason": obj.decision_reason,
        "duplicate_of_id": obj.duplicate_of_id, "decided_on": decided,
        "decided_by": names.get(obj.decided_by_id), "assessment_id": obj.assessment_id,
        "days_to_decision": (decided - obj.received_on).days if decided else None,
        "days_waiting": None if decided else (today - obj.received_on).days,
        "force_id": obj.force_id, "agency_id": obj.agency_id,
        "assigned_to_id": obj.assigned_to_id, "assigned_to": names.get(obj.assigned_to_id),
    }


def _names(session: Session, rows: list[TriggerReport]) -> dict[int, str]:
    ids = {i for r in rows for i in (r.decided_by_id, r.assigned_to_id) if i}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def get(session: Session, trigger_id: int, *, today: dt.date | None = None) -> dict[str, Any]:
    seen = concurrency.newest_event(session, "trigger", trigger_id)
    obj = _get(session, trigger_id)
    row = _row(obj, _names(session, [obj]), today or clock.today())
    row["source_name"] = _source_name(session, obj)
    row["seen_event"] = seen
    return row


def _source_name(session: Session, obj: TriggerReport) -> str:
    if obj.force_id:
        force = session.get(Force, obj.force_id)
        return f"{force.code} {force.name}" if force else ""
    agency = session.get(Agency, obj.agency_id) if obj.agency_id else None
    return f"{agency.code} {agency.name}" if agency else ""


def listing(session: Session, *, statuses: tuple[TriggerStatus, ...] | None = None,
            today: dt.date | None = None, assigned_to_id: int | None = None) -> list[dict[str, Any]]:
    q = select(TriggerReport).order_by(TriggerReport.received_on.desc(), TriggerReport.id.desc())
    if statuses:
        q = q.where(TriggerReport.status.in_([s.value for s in statuses]))
    if assigned_to_id is not None:
        q = q.where(TriggerReport.assigned_to_id == assigned_to_id)
    rows = list(session.scalars(q))
    names = _names(session, rows)
    sources = {("f", f.id): f.code for f in session.scalars(select(Force))}
    sources.update({("a", a.id): a.code for a in session.scalars(select(Agency))})
    today = today or clock.today()
    out = []
    for r in rows:
        d = _row(r, names, today)
        d["source_name"] = sources.get(("f", r.force_id)) if r.force_id else sources.get(("a", r.agency_id), "")
        out.append(d)
    return out


def service_level(session: Session, *, since: dt.date | None = None) -> dict[str, Any]:
    """Days from receipt to decision over decided triggers: count, median, mean, longest."""
    q = select(TriggerReport.received_on, TriggerReport.decided_on).where(TriggerReport.decided_on.is_not(None))
    if since:
        q = q.where(TriggerReport.received_on >= since)
    days = [(d - r).days for r, d in session.execute(q)]
    waiting = session.scalar(select(TriggerReport.id).where(
        TriggerReport.status.in_([s.value for s in OPEN])).limit(1)) is not None
    if not days:
        return {"decided": 0, "median_days": None, "mean_days": None, "longest_days": None, "waiting": waiting}
    return {"decided": len(days), "median_days": statistics.median(days),
            "mean_days": round(statistics.fmean(days), 1), "longest_days": max(days), "waiting": waiting}


def possible_duplicates(session: Session, subject_kind: str, name: str | None, *, subject_id: int | None = None,
                        exclude_id: int | None = None) -> list[dict[str, Any]]:
    """What a new trigger may duplicate: subjects in the registers with (nearly) the same name or
    alias, and open triggers about the same subject or a similar proposed name. Each says why."""
    found: list[dict[str, Any]] = []
    norm = normalise_name(name or "")
    if norm and subject_id is None:
        q = (select(Subject.id, Subject.reference, Subject.name, Subject.name_norm).where(
            Subject.kind == subject_kind,
            or_(Subject.name_norm == norm, Subject.name_norm.like(f"{norm[:3]}%"),
                Subject.id.in_(select(SubjectAlias.subject_id).where(SubjectAlias.alias_norm == norm)))).limit(200))
        for sid, ref, sname, snorm in session.execute(q):
            score = jaro_winkler(norm, snorm)
            if score >= 0.9 or snorm == norm:
                found.append({"kind": "subject", "id": sid, "reference": ref, "name": sname,
                              "why": f"a {subject_kind} in the registers is named {sname!r} "
                                     f"({round(score * 100)}% alike)"})
        alias_hits = session.execute(select(Subject.id, Subject.reference, Subject.name).join(SubjectAlias).where(
            Subject.kind == subject_kind, SubjectAlias.alias_norm == norm))
        for sid, ref, sname in alias_hits:
            if not any(f["id"] == sid and f["kind"] == "subject" for f in found):
                found.append({"kind": "subject", "id": sid, "reference": ref, "name": sname,
                              "why": f"{ref} {sname} is also known as {name!r}"})
    conditions = []
    if subject_id is not None:
        conditions.append(TriggerReport.subject_id == subject_id)
    if norm:
        conditions.append(TriggerReport.proposed_name_norm.like(f"{norm[:3]}%"))
    if conditions:
        q = select(TriggerReport).where(TriggerReport.status.in_([s.value for s in OPEN]),
                                        TriggerReport.subject_kind == subject_kind, or_(*conditions))
        for t in session.scalars(q):
            if t.id == exclude_id:
                continue
            if subject_id is not None and t.subject_id == subject_id:
                why = f"open trigger {t.reference} concerns the same subject"
            elif t.proposed_name_norm and jaro_winkler(norm, t.proposed_name_norm) >= 0.9:
                why = f"open trigger {t.reference} proposes {t.proposed_name!r}"
            else:
                continue
            found.append({"kind": "trigger", "id": t.id, "reference": t.reference,
                          "name": t.proposed_name or "", "why": why})
    return found


def record_assessment(session: Session, trigger_id: int, assessment_id: int) -> None:
    """Called by the assessment service when an assessment is started from a trigger."""
    obj = _get(session, trigger_id)
    obj.assessment_id = assessment_id
