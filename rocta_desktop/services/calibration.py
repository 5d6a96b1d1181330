"""Calibration exercises (issue #25): how a unit makes "a consistent process" real. A supervisor
picks a case (a subject of the register, or a short written scenario), a scheme and several analysts;
each analyst assesses the case blind; when all have submitted, the results show how far they agree
(Krippendorff's alpha, per factor and overall: domain/calibration.py), the spread of answers, the
factors with most disagreement, each analyst's tendency against the group, and the scheme's guidance
beside the factors that drift.

Blind, and enforced here rather than by the screens:
- nobody (the supervisor who set it included) reads anyone else's answers while the exercise is
  open: `get` gives each participant only their own answers, `report` and `export` refuse until
  every analyst has submitted or the supervisor has closed the exercise (with a note);
- the audit trail records an answer's SHA-256, never the answers (store/models/calibration.py);
- a submitted answer never changes.

Need to know: an analyst can be set a subject only if they may see it (their clearance and any
restriction on it); an exercise is visible only to a reader who may see its marking and its subject.
Answers are kept apart from assessments: they are never scored into a subject's history or the
priority list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.calibration import AnswerStatus, ExerciseStatus, answer_words, results, verdict
from ..domain.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationError
from ..domain.markings import Marking
from ..domain.schemes import Scheme, answers_to_json, parse_answers, score
from ..domain.tables import INTEGER, NUMBER, Column, Report, Table
from ..domain.users import Permission
from ..store.models import CalibrationAnswer, CalibrationExercise, Subject, User
from ..store.models.base import utcnow
from . import access
from .assessments import _parse_stored, _stored, find_scheme
from .guidance import guidance_for
from .permissions import allowed, require
from .references import allocate
from .unit_of_work import UnitOfWork

PREFIX = "CAL"
MIN_ANALYSTS = 2


@dataclass(frozen=True)
class Created:
    id: int
    reference: str


def _digest(answers: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(answers, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _may_see(session: Session, user: User, marking: Marking, subject_id: int | None) -> str | None:
    """Why `user` may not be set this case (None when they may): their clearance, and any restriction
    on the subject. Decided as their own reads would decide it (services/access.py)."""
    clearance = user.clearance or Marking.SECRET
    if marking.rank > clearance.rank:
        return f"{user.display_name} is cleared to {clearance.value}; the exercise is {marking.value}"
    if subject_id is not None:
        policy = access.policy_for(session, user.id, clearance)
        seen = session.scalar(select(Subject.id).where(Subject.id == subject_id, access.visible(Subject, policy)),
                              execution_options=access.unfiltered())
        if seen is None:
            return f"{user.display_name} may not see the subject (their clearance or a restriction on it)"
    return None


def create(uow: UnitOfWork, *, title: str, scheme_ref: str, analysts: Iterable[str], subject_id: int | None = None,
           scenario: str | None = None, marking: Marking | str | None = None,
           today: dt.date | None = None) -> Created:
    """A supervisor sets an exercise: a subject (or a written scenario), a scheme and the analysts
    (usernames) who will answer it blind."""
    require(uow.actor, Permission.APPROVE)
    s = uow.session
    problems: list[Problem] = []
    title = (title or "").strip()
    if not title:
        problems.append(Problem("title", "give the exercise a title"))
    scheme = find_scheme(s, scheme_ref)
    subject = None
    if subject_id is not None:
        subject = s.get(Subject, subject_id)  # as the supervisor may see it
        if subject is None:
            raise NotFound(f"no subject with id {subject_id}")
        if subject.kind not in scheme.applies_to:
            problems.append(Problem("scheme", f"{scheme.title} does not apply to {subject.kind}s"))
    scenario = (scenario or "").strip() or None
    if subject is None and scenario is None:
        problems.append(Problem("case", "choose a subject or write a scenario for the analysts to assess"))
    floor = subject.marking if subject is not None else Marking.OFFICIAL
    chosen = Marking.parse(marking) if isinstance(marking, str) else (marking or floor)
    if chosen.rank < floor.rank:
        problems.append(Problem("marking", f"must be at least {floor.value}, the marking of {subject.reference}"))
    names = list(dict.fromkeys(n.strip().lower() for n in analysts if n and n.strip()))
    people = {u.username: u for u in s.scalars(select(User).where(User.username.in_(names)))}
    missing = [n for n in names if n not in people or not people[n].active]
    if missing:
        problems.append(Problem("analysts", f"no active account {', '.join(missing)}"))
    if len(names) < MIN_ANALYSTS:
        problems.append(Problem("analysts", f"choose at least {MIN_ANALYSTS} analysts: agreement needs several"))
    if problems:
        raise ValidationError(problems)
    refused = [why for n in names if (why := _may_see(s, people[n], chosen, subject_id)) is not None]
    if refused:
        raise ValidationError([Problem("analysts", why) for why in refused])
    row = _stored(s, scheme, uow.actor.user_id)
    reference = allocate(s, PREFIX, (today or clock.today()).year)
    ex = CalibrationExercise(reference=reference, title=title, scheme_row_id=row.id, scheme_id=scheme.id,
                             scheme_version=scheme.version, subject_id=subject_id, scenario=scenario,
                             marking=chosen, status=ExerciseStatus.OPEN, created_by_id=uow.actor.user_id)
    s.add(ex)
    s.flush()
    for n in names:
        ex.participants.append(CalibrationAnswer(user_id=people[n].id, user=people[n], answers={},
                                                 status=AnswerStatus.INVITED))
    s.flush()
    case = subject.reference if subject is not None else "a written scenario"
    uow.describe("calibration.create", f"calibration exercise {reference} ({title}): {case} with {scheme.ref}, "
                                       f"{len(names)} analysts", ex)
    uow.touch("calibration")
    return Created(ex.id, reference)


def _exercise(session: Session, exercise_id: int) -> CalibrationExercise:
    """An exercise the reader may see (its marking and its subject), or NotFound."""
    ex = session.get(CalibrationExercise, exercise_id)
    policy = access.policy(session)
    if ex is None or (policy is not None and not policy.allows(ex.marking)):
        raise NotFound(f"no calibration exercise with id {exercise_id}")
    if ex.subject_id is not None and session.get(Subject, ex.subject_id) is None:
        raise NotFound(f"no calibration exercise with id {exercise_id}")
    return ex


def _scheme(session: Session, ex: CalibrationExercise) -> Scheme:
    from ..store.models import SchemeDefinition
    return _parse_stored(session.get(SchemeDefinition, ex.scheme_row_id))


def _mine(session: Session, ex: CalibrationExercise, user_id: int | None) -> CalibrationAnswer | None:
    return next((p for p in ex.participants if p.user_id == user_id), None)


def _reader(session: Session) -> Any:
    return session.info.get("actor")


def _involved(session: Session, ex: CalibrationExercise) -> bool:
    """Supervisors see every exercise (their need to know aside); an analyst sees those set to them."""
    actor = _reader(session)
    if actor is None:
        return True
    return allowed(actor, Permission.APPROVE) or _mine(session, ex, actor.user_id) is not None


def _my_open_answer(uow: UnitOfWork, exercise_id: int) -> tuple[CalibrationExercise, CalibrationAnswer]:
    """The exercise and the acting analyst's own answer to it, while it may still change."""
    ex = _exercise(uow.session, exercise_id)
    mine = _mine(uow.session, ex, uow.actor.user_id)
    if mine is None:
        raise PermissionDenied(f"{ex.reference} was not set to {uow.actor.username}: only its analysts answer it")
    if ex.status is not ExerciseStatus.OPEN:
        raise Conflict(f"{ex.reference} is closed: answers can no longer change")
    if mine.status is AnswerStatus.SUBMITTED:
        raise Conflict(f"you have submitted your answers to {ex.reference}: they cannot change")
    return ex, mine


