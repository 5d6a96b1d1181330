"""Assessments: start (or re-assess), answer, submit, approve or return, history, reviews due,
method comparison, scheme import, and recomputing every stored result.

Life of an assessment: draft -> submitted -> approved, or -> returned -> (edited) -> submitted.
Nobody approves an assessment they wrote or submitted. Approval fixes the next review date from
the band (months set by the scheme). An approved assessment never changes (the service refuses,
and a database trigger refuses too); re-assessment creates the next version, pre-filled with the
previous answers.

Scores are computed only by the domain (`domain/schemes`); the result stored with an assessment is
a cache that `verify` recomputes from the stored scheme text and answers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ..domain import clock
from ..domain.approval import ReviewStep
from ..domain.errors import (
    Conflict,
    NotFound,
    Problem,
    ValidationError,
)
from ..domain.management import LevelRule, basis_for, check_rule, combine, load_rule
from ..domain.management import Suggestion as LevelSuggestion
from ..domain.markings import Marking, highest
from ..domain.schemes import (
    ENGINE_VERSION,
    Answer,
    Result,
    Scheme,
    SchemeError,
    answers_to_json,
    builtin_schemes,
    load_file,
    load_text,
    parse_answers,
    pick,
    score,
    version_key,
)
from ..domain.schemes.compare import Agreement, compare_positions
from ..domain.subjects import SubjectStatus
from ..domain.users import Permission
from ..store.models import Assessment, AssessmentStatus, SchemeDefinition, Subject, User
from ..store.models.base import utcnow
from . import approval
from .permissions import require
from .references import allocate
from .unit_of_work import UnitOfWork

PREFIX = "ASM"
DEFAULT_REVIEW_MONTHS = 6
OPEN = (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED)
_PARSED: dict[str, Scheme] = {}  # sha256 -> scheme: a stored definition never changes


@dataclass(frozen=True)
class Created:
    id: int
    reference: str


# ------------------------------------------------------------------------------ schemes

def _parse_stored(row: SchemeDefinition) -> Scheme:
    scheme = _PARSED.get(row.sha256)
    if scheme is None:
        scheme = load_text(row.definition, f"{row.scheme_id}@{row.version} (stored in the workspace)")
        if scheme.sha256 != row.sha256:
            raise SchemeError(scheme.ref, "", "the stored definition does not match its checksum")
        _PARSED[row.sha256] = scheme
    return scheme


def available_schemes(session: Session, *, include_retired: bool = False) -> list[Scheme]:
    """Shipped schemes plus those imported into this workspace, newest version last per id."""
    found = {s.ref: s for s in builtin_schemes()}
    q = select(SchemeDefinition).where(SchemeDefinition.builtin.is_(False))
    if not include_retired:
        q = q.where(SchemeDefinition.active.is_(True))
    for row in session.scalars(q):
        found[f"{row.scheme_id}@{row.version}"] = _parse_stored(row)
    return sorted(found.values(), key=lambda s: (s.method, s.id, version_key(s.version)))


def find_scheme(session: Session, ref: str) -> Scheme:
    """`id@version`, or the newest version of `id`, among the available schemes. A stored
    definition is also found by exact reference even when retired (old assessments use it)."""
    scheme = pick(available_schemes(session), ref)
    if scheme is None and "@" in ref:
        scheme_id, version = ref.split("@", 1)
        row = session.scalar(select(SchemeDefinition).where(SchemeDefinition.scheme_id == scheme_id,
                                                            SchemeDefinition.version == version))
        if row is not None:
            return _parse_stored(row)
    if scheme is None:
        known = ", ".join(s.ref for s in available_schemes(session))
        raise NotFound(f"no assessment scheme {ref!r} (available: {known})")
    return scheme


def schemes_for_kind(session: Session, kind: str) -> list[Scheme]:
    """The newest version of each scheme that applies to a subject kind (OCGM: groups only)."""
    newest: dict[str, Scheme] = {}
    for s in available_schemes(session):
        if kind in s.applies_to:
            newest[s.id] = s
    return list(newest.values())


def _stored(session: Session, scheme: Scheme, actor_id: int | None) -> SchemeDefinition:
    row = session.scalar(select(SchemeDefinition).where(SchemeDefinition.scheme_id == scheme.id,
                                                        SchemeDefinition.version == scheme.version))
    if row is None:
        row = SchemeDefinition(scheme_id=scheme.id, version=scheme.version, method=scheme.method,
                               title=scheme.title, sha256=scheme.sha256, definition=scheme.text,
                               builtin=any(b.sha256 == scheme.sha256 for b in builtin_schemes()),
                               active=True, created_by_id=actor_id)
        session.add(row)
        session.flush()
    elif row.sha256 != scheme.sha256:
        raise Conflict(f"scheme {scheme.ref} is already stored in this workspace with different content; "
                       "a changed scheme needs a new version number")
    return row


def import_scheme(uow: UnitOfWork, source: str | Path) -> str:
    """Add a ROCU's own scheme file (checked in full first). Returns its reference."""
    require(uow.actor, Permission.MANAGE_REFERENCE_DATA)
    scheme = load_file(source) if isinstance(source, Path) else load_text(source, "scheme")
    shipped = next((b for b in builtin_schemes() if b.ref == scheme.ref), None)
    if shipped is not None:
        raise Conflict(f"{scheme.ref} is already shipped with the application" if shipped.sha256 == scheme.sha256
                       else f"{scheme.ref} is the id and version of a shipped scheme; give yours a new id or version")
    existing = uow.session.scalar(select(SchemeDefinition).where(SchemeDefinition.scheme_id == scheme.id,
                                                                 SchemeDefinition.version == scheme.version))
    if existing is not None:
        raise Conflict(f"scheme {scheme.ref} is already in this workspace" if existing.sha256 == scheme.sha256
                       else f"scheme {scheme.ref} is already in this workspace with different content; "
                            "a changed scheme needs a new version number")
    row = _stored(uow.session, scheme, uow.actor.user_id)
    uow.describe("scheme.import", f"assessment scheme {scheme.ref} ({scheme.title}) imported", row)
    return scheme.ref


