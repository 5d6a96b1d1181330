"""Impact: 4P plans, disruptions (draft -> submitted -> approved or returned; nobody approves their
own), best practice, and the aggregates behind every impact chart.

Charts count approved disruptions only, filtered by period (the disruption's date), force (the
subject's lead force) and subject kind. Each aggregate returns a chart specification
(domain/charts.py) that the screen and print draw alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.approval import ReviewStep
from ..domain.charts import (
    BAR,
    LINE,
    SCATTER,
    STACKED,
    ChartSpec,
    Marker,
    Point,
    Series,
)
from ..domain.errors import (
    Conflict,
    NotFound,
    Problem,
    ValidationError,
)
from ..domain.fourp import FourP
from ..domain.impact import (
    DEFAULT_GRADE_GUIDANCE,
    ROCU_KIND,
    ActionStatus,
    DisruptionStatus,
    ImpactGrade,
    OutcomeKind,
)
from ..domain.markings import Marking, highest
from ..domain.schemes import score as score_scheme
from ..domain.subjects import ManagementLevel, SubjectStatus, parse_date, parse_enum
from ..domain.users import Permission
from ..store.models import (
    Agency,
    Assessment,
    AssessmentStatus,
    BestPractice,
    Disruption,
    DisruptionAgency,
    DisruptionOutcome,
    FourPPlan,
    Group,
    PlanAction,
    Subject,
    User,
    WorkspaceMeta,
)
from . import approval, assessments, audit, concurrency
from .permissions import require
from .references import allocate
from .unit_of_work import UnitOfWork

D = DisruptionStatus


# ------------------------------------------------------------------ grade guidance (configurable)

def grade_guidance(session: Session) -> dict[ImpactGrade, tuple[str, bool]]:
    """Each grade's guidance and whether it is the region's own (False: the default wording)."""
    rows = dict(session.execute(select(WorkspaceMeta.key, WorkspaceMeta.value)
                                .where(WorkspaceMeta.key.like("impact.grade.%"))).all())
    return {g: (rows[f"impact.grade.{g.value}"], True) if f"impact.grade.{g.value}" in rows
            else (DEFAULT_GRADE_GUIDANCE[g], False) for g in ImpactGrade}


def set_grade_guidance(uow: UnitOfWork, grade: ImpactGrade | str, text: str) -> None:
    require(uow.actor, Permission.MANAGE_REFERENCE_DATA)
    grade = parse_enum(ImpactGrade, grade, "grade")
    if not (text or "").strip():
        raise ValidationError(Problem("guidance", "write the definition of the grade"))
    key = f"impact.grade.{grade.value}"
    row = uow.session.get(WorkspaceMeta, key)
    if row is None:
        uow.session.add(WorkspaceMeta(key=key, value=text.strip()))
    else:
        row.value = text.strip()
    audit.record(uow.session, uow.actor, action="impact.grade_guidance", entity_type="workspace",
                 summary=f"definition of a {grade.value} disruption set", changes={"grade": grade.value,
                                                                                  "guidance": text.strip()})
    uow.touch("disruption")


# ------------------------------------------------------------------ 4P plans

def get_plan(session: Session, subject_id: int) -> dict[str, Any] | None:
    plan = session.scalar(select(FourPPlan).where(FourPPlan.subject_id == subject_id))
    if plan is None:
        return None
    return {"id": plan.id, "subject_id": subject_id, "owner": plan.owner, "owner_unit_id": plan.owner_unit_id,
            "owner_agency_id": plan.owner_agency_id, "marking": plan.marking,
            "actions": [{"id": a.id, "four_p": a.four_p, "text": a.text, "owner": a.owner, "due_on": a.due_on,
                         "status": a.status} for a in plan.actions]}


def save_plan(uow: UnitOfWork, subject_id: int, owner: str, *, owner_unit_id: int | None = None,
              owner_agency_id: int | None = None, marking: Marking | str | None = None) -> int:
    require(uow.actor, Permission.EDIT_RECORDS)
    subject = uow.session.get(Subject, subject_id)
    if subject is None:
        raise NotFound(f"no subject with id {subject_id}")
    if not (owner or "").strip():
        raise ValidationError(Problem("owner", "name the plan owner"))
    plan = uow.session.scalar(select(FourPPlan).where(FourPPlan.subject_id == subject_id))
    if plan is None:
        plan = FourPPlan(subject_id=subject_id, owner=owner.strip(), marking=subject.marking)
        plan.subject = subject
        uow.session.add(plan)
    plan.owner, plan.owner_unit_id, plan.owner_agency_id = owner.strip(), owner_unit_id, owner_agency_id
    if marking is not None:
        plan.marking = parse_enum(Marking, marking, "marking")
    uow.session.flush()
    uow.describe("plan.save", f"4P plan of {subject.reference} saved (owner {plan.owner})", plan)
    return plan.id


def add_action(uow: UnitOfWork, subject_id: int, four_p: FourP | str, text: str, owner: str,
               due_on: Any = None) -> int:
    require(uow.actor, Permission.EDIT_RECORDS)
    plan = uow.session.scalar(select(FourPPlan).where(FourPPlan.subject_id == subject_id))
    if plan is None:
        raise Conflict("save the plan (its owner) before adding actions")
    problems = []
    if not (text or "").strip():
        problems.append(Problem("text", "say what the action is"))
    if not (owner or "").strip():
        problems.append(Problem("owner", "name who owns the action"))
    try:
        due = parse_date(due_on, "due_on")
        fp = parse_enum(FourP, four_p, "four_p")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    action = PlanAction(four_p=fp, text=text.strip(), owner=owner.strip(), due_on=due, status=ActionStatus.OPEN)
    plan.actions.append(action)
    uow.session.flush()
    uow.describe("plan.action", f"{fp.label} action added to the 4P plan of {plan.subject.reference}", plan)
    return action.id


def set_action_status(uow: UnitOfWork, action_id: int, status: ActionStatus | str) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    action = uow.session.get(PlanAction, action_id)
    if action is None:
        raise NotFound(f"no 4P action with id {action_id}")
    action.status = parse_enum(ActionStatus, status, "status")
    uow.describe("plan.action_status", f"4P action now {action.status.label.lower()}")


def actions_due(session: Session, *, today: dt.date | None = None, within_days: int = 14) -> list[dict[str, Any]]:
    today = today or clock.today()
    q = (select(PlanAction, FourPPlan).join(FourPPlan).where(
        PlanAction.status.in_([ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value]),
        PlanAction.due_on.is_not(None), PlanAction.due_on <= today + dt.timedelta(days=within_days))
        .order_by(PlanAction.due_on))
    return [{"id": a.id, "subject_id": p.subject_id, "subject_reference": p.subject.reference, "four_p": a.four_p,
             "text": a.text, "owner": a.owner, "due_on": a.due_on, "overdue": a.due_on < today}
            for a, p in session.execute(q)]


# ------------------------------------------------------------------ disruptions

FIELDS = ("subject_id", "occurred_on", "four_p", "tactic", "grade", "lead_agency_id", "operation", "narrative",
          "marking", "agency_ids", "outcomes")


def _clean(session: Session, data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    problems = [Problem(k, "is not a field of a disruption") for k in sorted(set(data) - set(FIELDS))]
    out: dict[str, Any] = {}

    def attempt(key: str, fn: Any) -> None:
        try:
            out[key] = fn()
        except ValidationError as exc:
            problems.extend(exc.problems)

    sid = data.get("subject_id")
    subject = session.get(Subject, int(sid)) if sid else None
    if subject is None:
        problems.append(Problem("subject_id", "choose the subject that was disrupted"))
    out["subject_id"] = subject.id if subject else None
    attempt("occurred_on", lambda: parse_date(data.get("occurred_on"), "occurred_on"))
    if "occurred_on" in out and out["occurred_on"] is None:
        problems.append(Problem("occurred_on", "say when it happened"))
    elif out.get("occurred_on") and out["occurred_on"] > today:
        problems.append(Problem("occurred_on", f"{out['occurred_on']:%d/%m/%Y} is in the future"))
    attempt("four_p", lambda: parse_enum(FourP, data.get("four_p"), "four_p"))
    attempt("grade", lambda: parse_enum(ImpactGrade, data.get("grade"), "grade"))
    tactic = str(data.get("tactic") or "").strip()
    if not tactic:
        problems.append(Problem("tactic", "say what was done (the tactic)"))
    out["tactic"] = tactic[:200]
    out["operation"] = str(data.get("operation") or "").strip()[:120] or None
    out["narrative"] = str(data.get("narrative") or "").strip() or None
    lead = data.get("lead_agency_id") or None
    if lead is not None and session.get(Agency, int(lead)) is None:
        problems.append(Problem("lead_agency_id", f"no agency with id {lead}"))
    out["lead_agency_id"] = int(lead) if lead is not None else None
    agencies = sorted({int(a) for a in data.get("agency_ids") or ()} - {out["lead_agency_id"]})
    missing = [a for a in agencies if session.get(Agency, a) is None]
    if missing:
        problems.append(Problem("agency_ids", f"no agency with id {', '.join(map(str, missing))}"))
    out["agency_ids"] = agencies
    outcomes = []
    for i, o in enumerate(data.get("outcomes") or ()):
        try:
            kind = parse_enum(OutcomeKind, o.get("kind"), "outcomes")
            quantity = float(o.get("quantity"))
        except (ValidationError, TypeError, ValueError):
            problems.append(Problem("outcomes", f"outcome {i + 1}: choose a kind and give a number"))
            continue
        if quantity < 0 or quantity != quantity:
            problems.append(Problem("outcomes", f"outcome {i + 1}: the quantity must not be negative"))
            continue
        unit = str(o.get("unit") or "").strip() or None
        if kind.needs_unit and not unit:
            problems.append(Problem("outcomes", f"outcome {i + 1}: give the unit for the drugs (e.g. kg)"))
            continue
        outcomes.append({"kind": kind, "quantity": quantity, "unit": unit,
                         "detail": str(o.get("detail") or "").strip()[:120] or None})
    out["outcomes"] = outcomes
    attempt("marking", lambda: parse_enum(Marking, data.get("marking") or (subject.marking if subject else
                                                                            Marking.OFFICIAL_SENSITIVE), "marking"))
    if subject is not None and out.get("marking") is not None and out["marking"].rank < subject.marking.rank:
        problems.append(Problem("marking", f"must be at least {subject.marking.value}, the marking of the subject"))
    if problems:
        raise ValidationError(problems)
    return out


def _apply(d: Disruption, clean: dict[str, Any]) -> None:
    agencies, outcomes = clean.pop("agency_ids"), clean.pop("outcomes")
    for k, v in clean.items():
        setattr(d, k, v)
    for row in list(d.agencies):
        if row.agency_id not in agencies:
            d.agencies.remove(row)
    have = {r.agency_id for r in d.agencies}
    for a in agencies:
        if a not in have:
            d.agencies.append(DisruptionAgency(agency_id=a))
    d.outcomes.clear()
    for o in outcomes:
        d.outcomes.append(DisruptionOutcome(**o))


def validate(session: Session, data: Mapping[str, Any], today: dt.date | None = None) -> None:
    """Check a disruption without saving it (imports validate every row before writing any)."""
    _clean(session, data, today or clock.today())


def create(uow: UnitOfWork, data: Mapping[str, Any], *, today: dt.date | None = None) -> tuple[int, str]:
    """Record a disruption as a draft (whoever records it can submit it; another supervisor approves)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    today = today or clock.today()
    clean = _clean(uow.session, data, today)
    year = clean["occurred_on"].year
    reference = allocate(uow.session, "DSR", year)
    d = Disruption(reference=reference, status=D.DRAFT, created_by_id=uow.actor.user_id)
    uow.session.add(d)
    _apply(d, clean)
    uow.session.flush()
    subject = uow.session.get(Subject, d.subject_id)
    uow.describe("disruption.create", f"disruption {reference} of {subject.reference} recorded "
                                      f"({d.four_p.label}, {d.grade.label.lower()})", d)
    return d.id, reference