def save_answers(uow: UnitOfWork, exercise_id: int, answers: Mapping[str, Any]) -> dict[str, Any]:
    """An analyst saves their own answers (a draft until submitted). Every problem names its factor."""
    s = uow.session
    ex, mine = _my_open_answer(uow, exercise_id)
    scheme = _scheme(s, ex)
    parsed = parse_answers(scheme, dict(answers))
    mine.answers = answers_to_json(parsed)
    mine.answers_sha256 = _digest(mine.answers)
    mine.status = AnswerStatus.DRAFT
    mine.saved_at = utcnow()
    result = score(scheme, parsed)
    uow.describe("calibration.save", f"{ex.reference}: {uow.actor.username} saved answers "
                                     f"({result.unknown_count} unknown or open)", mine)
    uow.touch("calibration")
    return {"unknown": result.unknown_count, "unanswered": list(result.unanswered)}


def submit(uow: UnitOfWork, exercise_id: int) -> dict[str, Any]:
    """An analyst submits their answers (every factor answered, "unknown" allowed). When the last
    analyst submits, the exercise closes and its results are shown."""
    s = uow.session
    ex, mine = _my_open_answer(uow, exercise_id)
    scheme = _scheme(s, ex)
    result = score(scheme, parse_answers(scheme, mine.answers or {}))
    if result.unanswered:
        titles = [scheme.factor(f).title for f in result.unanswered]
        raise ValidationError([Problem(f, "needs an answer (choose 'unknown' if it is not known)")
                               for f in result.unanswered] if len(titles) < 4 else
                              [Problem("answers", f"{len(titles)} factors need an answer, starting with "
                                                  f"{', '.join(titles[:3])}")])
    mine.status = AnswerStatus.SUBMITTED
    mine.submitted_at = utcnow()
    mine.answers_sha256 = _digest(mine.answers)
    uow.describe("calibration.submit", f"{ex.reference}: {uow.actor.username} submitted answers "
                                       f"(sha256 {mine.answers_sha256[:12]})", mine)
    done = all(p.status is AnswerStatus.SUBMITTED for p in ex.participants)
    if done:
        ex.status = ExerciseStatus.CLOSED
        ex.closed_at = utcnow()
        uow.describe("calibration.submit", f"{ex.reference}: every analyst has submitted; results shown", ex)
    uow.touch("calibration")
    return {"closed": done, "submitted": sum(p.status is AnswerStatus.SUBMITTED for p in ex.participants),
            "of": len(ex.participants)}


