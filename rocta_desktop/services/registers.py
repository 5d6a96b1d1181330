"""Registers of threat subjects: organised crime groups, nominals and vulnerabilities.

Service functions take the unit of work (writes) or a session (reads) first, validate with the
domain rules (every problem names its field), and return plain dicts, never ORM objects, so no
caller outside this floor holds a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.markings import Marking, highest
from ..domain.subjects import (
    AliasKind,
    MemberRole,
    SubjectKind,
    SubjectStatus,
    check_status_change,
    normalise_name,
    parse_date,
    parse_enum,
    validate_group,
    validate_identifier,
    validate_nominal,
    validate_vulnerability,
)
from ..domain.users import Permission
from ..store.models import (
    AuditEvent,
    CrimeType,
    Force,
    Group,
    GroupCrimeType,
    GroupLink,
    GroupMember,
    GroupReach,
    Nominal,
    NominalAssociation,
    NominalIdentifier,
    Subject,
    SubjectAlias,
    Unit,
    Vulnerability,
)
from ..store.models.base import utcnow
from . import access, concurrency
from .permissions import require
from .references import next_reference
from .unit_of_work import UnitOfWork

_MODEL = {SubjectKind.GROUP: Group, SubjectKind.NOMINAL: Nominal, SubjectKind.VULNERABILITY: Vulnerability}
_VALIDATE = {SubjectKind.GROUP: validate_group, SubjectKind.NOMINAL: validate_nominal,
             SubjectKind.VULNERABILITY: validate_vulnerability}
_ALIAS_FIELD = {SubjectKind.GROUP: ("nicknames", AliasKind.NICKNAME),
                SubjectKind.NOMINAL: ("aliases", AliasKind.ALIAS)}


def nominal_display_name(surname: str, forenames: str | None) -> str:
    return f"{surname.upper()}, {forenames}" if forenames else surname.upper()


# ------------------------------------------------------------------ helpers

def _subject(session: Session, subject_id: int, kind: SubjectKind | None = None) -> Subject:
    obj = session.get(_MODEL[kind] if kind else Subject, subject_id)
    if obj is None:
        what = kind.label.lower() if kind else "record"
        raise NotFound(f"no {what} with id {subject_id}")
    return obj


def _check_refs(session: Session, clean: Mapping[str, Any]) -> None:
    problems = []
    if clean.get("lead_force_id") is not None and session.get(Force, clean["lead_force_id"]) is None:
        problems.append(Problem("lead_force_id", f"no force with id {clean['lead_force_id']}"))
    if clean.get("owner_unit_id") is not None and session.get(Unit, clean["owner_unit_id"]) is None:
        problems.append(Problem("owner_unit_id", f"no unit with id {clean['owner_unit_id']}"))
    if problems:
        raise ValidationError(problems)


def _apply(obj: Subject, kind: SubjectKind, clean: dict[str, Any]) -> None:
    alias_field = _ALIAS_FIELD.get(kind)
    for name, value in clean.items():
        if alias_field and name == alias_field[0]:
            _set_aliases(obj, alias_field[1], value)
        elif name == "flags":
            obj.flags = [f.value for f in value]
        else:
            setattr(obj, name, value)
    if kind is SubjectKind.NOMINAL:
        obj.name = nominal_display_name(obj.surname, obj.forenames)
    obj.name_norm = normalise_name(obj.name)


def _set_aliases(obj: Subject, kind: AliasKind, values: list[str]) -> None:
    wanted = {normalise_name(v): v for v in values}
    for alias in list(obj.aliases):
        if alias.kind is kind and alias.alias_norm not in wanted:
            obj.aliases.remove(alias)
    have = {a.alias_norm for a in obj.aliases if a.kind is kind}
    for norm, value in wanted.items():
        if norm not in have:
            obj.aliases.append(SubjectAlias(kind=kind, alias=value, alias_norm=norm))


# ------------------------------------------------------------------ create / update / status

@dataclass(frozen=True)
class Created:
    id: int
    reference: str


def create_subject(uow: UnitOfWork, kind: SubjectKind, data: Mapping[str, Any], *,
                   status: SubjectStatus = SubjectStatus.ACTIVE) -> Created:
    require(uow.actor, Permission.EDIT_RECORDS)
    clean = _VALIDATE[kind](data, creating=True)
    s = uow.session
    _check_refs(s, clean)
    obj = _MODEL[kind](reference=next_reference(s, kind), status=status, created_by_id=uow.actor.user_id,
                       name="", name_norm="")
    if kind is not SubjectKind.NOMINAL:
        obj.name = clean["name"]
    s.add(obj)
    _apply(obj, kind, clean)
    s.flush()
    uow.describe(f"{kind.value}.create", f"{kind.label} {obj.reference} ({obj.name}) created", obj)
    return Created(obj.id, obj.reference)


def create_group(uow: UnitOfWork, data: Mapping[str, Any]) -> Created:
    return create_subject(uow, SubjectKind.GROUP, data)


def create_nominal(uow: UnitOfWork, data: Mapping[str, Any]) -> Created:
    return create_subject(uow, SubjectKind.NOMINAL, data)


def create_vulnerability(uow: UnitOfWork, data: Mapping[str, Any]) -> Created:
    return create_subject(uow, SubjectKind.VULNERABILITY, data)


def check_not_stale(uow: UnitOfWork, subject_id: int, fields: Iterable[str], seen_event: int) -> None:
    """For an editor saving several changes of one record (fields and crime types) in one operation."""
    _check_not_stale(uow.session, _subject(uow.session, subject_id), fields, seen_event)


def _check_not_stale(session: Session, obj: Subject, fields: Iterable[str], seen_event: int) -> None:
    concurrency.check_not_stale(session, obj.kind, obj.id, obj.reference, fields, seen_event)


def update_subject(uow: UnitOfWork, subject_id: int, data: Mapping[str, Any], *,
                   seen_event: int | None = None) -> None:
    """`seen_event`: the record's newest audit event when the editor loaded it (get_subject's
    `seen_event`): an
    edit of fields someone changed since is refused (EditConflict) instead of silently undoing theirs."""
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _subject(uow.session, subject_id)
    kind = SubjectKind(obj.kind)
    if obj.status is SubjectStatus.ARCHIVED:
        raise Conflict(f"{obj.reference} is archived; reinstate it before editing")
    if seen_event is not None:
        _check_not_stale(uow.session, obj, data.keys(), seen_event)
    clean = _VALIDATE[kind](data, creating=False)   # a name, class or marking given blank is refused there
    _check_refs(uow.session, clean)
    _apply(obj, kind, clean)
    uow.describe(f"{kind.value}.update", f"{kind.label} {obj.reference} edited", obj)


def relabel(uow: UnitOfWork, subject_id: int, how: str) -> None:
    """Name an edit in the audit trail as an undo or redo of an earlier one."""
    obj = _subject(uow.session, subject_id)
    uow.describe(f"{obj.kind}.{how}", f"{obj.reference}: {how} of an earlier edit", obj)


def set_status(uow: UnitOfWork, subject_id: int, status: SubjectStatus | str, reason: str | None = None) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    obj = _subject(uow.session, subject_id)
    new = parse_enum(SubjectStatus, status, "status")
    check_status_change(obj.status, new, reason)
    obj.status = new
    obj.status_reason = (reason or "").strip() or None
    obj.archived_at = utcnow() if new is SubjectStatus.ARCHIVED else None
    verb = {SubjectStatus.ARCHIVED: "archived", SubjectStatus.ACTIVE: "activated"}.get(new, new.value)
    uow.describe(f"{obj.kind}.{new.value}", f"{obj.reference} {verb}" + (f": {reason.strip()}" if reason else ""), obj)


def archive(uow: UnitOfWork, subject_id: int, reason: str) -> None:
    set_status(uow, subject_id, SubjectStatus.ARCHIVED, reason)


# ------------------------------------------------------------------ members, crime types, reach, links

def add_member(uow: UnitOfWork, group_id: int, nominal_id: int, role: MemberRole | str,
               since: dt.date | str | None = None) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    group = _subject(uow.session, group_id, SubjectKind.GROUP)
    nominal = _subject(uow.session, nominal_id, SubjectKind.NOMINAL)
    role = parse_enum(MemberRole, role, "role")
    since_date = parse_date(since, "since")
    if any(m.nominal_id == nominal_id for m in group.members):
        raise Conflict(f"{nominal.reference} is already a member of {group.reference}")
    group.members.append(GroupMember(nominal_id=nominal_id, role=role, since=since_date))
    uow.describe("group.add_member", f"{nominal.reference} added to {group.reference} as {role.value}", group)


def change_member_role(uow: UnitOfWork, group_id: int, nominal_id: int, role: MemberRole | str) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    group = _subject(uow.session, group_id, SubjectKind.GROUP)
    role = parse_enum(MemberRole, role, "role")
    member = next((m for m in group.members if m.nominal_id == nominal_id), None)
    if member is None:
        raise NotFound(f"nominal {nominal_id} is not a member of {group.reference}")
    old = member.role
    member.role = role
    uow.describe("group.change_member_role",
                 f"role of {member.nominal.reference} in {group.reference}: {old.value} -> {role.value}", group)


def remove_member(uow: UnitOfWork, group_id: int, nominal_id: int) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    group = _subject(uow.session, group_id, SubjectKind.GROUP)
    member = next((m for m in group.members if m.nominal_id == nominal_id), None)
    if member is None:
        raise NotFound(f"nominal {nominal_id} is not a member of {group.reference}")
    ref = member.nominal.reference
    group.members.remove(member)
    uow.describe("group.remove_member", f"{ref} removed from {group.reference}", group)


def _sync(collection: list[Any], wanted: set[int], key: str, factory: type) -> None:
    """Make a link collection hold exactly the ids `wanted`: remove the others, add the missing."""
    for link in list(collection):
        if getattr(link, key) not in wanted:
            collection.remove(link)
    have = {getattr(link, key) for link in collection}
    collection.extend(factory(**{key: i}) for i in sorted(wanted - have))


def set_crime_types(uow: UnitOfWork, group_id: int, codes: Iterable[str]) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    group = _subject(uow.session, group_id, SubjectKind.GROUP)
    codes = list(dict.fromkeys(codes))
    found = {c.code: c for c in uow.session.scalars(select(CrimeType).where(CrimeType.code.in_(codes)))}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(Problem("crime_types", f"unknown crime type code(s): {', '.join(unknown)}"))
    _sync(group.crime_types, {found[c].id for c in codes}, "crime_type_id", GroupCrimeType)
    uow.describe("group.set_crime_types", f"crime types of {group.reference} set", group)


def set_reach(uow: UnitOfWork, group_id: int, force_ids: Iterable[int]) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    group = _subject(uow.session, group_id, SubjectKind.GROUP)
    wanted = set(force_ids)
    missing = [i for i in wanted if uow.session.get(Force, i) is None]
    if missing:
        raise ValidationError(Problem("reach", f"no force with id {missing[0]}"))
    _sync(group.reach, wanted, "force_id", GroupReach)
    uow.describe("group.set_reach", f"geographic reach of {group.reference} set", group)


def _pair(a: int, b: int, what: str) -> tuple[int, int]:
    if a == b:
        raise ValidationError(Problem(what, "a record cannot be linked to itself"))
    return (a, b) if a < b else (b, a)


def link_groups(uow: UnitOfWork, group_id: int, other_id: int, nature: str | None = None) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    a, b = _pair(group_id, other_id, "linked_groups")
    ga, gb = _subject(uow.session, a, SubjectKind.GROUP), _subject(uow.session, b, SubjectKind.GROUP)
    exists = uow.session.scalar(select(GroupLink).where(GroupLink.group_a_id == a, GroupLink.group_b_id == b))
    if exists:
        raise Conflict(f"{ga.reference} and {gb.reference} are already linked")
    uow.session.add(GroupLink(group_a_id=a, group_b_id=b, nature=(nature or "").strip() or None))
    uow.describe("group.link", f"{ga.reference} linked to {gb.reference}", ga)


def unlink_groups(uow: UnitOfWork, group_id: int, other_id: int) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    a, b = _pair(group_id, other_id, "linked_groups")
    link = uow.session.scalar(select(GroupLink).where(GroupLink.group_a_id == a, GroupLink.group_b_id == b))
    if link is None:
        raise NotFound("those groups are not linked")
    uow.session.delete(link)
    uow.describe("group.unlink", "groups unlinked")


def associate_nominals(uow: UnitOfWork, nominal_id: int, other_id: int, nature: str | None = None) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    a, b = _pair(nominal_id, other_id, "associations")
    na, nb = _subject(uow.session, a, SubjectKind.NOMINAL), _subject(uow.session, b, SubjectKind.NOMINAL)
    if uow.session.scalar(select(NominalAssociation).where(NominalAssociation.nominal_a_id == a,
                                                           NominalAssociation.nominal_b_id == b)):
        raise Conflict(f"{na.reference} and {nb.reference} are already associated")
    uow.session.add(NominalAssociation(nominal_a_id=a, nominal_b_id=b, nature=(nature or "").strip() or None))
    uow.describe("nominal.associate", f"{na.reference} associated with {nb.reference}", na)


def add_identifier(uow: UnitOfWork, nominal_id: int, kind: str, value: str) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    nominal = _subject(uow.session, nominal_id, SubjectKind.NOMINAL)
    k, v = validate_identifier(kind, value)
    if any(i.kind is k and i.value == v for i in nominal.identifiers):
        raise Conflict(f"{nominal.reference} already has {k.value} {v}")
    nominal.identifiers.append(NominalIdentifier(kind=k, value=v))
    uow.describe("nominal.add_identifier", f"{k.value} added to {nominal.reference}", nominal)


def remove_identifier(uow: UnitOfWork, nominal_id: int, kind: str, value: str) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    nominal = _subject(uow.session, nominal_id, SubjectKind.NOMINAL)
    k, v = validate_identifier(kind, value)
    ident = next((i for i in nominal.identifiers if i.kind is k and i.value == v), None)
    if ident is None:
        raise NotFound(f"{nominal.reference} has no {k.value} {v}")
    nominal.identifiers.remove(ident)
    uow.describe("nominal.remove_identifier", f"{k.value} removed from {nominal.reference}", nominal)


# ------------------------------------------------------------------ reads

def _common_dict(obj: Subject) -> dict[str, Any]:
    return {
        "id": obj.id, "kind": obj.kind, "reference": obj.reference, "name": obj.name,
        "marking": obj.marking, "status": obj.status, "status_reason": obj.status_reason,
        "lead_force_id": obj.lead_force_id, "owner_unit_id": obj.owner_unit_id,
        "description": obj.description, "notes": obj.notes,
        "created_at": obj.created_at, "updated_at": obj.updated_at, "archived_at": obj.archived_at,
    }


def get_subject(session: Session, subject_id: int) -> dict[str, Any]:
    # the version first: if the record changes meanwhile (a reader without one snapshot), a later
    # save is refused and reloaded rather than let through on data newer than its version says
    seen = concurrency.newest_event(session, [k.value for k in SubjectKind], subject_id)
    obj = _subject(session, subject_id)
    d = _common_dict(obj)
    if isinstance(obj, Group):
        d.update(management_level=obj.management_level, reach_scope=obj.reach_scope, lro_name=obj.lro_name,
                 nicknames=[a.alias for a in obj.aliases if a.kind is AliasKind.NICKNAME])
        d["members"] = [{"nominal_id": m.nominal_id, "reference": m.nominal.reference, "name": m.nominal.name,
                         "role": m.role, "since": m.since, "marking": m.nominal.marking} for m in obj.members]
        d["crime_types"] = sorted(session.scalars(select(CrimeType.code).join(GroupCrimeType).where(
            GroupCrimeType.group_id == obj.id)))
        d["reach_force_ids"] = sorted(r.force_id for r in obj.reach)
        links = session.execute(select(GroupLink).where(or_(GroupLink.group_a_id == obj.id,
                                                            GroupLink.group_b_id == obj.id))).scalars()
        d["linked_groups"] = []
        for ln in links:
            other = session.get(Group, ln.group_b_id if ln.group_a_id == obj.id else ln.group_a_id)
            d["linked_groups"].append({"group_id": other.id, "reference": other.reference, "name": other.name,
                                       "nature": ln.nature, "marking": other.marking})
    elif isinstance(obj, Nominal):
        d.update(surname=obj.surname, forenames=obj.forenames, date_of_birth=obj.date_of_birth,
                 gender=obj.gender, nationality=obj.nationality, flags=list(obj.flags or []),
                 aliases=[a.alias for a in obj.aliases if a.kind is AliasKind.ALIAS],
                 identifiers=[{"kind": i.kind, "value": i.value} for i in obj.identifiers])
        d["groups"] = [{"group_id": m.group_id, "reference": m.group.reference, "name": m.group.name,
                        "role": m.role, "marking": m.group.marking} for m in obj.memberships]
    elif isinstance(obj, Vulnerability):
        d.update(category=obj.category, location=obj.location)
    d["seen_event"] = seen
    # what a screen or a print of this record shows carries the highest marking of all of it
    d["shown_marking"] = highest([obj.marking, *(x["marking"] for key in ("members", "groups", "linked_groups")
                                                 for x in d.get(key, []))])
    return d


@dataclass
class SubjectFilter:
    kind: SubjectKind | None = None
    text: str = ""
    statuses: tuple[SubjectStatus, ...] = (SubjectStatus.PROPOSED, SubjectStatus.ACTIVE)
    lead_force_id: int | None = None
    marking: Marking | None = None
    management_level: Any = None


def _filtered(flt: SubjectFilter) -> Select:
    q = select(Subject.id)
    if flt.kind:
        q = q.where(Subject.kind == flt.kind.value)
    if flt.statuses:
        q = q.where(Subject.status.in_(flt.statuses))
    if flt.lead_force_id is not None:
        q = q.where(Subject.lead_force_id == flt.lead_force_id)
    if flt.marking is not None:
        q = q.where(Subject.marking == flt.marking)
    if flt.management_level is not None:
        q = q.join(Group, Group.id == Subject.id).where(Group.management_level == flt.management_level)
    if flt.text.strip():
        needle = normalise_name(flt.text)
        like = f"%{needle}%"
        alias_hit = select(SubjectAlias.subject_id).where(SubjectAlias.alias_norm.like(like))
        q = q.where(or_(Subject.name_norm.like(like), Subject.reference.like(f"%{flt.text.strip().upper()}%"),
                        Subject.id.in_(alias_hit)))
    return q


def count_subjects(session: Session, flt: SubjectFilter) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(flt).subquery())) or 0


def list_subjects(session: Session, flt: SubjectFilter, *, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
    ids = _filtered(flt).order_by(Subject.reference).offset(offset)
    if limit is not None:
        ids = ids.limit(limit)
    q = select(Subject).where(Subject.id.in_(ids.scalar_subquery())).order_by(Subject.reference)
    return [_common_dict(o) for o in session.scalars(q)]


def search(session: Session, text: str, *, limit_per_kind: int = 20) -> dict[str, list[dict[str, Any]]]:
    """One box across references, names, aliases and nicknames; results grouped by kind."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in SubjectKind:
        rows = list_subjects(session, SubjectFilter(kind=kind, text=text, statuses=()), limit=limit_per_kind)
        if rows:
            out[kind.value] = [{"id": r["id"], "reference": r["reference"], "name": r["name"],
                                "status": r["status"].value, "marking": r["marking"].value} for r in rows]
    return out


