"""Need to know, enforced where the data is read: every session of a signed-in person sees only the
records their clearance and their grants allow.

- Clearance: the highest marking a person may see (their certificate carries it). A record marked
  above it is absent: not listed, not counted, not searchable, not in any pack, return or chart.
- Restriction: a subject, assessment, trigger report, requirement or disruption limited to named
  people or teams, with a reason. Only those granted (and nobody else, administrators included)
  see it. Where the region's policy says so, others are told that N restricted records exist.
- Children follow their parents: an assessment, disruption, tasking request or 4P plan of a subject
  the reader may not see is absent too, as are memberships, links and associations with it.

How: every ORM query a session runs gets the matching criteria added (SQLAlchemy's
`with_loader_criteria`, from a `do_orm_execute` hook), so no service can forget them, relationship
loads included. The few queries that run on the Core connection for speed (the register's bulk
rows) add `visible(...)` themselves. A reader cleared for SECRET with no restricted records hidden
from them gets no criteria at all: no cost where nothing is hidden.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, false, or_, select, true
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.markings import Marking
from ..domain.users import Permission
from ..store.models import (
    Assessment,
    BestPractice,
    CalibrationAnswer,
    CalibrationExercise,
    ChartLayout,
    Disruption,
    DisruptionAgency,
    DisruptionOutcome,
    FourPPlan,
    GroupCrimeType,
    GroupLink,
    GroupMember,
    IntelRequirement,
    ManagementLevelDecision,
    NominalAssociation,
    NominalIdentifier,
    PlanAction,
    RequirementAgency,
    RequirementResponse,
    RequirementSubject,
    Restriction,
    RestrictionGrant,
    Subject,
    SubjectAlias,
    TaskingRequest,
    TcgAction,
    TcgDecision,
    TcgMeeting,
    Team,
    TeamMember,
    TriggerReport,
    User,
    VulnerabilityLink,
)
from ..store.models.access import RESTRICTABLE
from ..store.models.subjects import GroupReach
from .permissions import require

UNFILTERED = "rocta_unfiltered"  # execution option: a system check that must see every row (see `unfiltered`)
_MODELS = {"subject": Subject, "assessment": Assessment, "trigger": TriggerReport, "requirement": IntelRequirement,
           "disruption": Disruption}


@dataclass(frozen=True)
class Policy:
    """What one reader may see: everything up to `clearance`, minus the restricted records not granted
    to them (by kind: ids)."""

    clearance: Marking
    hidden: dict[str, frozenset[int]] = field(default_factory=dict)
    #: on a server, PostgreSQL's row-level security hides rows too (migration 0014): what the reader
    #: may not see is then asked of the database's own functions, since a query cannot find it
    server: bool = False

    @property
    def markings(self) -> list[Marking]:
        return [m for m in Marking if m.rank <= self.clearance.rank]

    @property
    def sees_everything(self) -> bool:
        return self.clearance is Marking.SECRET and not any(self.hidden.values())

    def allows(self, marking: Marking | None) -> bool:
        return marking is None or marking.rank <= self.clearance.rank

    def narrowed(self, ceiling: Marking | None) -> Policy:
        if ceiling is None or ceiling.rank >= self.clearance.rank:
            return self
        return Policy(ceiling, self.hidden, self.server)


def policy_for(session: Session, user_id: int | None, clearance: Marking) -> Policy:
    """Read the restrictions not granted to this person (one small query; restricted records are few)."""
    teams = select(TeamMember.team_id).where(TeamMember.user_id == user_id)
    granted = select(RestrictionGrant.restriction_id).where(
        or_(RestrictionGrant.user_id == user_id, RestrictionGrant.team_id.in_(teams)))
    rows = session.execute(select(Restriction.entity_type, Restriction.entity_id)
                           .where(Restriction.id.not_in(granted)), execution_options={UNFILTERED: True}).all()
    hidden: dict[str, set[int]] = {}
    for kind, ident in rows:
        hidden.setdefault(kind, set()).add(ident)
    server = session.get_bind().dialect.name == "postgresql"
    return Policy(clearance, {k: frozenset(v) for k, v in hidden.items()}, server)


# ------------------------------------------------------------------ the predicates

def _marked(model: Any, policy: Policy) -> Any:
    return model.marking.in_(policy.markings) if policy.clearance is not Marking.SECRET else true()


def _not_hidden(model: Any, kind: str, policy: Policy) -> Any:
    ids = policy.hidden.get(kind)
    return model.id.not_in(sorted(ids)) if ids else true()


def visible_subject_ids(policy: Policy) -> Any:
    return select(Subject.id).where(_marked(Subject, policy), _not_hidden(Subject, "subject", policy))


def hidden_subject_ids(policy: Policy) -> Any:
    """The subjects this reader may not see: usually far fewer than those they may (a child row's
    test is then `NOT IN` a small set; `subjects.marking` is indexed for it)."""
    above = [m for m in Marking if m.rank > policy.clearance.rank]
    ids = policy.hidden.get("subject")
    t = Subject.__table__  # the table, not the mapped class: the ORM filter must not apply inside this
    tests = ([t.c.marking.in_(above)] if above else []) + ([t.c.id.in_(sorted(ids))] if ids else [])
    found = select(t.c.id).where(or_(*tests) if tests else false())
    if policy.server:  # row-level security hides them from the query above: the database names them
        from sqlalchemy import func, union
        return union(found, select(func.rocta_hidden_subjects()))
    return found


def _subject_ok(column: Any, policy: Policy, *, nullable: bool = False) -> Any:
    test = column.not_in(hidden_subject_ids(policy))
    return or_(column.is_(None), test) if nullable else test


def visible(model: Any, policy: Policy) -> Any:
    """The criterion for one model's rows (also for Core queries that bypass the ORM hook)."""
    p = policy
    if model is Subject or (isinstance(model, type) and issubclass(model, Subject)):
        return _marked(Subject, p) & _not_hidden(Subject, "subject", p)
    if model is Assessment:
        return _marked(Assessment, p) & _not_hidden(Assessment, "assessment", p) & _subject_ok(Assessment.subject_id, p)
    if model is TriggerReport:
        return (_marked(TriggerReport, p) & _not_hidden(TriggerReport, "trigger", p)
                & _subject_ok(TriggerReport.subject_id, p, nullable=True))
    if model is IntelRequirement:
        return _marked(IntelRequirement, p) & _not_hidden(IntelRequirement, "requirement", p)
    if model is Disruption:
        return (_marked(Disruption, p) & _not_hidden(Disruption, "disruption", p)
                & _subject_ok(Disruption.subject_id, p))
    if model is TaskingRequest:
        return _marked(TaskingRequest, p) & _subject_ok(TaskingRequest.subject_id, p)
    if model is TcgMeeting:
        return _marked(TcgMeeting, p)
    if model is FourPPlan:
        return _marked(FourPPlan, p) & _subject_ok(FourPPlan.subject_id, p)
    if model is BestPractice:
        return _marked(BestPractice, p) & _subject_ok(BestPractice.subject_id, p, nullable=True)
    if model is RequirementResponse:
        return _marked(RequirementResponse, p) & RequirementResponse.requirement_id.in_(_ids(IntelRequirement, p))
    if model in (SubjectAlias, NominalIdentifier):
        return _subject_ok(model.subject_id if model is SubjectAlias else model.nominal_id, p)
    if model in (GroupCrimeType, GroupReach):
        return _subject_ok(model.group_id, p)
    if model is GroupMember:
        return _subject_ok(GroupMember.group_id, p) & _subject_ok(GroupMember.nominal_id, p)
    if model is GroupLink:
        return _subject_ok(GroupLink.group_a_id, p) & _subject_ok(GroupLink.group_b_id, p)
    if model is NominalAssociation:
        return _subject_ok(NominalAssociation.nominal_a_id, p) & _subject_ok(NominalAssociation.nominal_b_id, p)
    if model is ChartLayout:  # a saved chart layout: its own marking (of the records it names), and its subject
        return _marked(ChartLayout, p) & _subject_ok(ChartLayout.subject_id, p)
    if model is CalibrationExercise:  # its own marking, and its subject when it has one (not a written scenario)
        return _marked(CalibrationExercise, p) & _subject_ok(CalibrationExercise.subject_id, p, nullable=True)
    if model is CalibrationAnswer:
        return CalibrationAnswer.exercise_id.in_(_ids(CalibrationExercise, p))
    if model is ManagementLevelDecision:
        return _subject_ok(ManagementLevelDecision.subject_id, p)
    if model is VulnerabilityLink:  # its own marking, and both records it joins
        return (_marked(VulnerabilityLink, p) & _subject_ok(VulnerabilityLink.vulnerability_id, p)
                & _subject_ok(VulnerabilityLink.exploiter_id, p))
    if model is RequirementSubject:
        return RequirementSubject.requirement_id.in_(_ids(IntelRequirement, p)) & _subject_ok(
            RequirementSubject.subject_id, p)
    if model is RequirementAgency:
        return RequirementAgency.requirement_id.in_(_ids(IntelRequirement, p))
    if model in (DisruptionAgency, DisruptionOutcome):
        return model.disruption_id.in_(_ids(Disruption, p))
    if model is TcgDecision:
        return TcgDecision.request_id.in_(_ids(TaskingRequest, p)) & TcgDecision.meeting_id.in_(_ids(TcgMeeting, p))
    if model is TcgAction:
        return TcgAction.meeting_id.in_(_ids(TcgMeeting, p))
    if model is PlanAction:
        return PlanAction.plan_id.in_(_ids(FourPPlan, p))
    raise KeyError(model)