def close(uow: UnitOfWork, exercise_id: int, note: str | None = None) -> None:
    """The supervisor who set the exercise (or another supervisor) closes it before every analyst has
    submitted, saying why: the results then count only submitted answers, and nobody can submit."""
    require(uow.actor, Permission.APPROVE)
    s = uow.session
    ex = _exercise(s, exercise_id)
    if ex.status is not ExerciseStatus.OPEN:
        raise Conflict(f"{ex.reference} is already closed")
    waiting = [p.user.display_name for p in ex.participants if p.status is not AnswerStatus.SUBMITTED]
    note = (note or "").strip() or None
    if waiting and note is None:
        raise ValidationError(Problem("note", f"{', '.join(waiting)} {'has' if len(waiting) == 1 else 'have'} not "
                                              "submitted: say why the exercise closes without them"))
    submitted = sum(p.status is AnswerStatus.SUBMITTED for p in ex.participants)
    if submitted < MIN_ANALYSTS:
        raise Conflict(f"only {submitted} of {len(ex.participants)} analysts have submitted: agreement needs at "
                       f"least {MIN_ANALYSTS}")
    ex.status = ExerciseStatus.CLOSED
    ex.closed_at, ex.closed_by_id, ex.close_note = utcnow(), uow.actor.user_id, note
    uow.describe("calibration.close", f"{ex.reference} closed by {uow.actor.username}"
                 + (f" without {', '.join(waiting)}: {note}" if waiting else ""), ex)
    uow.touch("calibration")


# ------------------------------------------------------------------ reading

def _visible_query(session: Session) -> Any:
    q = select(CalibrationExercise).order_by(CalibrationExercise.id.desc())
    policy = access.policy(session)
    if policy is not None:
        q = q.where(CalibrationExercise.marking.in_(policy.markings),
                    or_(CalibrationExercise.subject_id.is_(None),
                        CalibrationExercise.subject_id.not_in(access.hidden_subject_ids(policy))))
    return q


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def _case(session: Session, ex: CalibrationExercise) -> dict[str, Any]:
    if ex.subject_id is None:
        return {"kind": "scenario", "reference": None, "name": "Written scenario", "text": ex.scenario or ""}
    subject = session.get(Subject, ex.subject_id)
    return {"kind": subject.kind, "reference": subject.reference, "name": subject.name,
            "text": subject.description or ""}


def _summary(session: Session, ex: CalibrationExercise, names: Mapping[int, str]) -> dict[str, Any]:
    actor = _reader(session)
    mine = _mine(session, ex, actor.user_id) if actor is not None else None
    submitted = sum(p.status is AnswerStatus.SUBMITTED for p in ex.participants)
    return {"id": ex.id, "reference": ex.reference, "title": ex.title, "scheme": f"{ex.scheme_id}@{ex.scheme_version}",
            "case": _case(session, ex), "marking": ex.marking, "status": ex.status, "created_by": names.get(ex.created_by_id),
            "created_by_id": ex.created_by_id, "created_at": ex.created_at, "closed_at": ex.closed_at,
            "closed_by": names.get(ex.closed_by_id), "close_note": ex.close_note,
            "submitted": submitted, "analysts": len(ex.participants),
            "my_status": mine.status if mine is not None else None,
            "results_shown": ex.status is ExerciseStatus.CLOSED}