def history(session: Session, subject_id: int) -> list[dict[str, Any]]:
    obj = _subject(session, subject_id)
    from .access import redact_events
    from .duplicates import merged_into
    ids = [subject_id, *merged_into(session, subject_id)]   # a merged record's history comes with it
    rows = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == obj.kind,
                                                    AuditEvent.entity_id.in_(ids))
                           .order_by(AuditEvent.id))
    from .trail_words import readable
    return readable(session, redact_events(session, [
        {"at": e.at, "username": e.username, "action": e.action, "summary": e.summary, "changes": e.changes,
         "entity_type": e.entity_type, "entity_id": e.entity_id} for e in rows]))


def counts_by_kind(session: Session) -> dict[str, dict[str, int]]:
    rows = session.execute(select(Subject.kind, Subject.status, func.count()).group_by(Subject.kind, Subject.status))
    out: dict[str, dict[str, int]] = {}
    for kind, status, n in rows:
        out.setdefault(kind, {})[status.value] = n
    return out



# ------------------------------------------------------------------ duplicates

def _prefix_range(column: Any, prefix: str) -> Any:
    """`column LIKE 'pre%'` as an index-friendly range."""
    return (column >= prefix) & (column < prefix + "\U0010ffff")


def possible_duplicates(session: Session, data: Mapping[str, Any], *, exclude_id: int | None = None,
                        limit: int = 10) -> list[dict[str, Any]]:
    """Existing nominals that closely match a nominal about to be saved, best first, each with
    its score (0 to 100, see `domain.matching.match`) and the reasons it matched (name similarity,
    date of birth, aliases), and what an analyst checks by eye: date of birth, lead force
    ("NMP - Northmoor Police" or None) and identifiers ("PNC ID: 12/345678A", ...)."""
    from ..domain.matching import THRESHOLD, PersonKey, match
    surname = str(data.get("surname") or "").strip()
    if not surname:
        return []
    try:
        dob = parse_date(data.get("date_of_birth"), "date_of_birth")
    except ValidationError:
        dob = None
    new = PersonKey(surname, str(data.get("forenames") or ""), dob)
    norm = normalise_name(surname)
    conditions = [_prefix_range(Subject.name_norm, norm[:2]),
                  Subject.id.in_(select(SubjectAlias.subject_id).where(_prefix_range(SubjectAlias.alias_norm, norm[:2])))]
    if dob is not None:
        conditions.append(Nominal.date_of_birth == dob)
        if dob.day <= 12:
            try:
                conditions.append(Nominal.date_of_birth == dob.replace(month=dob.day, day=dob.month))
            except ValueError:
                pass
    q = (select(Nominal.id, Nominal.reference, Nominal.surname, Nominal.forenames, Nominal.date_of_birth,
                Nominal.status, Nominal.lead_force_id)
         .where(or_(*conditions)).limit(5000))
    rows = session.execute(q).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    aliases: dict[int, list[str]] = {}
    for sid, alias in session.execute(select(SubjectAlias.subject_id, SubjectAlias.alias)
                                      .where(SubjectAlias.subject_id.in_(ids))):
        aliases.setdefault(sid, []).append(alias)
    out = []
    for r in rows:
        if r.id == exclude_id:
            continue
        m = match(new, PersonKey(r.surname, r.forenames or "", r.date_of_birth, tuple(aliases.get(r.id, ()))))
        if m.score >= THRESHOLD:
            out.append({"id": r.id, "reference": r.reference, "name": nominal_display_name(r.surname, r.forenames),
                        "date_of_birth": r.date_of_birth, "status": r.status, "score": m.score,
                        "reasons": m.reasons, "lead_force_id": r.lead_force_id})
    out.sort(key=lambda d: (-d["score"], d["reference"]))
    out = out[:limit]
    shown = [d["id"] for d in out]
    forces = {f.id: f"{f.code} - {f.name}" for f in session.scalars(
        select(Force).where(Force.id.in_({d["lead_force_id"] for d in out if d["lead_force_id"]})))}
    identifiers: dict[int, list[str]] = {}
    for i in session.scalars(select(NominalIdentifier).where(NominalIdentifier.nominal_id.in_(shown))
                             .order_by(NominalIdentifier.kind, NominalIdentifier.value)):
        identifiers.setdefault(i.nominal_id, []).append(f"{i.kind.value}: {i.value}")
    for d in out:
        d["force"] = forces.get(d.pop("lead_force_id"))
        d["identifiers"] = identifiers.get(d["id"], [])
    return out