def set_scheme_active(uow: UnitOfWork, ref: str, active: bool) -> None:
    """Retire (or bring back) an imported scheme: retired schemes are not offered for new
    assessments; assessments made with them keep it."""
    require(uow.actor, Permission.MANAGE_REFERENCE_DATA)
    scheme_id, _, version = ref.partition("@")
    row = uow.session.scalar(select(SchemeDefinition).where(SchemeDefinition.scheme_id == scheme_id,
                                                            SchemeDefinition.version == version,
                                                            SchemeDefinition.builtin.is_(False)))
    if row is None:
        raise NotFound(f"no imported scheme {ref!r}")
    row.active = active
    uow.describe("scheme.retire" if not active else "scheme.reinstate",
                 f"scheme {ref} {'retired' if not active else 'offered again'}", row)


# ------------------------------------------------------------------------------ life cycle

def _get(session: Session, assessment_id: int) -> Assessment:
    obj = session.get(Assessment, assessment_id)
    if obj is None:
        raise NotFound(f"no assessment with id {assessment_id}")
    return obj


def scheme_of(session: Session, obj: Assessment) -> Scheme:
    return _parse_stored(obj.scheme)


def _apply(obj: Assessment, scheme: Scheme, answers: Mapping[str, Answer]) -> Result:
    result = score(scheme, answers)
    obj.answers = answers_to_json(answers)
    obj.result = result.to_json()
    obj.engine_version = ENGINE_VERSION
    obj.score_min, obj.score_max = result.score.lo, result.score.hi
    obj.band = result.band_label
    obj.band_level = result.band[-1].level
    obj.priority = result.priority_label or None
    obj.unknown_count = result.unknown_count
    conf = scheme.outcome.confidence
    obj.confidence = scheme.factor(conf).level(result.answers_level(conf)).label \
        if conf and result.answers_level(conf) else None
    return result