def listing(session: Session) -> list[dict[str, Any]]:
    """The exercises the reader may see: a supervisor every one (within their need to know), an
    analyst those set to them. Newest first. No answers."""
    rows = [ex for ex in session.scalars(_visible_query(session)) if _involved(session, ex)]
    names = _names(session, {i for ex in rows for i in (ex.created_by_id, ex.closed_by_id)})
    return [_summary(session, ex, names) for ex in rows]


def get(session: Session, exercise_id: int) -> dict[str, Any]:
    """One exercise: its case, scheme, who takes part and whether they have submitted, and the
    reader's own answers if they take part. Never another analyst's answers (see `report`)."""
    ex = _exercise(session, exercise_id)
    if not _involved(session, ex):
        raise NotFound(f"no calibration exercise with id {exercise_id}")
    names = _names(session, {ex.created_by_id, ex.closed_by_id} | {p.user_id for p in ex.participants})
    out = _summary(session, ex, names)
    scheme = _scheme(session, ex)
    out["scheme_obj"] = scheme
    out["participants"] = [{"name": names.get(p.user_id), "username": p.user.username, "status": p.status,
                            "submitted_at": p.submitted_at} for p in ex.participants]
    actor = _reader(session)
    mine = _mine(session, ex, actor.user_id) if actor is not None else None
    out["my_answers"] = parse_answers(scheme, mine.answers or {}) if mine is not None else None
    return out


def _labels(session: Session, ex: CalibrationExercise, taken: list[CalibrationAnswer]) -> dict[int, str]:
    names = _names(session, {p.user_id for p in taken})
    counts: dict[str, int] = {}
    for p in taken:
        counts[names[p.user_id]] = counts.get(names[p.user_id], 0) + 1
    return {p.user_id: names[p.user_id] if counts[names[p.user_id]] == 1 else f"{names[p.user_id]} ({p.user.username})"
            for p in taken}


def _revealed(session: Session, exercise_id: int) -> tuple[CalibrationExercise, Scheme, list[CalibrationAnswer]]:
    ex = _exercise(session, exercise_id)
    if not _involved(session, ex):
        raise NotFound(f"no calibration exercise with id {exercise_id}")
    if ex.status is not ExerciseStatus.CLOSED:
        submitted = sum(p.status is AnswerStatus.SUBMITTED for p in ex.participants)
        raise Conflict(f"{ex.reference} is still open ({submitted} of {len(ex.participants)} analysts have "
                       "submitted): answers are shown when every analyst has submitted, or when a supervisor "
                       "closes the exercise")
    taken = [p for p in ex.participants if p.status is AnswerStatus.SUBMITTED]
    for p in taken:
        if _digest(p.answers or {}) != p.answers_sha256:
            raise Conflict(f"{ex.reference}: {p.user.username}'s answers do not match the digest recorded when "
                           "they were submitted; run 'rocta verify'")
    return ex, _scheme(session, ex), taken


def report(session: Session, exercise_id: int) -> dict[str, Any]:
    """The results of a closed exercise: agreement overall and per factor (Krippendorff's alpha,
    ordinal), the spread of answers, the factors with most disagreement (with the scheme's guidance),
    each analyst's tendency, and every analyst's answers and rationale. Refused while it is open."""
    ex, scheme, taken = _revealed(session, exercise_id)
    labels = _labels(session, ex, taken)
    answers = {labels[p.user_id]: parse_answers(scheme, p.answers or {}) for p in taken}
    guide = guidance_for(scheme)
    extra = {fid: {"guidance": g.guidance, "examples": dict(g.examples or {}), "example": g.example}
             for fid, g in (guide.factors.items() if guide else [])}
    found = results(scheme, answers, extra)
    names = _names(session, {ex.created_by_id, ex.closed_by_id})
    out = _summary(session, ex, names)
    out.update(found.to_json())
    out["verdict"] = verdict(found.alpha)
    out["not_submitted"] = [p.user.display_name for p in ex.participants if p.status is not AnswerStatus.SUBMITTED]
    out["answers"] = {}
    for p in taken:
        mine = answers[labels[p.user_id]]
        out["answers"][labels[p.user_id]] = {
            "submitted_at": p.submitted_at, "sha256": p.answers_sha256,
            "factors": {f.id: {"answer": answer_words(f, mine.get(f.id)),
                               "rationale": mine[f.id].rationale if f.id in mine else "",
                               "raw": (p.answers or {}).get(f.id)} for f in scheme.factors}}
    out["factor_titles"] = {f.id: f.title for f in scheme.factors}
    out["scheme_title"] = scheme.title
    return out