def _get(session: Session, disruption_id: int) -> Disruption:
    d = session.get(Disruption, disruption_id)
    if d is None:
        raise NotFound(f"no disruption with id {disruption_id}")
    return d


def _editable(uow: UnitOfWork, disruption_id: int) -> Disruption:
    require(uow.actor, Permission.EDIT_RECORDS)
    d = _get(uow.session, disruption_id)
    if d.status is D.APPROVED:
        raise Conflict(f"{d.reference} is approved and cannot change")
    if d.status is D.SUBMITTED:
        raise Conflict(f"{d.reference} is awaiting approval; a supervisor must return it before it is edited")
    return d


def update(uow: UnitOfWork, disruption_id: int, data: Mapping[str, Any], *, today: dt.date | None = None,
           seen_event: int | None = None) -> None:
    """`seen_event`: the disruption's version when the dialog loaded it (get's `seen_event`): a save
    that would undo a field someone else changed since is refused (EditConflict)."""
    d = _editable(uow, disruption_id)
    current = {"subject_id": d.subject_id, "occurred_on": d.occurred_on, "four_p": d.four_p, "tactic": d.tactic,
               "grade": d.grade, "lead_agency_id": d.lead_agency_id, "operation": d.operation,
               "narrative": d.narrative, "marking": d.marking, "agency_ids": [a.agency_id for a in d.agencies],
               "outcomes": [{"kind": o.kind, "quantity": o.quantity, "unit": o.unit, "detail": o.detail}
                            for o in d.outcomes]}
    day = today or clock.today()
    before = dict(current)
    current.update(data)
    clean = _clean(uow.session, current, day)
    if seen_event is not None:
        concurrency.check_not_stale(uow.session, "disruption", d.id, d.reference,
                                    concurrency.changed_fields(_clean(uow.session, before, day), clean, data),
                                    seen_event, aliases=_AUDIT_NAMES)
    _apply(d, clean)
    uow.describe("disruption.update", f"disruption {d.reference} edited", d)


