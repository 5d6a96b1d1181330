"""One person, one record: duplicate candidates with their reasons, the analyst's decisions on
them, and merges that can be undone exactly.

Candidates. Records are compared only within blocks that a true duplicate almost always shares
(the first letters of the folded surname with the first initial; the date of birth, day and month
in either order; each identifier; the name's words in either order and every alias), so 10,000
incoming rows against 100,000 nominals make hundreds of thousands of comparisons, not a billion.
The comparison itself is domain/matching.py. Pairs an analyst called "not the same" are never
suggested again; "later" ones are listed after the undecided ones.

Merge. One record is kept; every row of every table that refers to the other (memberships, links,
associations, identifiers, aliases, assessments, triggers, taskings, disruptions, plans...) is
moved to it, found by the schema's foreign keys so a table added later is moved too. A row that
would then exist twice (both were members of the same group) is removed, its own children moved
first. Blanks of the kept record are filled from the other, the other's name becomes an alias,
the kept record takes the higher marking, and the other is archived as "merged into". Every row
changed is written to the merge's log as it was before (the database's own stored values), so
`unmerge` puts both records back exactly; the log's digest is in the signed audit event, so a log
edited afterwards is refused rather than replayed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import String, Table, and_, select, type_coerce
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table
from sqlalchemy.orm import Session
from sqlalchemy.sql.sqltypes import NullType

from ..bulk import no_cyclic_gc
from ..domain import clock
from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.markings import Marking, highest
from ..domain.matching import (
    GROUP_NOISE,
    THRESHOLD,
    GroupKey,
    PersonKey,
    could_match_parts,
    dob_parts,
    identifier_key,
    match,
    match_group,
    match_key,
)
from ..domain.subjects import AliasKind, SubjectStatus, normalise_name
from ..domain.users import Permission
from ..store.models import (
    AuditEvent,
    DuplicateDecision,
    Group,
    GroupMember,
    Merge,
    Nominal,
    NominalIdentifier,
    Restriction,
    Subject,
    SubjectAlias,
    WorkspaceMeta,
)
from ..store.models.base import Base
from ..store.models.exchange import new_uuid
from . import access, audit
from .permissions import require
from .references import allocate

KINDS = ("nominal", "group")
_NO_IDS: frozenset = frozenset()
GROUP_THRESHOLD = 45
MAX_BLOCK = 2000          # a block this large says nothing about identity ("smit" + "j" in a city of Smiths)
DECISIONS = ("not_same", "later")
_STOP_WORDS = GROUP_NOISE | {"family", "boys", "brothers", "organisation", "county"}


# ------------------------------------------------------------------ records as matching sees them

@dataclass(slots=True)
class _Record:
    id: int
    uuid: str
    reference: str
    name: str
    status: str
    marking: str
    origin: str | None
    key: Any = None                      # PersonKey or GroupKey
    extra: dict[str, Any] = field(default_factory=dict)


def _merged_away(session: Session) -> set[str]:
    return set(session.scalars(select(Merge.other_uuid).where(Merge.undone_at.is_(None))))


def _raw_text(column: Any) -> Any:
    """An enum column as the text stored (no enum built per row: a hundred thousand rows load)."""
    return type_coerce(column, String).label(column.key)


def _load_nominals(session: Session) -> dict[int, _Record]:
    """Every nominal this reader may see, as matching sees them (a hundred thousand load in seconds:
    plain tuples from the database, one PersonKey each)."""
    skip = _merged_away(session)
    aliases: dict[int, list[str]] = defaultdict(list)
    for sid, alias in session.execute(select(SubjectAlias.subject_id, SubjectAlias.alias)
                                      .where(SubjectAlias.kind == AliasKind.ALIAS)):
        aliases[sid].append(alias)
    identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for nid, kind, value in session.execute(select(NominalIdentifier.nominal_id, _raw_text(NominalIdentifier.kind),
                                                   NominalIdentifier.value)):
        identifiers[nid].append((kind, value))
    group_refs = dict(session.execute(select(Group.id, Group.reference)).all())
    groups: dict[int, list[str]] = defaultdict(list)
    for gid, nid in session.execute(select(GroupMember.group_id, GroupMember.nominal_id)):
        if gid in group_refs:
            groups[nid].append(group_refs[gid])
    none: tuple = ()
    out: dict[int, _Record] = {}
    for r in session.execute(select(Nominal.id, Nominal.uuid, Nominal.reference, Nominal.name,
                                    _raw_text(Nominal.status), _raw_text(Nominal.marking), Nominal.origin,
                                    Nominal.surname, Nominal.forenames, Nominal.date_of_birth)):
        if r.uuid in skip:
            continue
        i = r.id
        key = PersonKey(r.surname, r.forenames or "", r.date_of_birth, tuple(aliases.get(i, none)),
                        tuple(identifiers.get(i, none)), tuple(groups.get(i, none)))
        out[i] = _Record(i, r.uuid, r.reference, r.name, r.status, r.marking, r.origin, key)
    return out


def _load_groups(session: Session) -> dict[int, _Record]:
    skip = _merged_away(session)
    out: dict[int, _Record] = {}
    forces = {}
    from ..store.models import Force
    forces = dict(session.execute(select(Force.id, Force.code)).all())
    for r in session.execute(select(Group.id, Group.uuid, Group.reference, Group.name, Group.status, Group.marking,
                                    Group.origin, Group.lead_force_id)):
        if r.uuid in skip:
            continue
        out[r.id] = _Record(r.id, r.uuid, r.reference, r.name, r.status.value, r.marking.value, r.origin,
                            extra={"nicknames": [], "members": [], "lead_force": forces.get(r.lead_force_id)})
    for sid, alias in session.execute(select(SubjectAlias.subject_id, SubjectAlias.alias)
                                      .where(SubjectAlias.kind == AliasKind.NICKNAME)):
        if sid in out:
            out[sid].extra["nicknames"].append(alias)
    nominal_refs = dict(session.execute(select(Nominal.id, Nominal.reference)).all())
    for gid, nid in session.execute(select(GroupMember.group_id, GroupMember.nominal_id)):
        if gid in out and nid in nominal_refs:
            out[gid].extra["members"].append(nominal_refs[nid])
    for rec in out.values():
        e = rec.extra
        rec.key = GroupKey(rec.name, tuple(e["nicknames"]), tuple(e["members"]), e["lead_force"])
    return out


def _person_keys(rec: _Record) -> tuple[set[str], set[str]]:
    """(name blocks, other blocks) of a person: surname's first four letters and first initial,
    forename and surname in either order, aliases; date of birth (day and month in either order),
    identifiers."""
    k: PersonKey = rec.key
    surname = match_key(k.surname).replace(" ", "")
    forenames = match_key(k.forenames).split()
    names = set()
    if surname:
        names.add(f"n:{surname[:4]}:{forenames[0][:1] if forenames else ''}")
        if forenames:
            names.add("t:" + " ".join(sorted((forenames[0], surname))))
    for alias in k.aliases:
        words = match_key(alias).split()
        if words:
            names.add("t:" + " ".join(sorted((words[0], words[-1]))) if len(words) > 1 else f"t:{words[0]}")
    others = set()
    d = k.date_of_birth
    if d is not None:
        others.add(f"d:{d.year}:{min(d.month, d.day)}:{max(d.month, d.day)}")
    for kind, value in k.identifiers:
        ident = identifier_key(kind, value)
        if ident:
            others.add(f"i:{kind}:{ident}")
    return names, others


def _person_blocks(rec: _Record) -> list[str]:
    """The blocks a person is filed under: a likely duplicate looks in at least one of them
    (`_person_looks`). Names are filed by year of birth too ("|*" without one)."""
    names, others = _person_keys(rec)
    d = rec.key.date_of_birth
    year = f"|{d.year}" if d else "|*"
    return [*names, *(n + year for n in names), *others]


def _person_looks(rec: _Record) -> set[str]:
    """The blocks a person looks in: with a date of birth, names only in their own year, the years
    either side and among those without one (a pair further apart scores too low unless they share
    an identifier, which has blocks of its own); without one, among everyone of the name."""
    names, others = _person_keys(rec)
    d = rec.key.date_of_birth
    if d is None:
        return names | others
    y = d.year
    return {f"{n}|{year}" for n in names for year in (y - 1, y, y + 1, "*")} | others


def _group_blocks(rec: _Record) -> set[str]:  # (also the blocks a group looks in)
    """A group is filed under, and looks in, the words of its names and its members."""
    k: GroupKey = rec.key
    blocks = set()
    for name in (k.name, *k.nicknames):
        for word in match_key(name).split():
            if len(word) >= 4 and word not in _STOP_WORDS:
                blocks.add(f"w:{word}")
    blocks.update(f"m:{ref}" for ref in k.members)
    return blocks


def _summary(rec: _Record, kind: str, origins: Mapping[str | None, str]) -> dict[str, Any]:
    out = {"id": rec.id, "uuid": rec.uuid, "reference": rec.reference, "name": rec.name, "status": rec.status,
           "marking": rec.marking, "origin": origins.get(rec.origin, "another workspace")}
    if kind == "nominal":
        k = rec.key
        out.update(date_of_birth=k.date_of_birth.isoformat() if k.date_of_birth else None,
                   aliases=sorted(k.aliases), identifiers=sorted(f"{what}: {v}" for what, v in k.identifiers),
                   groups=sorted(k.groups))
    else:
        e = rec.extra
        out.update(nicknames=sorted(e["nicknames"]), members=sorted(e["members"]), lead_force=e["lead_force"])
    return out


def _origins(session: Session) -> dict[str | None, str]:
    from ..store.models import ExchangePartner, WorkspaceMeta
    here = session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == "workspace_id"))
    names: dict[str | None, str] = {here: "this workspace", None: "this workspace"}
    for wid, name in session.execute(select(ExchangePartner.workspace_id, ExchangePartner.name)):
        names[wid] = name
    return names


def _decisions(session: Session, kind: str) -> dict[frozenset[str], str]:
    return {frozenset((a, b)): d for a, b, d in session.execute(
        select(DuplicateDecision.a_uuid, DuplicateDecision.b_uuid, DuplicateDecision.decision)
        .where(DuplicateDecision.kind == kind))}


def candidates(session: Session, kind: str = "nominal", *, among: Iterable[int] | None = None,
               limit: int | None = 500, include_later: bool = True) -> dict[str, Any]:
    """Pairs of records that may be one person (or one group), best first, each with its score and
    reasons and both records side by side. With `among`, only pairs with at least one of those
    records (the rows an import has just added). `stats` says how much work the blocking saved."""
    if kind not in KINDS:
        raise ValidationError(Problem("kind", f"duplicates are found for {' and '.join(KINDS)}s, not {kind!r}"))
    with no_cyclic_gc():   # a hundred thousand records' keys and blocks, all alive to the end: nothing to collect
        return _candidates(session, kind, among, limit, include_later)


def _candidates(session: Session, kind: str, among: Iterable[int] | None, limit: int | None,
                include_later: bool) -> dict[str, Any]:
    started = time.perf_counter()
    records = _load_nominals(session) if kind == "nominal" else _load_groups(session)
    loaded = time.perf_counter()
    blocks_of = _person_blocks if kind == "nominal" else _group_blocks
    looks_of = _person_looks if kind == "nominal" else _group_blocks
    compare = match if kind == "nominal" else match_group
    threshold = THRESHOLD if kind == "nominal" else GROUP_THRESHOLD
    index: dict[str, list[int]] = defaultdict(list)
    for rid, rec in records.items():
        for key in blocks_of(rec):
            index[key].append(rid)
    focus = None if among is None else {i for i in among if i in records}
    big = {k for k, ids in index.items() if len(ids) > MAX_BLOCK}
    decided = _decisions(session, kind)
    seen: set[tuple[int, int]] = set()
    pairs: list[dict[str, Any]] = []
    compared = ruled_out = 0
    origins = _origins(session)
    # people: a pair whose dates of birth are apart and who share no identifier is sure to score too
    # low (domain/matching.py could_match); ruled out here with two ints per record, before anything else
    dates = {i: dob_parts(r.key.date_of_birth) for i, r in records.items()} if kind == "nominal" else None
    ids: dict[int, frozenset] = {}   # identifiers as compared, worked out for the records a block brings up

    def ids_of(i: int) -> frozenset:
        found = ids.get(i)
        if found is None:
            key = records[i].key
            found = ids[i] = frozenset(key.identifier_keys) if key.identifiers else _NO_IDS
        return found
    for rid in (sorted(focus) if focus is not None else sorted(records)):
        rec = records[rid]
        for key in looks_of(rec):
            if key in big or key not in index:
                continue
            for other in index[key]:
                if other == rid:
                    continue
                if dates is not None and not could_match_parts(dates[rid], dates[other], ids_of(rid), ids_of(other)):
                    ruled_out += 1
                    continue
                pair = (rid, other) if rid < other else (other, rid)
                if focus is None and other < rid:
                    continue   # the whole workspace: each pair once, from its lower id
                if pair in seen:
                    continue
                seen.add(pair)
                a, b = records[pair[0]], records[pair[1]]
                decision = decided.get(frozenset((a.uuid, b.uuid))) if decided else None
                if decision == "not_same" or (decision == "later" and not include_later):
                    continue
                compared += 1
                m = compare(b.key, a.key)
                if m.score < threshold:
                    continue
                reasons = list(m.reasons)
                if a.origin != b.origin:
                    reasons.append(f"from different workspaces ({origins.get(a.origin, 'another workspace')}, "
                                   f"{origins.get(b.origin, 'another workspace')})")
                pairs.append({"kind": kind, "score": m.score, "reasons": reasons, "decision": decision,
                              "a": _summary(a, kind, origins), "b": _summary(b, kind, origins)})
    pairs.sort(key=lambda p: (p["decision"] == "later", -p["score"], p["a"]["reference"], p["b"]["reference"]))
    stats = {"records": len(records), "incoming": len(focus) if focus is not None else len(records),
             "blocks": len(index), "largest_block": max((len(v) for v in index.values()), default=0),
             "blocks_skipped": len(big), "ruled_out_by_dates": ruled_out, "compared": compared,  # block visits
             "pairs": len(pairs),
             "all_pairs": (len(records) * (len(records) - 1) // 2 if focus is None
                           else len(focus) * max(len(records) - 1, 0)),
             "seconds_loading": round(loaded - started, 3),
             "seconds": round(time.perf_counter() - started, 3)}
    return {"kind": kind, "pairs": pairs[:limit] if limit else pairs, "stats": stats}


def for_references(session: Session, kind: str, references: Iterable[str], *, limit: int | None = 500) -> dict[str, Any]:
    """`candidates` for the records with these references (what an import or a package just added)."""
    refs = sorted(set(references))
    ids: list[int] = []
    for start in range(0, len(refs), 500):
        ids += session.scalars(select(Subject.id).where(Subject.reference.in_(refs[start:start + 500])))
    return candidates(session, kind, among=ids, limit=limit)


# ------------------------------------------------------------------ decisions

def _by_id(session: Session, ident: int | str, kind: str | None = None) -> Subject:
    """A subject by id or reference, as this reader may see it."""
    if isinstance(ident, str) and not ident.strip().isdigit():
        obj = session.scalar(select(Subject).where(Subject.reference == ident.strip().upper()))
    else:
        obj = session.get(Subject, int(ident))
    if obj is None:
        raise NotFound(f"no record {ident}")
    if kind is not None and obj.kind != kind:
        raise ValidationError(Problem("kind", f"{obj.reference} is a {obj.kind}, not a {kind}"))
    return obj


def decide(uow: Any, a: int | str, b: int | str, decision: str) -> None:
    """Remember an analyst's word on a pair: "not_same" (never suggested again) or "later"."""
    require(uow.actor, Permission.EDIT_RECORDS)
    if decision not in DECISIONS:
        raise ValidationError(Problem("decision", f"say {' or '.join(DECISIONS)}, not {decision!r}"))
    ra, rb = _by_id(uow.session, a), _by_id(uow.session, b)
    if ra.id == rb.id or ra.kind != rb.kind:
        raise ValidationError(Problem("pair", f"{ra.reference} and {rb.reference} are not a pair of the same kind"))
    ua, ub = sorted((ra.uuid, rb.uuid))
    row = uow.session.scalar(select(DuplicateDecision).where(DuplicateDecision.a_uuid == ua,
                                                             DuplicateDecision.b_uuid == ub))
    if row is None:
        row = DuplicateDecision(kind=ra.kind, a_uuid=ua, b_uuid=ub)
        uow.session.add(row)
    row.decision = decision
    row.decided_by_id = uow.actor.user_id
    row.decided_at = clock.now()
    words = "not the same" if decision == "not_same" else "to be decided later"
    uow.describe("duplicates.decide", f"{ra.reference} and {rb.reference}: {words}")
    uow.touch("duplicates")