def export_data(session: Session, exercise_id: int) -> dict[str, Any]:
    """The results as the JSON export writes them (plain types only)."""
    data = report(session, exercise_id)
    data = {k: v for k, v in data.items() if k not in ("scheme_obj",)}
    data["marking"] = data["marking"].value
    data["status"] = data["status"].value
    if data.get("my_status") is not None:
        data["my_status"] = data["my_status"].value
    return json.loads(json.dumps(data, default=_plain, ensure_ascii=False))


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    raise TypeError(type(value).__name__)


def report_tables(session: Session, exercise_id: int, *, produced_by: str = "") -> Report:
    """The results as typed tables (the Excel export): factors, analysts' tendencies, answers."""
    data = report(session, exercise_id)
    marking = data["marking"]
    factors = Table("Factors", "Agreement by factor", [
        Column("Factor", width=34), Column("Section", width=20), Column("Agreement (alpha)", NUMBER, 12),
        Column("Verdict", width=18), Column("Spread", width=36), Column("Levels apart", NUMBER, 10),
        Column("Unknown", INTEGER, 9), Column("Higher than the group", width=24),
        Column("Lower than the group", width=24), Column("Drifts", width=8), Column("Guidance", width=80)])
    for f in data["factors"]:
        factors.rows.append([f["title"], f["section"], None if f["alpha"] is None else round(f["alpha"], 3),
                             f["verdict"], f["spread"], f["steps"], f["unknown"], ", ".join(f["higher"]),
                             ", ".join(f["lower"]), "yes" if f["drifts"] else "no", f["guidance"]])
        factors.markings.append(marking)
    people = Table("Analysts", "Each analyst against the group", [
        Column("Analyst", width=24), Column("Tendency", width=14), Column("Mean difference", NUMBER, 14),
        Column("Higher on", width=50), Column("Lower on", width=50), Column("Their result", width=30)])
    for t in data["tendencies"]:
        people.rows.append([t["analyst"], t["tendency"], t["mean_difference"], ", ".join(t["higher_on"]),
                            ", ".join(t["lower_on"]), t["result"]])
        people.markings.append(marking)
    analysts = list(data["answers"])
    answers = Table("Answers", "Every analyst's answers", [Column("Factor", width=34)]
                    + [Column(a[:40], width=26) for a in analysts]
                    + [Column(f"Rationale: {a}"[:40], width=40) for a in analysts])
    for fid, title in data["factor_titles"].items():
        answers.rows.append([title] + [data["answers"][a]["factors"][fid]["answer"] for a in analysts]
                            + [data["answers"][a]["factors"][fid]["rationale"] for a in analysts])
        answers.markings.append(marking)
    alpha = data["alpha"]
    cover = [("Exercise", f"{data['reference']} {data['title']}"), ("Scheme", data["scheme"]),
             ("Case", data["case"]["reference"] or data["case"]["text"][:500]),
             ("Analysts", ", ".join(data["analysts"])),
             ("Krippendorff's alpha (ordinal)", "not measurable" if alpha is None else round(alpha, 3)),
             ("Verdict", data["verdict"] + " (0.8 firm, 0.667 tentative)")]
    if data["not_submitted"]:
        cover.append(("Did not submit", ", ".join(data["not_submitted"])))
    return Report(f"Calibration {data['reference']}: {data['title']}", cover, [factors, people, answers],
                  produced_by, clock.now())


def analysts_for(session: Session) -> list[dict[str, Any]]:
    """The active accounts an exercise can be set to (names and roles only)."""
    require(_reader(session), Permission.APPROVE)
    return [{"username": u, "display_name": n, "role": r.value} for u, n, r in session.execute(
        select(User.username, User.display_name, User.role).where(User.active.is_(True))
        .order_by(User.display_name))]


def exercise_id_for(session: Session, reference: str) -> int:
    """An exercise the reader may see, by its reference (CAL-2026-0001) or id."""
    text = (reference or "").strip()
    if text.isdigit():
        return _exercise(session, int(text)).id
    ident = session.scalar(select(CalibrationExercise.id).where(CalibrationExercise.reference == text.upper()))
    if ident is None:
        raise NotFound(f"no calibration exercise {text}")
    ex = _exercise(session, ident)
    if not _involved(session, ex):
        raise NotFound(f"no calibration exercise {text}")
    return ex.id