def submit(uow: UnitOfWork, disruption_id: int) -> None:
    d = _editable(uow, disruption_id)
    approval.submit(uow, d)
    uow.describe("disruption.submit", f"disruption {d.reference} submitted for approval", d)


def approve(uow: UnitOfWork, disruption_id: int, comment: str | None = None) -> None:
    require(uow.actor, Permission.APPROVE)
    d = _get(uow.session, disruption_id)
    approval.review(uow, d, "disruption", ReviewStep.APPROVE, comment)
    uow.describe("disruption.approve", f"disruption {d.reference} approved", d)


def return_for_changes(uow: UnitOfWork, disruption_id: int, comment: str) -> None:
    require(uow.actor, Permission.APPROVE)
    d = _get(uow.session, disruption_id)
    approval.review(uow, d, "disruption", ReviewStep.RETURN, comment)
    uow.describe("disruption.return", f"disruption {d.reference} returned for changes", d)


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def _row(session: Session, d: Disruption, names: Mapping[int, str], agencies: Mapping[int, str]) -> dict[str, Any]:
    return {
        "id": d.id, "reference": d.reference, "subject_id": d.subject_id, "subject_reference": d.subject.reference,
        "subject_name": d.subject.name, "subject_kind": d.subject.kind, "occurred_on": d.occurred_on,
        "four_p": d.four_p, "tactic": d.tactic, "grade": d.grade, "lead_agency_id": d.lead_agency_id,
        "lead_agency": agencies.get(d.lead_agency_id), "operation": d.operation, "narrative": d.narrative,
        "status": d.status, "marking": d.marking, "created_by_id": d.created_by_id,
        "created_by": names.get(d.created_by_id), "submitted_by_id": d.submitted_by_id,
        "submitted_at": d.submitted_at,
        "reviewed_by": names.get(d.reviewed_by_id), "review_comment": d.review_comment,
        "agency_ids": [a.agency_id for a in d.agencies], "agencies": [agencies.get(a.agency_id) for a in d.agencies],
        "outcomes": [{"kind": o.kind, "quantity": o.quantity, "unit": o.unit, "detail": o.detail}
                     for o in d.outcomes],
    }