# ------------------------------------------------------------------ register tables

@dataclass(frozen=True)
class RegisterColumn:
    key: str
    label: str
    hidden_by_default: bool = False


@dataclass
class RegisterData:
    """Rows of a register as plain tuples (one per record, values ready to show), their ids,
    markings and a folded search text per row, for a view that filters and sorts in memory."""
    columns: list[RegisterColumn]
    ids: list[int]
    rows: list[tuple]
    search_text: list[str]
    markings: list[Marking]


_COMMON_COLUMNS = [RegisterColumn("reference", "Reference"), RegisterColumn("name", "Name"),
                   RegisterColumn("status", "Status"), RegisterColumn("marking", "Marking"),
                   RegisterColumn("lead_force", "Lead force"), RegisterColumn("owner_unit", "Owner unit")]
_KIND_COLUMNS = {
    SubjectKind.GROUP: [RegisterColumn("management_level", "Level"), RegisterColumn("members", "Members"),
                        RegisterColumn("nicknames", "Nicknames", True), RegisterColumn("lro", "LRO", True)],
    SubjectKind.NOMINAL: [RegisterColumn("date_of_birth", "Date of birth"), RegisterColumn("flags", "Flags"),
                          RegisterColumn("groups", "Groups"), RegisterColumn("aliases", "Aliases", True)],
    SubjectKind.VULNERABILITY: [RegisterColumn("category", "Category"), RegisterColumn("location", "Location")],
}
_TAIL_COLUMNS = [RegisterColumn("updated", "Updated", True)]