def start(uow: UnitOfWork, subject_id: int, scheme_ref: str, *, trigger_id: int | None = None,
          today: dt.date | None = None) -> Created:
    """A new draft for a subject; a re-assessment when the subject has an approved one with the
    same method (its answers are copied where the scheme still accepts them)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    subject = s.get(Subject, subject_id)
    if subject is None:
        raise NotFound(f"no subject with id {subject_id}")
    if subject.status is SubjectStatus.ARCHIVED:
        raise Conflict(f"{subject.reference} is archived; reinstate it before assessing it")
    scheme = find_scheme(s, scheme_ref)
    if subject.kind not in scheme.applies_to:
        kinds = ", ".join(sorted(k + "s" for k in scheme.applies_to))
        raise ValidationError(Problem("scheme", f"{scheme.title} applies to {kinds}, not to {subject.kind}s"))
    open_one = s.scalar(select(Assessment).where(Assessment.subject_id == subject_id,
                                                 Assessment.method == scheme.method,
                                                 Assessment.status.in_([st.value for st in OPEN])))
    if open_one is not None:
        raise Conflict(f"{open_one.reference} ({scheme.method}) for {subject.reference} is still "
                       f"{open_one.status.label.lower()}: continue it instead of starting another")
    previous = _latest_approved(s, subject_id, scheme.method)
    version = (s.scalar(select(func.max(Assessment.version)).where(
        Assessment.subject_id == subject_id, Assessment.method == scheme.method)) or 0) + 1
    year = (today or clock.today()).year
    reference = allocate(s, PREFIX, year)
    row = _stored(s, scheme, uow.actor.user_id)
    obj = Assessment(reference=reference, subject_id=subject_id, scheme_row_id=row.id, method=scheme.method,
                     scheme_id=scheme.id, scheme_version=scheme.version, version=version,
                     previous_id=previous.id if previous else None, status=AssessmentStatus.DRAFT,
                     marking=highest([subject.marking, Marking.OFFICIAL_SENSITIVE]),
                     trigger_id=trigger_id, created_by_id=uow.actor.user_id)
    carried = _carry_over(s, scheme, previous)
    _apply(obj, scheme, carried)
    s.add(obj)
    s.flush()
    if trigger_id is not None:
        from .triggers import record_assessment
        record_assessment(s, trigger_id, obj.id)
    what = f"re-assessment (version {version})" if previous else "assessment"
    uow.describe("assessment.start", f"{scheme.method} {what} {reference} of {subject.reference} started", obj)
    return Created(obj.id, reference)


def _carry_over(session: Session, scheme: Scheme, previous: Assessment | None) -> dict[str, Answer]:
    if previous is None:
        return {}
    out = {}
    for factor_id, raw in (previous.answers or {}).items():
        try:
            out.update(parse_answers(scheme, {factor_id: raw}))
        except ValidationError:
            continue  # the factor changed or went in the new scheme version: answer it again
    return out


def _editable(uow: UnitOfWork, assessment_id: int) -> Assessment:
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _get(uow.session, assessment_id)
    if obj.status is AssessmentStatus.APPROVED:
        raise Conflict(f"{obj.reference} is approved and cannot change: start a re-assessment")
    if obj.status is AssessmentStatus.SUBMITTED:
        raise Conflict(f"{obj.reference} is awaiting approval; a supervisor must return it before it is edited")
    return obj


def save(uow: UnitOfWork, assessment_id: int, answers: Mapping[str, Any], *, summary: str | None = None,
         marking: Marking | str | None = None) -> Result:
    """Save a draft's answers (all of them: the JSON form `parse_answers` reads). Every problem
    names its factor; nothing is saved if any answer is wrong."""
    obj = _editable(uow, assessment_id)
    scheme = scheme_of(uow.session, obj)
    parsed = parse_answers(scheme, dict(answers))
    result = _apply(obj, scheme, parsed)
    if summary is not None:
        obj.summary = summary.strip() or None
    if marking is not None:
        new = Marking.parse(marking) if isinstance(marking, str) else marking
        subject_marking = obj.subject.marking
        if new.rank < subject_marking.rank:
            raise ValidationError(Problem("marking", f"must be at least {subject_marking.value}, the marking "
                                                     f"of {obj.subject.reference}"))
        obj.marking = new
    uow.describe("assessment.save", f"{obj.reference} answers saved ({result.unknown_count} unknown or open)", obj)
    return result


def submit(uow: UnitOfWork, assessment_id: int) -> None:
    obj = _editable(uow, assessment_id)
    scheme = scheme_of(uow.session, obj)
    result = score(scheme, parse_answers(scheme, obj.answers))
    if result.unanswered:
        titles = [scheme.factor(f).title for f in result.unanswered]
        raise ValidationError([Problem(f, "needs an answer (choose 'unknown' if it is not known)")
                               for f in result.unanswered] if len(titles) < 4 else
                              [Problem("answers", f"{len(titles)} factors need an answer, starting with "
                                                  f"{', '.join(titles[:3])}")])
    approval.submit(uow, obj)
    uow.describe("assessment.submit", f"{obj.reference} submitted for approval", obj)


def _reviewable(uow: UnitOfWork, assessment_id: int) -> Assessment:
    require(uow.actor, Permission.APPROVE)
    obj = _get(uow.session, assessment_id)
    approval.check_reviewable(uow, obj, "assessment")
    return obj


def approve(uow: UnitOfWork, assessment_id: int, comment: str | None = None, *,
            today: dt.date | None = None) -> dt.date:
    """Approve; returns the next review date (from the band's review period)."""
    obj = _reviewable(uow, assessment_id)
    scheme = scheme_of(uow.session, obj)
    result = score(scheme, parse_answers(scheme, obj.answers))
    if json.dumps(result.to_json(), sort_keys=True) != json.dumps(obj.result, sort_keys=True):
        raise Conflict(f"{obj.reference}: the stored result does not match a recomputation; run 'rocta verify'")
    today = today or clock.today()
    months = result.review_months or DEFAULT_REVIEW_MONTHS
    obj.next_review = add_months(today, months)
    now = utcnow()
    if today != now.date():  # approving "as of" another day (records brought in late, demo data)
        now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    approval.review(uow, obj, "assessment", ReviewStep.APPROVE, comment, at=now)
    uow.describe("assessment.approve", f"{obj.reference} approved: {result.band_label}"
                 + (f", {result.priority_label}" if result.priority_label else "")
                 + f"; next review {obj.next_review.isoformat()}", obj)
    return obj.next_review


def return_for_changes(uow: UnitOfWork, assessment_id: int, comment: str) -> None:
    obj = _get(uow.session, assessment_id)
    approval.review(uow, obj, "assessment", ReviewStep.RETURN, comment)
    uow.describe("assessment.return", f"{obj.reference} returned for changes", obj)


def discard(uow: UnitOfWork, assessment_id: int) -> None:
    """Delete a draft that was never approved (its audit trail stays)."""
    obj = _editable(uow, assessment_id)
    uow.describe("assessment.discard", f"{obj.reference} discarded", obj)
    uow.session.delete(obj)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31,
            30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


# ------------------------------------------------------------------------------ reading

def _latest_approved(session: Session, subject_id: int, method: str) -> Assessment | None:
    return session.scalar(select(Assessment).where(
        Assessment.subject_id == subject_id, Assessment.method == method,
        Assessment.status == AssessmentStatus.APPROVED.value).order_by(Assessment.version.desc()).limit(1))


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _row(obj: Assessment, names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "id": obj.id, "reference": obj.reference, "subject_id": obj.subject_id,
        "subject_reference": obj.subject.reference, "subject_name": obj.subject.name, "subject_kind": obj.subject.kind,
        "method": obj.method, "scheme": f"{obj.scheme_id}@{obj.scheme_version}", "version": obj.version,
        "status": obj.status, "marking": obj.marking, "score_min": obj.score_min, "score_max": obj.score_max,
        "band": obj.band, "band_level": obj.band_level, "priority": obj.priority,
        "unknown_count": obj.unknown_count, "confidence": obj.confidence,
        "created_by": names.get(obj.created_by_id), "created_by_id": obj.created_by_id,
        "created_at": obj.created_at, "updated_at": obj.updated_at,
        "submitted_by": names.get(obj.submitted_by_id), "submitted_by_id": obj.submitted_by_id,
        "submitted_at": obj.submitted_at, "reviewed_by": names.get(obj.reviewed_by_id),
        "reviewed_at": obj.reviewed_at, "review_comment": obj.review_comment, "next_review": obj.next_review,
        "summary": obj.summary, "trigger_id": obj.trigger_id,
    }


def get(session: Session, assessment_id: int) -> dict[str, Any]:
    """One assessment with its scheme, parsed answers and a freshly computed result."""
    obj = _get(session, assessment_id)
    d = _row(obj, _names(session, {obj.created_by_id, obj.submitted_by_id, obj.reviewed_by_id}))
    scheme = scheme_of(session, obj)
    d["scheme_obj"] = scheme
    d["answers"] = parse_answers(scheme, obj.answers)
    d["result"] = score(scheme, d["answers"])
    d["subject_marking"] = obj.subject.marking
    previous = session.get(Assessment, obj.previous_id) if obj.previous_id else None   # None if not for this reader
    d["previous_reference"] = previous.reference if previous is not None else None
    d["previous_answers"] = ({f: a.to_json() for f, a in parse_answers(scheme_of(session, previous),
                                                                         previous.answers).items()}
                             if previous is not None else {})
    return d


def listing(session: Session, *, statuses: tuple[AssessmentStatus, ...] | None = None,
            subject_id: int | None = None) -> list[dict[str, Any]]:
    q = select(Assessment).options(joinedload(Assessment.subject)).order_by(Assessment.updated_at.desc())
    if statuses:
        q = q.where(Assessment.status.in_([s.value for s in statuses]))
    if subject_id is not None:
        q = q.where(Assessment.subject_id == subject_id)
    rows = list(session.scalars(q))
    names = _names(session, {i for r in rows for i in (r.created_by_id, r.submitted_by_id, r.reviewed_by_id)})
    return [_row(r, names) for r in rows]


def history(session: Session, subject_id: int) -> list[dict[str, Any]]:
    """Every assessment of a subject, oldest first per method: the trend of score and band."""
    rows = listing(session, subject_id=subject_id)
    return sorted(rows, key=lambda r: (r["method"], r["version"]))


@dataclass(frozen=True)
class MethodComparison:
    morile: dict[str, Any]
    ocgm: dict[str, Any]
    agreement: Agreement


def comparison(session: Session, subject_id: int) -> MethodComparison | None:
    """The latest approved MoRiLE and OCGM results of a subject side by side, flagged where the
    methods disagree. None unless both exist."""
    latest = {}
    for method in ("MoRiLE", "OCGM"):
        obj = _latest_approved(session, subject_id, method)
        if obj is None:
            return None
        scheme = scheme_of(session, obj)
        latest[method] = (obj, score(scheme, parse_answers(scheme, obj.answers)))
    names = _names(session, {latest[m][0].reviewed_by_id for m in latest})
    agreement = compare_positions(("MoRiLE", latest["MoRiLE"][1].band_position),
                                  ("OCGM", latest["OCGM"][1].band_position))
    return MethodComparison(_row(latest["MoRiLE"][0], names), _row(latest["OCGM"][0], names), agreement)


def disagreements(session: Session) -> list[MethodComparison]:
    """Every subject whose latest approved MoRiLE and OCGM results disagree."""
    subjects = session.scalars(select(Assessment.subject_id).where(
        Assessment.status == AssessmentStatus.APPROVED.value).group_by(Assessment.subject_id)
        .having(func.count(func.distinct(Assessment.method)) >= 2))
    found = [comparison(session, sid) for sid in subjects]
    return [c for c in found if c is not None and c.agreement.disagree]


def due_for_review(session: Session, *, today: dt.date | None = None, within_days: int = 30) -> list[dict[str, Any]]:
    """The current (latest approved) assessment of each live subject and method whose review date
    falls within `within_days`, overdue first. A subject already being re-assessed is included
    with the open assessment's reference."""
    today = today or clock.today()
    latest = (select(Assessment.subject_id, Assessment.method, func.max(Assessment.version).label("v"))
              .where(Assessment.status == AssessmentStatus.APPROVED.value)
              .group_by(Assessment.subject_id, Assessment.method).subquery())
    q = (select(Assessment).join(latest, (Assessment.subject_id == latest.c.subject_id)
                                 & (Assessment.method == latest.c.method) & (Assessment.version == latest.c.v))
         .join(Subject, Subject.id == Assessment.subject_id)
         .where(Subject.status != SubjectStatus.ARCHIVED.value,
                Assessment.next_review <= today + dt.timedelta(days=within_days))
         .order_by(Assessment.next_review))
    rows = list(session.scalars(q))
    names = _names(session, {r.reviewed_by_id for r in rows})
    open_refs = {(sid, method): ref for sid, method, ref in session.execute(
        select(Assessment.subject_id, Assessment.method, Assessment.reference)
        .where(Assessment.status.in_([st.value for st in OPEN])))}
    out = []
    for r in rows:
        d = _row(r, names)
        d["overdue"] = r.next_review < today
        d["days"] = (r.next_review - today).days
        d["in_progress"] = open_refs.get((r.subject_id, r.method))
        out.append(d)
    return out


def verify(session: Session) -> list[str]:
    """Recompute every stored assessment from its stored scheme text and answers; list mismatches."""
    problems: list[str] = []
    for row in session.scalars(select(SchemeDefinition)):
        try:
            _parse_stored(row)
        except SchemeError as exc:
            problems.append(f"scheme {row.scheme_id}@{row.version}: {exc}")
    for obj in session.scalars(select(Assessment).order_by(Assessment.id)):
        try:
            scheme = scheme_of(session, obj)
            result = score(scheme, parse_answers(scheme, obj.answers))
        except (SchemeError, ValidationError) as exc:
            problems.append(f"{obj.reference}: cannot be recomputed: {exc}")
            continue
        fresh = result.to_json()
        if json.dumps(fresh, sort_keys=True) != json.dumps(obj.result, sort_keys=True):
            diff = [k for k in fresh if fresh[k] != (obj.result or {}).get(k)]
            problems.append(f"{obj.reference}: stored result differs from recomputation in {', '.join(diff)}")
        elif (obj.score_min, obj.score_max, obj.band) != (result.score.lo, result.score.hi, result.band_label):
            problems.append(f"{obj.reference}: the score or band columns differ from the stored result")
    return problems


def trend(session: Session, subject_id: int) -> list[dict[str, Any]]:
    """A subject's score over time, per method: each assessment's date, score range, band and
    whether it is approved, with the scheme's maximum score as the scale (the domain's score with
    every answer unknown). Built once here; the screen and the printed pack draw the same data."""
    out: dict[str, dict[str, Any]] = {}
    for row in history(session, subject_id):
        obj = _get(session, row["id"])
        scheme = scheme_of(session, obj)
        series = out.setdefault(row["method"], {"method": row["method"], "top": score(scheme, {}).score.hi,
                                                "points": []})
        when = (row["reviewed_at"] or row["updated_at"]).date()
        series["points"].append({"when": when, "lo": row["score_min"], "hi": row["score_max"],
                                 "band": row["band"] or "", "approved": row["status"] is AssessmentStatus.APPROVED})
    return list(out.values())


# ------------------------------------------------------------------------------ management level (#25)

LEVEL_RULE_KEY = "levels.rule."   # + scheme id: the region's own rule (JSON), replacing the shipped one


def levels_folder() -> Path:
    import sys
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "levels"


def level_rule(session: Session, scheme: Scheme) -> LevelRule | None:
    """The rule that turns this scheme's results into a management level: the region's own (kept in
    the workspace) or the shipped one (`resources/levels/<id>.json`); None when there is neither."""
    from ..store.models import WorkspaceMeta
    stored = session.get(WorkspaceMeta, LEVEL_RULE_KEY + scheme.id)
    if stored is not None and stored.value:
        return check_rule(json.loads(stored.value), scheme, f"the region's level rule for {scheme.id}", "region")
    path = levels_folder() / f"{scheme.id}.json"
    return load_rule(path, scheme) if path.is_file() else None


def set_level_rule(uow: UnitOfWork, scheme_ref: str, rule: Mapping[str, Any] | None) -> None:
    """The region's own rule for a scheme (checked against it), or None to go back to the shipped one.
    Administrators (reference data); audited with the rule before and after."""
    from ..store.models import WorkspaceMeta
    from .meta import set_meta
    require(uow.actor, Permission.MANAGE_REFERENCE_DATA)
    scheme = find_scheme(uow.session, scheme_ref)
    before = level_rule(uow.session, scheme)
    if rule is None:
        row = uow.session.get(WorkspaceMeta, LEVEL_RULE_KEY + scheme.id)
        if row is not None:
            uow.session.delete(row)
        after = None
    else:
        after = check_rule(dict(rule), scheme, f"level rule for {scheme.id}", "region")
        set_meta(uow.session, LEVEL_RULE_KEY + scheme.id, json.dumps(after.to_json(), sort_keys=True))
    from . import audit
    audit.record(uow.session, uow.actor, action="scheme.level_rule", entity_type="scheme", entity_ref=scheme.id,
                 summary=(f"management levels for {scheme.id} now follow the region's rule ({after.source})" if after
                          else f"management levels for {scheme.id} follow the shipped rule again"),
                 changes={"rule": {"before": before.to_json() if before else None,
                                   "after": after.to_json() if after else None}})
    uow.touch("assessment")


def _level_suggestion(session: Session, subject_id: int) -> tuple[Subject, LevelSuggestion]:
    from .settings import range_rule
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise NotFound(f"no subject with id {subject_id}")
    methods = sorted(set(session.scalars(select(Assessment.method).where(
        Assessment.subject_id == subject_id, Assessment.status == AssessmentStatus.APPROVED.value))))
    rule_of_range = range_rule(session)
    bases = []
    for method in methods:
        obj = _latest_approved(session, subject_id, method)
        rule = level_rule(session, scheme_of(session, obj))
        if rule is None:
            continue
        found = basis_for(obj.reference, method, rule, obj.result or {}, rule_of_range)
        if found is not None:
            bases.append(found)
    return subject, combine(bases)


def management_level(session: Session, subject_id: int) -> dict[str, Any]:
    """A group's management level now, the level its latest approved results suggest (by the region's
    rule: data), why, and the decisions taken so far (newest first)."""
    subject, suggestion = _level_suggestion(session, subject_id)
    current = getattr(subject, "management_level", None)
    return {"subject_id": subject.id, "reference": subject.reference, "kind": subject.kind,
            "applies": subject.kind == "group", "current": current.value if current else None,
            "suggested": suggestion.level.value if suggestion.level else None, "why": suggestion.why,
            "basis": [b.to_json() for b in suggestion.basis], "decisions": level_decisions(session, subject_id)}


def level_decisions(session: Session, subject_id: int) -> list[dict[str, Any]]:
    """The management level decisions on a subject the reader may see, newest first."""
    from ..store.models import ManagementLevelDecision
    if session.get(Subject, subject_id) is None:
        raise NotFound(f"no subject with id {subject_id}")
    rows = list(session.scalars(select(ManagementLevelDecision).where(
        ManagementLevelDecision.subject_id == subject_id).order_by(ManagementLevelDecision.id.desc())))
    names = _names(session, {r.decided_by_id for r in rows})
    return [{"level": r.level, "before": r.level_before, "suggested": r.suggested, "why": r.why,
             "reason": r.reason, "by": names.get(r.decided_by_id), "at": r.decided_at, "basis": r.basis}
            for r in rows]


def set_management_level(uow: UnitOfWork, subject_id: int, level: str, reason: str | None = None) -> dict[str, Any]:
    """Set a group's management level from its assessments. The suggestion is recomputed here (not
    taken from the screen); a level other than the one suggested needs a reason, which is kept with
    the decision and in the audit trail."""
    from ..domain.subjects import ManagementLevel
    from ..store.models import ManagementLevelDecision
    require(uow.actor, Permission.EDIT_RECORDS)
    subject, suggestion = _level_suggestion(uow.session, subject_id)
    if subject.kind != "group":
        raise ValidationError(Problem("level", f"{subject.reference} is a {subject.kind}: only groups have a "
                                               "management level"))
    if subject.status is SubjectStatus.ARCHIVED:
        raise Conflict(f"{subject.reference} is archived; reinstate it before changing its level")
    try:
        chosen = ManagementLevel(getattr(level, "value", level))
    except ValueError:
        raise ValidationError(Problem("level", f"{level!r} is not one of local, regional, national")) from None
    reason = (reason or "").strip() or None
    differs = suggestion.level is not None and chosen is not suggestion.level
    if differs and reason is None:
        raise ValidationError(Problem("reason", f"the assessments suggest {suggestion.level.value}: say why "
                                                f"{subject.reference} should be managed at {chosen.value} level"))
    before = subject.management_level
    subject.management_level = chosen
    decision = ManagementLevelDecision(subject_id=subject.id, subject=subject, level_before=before.value if before else None,
                                       level=chosen.value, suggested=suggestion.level.value if suggestion.level
                                       else None, why=suggestion.why, basis=[b.to_json() for b in suggestion.basis],
                                       reason=reason, decided_by_id=uow.actor.user_id)
    uow.session.add(decision)
    uow.session.flush()
    words = (f"{subject.reference} managed at {chosen.value} level"
             + (f" (was {before.value})" if before and before is not chosen else "")
             + (f"; suggested {suggestion.level.value}; reason: {reason}" if differs
                else " as its assessments suggest" if suggestion.level else ""))
    uow.describe("subject.management_level", words, subject)
    uow.describe("subject.management_level", words, decision)
    uow.touch("group", "assessment")
    return {"level": chosen.value, "suggested": suggestion.level.value if suggestion.level else None,
            "differs": differs}