#: a dialog's fields by the names the audit trail gives their changes
_AUDIT_NAMES = {"agency_ids": "contributing agencies"}


def get(session: Session, disruption_id: int) -> dict[str, Any]:
    seen = concurrency.newest_event(session, "disruption", disruption_id)
    d = _get(session, disruption_id)
    return {"seen_event": seen, **_row(session, d, _names(session, {d.created_by_id, d.reviewed_by_id}),
                                        dict(session.execute(select(Agency.id, Agency.code)).all()))}


def listing(session: Session, *, statuses: tuple[DisruptionStatus, ...] | None = None,
            subject_id: int | None = None) -> list[dict[str, Any]]:
    q = select(Disruption).order_by(Disruption.occurred_on.desc(), Disruption.id.desc())
    if statuses:
        q = q.where(Disruption.status.in_([s.value for s in statuses]))
    if subject_id is not None:
        q = q.where(Disruption.subject_id == subject_id)
    rows = list(session.scalars(q))
    names = _names(session, {i for r in rows for i in (r.created_by_id, r.reviewed_by_id)})
    agencies = dict(session.execute(select(Agency.id, Agency.code)).all())
    return [_row(session, r, names, agencies) for r in rows]


# ------------------------------------------------------------------ best practice

def save_practice(uow: UnitOfWork, data: Mapping[str, Any], practice_id: int | None = None) -> int:
    require(uow.actor, Permission.EDIT_RECORDS)
    problems = []
    for key in ("title", "what_was_done"):
        if not str(data.get(key) or "").strip():
            problems.append(Problem(key, "is required"))
    if problems:
        raise ValidationError(problems)
    if practice_id is None:
        year = clock.today().year
        obj = BestPractice(reference=allocate(uow.session, "BP", year),
                           created_by_id=uow.actor.user_id, title="", what_was_done="")
        uow.session.add(obj)
    else:
        obj = uow.session.get(BestPractice, practice_id)
        if obj is None:
            raise NotFound(f"no best-practice entry with id {practice_id}")
    obj.title = str(data["title"]).strip()[:200]
    obj.what_was_done = str(data["what_was_done"]).strip()
    obj.what_worked = str(data.get("what_worked") or "").strip() or None
    obj.contact = str(data.get("contact") or "").strip()[:200] or None
    obj.tags = ", ".join(t.strip() for t in str(data.get("tags") or "").split(",") if t.strip()) or None
    obj.subject_id = data.get("subject_id") or None
    obj.marking = parse_enum(Marking, data.get("marking") or Marking.OFFICIAL, "marking")
    uow.session.flush()
    uow.describe("practice.save", f"best practice {obj.reference} saved: {obj.title}", obj)
    return obj.id