# ------------------------------------------------------------------ raw rows: the database's own values

_RAW = NullType()


def _raw(value: Any) -> Any:
    return type_coerce(value, _RAW)


def _to_json(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": bytes(value).hex()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and "$bytes" in value:
        return bytes.fromhex(value["$bytes"])
    return value


def _select_raw(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    cols = [type_coerce(c, _RAW).label(c.name) for c in table.c]
    rows = session.execute(select(*cols).where(where), execution_options=access.unfiltered())
    return [{k: _to_json(v) for k, v in r._mapping.items()} for r in rows]


def _pk(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    return {c.name: row[c.name] for c in table.primary_key.columns}


@cache
def _bare(table: Table) -> Any:
    """The table without its Python-side defaults and types: statements on it write exactly the
    values given (no "updated at" added, nothing converted), as the log needs."""
    return sa_table(table.name, *(sa_column(c.name) for c in table.c))


def _pk_where(table: Any, pk: Mapping[str, Any]) -> Any:
    """The row with this primary key, on the table or its bare form (see `_bare`)."""
    return and_(*(table.c[k] == _raw(_from_json(v)) for k, v in pk.items()))


def _unique_sets(table: Table) -> list[tuple[str, ...]]:
    from sqlalchemy import Index, PrimaryKeyConstraint, UniqueConstraint
    sets = []
    for c in table.constraints:
        if isinstance(c, (UniqueConstraint, PrimaryKeyConstraint)):
            names = tuple(col.name for col in c.columns)
            if names and not (isinstance(c, PrimaryKeyConstraint) and names == ("id",)):
                sets.append(names)
    sets += [tuple(col.name for col in ix.columns) for ix in table.indexes if isinstance(ix, Index) and ix.unique]
    sets += [(col.name,) for col in table.c if col.unique]
    return sorted(set(sets))


_INHERITANCE = {"nominals", "groups", "vulnerabilities"}


def _referring(targets: set[str]) -> list[tuple[Table, str]]:
    """Every (table, column) whose foreign key points at one of `targets`' ids (joined-inheritance
    keys aside), in the schema's dependency order."""
    out = []
    for t in Base.metadata.sorted_tables:
        for fk in t.foreign_keys:
            if fk.column.table.name in targets and fk.column.name == "id":
                if t.name in _INHERITANCE and fk.parent.primary_key:
                    continue
                out.append((t, fk.parent.name))
    return out


def _pair_columns(table: Table, column: str) -> str | None:
    """For a link stored once per pair with a < b (group_links, nominal_associations): the other column."""
    for names in _unique_sets(table):
        if column in names and len(names) == 2:
            other = names[1] if names[0] == column else names[0]
            fks = {fk.column.table.name for fk in table.c[other].foreign_keys}
            mine = {fk.column.table.name for fk in table.c[column].foreign_keys}
            if fks and fks == mine and column.endswith(("_a_id", "_b_id")):
                return other
    return None


class _Log:
    """The merge's operations, applied as they are recorded."""

    def __init__(self, session: Session):
        self.session = session
        self.ops: list[dict[str, Any]] = []
        self.counts: dict[str, int] = defaultdict(int)

    def update(self, table: Table, row: Mapping[str, Any], changes: Mapping[str, Any], what: str | None = None, *,
               stamp: bool = False) -> None:
        """Change a row. With `stamp`, its "updated at" becomes now (recorded, so an undo puts the old
        time back); otherwise it is left as it was (a moved membership or an approved assessment
        is not itself edited)."""
        after = {k: _to_json(v) for k, v in changes.items()}
        if all(row[k] == v for k, v in after.items()):
            return
        for c in _stamped(table) if stamp else ():
            after.setdefault(c, _stored_now(self.session))
        before = {k: row[k] for k in after}
        pk = _pk(table, row)
        self.session.execute(_bare(table).update().where(_pk_where(_bare(table), pk))
                             .values({k: _from_json(v) for k, v in after.items()}),
                             execution_options=access.unfiltered())
        self.ops.append({"op": "update", "table": table.name, "pk": pk, "before": before, "after": after})
        if what:
            self.counts[what] += 1

    def delete(self, table: Table, row: Mapping[str, Any], what: str | None = None) -> None:
        self.session.execute(_bare(table).delete().where(_pk_where(_bare(table), _pk(table, row))),
                             execution_options=access.unfiltered())
        self.ops.append({"op": "delete", "table": table.name, "row": dict(row)})
        if what:
            self.counts[what] += 1

    def insert(self, table: Table, values: Mapping[str, Any], what: str | None = None) -> None:
        bare = _bare(table)
        new_id = self.session.execute(bare.insert().values(dict(values)).returning(bare.c.id),
                                      execution_options=access.unfiltered()).scalar_one()
        row = _select_raw(self.session, table, table.c.id == new_id)[0]
        self.ops.append({"op": "insert", "table": table.name, "row": row})
        if what:
            self.counts[what] += 1


_WHAT = {"group_members": "memberships", "nominal_identifiers": "identifiers", "subject_aliases": "aliases",
         "nominal_associations": "associations", "group_links": "group links", "group_crime_types": "crime types",
         "group_reach": "forces of reach", "assessments": "assessments", "trigger_reports": "trigger reports",
         "tasking_requests": "tasking requests", "disruptions": "disruptions", "fourp_plans": "4P plans",
         "fourp_actions": "4P actions", "requirement_subjects": "collection requirements",
         "best_practice": "best practice", "requirement_responses": "requirement responses",
         "vulnerability_links": "vulnerability links"}


def _exists(session: Session, table: Table, values: Mapping[str, Any], names: tuple[str, ...],
            but_not: Mapping[str, Any]) -> dict[str, Any] | None:
    rows = _select_raw(session, table, and_(*(table.c[n] == _raw(values[n]) for n in names)))
    mine = _pk(table, but_not)
    return next((r for r in rows if _pk(table, r) != mine), None)


def _move(log: _Log, table: Table, column: str, old: Any, new: Any) -> None:
    """Point every row of `table` whose `column` is `old` at `new`. A row that would then repeat
    one already there is removed instead, after its own children are moved to that one."""
    pair = _pair_columns(table, column)
    for row in _select_raw(log.session, table, table.c[column] == _raw(old)):
        changes: dict[str, Any] = {column: new}
        if pair is not None:
            partner = row[pair]
            if partner == new:          # a link between the two records being merged: nothing left to link
                _move_children(log, table, row, None)
                log.delete(table, row, _WHAT.get(table.name))
                continue
            lo, hi = sorted((new, partner))
            first, second = sorted((column, pair))
            changes = {first: lo, second: hi}
        target = {**row, **changes}
        clash = None
        for names in _unique_sets(table):
            if column in names or (pair and pair in names):
                clash = _exists(log.session, table, target, names, row)
                if clash is not None:
                    break
        if clash is not None:
            _move_children(log, table, row, clash)
            log.delete(table, row, _WHAT.get(table.name))
        else:
            log.update(table, row, changes, _WHAT.get(table.name))


def _move_children(log: _Log, table: Table, row: Mapping[str, Any], survivor: Mapping[str, Any] | None) -> None:
    """Before a row goes: its children follow the row it duplicates (or, with no survivor, stay
    where they are only if nothing refers to it; a link row has no children)."""
    if "id" not in table.c:
        return
    for child, col in _referring({table.name}):
        if survivor is None:
            if _select_raw(log.session, child, child.c[col] == _raw(row["id"])):
                raise Conflict(f"{table.name} row {row['id']} has {child.name} that cannot be moved")
            continue
        _move(log, child, col, row["id"], survivor["id"])


# ------------------------------------------------------------------ merge and unmerge

#: fields of the kept record filled from the other when blank there (the kept record's own values win)
_FILL = {"subjects": ("description", "notes", "lead_force_id", "owner_unit_id"),
         "nominals": ("forenames", "date_of_birth", "gender", "nationality"),
         "groups": ("reach_scope", "lro_name")}


def _digest(ops: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(ops, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def _is_restricted(session: Session, subject_id: int) -> bool:
    return session.scalar(select(Restriction.id).where(Restriction.entity_type == "subject",
                                                       Restriction.entity_id == subject_id),
                          execution_options=access.unfiltered()) is not None


def _approved_children(session: Session, subject_id: int) -> list[str]:
    from ..store.models import Assessment, Disruption
    out = []
    for model in (Assessment, Disruption):
        n = len(session.scalars(select(model.id).where(model.subject_id == subject_id, model.status == "approved"),
                                execution_options=access.unfiltered()).all())
        if n:
            out.append(f"{n} approved {model.__tablename__}")
    return out


def merge(uow: Any, keep: int | str, other: int | str, *, uuid: str | None = None, origin: str | None = None,
          why: str = "") -> dict[str, Any]:
    """Merge `other` into `keep` (see the module's words). Returns the merge's reference, what moved
    and which fields came from where. A merge received in a package keeps its `uuid` and `origin`
    (so its undo can follow it) and says `why` in its audit event."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    k, o = _by_id(s, keep), _by_id(s, other)
    if k.id == o.id:
        raise ValidationError(Problem("other", f"{k.reference} cannot be merged with itself"))
    if k.kind != o.kind or k.kind not in KINDS:
        raise ValidationError(Problem("other", f"{k.reference} ({k.kind}) and {o.reference} ({o.kind}) cannot be "
                                               "merged: both must be nominals or both groups"))
    for rec in (k, o):
        if _is_restricted(s, rec.id):
            raise Conflict(f"{rec.reference} is restricted to named people: lift the restriction before merging, "
                           "then restrict the merged record to whom it should be")
    if s.scalar(select(Merge.reference).where(Merge.other_uuid.in_([k.uuid, o.uuid]), Merge.undone_at.is_(None))):
        gone = k if s.scalar(select(Merge.id).where(Merge.other_uuid == k.uuid, Merge.undone_at.is_(None))) else o
        raise Conflict(f"{gone.reference} has already been merged into another record")
    if _approved_children(s, o.id):
        require(uow.actor, Permission.APPROVE)   # re-pointing an approved score is a supervisor's call
    kind, keep_id, other_id = k.kind, k.id, o.id
    keep_ref, other_ref, keep_uuid, other_uuid = k.reference, o.reference, k.uuid, o.uuid
    other_name = o.name
    s.flush()
    s.expunge_all()   # from here on the rows are changed under the ORM: nothing stale may be flushed
    log = _Log(s)
    targets = {"subjects", "nominals" if kind == "nominal" else "groups"}
    for table, column in _referring(targets):
        _move(log, table, column, other_id, keep_id)
    fields: list[dict[str, Any]] = []
    tables = Base.metadata.tables
    for tname, names in _FILL.items():
        if tname not in targets:
            continue
        t = tables[tname]
        krow = _select_raw(s, t, t.c.id == keep_id)[0]
        orow = _select_raw(s, t, t.c.id == other_id)[0]
        fill = {n: orow[n] for n in names if krow[n] in (None, "") and orow[n] not in (None, "")}
        for n in names:
            if orow[n] not in (None, "") and krow[n] not in (None, "") and krow[n] != orow[n]:
                fields.append({"field": n, "kept": krow[n], "other": orow[n], "from": keep_ref})
        fields += [{"field": n, "kept": None, "other": v, "from": other_ref} for n, v in fill.items()]
        log.update(t, krow, fill, stamp=True)
    subjects = tables["subjects"]
    krow = _select_raw(s, subjects, subjects.c.id == keep_id)[0]
    orow = _select_raw(s, subjects, subjects.c.id == other_id)[0]
    marking = highest([Marking(krow["marking"]), Marking(orow["marking"])])
    if kind == "nominal":
        nominals = tables["nominals"]
        kn = _select_raw(s, nominals, nominals.c.id == keep_id)[0]
        on = _select_raw(s, nominals, nominals.c.id == other_id)[0]
        flags = sorted(set(json.loads(kn["flags"] or "[]")) | set(json.loads(on["flags"] or "[]")))
        if flags != sorted(json.loads(kn["flags"] or "[]")):
            log.update(nominals, kn, {"flags": json.dumps(flags)}, stamp=True)
            fields.append({"field": "flags", "kept": kn["flags"], "other": on["flags"], "from": "both"})
    log.update(subjects, krow, {"marking": marking.value}, stamp=True)
    alias_kind = AliasKind.ALIAS if kind == "nominal" else AliasKind.NICKNAME
    aliases = tables["subject_aliases"]
    have = {r["alias"].casefold() for r in _select_raw(s, aliases, aliases.c.subject_id == keep_id)}
    if other_name.casefold() not in have | {krow["name"].casefold()}:   # the other's spelling stays findable
        log.insert(aliases, {"subject_id": keep_id, "kind": alias_kind.value, "alias": other_name,
                             "alias_norm": normalise_name(other_name)}, "aliases")
    reference = allocate(s, "MRG", clock.today().year)
    log.update(subjects, orow, {"status": SubjectStatus.ARCHIVED.value,
                                "status_reason": f"merged into {keep_ref} ({reference})",
                                "archived_at": _stored_now(s)}, stamp=True)
    digest = _digest(log.ops)
    row = Merge(reference=reference, kind=kind, keep_uuid=keep_uuid, other_uuid=other_uuid, keep_reference=keep_ref,
                other_reference=other_ref, operations=log.ops, merged_by_id=uow.actor.user_id, merged_at=clock.now(),
                uuid=uuid or new_uuid(), origin=origin or _workspace_id(s))
    s.add(row)
    s.flush()
    moved = dict(sorted(log.counts.items()))
    words = ", ".join(f"{n} {what}" for what, n in moved.items()) or "nothing to move"
    audit.record(s, uow.actor, action=f"{kind}.merge", entity_type=kind, entity_id=keep_id, entity_ref=keep_ref,
                 summary=f"{other_ref} merged into {keep_ref} ({reference}){why}: {words}",
                 changes={"merge": {"after": reference}, "merged_from": {"after": other_ref},
                          "marking": {"before": krow["marking"], "after": marking.value},
                          "operations_sha256": {"after": digest}, "merge_id": {"after": row.id}})
    audit.record(s, uow.actor, action=f"{kind}.merged_into", entity_type=kind, entity_id=other_id,
                 entity_ref=other_ref, summary=f"{other_ref} merged into {keep_ref} ({reference}) and archived",
                 changes={"status": {"before": orow["status"], "after": "archived"},
                          "merged_into": {"after": keep_ref}})
    uow.describe(f"{kind}.merge", f"{other_ref} merged into {keep_ref} ({reference})")
    uow.mark_changed(kind, keep_id, other_id)
    uow.touch(kind, "duplicates")
    return {"reference": reference, "id": row.id, "keep": keep_ref, "other": other_ref, "moved": moved,
            "fields": fields, "marking": marking.value, "operations": len(log.ops)}


def _workspace_id(session: Session) -> str | None:
    return session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == "workspace_id"))


def _stamped(table: Table) -> list[str]:
    """Columns the ORM sets on every update ("updated at")."""
    return [c.name for c in table.c if c.onupdate is not None]


def _stored_now(session: Session) -> Any:
    """Now, as the database stores a UTC timestamp (the column type's own conversion)."""
    from ..store.models.base import UTCDateTime
    return UTCDateTime().process_bind_param(clock.now(), session.get_bind().dialect)


def _merge_row(session: Session, ident: int | str) -> Merge:
    text = str(ident).strip().upper()
    row = (session.get(Merge, int(text)) if text.isdigit()
           else session.scalar(select(Merge).where(Merge.reference == text)))
    if row is None:
        raise NotFound(f"no merge {ident}")
    for uuid in (row.keep_uuid, row.other_uuid):
        if session.scalar(select(Subject.id).where(Subject.uuid == uuid)) is None:
            raise NotFound(f"no merge {ident}")   # one of its records is not for this reader's eyes
    return row


def _signed_digest(session: Session, row: Merge) -> str | None:
    for changes in session.scalars(select(AuditEvent.changes).where(AuditEvent.action == f"{row.kind}.merge")
                                   .order_by(AuditEvent.id.desc())):
        if (changes or {}).get("merge", {}).get("after") == row.reference:
            return changes.get("operations_sha256", {}).get("after")
    return None


def unmerge(uow: Any, ident: int | str, *, why: str = "") -> dict[str, Any]:
    """Undo a merge: every row it changed goes back to what it was, both records as they were.
    Changes made since to the rows the merge moved are kept where they do not clash; anything that
    cannot go back is named in `left`. `why` is added to the audit event (an undo received in a package)."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    row = _merge_row(s, ident)
    if row.undone_at is not None:
        raise Conflict(f"{row.reference} was already undone")
    later = s.scalar(select(Merge.reference).where(Merge.id > row.id, Merge.undone_at.is_(None),
                                                   Merge.other_uuid == row.keep_uuid))
    if later:
        raise Conflict(f"{row.keep_reference} was merged again since ({later}): undo {later} first")
    ops = list(row.operations or [])
    if _signed_digest(s, row) != _digest(ops):
        raise Conflict(f"{row.reference}: its record of changes does not match the one signed when it was made; "
                       "it was altered afterwards and is not replayed (run rocta verify)")
    if any(op["table"] in ("assessments", "disruptions") and op["op"] == "update" and _approved_row(s, op)
           for op in ops):
        require(uow.actor, Permission.APPROVE)
    kind, reference = row.kind, row.reference
    keep_ref, other_ref = row.keep_reference, row.other_reference
    merge_id = row.id
    s.flush()
    s.expunge_all()
    tables = Base.metadata.tables
    left: list[str] = []
    for op in reversed(ops):
        t = tables[op["table"]]
        if op["op"] == "update":
            current = _select_raw(s, t, _pk_where(t, op["pk"]))
            if not current:
                left.append(f"{t.name} row {op['pk']} no longer exists")
                continue
            now = {k: current[0][k] for k in op["after"]}
            back = {k: v for k, v in op["before"].items() if now[k] == op["after"][k]}
            kept = [k for k in op["before"] if k not in back and k not in _stamped(t)]
            if kept:
                left.append(f"{t.name} row {op['pk']}: {', '.join(kept)} changed since the merge and kept")
            if not set(back) - set(_stamped(t)):
                continue
            if back:
                s.execute(_bare(t).update().where(_pk_where(_bare(t), op["pk"]))
                          .values({k: _from_json(v) for k, v in back.items()}), execution_options=access.unfiltered())
        elif op["op"] == "delete":
            data = {k: _from_json(v) for k, v in op["row"].items()}
            clash = any(_exists(s, t, op["row"], names, {c.name: None for c in t.primary_key.columns})
                        for names in _unique_sets(t)) or _select_raw(s, t, _pk_where(t, _pk(t, op["row"])))
            if clash:
                left.append(f"{t.name} row {_pk(t, op['row'])} was not put back: one like it exists")
                continue
            s.execute(_bare(t).insert().values(data), execution_options=access.unfiltered())
        else:
            s.execute(_bare(t).delete().where(_pk_where(_bare(t), _pk(t, op["row"]))),
                      execution_options=access.unfiltered())
    merges_table = _bare(Merge.__table__)
    s.execute(merges_table.update().where(merges_table.c.id == merge_id)
              .values(undone_at=_stored_now(s), undone_by_id=uow.actor.user_id),
              execution_options=access.unfiltered())
    ids = dict(s.execute(select(Subject.reference, Subject.id).where(Subject.reference.in_([keep_ref, other_ref])),
                         execution_options=access.unfiltered()).all())
    for ref, other in ((keep_ref, other_ref), (other_ref, keep_ref)):
        audit.record(s, uow.actor, action=f"{kind}.unmerge", entity_type=kind, entity_id=ids.get(ref),
                     entity_ref=ref, summary=f"{reference} undone{why}: {other_ref} separated from {keep_ref} again",
                     changes={"unmerged": {"after": reference}, "other": {"after": other}})
    uow.describe(f"{kind}.unmerge", f"{reference} undone: {other_ref} separated from {keep_ref}")
    uow.mark_changed(kind, *ids.values())
    uow.touch(kind, "duplicates")
    return {"reference": reference, "keep": keep_ref, "other": other_ref, "left": left}


def _approved_row(session: Session, op: Mapping[str, Any]) -> bool:
    t = Base.metadata.tables[op["table"]]
    rows = _select_raw(session, t, _pk_where(t, op["pk"]))
    return bool(rows) and str(rows[0].get("status", "")).lower() == "approved"


def merges(session: Session, *, include_undone: bool = True) -> list[dict[str, Any]]:
    """The merges this reader may see (both records visible to them), newest first."""
    visible = set(session.scalars(select(Subject.uuid)))
    q = select(Merge).order_by(Merge.id.desc())
    if not include_undone:
        q = q.where(Merge.undone_at.is_(None))
    out = []
    for m in session.scalars(q):
        if m.keep_uuid not in visible or m.other_uuid not in visible:
            continue
        counts: dict[str, int] = defaultdict(int)
        for op in m.operations or []:
            what = _WHAT.get(op["table"])
            if what:
                counts[what] += 1
        out.append({"id": m.id, "reference": m.reference, "kind": m.kind, "keep": m.keep_reference,
                    "other": m.other_reference, "merged_at": m.merged_at, "undone_at": m.undone_at,
                    "moved": dict(sorted(counts.items()))})
    return out


def merged_into(session: Session, subject_id: int) -> list[int]:
    """Ids of the records merged (and not unmerged) into this one, for its history."""
    uuid = session.scalar(select(Subject.uuid).where(Subject.id == subject_id))
    others = session.scalars(select(Merge.other_uuid).where(Merge.keep_uuid == uuid, Merge.undone_at.is_(None)))
    return list(session.scalars(select(Subject.id).where(Subject.uuid.in_(list(others)))))