def _ids(model: Any, policy: Policy) -> Any:
    return select(model.id).where(visible(model, policy))


PROTECTED = (Subject, Assessment, TriggerReport, IntelRequirement, Disruption, TaskingRequest, TcgMeeting, FourPPlan,
             BestPractice, RequirementResponse, SubjectAlias, NominalIdentifier, GroupCrimeType, GroupReach,
             GroupMember, GroupLink, NominalAssociation, VulnerabilityLink, RequirementSubject, RequirementAgency,
             DisruptionAgency, DisruptionOutcome, TcgDecision, TcgAction, PlanAction, ChartLayout,
             CalibrationExercise, CalibrationAnswer, ManagementLevelDecision)


def _apply(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    policy: Policy | None = state.session.info.get("access")
    if policy is None or policy.sees_everything or state.execution_options.get(UNFILTERED):
        return
    state.statement = state.statement.options(
        *(with_loader_criteria(model, visible(model, policy), include_aliases=True) for model in PROTECTED))


@contextlib.contextmanager
def narrowed(session: Session, ceiling: Marking) -> Iterator[None]:
    """Within the block, the session sees nothing marked above `ceiling` (an export for readers
    cleared lower). Objects already loaded are forgotten first, so none leaks from before."""
    before, hidden = session.info.get("access"), session.info.pop("hidden_references", None)
    base = before or Policy(Marking.SECRET)
    session.expunge_all()
    session.info["access"] = base.narrowed(ceiling)
    try:
        yield
    finally:
        session.expunge_all()
        session.info["access"] = before
        session.info.pop("hidden_references", None)
        if hidden is not None:
            session.info["hidden_references"] = hidden


def install(session_factory: Any) -> None:
    """Attach the filter to a sessionmaker: every session with `info["access"]` is filtered."""
    event.listen(session_factory, "do_orm_execute", _apply)


def unfiltered(**options: Any) -> dict[str, Any]:
    """Execution options for a query that must see every row whoever runs it (a uniqueness or
    duplicate check before writing). Its result must never be shown to the reader."""
    return {UNFILTERED: True, **options}


# ------------------------------------------------------------------ what exists but is not shown

def hidden_count(session: Session, kind: str, subject_kind: str | None = None) -> int:
    """How many records of a kind (of subjects: of `subject_kind`, e.g. "nominal") exist that this
    reader may not see (for "N not shown", where the region's policy shows it): a count, no content."""
    model = _MODELS[kind]
    policy: Policy | None = session.info.get("access")
    if policy is None or policy.sees_everything:
        return 0
    from sqlalchemy import func
    q = select(func.count()).select_from(model)
    if subject_kind is not None and model is Subject:
        q = q.where(Subject.kind == subject_kind)
    shown = session.scalar(q) or 0
    if policy.server:  # row-level security hides them from any query: the database counts them (migration 0014)
        everything = session.scalar(select(func.rocta_count(kind, subject_kind))) or shown
    else:
        everything = session.scalar(q, execution_options=unfiltered()) or 0
    return everything - shown


def show_hidden_counts(session: Session) -> bool:
    from ..store.models import WorkspaceMeta
    row = session.get(WorkspaceMeta, "access.show_hidden_counts")
    return row is None or row.value != "no"


# ------------------------------------------------------------------ managing restrictions and teams

def _record(session: Session, kind: str, ident: int) -> Any:
    if kind not in RESTRICTABLE:
        raise ValidationError(Problem("kind", f"a {kind} cannot be restricted; choose one of {', '.join(RESTRICTABLE)}"))
    obj = session.get(_MODELS[kind], ident)
    if obj is None:
        raise NotFound(f"no {kind} #{ident}")
    return obj


def restrict(uow: Any, kind: str, ident: int, reason: str, *, users: Iterable[str] = (),
             teams: Iterable[str] = ()) -> None:
    """Limit a record to named people and teams (the person restricting it is always one of them:
    nobody can hide a record from themselves by mistake)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    obj = _record(s, kind, ident)
    if not (reason or "").strip():
        raise ValidationError(Problem("reason", "say why the record is restricted (e.g. the operation)"))
    names = {u.strip().lower() for u in users if u.strip()} | {uow.actor.username}
    people = {u.username: u for u in s.scalars(select(User).where(User.username.in_(names)))}
    missing = sorted(names - set(people) - {uow.actor.username})
    groups = {t.name: t for t in s.scalars(select(Team).where(Team.name.in_(list(teams))))}
    missing += sorted(f"team {t}" for t in set(teams) - set(groups))
    if missing:
        raise NotFound(f"no {', '.join(missing)}")
    existing = s.scalar(select(Restriction).where(Restriction.entity_type == kind, Restriction.entity_id == ident),
                        execution_options=unfiltered())
    if existing is not None:
        raise Conflict(f"{obj.reference} is already restricted ({existing.reason}); change who may see it instead")
    r = Restriction(entity_type=kind, entity_id=ident, reference=obj.reference, reason=reason.strip(),
                    created_by_id=uow.actor.user_id)
    r.grants = ([RestrictionGrant(user_id=u.id) for u in people.values()]
                + [RestrictionGrant(team_id=t.id) for t in groups.values()])
    if uow.actor.user_id is not None and uow.actor.username not in people:
        r.grants.append(RestrictionGrant(user_id=uow.actor.user_id))
    s.add(r)
    s.flush()
    uow.describe("record.restrict", f"{obj.reference} restricted to {', '.join(sorted(people) + [f'team {t}' for t in groups])}"
                 f" ({reason.strip()})", r)
    uow.touch(kind)


def unrestrict(uow: Any, kind: str, ident: int) -> None:
    """Lift a restriction (only someone who may see the record can)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    obj = _record(s, kind, ident)
    r = s.scalar(select(Restriction).where(Restriction.entity_type == kind, Restriction.entity_id == ident))
    if r is None:
        raise Conflict(f"{obj.reference} is not restricted")
    s.delete(r)
    uow.describe("record.unrestrict", f"restriction on {obj.reference} lifted", r)
    uow.touch(kind)


def restriction_of(session: Session, kind: str, ident: int) -> dict[str, Any] | None:
    r = session.scalar(select(Restriction).where(Restriction.entity_type == kind, Restriction.entity_id == ident))
    if r is None:
        return None
    names = dict(session.execute(select(User.id, User.username)).all())
    teams = dict(session.execute(select(Team.id, Team.name)).all())
    return {"reason": r.reason, "users": sorted(names[g.user_id] for g in r.grants if g.user_id),
            "teams": sorted(teams[g.team_id] for g in r.grants if g.team_id)}


def create_team(uow: Any, name: str, members: Iterable[str] = ()) -> int:
    require(uow.actor, Permission.MANAGE_USERS)
    name = (name or "").strip()
    if not name:
        raise ValidationError(Problem("name", "name the team"))
    if uow.session.scalar(select(Team.id).where(Team.name == name)) is not None:
        raise Conflict(f"a team named {name!r} already exists")
    team = Team(name=name)
    uow.session.add(team)
    uow.session.flush()
    for username in members:
        set_team_member(uow, name, username, True)
    uow.describe("team.create", f"team {name} created", team)
    return team.id


def set_team_member(uow: Any, team: str, username: str, member: bool) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    s = uow.session
    t = s.scalar(select(Team).where(Team.name == team))
    user = s.scalar(select(User).where(User.username == username.strip().lower()))
    if t is None or user is None:
        raise NotFound(f"no {'team ' + repr(team) if t is None else 'user ' + repr(username)}")
    row = s.scalar(select(TeamMember).where(TeamMember.team_id == t.id, TeamMember.user_id == user.id))
    if member and row is None:
        t.members.append(TeamMember(user_id=user.id))
    elif not member and row is not None:
        t.members.remove(row)
    uow.describe("team.members", f"{user.username} {'added to' if member else 'removed from'} team {t.name}", t)
    uow.touch("user")


def teams(session: Session) -> list[dict[str, Any]]:
    names = dict(session.execute(select(User.id, User.username)).all())
    return [{"id": t.id, "name": t.name, "members": sorted(names[m.user_id] for m in t.members)}
            for t in session.scalars(select(Team).order_by(Team.name))]


def never(_: Any = None) -> Any:
    """A criterion that admits nothing (for readers with no account, e.g. a dry run)."""
    return false()


# ------------------------------------------------------------------ queries that bypass the ORM, and the trail

def policy(session: Session) -> Policy | None:
    """The session's policy, or None when it sees everything."""
    p: Policy | None = session.info.get("access")
    return None if p is None or p.sees_everything else p


def table(session: Session, model: Any) -> Any:
    """The model's table as this reader may see it, for Core queries (a filtered subquery with the
    same columns), or the table itself when nothing is hidden from them."""
    p = policy(session)
    if p is None:
        return model.__table__
    return select(model.__table__).where(visible(model, p)).subquery(f"visible_{model.__tablename__}")


def where(session: Session, model: Any) -> Any:
    """The criterion for `model` as this reader may see it (true when nothing is hidden)."""
    p = policy(session)
    return true() if p is None else visible(model, p)


_ENTITY_MODELS = {"group": Subject, "nominal": Subject, "vulnerability": Subject, "subject": Subject,
                  "assessment": Assessment, "trigger": TriggerReport, "requirement": IntelRequirement,
                  "disruption": Disruption, "tasking": TaskingRequest, "tcg_meeting": TcgMeeting, "plan": FourPPlan,
                  "vulnerability_link": VulnerabilityLink, "chart_layout": ChartLayout,
                  "calibration": CalibrationExercise, "calibration_answer": CalibrationAnswer,
                  "management_level": ManagementLevelDecision}


def hidden_references(session: Session) -> set[str]:
    """The references of every record this reader may not see (to keep them out of audit text)."""
    p = policy(session)
    if p is None:
        return set()
    cached = session.info.get("hidden_references")
    if cached is not None:
        return cached
    refs: set[str] = set()
    for model in (Subject, Assessment, TriggerReport, IntelRequirement, Disruption, TaskingRequest, TcgMeeting):
        refs.update(session.scalars(select(model.reference).where(~visible(model, p)),
                                    execution_options=unfiltered()))
    if p.server:  # row-level security hides them from the queries above: the database names them
        from sqlalchemy import func
        refs.update(session.scalars(select(func.rocta_hidden_references())))
    session.info["hidden_references"] = refs
    return refs


def visible_rows(session: Session, rows: Iterable[Any], key: str = "reference") -> list[Any]:
    """Rows of a frozen list (a T&CG snapshot) without those naming a record this reader may not see."""
    hidden = hidden_references(session)
    if not hidden:
        return list(rows)
    return [r for r in rows if (r.get(key) if isinstance(r, dict) else r) not in hidden]


def redact_events(session: Session, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audit events as this reader may see them: an event about a record they may not see is left
    out; one whose words name such a record keeps who, when and what kind of action, and nothing else."""
    p = policy(session)
    if p is None or not events:
        return events
    by_kind: dict[Any, set[int]] = {}
    for e in events:
        model = _ENTITY_MODELS.get(e.get("entity_type") or "")
        if model is not None and e.get("entity_id") is not None:
            by_kind.setdefault(model, set()).add(e["entity_id"])
    seen: dict[Any, set[int]] = {}
    for model, ids in by_kind.items():
        seen[model] = set(session.scalars(select(model.id).where(model.id.in_(ids))))
    refs = hidden_references(session)
    pattern = None
    if refs:
        import re
        pattern = re.compile("|".join(re.escape(r) for r in sorted(refs, key=len, reverse=True)))
    out = []
    for e in events:
        model = _ENTITY_MODELS.get(e.get("entity_type") or "")
        if model is not None and e.get("entity_id") is not None and e["entity_id"] not in seen.get(model, set()):
            continue
        if pattern is not None and (pattern.search(e.get("summary") or "") or pattern.search(repr(e.get("changes")))):
            e = {**e, "summary": "(names a record you are not cleared to see)", "changes": {}}
        out.append(e)
    return out


def events_seen(session: Session) -> Any:
    """The criterion for the audit events `redact_events` keeps for this reader (true when nothing is
    hidden): those about a record that exists and they may see, and those about no such record. For
    queries over the whole trail that `redact_events` cannot follow (the trail's filter choices)."""
    from ..store.models import AuditEvent
    p = policy(session)
    if p is None:
        return true()
    kinds_of: dict[Any, list[str]] = {}
    for kind, model in _ENTITY_MODELS.items():
        kinds_of.setdefault(model, []).append(kind)
    return or_(AuditEvent.entity_type.is_(None), AuditEvent.entity_id.is_(None),
               AuditEvent.entity_type.not_in(list(_ENTITY_MODELS)),
               *(AuditEvent.entity_type.in_(kinds) & AuditEvent.entity_id.in_(select(model.id).where(visible(model, p)))
                 for model, kinds in kinds_of.items()))


def record_by_reference(session: Session, reference: str) -> tuple[str, int]:
    """(kind, id) of the restrictable record with this reference (OCG/NOM/VUL, ASM, TRG, IR, DSR)."""
    ref = (reference or "").strip().upper()
    for kind, model in _MODELS.items():
        ident = session.scalar(select(model.id).where(model.reference == ref))
        if ident is not None:
            return kind, ident
    raise NotFound(f"no subject, assessment, trigger report, requirement or disruption {ref}")


def people(session: Session) -> list[dict[str, Any]]:
    """The active people a record can be restricted to (names only: no roles or clearances)."""
    return [{"username": u, "display_name": n} for u, n in session.execute(
        select(User.username, User.display_name).where(User.active.is_(True)).order_by(User.display_name))]