def search_practice(session: Session, text: str = "") -> list[dict[str, Any]]:
    q = select(BestPractice).order_by(BestPractice.id.desc())
    for word in (text or "").split():
        like = f"%{word}%"
        q = q.where(or_(BestPractice.title.ilike(like), BestPractice.what_was_done.ilike(like),
                        BestPractice.what_worked.ilike(like), BestPractice.tags.ilike(like),
                        BestPractice.contact.ilike(like)))
    found = list(session.scalars(q))
    ids = {p.subject_id for p in found if p.subject_id is not None}  # only these: a register may be 100,000 long
    subjects = dict(session.execute(select(Subject.id, Subject.reference).where(Subject.id.in_(ids))).all()) \
        if ids else {}
    return [{"id": p.id, "reference": p.reference, "title": p.title, "what_was_done": p.what_was_done,
             "what_worked": p.what_worked, "contact": p.contact, "tags": p.tags, "marking": p.marking,
             "subject": subjects.get(p.subject_id), "subject_id": p.subject_id} for p in found]


# ------------------------------------------------------------------ aggregates behind the charts

@dataclass(frozen=True)
class ChartFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    force_id: int | None = None
    kind: str | None = None           # group / nominal / vulnerability

    def describe(self) -> str:
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or '...'} to {self.end or '...'}")
        if self.kind:
            parts.append(f"{self.kind}s")
        return ", ".join(parts) or "all approved disruptions"


def _approved(session: Session, flt: ChartFilter) -> list[Disruption]:
    q = (select(Disruption).join(Subject, Subject.id == Disruption.subject_id)
         .where(Disruption.status == D.APPROVED.value))
    if flt.start:
        q = q.where(Disruption.occurred_on >= flt.start)
    if flt.end:
        q = q.where(Disruption.occurred_on <= flt.end)
    if flt.force_id:
        q = q.where(Subject.lead_force_id == flt.force_id)
    if flt.kind:
        q = q.where(Subject.kind == flt.kind)
    return list(session.scalars(q.order_by(Disruption.occurred_on)))