def register_columns(kind: SubjectKind) -> list[RegisterColumn]:
    return _COMMON_COLUMNS + _KIND_COLUMNS[kind] + _TAIL_COLUMNS


_MARKINGS = {m.value: m for m in Marking}


def register_rows(session: Session, kind: SubjectKind, *, include_archived: bool = False,
                  ids: Iterable[int] | None = None, first: int | None = None) -> RegisterData:
    """The whole register of one kind in one query (100,000 rows in about 0.5 s), just the rows
    `ids` (to refresh records after a change), or the `first` rows by reference. Runs on the Core connection with
    columns read as stored text: no ORM loading and no per-value type conversion, which cost
    over a second on 100,000 rows. Dates stay ISO text (they sort correctly; views format them)."""
    from sqlalchemy import String, type_coerce

    def raw(col: Any) -> Any:
        return type_coerce(col, String)

    model = _MODEL[kind]
    alias_kind = _ALIAS_FIELD.get(kind, (None, None))[1]
    aliases = (select(SubjectAlias.subject_id.label("sid"),
                      func.aggregate_strings(SubjectAlias.alias, "; ").label("names"),
                      func.aggregate_strings(SubjectAlias.alias_norm, " ").label("norms"))
               .where(SubjectAlias.kind == alias_kind).group_by(SubjectAlias.subject_id).subquery())
    extra: list[Any]
    joins: list[tuple[Any, Any]] = []
    if kind is SubjectKind.GROUP:
        members = (select(GroupMember.group_id.label("gid"), func.count().label("n"))
                   .where(access.where(session, GroupMember)).group_by(GroupMember.group_id).subquery())
        extra = [raw(Group.management_level), func.coalesce(members.c.n, 0), aliases.c.names, Group.lro_name]
        joins = [(members, members.c.gid == Subject.id)]
    elif kind is SubjectKind.NOMINAL:
        groups = (select(GroupMember.nominal_id.label("nid"), func.count().label("n"))
                  .where(access.where(session, GroupMember)).group_by(GroupMember.nominal_id).subquery())
        extra = [raw(Nominal.date_of_birth), raw(Nominal.flags), func.coalesce(groups.c.n, 0), aliases.c.names]
        joins = [(groups, groups.c.nid == Subject.id)]
    else:
        extra = [raw(Vulnerability.category), Vulnerability.location]
    q = (select(Subject.id, Subject.reference, Subject.name, raw(Subject.status), raw(Subject.marking),
                Force.code, Unit.code, *extra, func.substr(raw(Subject.updated_at), 1, 10),
                Subject.name_norm, aliases.c.norms)
         .select_from(model.__table__.join(Subject.__table__, model.id == Subject.id))
         .join(Force, Force.id == Subject.lead_force_id, isouter=True)
         .join(Unit, Unit.id == Subject.owner_unit_id, isouter=True)
         .join(aliases, aliases.c.sid == Subject.id, isouter=True))
    for sub, on in joins:
        q = q.join(sub, on, isouter=True)
    q = q.where(access.where(session, Subject))  # this query runs on the Core connection: no ORM filter
    if not include_archived:
        q = q.where(raw(Subject.status) != SubjectStatus.ARCHIVED.value)
    if ids is not None:
        q = q.where(Subject.id.in_(list(ids)))
    if first is not None:  # the first page, by reference, to show while the rest loads
        q = q.order_by(Subject.reference).limit(first)
    flags_col = 8 if kind is SubjectKind.NOMINAL else None
    data = RegisterData(register_columns(kind), [], [], [], [])
    ids_append, rows_append = data.ids.append, data.rows.append
    search_append, mark_append = data.search_text.append, data.markings.append
    markings = _MARKINGS
    for r in session.connection().execute(q).fetchall():  # unordered: the view sorts (cached keys)
        row = [("" if v is None else v) for v in r[1:-2]]
        if flags_col is not None:
            # stored as a JSON list of enum values (no quotes or commas inside a value)
            flags = row[flags_col - 1]
            if isinstance(flags, list):  # a server's driver parses JSON itself
                row[flags_col - 1] = ", ".join(flags)
            else:
                row[flags_col - 1] = flags[1:-1].replace('"', "") if flags and flags != "[]" else ""
        ids_append(r[0])
        rows_append(tuple(row))
        search_append(f"{r[1].lower()} {r[-2]} {r[-1] or ''}")
        mark_append(markings[r[4]])
    return data


def force_choices(session: Session) -> list[tuple[int, str]]:
    return [(f.id, f"{f.code} - {f.name}") for f in session.scalars(select(Force).order_by(Force.code))]


def unit_choices(session: Session) -> list[tuple[int, str]]:
    return [(u.id, f"{u.code} - {u.name}") for u in session.scalars(select(Unit).order_by(Unit.code))]