def _months(items: list[dt.date], flt: ChartFilter) -> list[str]:
    if not items and not (flt.start and flt.end):
        return []
    first = flt.start or min(items)
    last = flt.end or max(items)
    months, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def disruptions_over_time(session: Session, flt: ChartFilter, *, by: str = "four_p") -> ChartSpec:
    """Approved disruptions per month, stacked by 4P category (or by impact grade)."""
    rows = _approved(session, flt)
    months = _months([d.occurred_on for d in rows], flt)
    keys = list(FourP) if by == "four_p" else list(ImpactGrade)
    counts = {k: Counter() for k in keys}
    for d in rows:
        counts[d.four_p if by == "four_p" else d.grade][f"{d.occurred_on:%Y-%m}"] += 1
    series = tuple(Series(k.label, tuple(float(counts[k][m]) for m in months)) for k in keys)
    title = "Disruptions by 4P category" if by == "four_p" else "Disruptions by impact"
    return ChartSpec(STACKED, title, tuple(months), series, x_label="Month", y_label="Disruptions", note=flt.describe())


def by_agency(session: Session, flt: ChartFilter) -> ChartSpec:
    """Disruptions led and contributed to, per agency; the ROCU's contribution is counted."""
    rows = _approved(session, flt)
    agencies = {a.id: a for a in session.scalars(select(Agency))}
    led, contributed = Counter(), Counter()
    for d in rows:
        if d.lead_agency_id:
            led[d.lead_agency_id] += 1
        for a in d.agencies:
            contributed[a.agency_id] += 1
    ids = sorted(set(led) | set(contributed), key=lambda i: agencies[i].code)
    rocu = [i for i in ids if (agencies[i].kind or "").upper() == ROCU_KIND]
    rocu_share = sum(1 for d in rows if d.lead_agency_id in rocu or any(a.agency_id in rocu for a in d.agencies))
    note = (f"ROCU involved in {rocu_share} of {len(rows)} approved disruptions"
            f" ({rocu_share / len(rows):.0%})" if rows else "no approved disruptions")
    return ChartSpec(STACKED, "Disruptions by agency", tuple(agencies[i].code for i in ids),
                     (Series("Led", tuple(float(led[i]) for i in ids)),
                      Series("Contributed", tuple(float(contributed[i]) for i in ids))),
                     x_label="Agency", y_label="Disruptions", note=note)


def rocu_contribution(session: Session, flt: ChartFilter) -> dict[str, int]:
    rows = _approved(session, flt)
    rocu = set(session.scalars(select(Agency.id).where(func.upper(Agency.kind) == ROCU_KIND)))
    led = sum(1 for d in rows if d.lead_agency_id in rocu)
    contributed = sum(1 for d in rows if d.lead_agency_id not in rocu and any(a.agency_id in rocu for a in d.agencies))
    return {"disruptions": len(rows), "rocu_led": led, "rocu_contributed": contributed}


def outcome_totals(session: Session, flt: ChartFilter) -> tuple[dict[str, float], ChartSpec]:
    """Totals per outcome kind (drugs per unit) over the filtered approved disruptions."""
    totals: dict[str, float] = defaultdict(float)
    for d in _approved(session, flt):
        for o in d.outcomes:
            key = o.kind.label if not o.kind.needs_unit else f"{o.kind.label} ({o.unit})"
            totals[key] += o.quantity
    counted = [k for k in totals if "£" not in k]
    spec = ChartSpec(BAR, "Outcomes", tuple(counted), (Series("Total", tuple(totals[k] for k in counted)),),
                     x_label="Outcome", y_label="Total", note=", ".join(f"{k}: {totals[k]:,.0f}" for k in totals if "£" in k))
    return dict(totals), spec


def threat_picture(session: Session, flt: ChartFilter) -> ChartSpec:
    """Active subjects by MoRiLE priority (or 'not assessed') and management level."""
    latest = (select(Assessment.subject_id, func.max(Assessment.version).label("v"))
              .where(Assessment.status == AssessmentStatus.APPROVED.value, Assessment.method == "MoRiLE")
              .group_by(Assessment.subject_id).subquery())
    priority = dict(session.execute(select(Assessment.subject_id, Assessment.priority).join(
        latest, (Assessment.subject_id == latest.c.subject_id) & (Assessment.version == latest.c.v)
        & (Assessment.method == "MoRiLE"))).all())
    q = select(Subject.id, Subject.kind).where(Subject.status == SubjectStatus.ACTIVE.value)
    if flt.force_id:
        q = q.where(Subject.lead_force_id == flt.force_id)
    if flt.kind:
        q = q.where(Subject.kind == flt.kind)
    levels = dict(session.execute(select(Group.id, Group.management_level)).all())
    cats = ["P1", "P2", "P3", "P4", "Not assessed"]
    keys = [*(m.value for m in ManagementLevel), "not a group"]
    counts = {k: Counter() for k in keys}
    unassessed_people = 0
    for sid, _kind in session.execute(q):
        level = levels.get(sid)
        if sid not in priority and level is None:
            unassessed_people += 1  # nominals and vulnerabilities count once assessed
            continue
        counts[level.value if level else "not a group"][priority.get(sid) or "Not assessed"] += 1
    series = tuple(Series(k.capitalize(), tuple(float(counts[k][c]) for c in cats)) for k in keys)
    return ChartSpec(STACKED, "Threat picture: active subjects by priority and management level", tuple(cats),
                     series, x_label="MoRiLE priority", y_label="Subjects",
                     note=f"groups, and other subjects once assessed ({unassessed_people} not yet assessed)")


def _mid(v: Any) -> Any:
    """The middle of a scored range ({"min", "max"}), or the value itself."""
    return (v["min"] + v["max"]) / 2 if isinstance(v, dict) else v


def risk_matrix(session: Session, flt: ChartFilter) -> ChartSpec:
    """Each subject with an approved MoRiLE assessment placed by total harm and likelihood."""
    latest = (select(Assessment.subject_id, func.max(Assessment.version).label("v"))
              .where(Assessment.status == AssessmentStatus.APPROVED.value, Assessment.method == "MoRiLE")
              .group_by(Assessment.subject_id).subquery())
    q = (select(Assessment).join(latest, (Assessment.subject_id == latest.c.subject_id)
                                 & (Assessment.version == latest.c.v) & (Assessment.method == "MoRiLE"))
         .join(Subject, Subject.id == Assessment.subject_id).where(Subject.status != SubjectStatus.ARCHIVED.value))
    if flt.force_id:
        q = q.where(Subject.lead_force_id == flt.force_id)
    if flt.kind:
        q = q.where(Subject.kind == flt.kind)
    points, top_harm = [], 1.0
    colours = {"P1": "#a4161a", "P2": "#d9480f", "P3": "#e8a33d", "P4": "#4c8c4a"}
    for a in session.scalars(q):
        values = a.result.get("values", {})
        harm, likelihood = values.get("total_harm"), values.get("likelihood")
        if harm is None or likelihood is None:
            continue
        scheme = assessments.scheme_of(session, a)
        top_harm = max(top_harm, score_scheme(scheme, {}).values["total_harm"].hi)
        label = a.subject.reference if a.priority in ("P1", "P2") else ""  # name the ones that matter most
        points.append(Point(float(_mid(likelihood)), float(_mid(harm)), label, colours.get(a.priority or "", "#52606d")))
    return ChartSpec(SCATTER, "Risk matrix: harm against likelihood (latest approved MoRiLE)", points=tuple(points),
                     x_label="Likelihood", y_label="Total harm", x_range=(0.0, 1.0), y_range=(0.0, top_harm),
                     note="colour: priority (red P1, orange P2, amber P3, green P4); P1 and P2 named")


def subject_timeline(session: Session, subject_id: int) -> ChartSpec:
    """The subject's MoRiLE risk score over time with its approved disruptions marked: did a
    disruption change the assessed risk?"""
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise NotFound(f"no subject with id {subject_id}")
    trend = [t for t in assessments.trend(session, subject_id) if t["method"] == "MoRiLE"]
    points = [p for p in (trend[0]["points"] if trend else []) if p["approved"]]
    values = tuple(float((p["lo"] + p["hi"]) / 2) for p in points)
    disruptions = [d for d in session.scalars(select(Disruption).where(
        Disruption.subject_id == subject_id, Disruption.status == D.APPROVED.value).order_by(Disruption.occurred_on))]
    return ChartSpec(LINE, f"{subject.reference}: risk score and disruptions", tuple(p["band"] for p in points),
                     (Series("MoRiLE risk score", values),), x_label="Date", y_label="Risk score",
                     dates=tuple(p["when"] for p in points),
                     markers=tuple(Marker(d.occurred_on, f"{d.reference} {d.four_p.label} ({d.grade.value})")
                                   for d in disruptions),
                     y_range=(0.0, trend[0]["top"]) if trend else None)


def marking_of(rows: list[dict[str, Any]]) -> Marking:
    return highest((r["marking"] for r in rows), Marking.OFFICIAL_SENSITIVE)

