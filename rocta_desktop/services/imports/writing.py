"""Committing a plan: all or nothing unless the valid rows only are chosen; groups and nominals
through the store's bulk path, one audit event per import (a refusal is audited too)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...bulk import no_cyclic_gc
from ...domain import clock
from ...domain.errors import Problem, ValidationError
from ...domain.markings import Marking
from ...domain.subjects import (
    AliasKind,
    SubjectKind,
    format_reference,
    normalise_name,
    parse_reference,
)
from ...domain.users import Permission
from ...store import bulk
from ...store.models import (
    ImportKey,
    ReferenceCounter,
    Subject,
    TriggerReport,
    WorkspaceMeta,
)
from .. import audit, impact, triggers
from ..permissions import require
from ..unit_of_work import UnitOfWork
from .mapping import KIND_OF, remember_mapping
from .plan import Plan, _latest_event
from .planners import plan_import

# ------------------------------------------------------------------ commit

@dataclass
class Outcome:
    created: list[str]
    skipped: int
    refused_rows: int
    committed: bool
    #: possible duplicates of the records created among those already there (nominals and groups)
    duplicates: list[dict[str, Any]] = field(default_factory=list)


AUDITED_PROBLEMS = 100


def audit_report(plan: Plan) -> dict[str, Any]:
    """What an import's audit event keeps: the counts, the first problems and skipped rows, and a
    digest of all of them (a refused file of a million bad rows must not grow the trail by
    hundreds of megabytes; the digest still proves which report it was)."""
    full = plan.to_json()
    whole = json.dumps({"problems": full["problems"], "skipped_rows": full["skipped_rows"]},
                       sort_keys=True, separators=(",", ":")).encode()
    kept = {**full, "problems": full["problems"][:AUDITED_PROBLEMS],
            "skipped_rows": full["skipped_rows"][:AUDITED_PROBLEMS], "notes": full["notes"][:AUDITED_PROBLEMS],
            "warnings": full["warnings"][:AUDITED_PROBLEMS]}
    kept["problems_total"] = len(full["problems"])
    kept["warnings_total"] = len(full["warnings"])
    kept["skipped_total"] = len(full["skipped_rows"])
    kept["report_sha256"] = hashlib.sha256(whole).hexdigest()
    return kept


def record_refusal(uow: UnitOfWork, plan: Plan) -> None:
    """The saved result report of an import that wrote nothing."""
    audit.record(uow.session, uow.actor, action=f"import.{plan.kind}.refused", entity_type="import",
                 summary=f"import of {plan.kind} from {plan.source} refused: {len(plan.bad_rows)} rows with problems, "
                         "nothing written", changes=audit_report(plan))
    uow.touch("import")


def commit(uow: UnitOfWork, plan: Plan, *, valid_only: bool = False, remember: Sequence[str] | None = None,
           today: dt.date | None = None) -> Outcome:
    """Write the plan in this unit of work. All or nothing unless `valid_only`. `remember` (the
    sheet's headers) keeps the mapping for the next file with the same headers."""
    require(uow.actor, Permission.EDIT_RECORDS)
    if plan.data is not None and plan.snapshot != _latest_event(uow.session):
        # something was committed since the plan was made (another import of the same file, say):
        # plan again inside this write transaction, which nobody else can write during
        plan = plan_import(uow.session, plan.kind, plan.data, plan.mapping, today=plan.today,
                           left_out=plan.left_out)
    if plan.problems and not valid_only:
        raise ValidationError(Problem("import", f"{len(plan.bad_rows)} rows have problems: nothing was imported "
                                                "(fix them, or choose to import the valid rows only)"))
    today = today or clock.today()
    if plan.kind == "triggers":
        created = []
        keys = []
        for number, clean in plan.valid:
            tid, ref = triggers.create(uow, clean, today=today)
            created.append(ref)
            if number in plan.keys:
                uow.session.flush()
                keys.append((plan.keys[number], uow.session.get(TriggerReport, tid).uuid, number))
        _keep_keys(uow, plan, keys)
    elif plan.kind == "disruptions":
        created = _disruptions(uow, plan, today)
    else:
        with no_cyclic_gc():
            created = _bulk_subjects(uow, plan, today)
    return _committed(uow, plan, created, remember)


def _committed(uow: UnitOfWork, plan: Plan, created: list[str], remember: Sequence[str] | None) -> Outcome:
    """The end of every import that writes: the mapping remembered, the one audit event naming
    what was created (the first thousand references and the count) with the report, the notice."""
    if remember is not None:
        remember_mapping(uow, plan.kind, remember, plan.mapping)
    summary = (f"imported {len(created)} {plan.kind} from {plan.source} ({plan.sheet}); "
               f"{len(plan.skipped)} rows already present, {len(plan.bad_rows)} rows with problems "
               f"{'left out' if plan.problems else ''}").strip()
    audit.record(uow.session, uow.actor, action=f"import.{plan.kind}", entity_type="import", summary=summary,
                 changes={**audit_report(plan), "created": created[:AUDITED_PROBLEMS * 10],
                          "created_total": len(created)})
    if plan.kind == "disruptions":
        uow.describe(f"import.{plan.kind}", summary)
    areas = ({"triggers": ("trigger",), "disruptions": ("disruption",)}.get(plan.kind)
             or (KIND_OF[plan.kind].value, "subjects"))
    uow.touch("import", *areas)
    return Outcome(created, len(plan.skipped), len(plan.bad_rows), True)


def _disruptions(uow: UnitOfWork, plan: Plan, today: dt.date) -> list[str]:
    """Each row through the impact service (validated again, in this transaction), as a draft: an
    import never submits or approves a disruption. Each gets its own audit event saying which file
    and row it came from."""
    from ...store.models import Agency, Disruption
    # the session holds loaded objects weakly: keep the agencies and the subjects the rows name
    # loaded for the whole import, or each row's checks and audit entry would read them again
    pinned = [*uow.session.scalars(select(Agency)),
              *uow.session.scalars(select(Subject).where(Subject.id.in_({d["subject_id"] for _n, d in plan.valid})))]
    created = []
    keys = []
    for number, data in plan.valid:
        did, ref = impact.create(uow, data, today=today)
        d = uow.session.get(Disruption, did)
        if number in plan.keys:
            uow.session.flush()
            keys.append((plan.keys[number], d.uuid, number))
        uow.describe("disruption.create", f"disruption {ref} of {d.subject.reference} recorded as a draft "
                                          f"({d.four_p.label}, {d.grade.label.lower()}), imported from "
                                          f"{plan.source} ({plan.sheet} row {number})", d)
        created.append(ref)
    del pinned
    _keep_keys(uow, plan, keys)
    return created


def _keep_keys(uow: UnitOfWork, plan: Plan, keys: list[tuple[str, str, int]]) -> None:
    """Remember the content keys of the rows imported (key, the record's UUID, row number)."""
    if keys:
        uow.session.execute(insert(ImportKey), [{"key": k, "kind": plan.kind, "entity_uuid": u,
                                                 "source": f"{plan.source} {plan.sheet} row {n}"[:200]}
                                                for k, u, n in keys])


#: the columns each table of a group or nominal import is written with (store/bulk.py)
COLUMNS: dict[str, tuple[str, ...]] = {
    "subjects": ("id", "kind", "reference", "name", "name_norm", "marking", "status", "status_reason",
                 "lead_force_id", "owner_unit_id", "description", "notes", "created_by_id", "created_at",
                 "updated_at", "archived_at", "uuid", "origin"),
    "groups": ("id", "management_level", "reach_scope", "lro_name"),
    "nominals": ("id", "surname", "forenames", "date_of_birth", "gender", "nationality", "flags"),
    "subject_aliases": ("id", "subject_id", "kind", "alias", "alias_norm"),
    "nominal_identifiers": ("id", "nominal_id", "kind", "value"),
    "group_members": ("id", "group_id", "nominal_id", "role", "since", "notes"),
    "group_crime_types": ("group_id", "crime_type_id"),
    "import_keys": ("key", "kind", "entity_uuid", "source"),
}
#: rows handed to the writer at a time: small enough that the last chunk (written after the last
#: row is checked) is short, big enough that each is one cheap statement per table
FEED_ROWS = 2500


def _given_references(rows: list[dict[str, Any]]) -> dict[int, int]:
    """Year -> the highest serial among the references the file gives (rows kept as they are)."""
    given: dict[int, int] = {}
    for r in rows:
        if r["reference"]:
            _k, year, n = parse_reference(r["reference"])
            given[year] = max(given.get(year, 0), n)
    return given


def _raise_counters(session: Session, kind: SubjectKind, given: Mapping[int, int]) -> None:
    """Each year's reference counter at least as high as the file's own references for that year."""
    for year, top in given.items():
        counter = session.get(ReferenceCounter, (kind.prefix, year))
        if counter is None:
            session.add(ReferenceCounter(prefix=kind.prefix, year=year, last=top))
        elif counter.last < top:
            counter.last = top
    session.flush()


class _SubjectRows:
    """The driver rows of imported groups or nominals (subjects, their kind's table, aliases,
    identifiers, memberships, crime types, content keys), built a chunk at a time: ids after the
    highest in use, a UUID and origin given here (the identity trigger would otherwise update every
    row once more), new references numbered from `first_serial` for `year`."""

    def __init__(self, uow: UnitOfWork, plan: Plan, today: dt.date, first_serial: int | None):
        from ..references import origin_prefix
        s = uow.session
        self.plan, self.kind = plan, KIND_OF[plan.kind]
        self.ids = bulk.next_ids(s, ["subjects", "subject_aliases", "nominal_identifiers", "group_members"])
        self.now = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        self.actor = uow.actor.user_id
        self.origin = s.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == "workspace_id"))
        self.prefix = origin_prefix(s)
        self.year, self.serial = today.year, first_serial
        self.source = f"{plan.source} {plan.sheet} row "[:190]
        self.references: list[str] = []

    def build(self, items: Sequence[tuple[int, dict[str, Any]]]) -> dict[str, list[tuple]]:
        """Rows for each table, parents first, for these (row number, clean data) items. Enum
        values are read as `_value_` (the `value` property costs a descriptor call per use, and
        this loop runs for every row of the file)."""
        out: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        subjects, aliases, keys = out["subjects"], out["subject_aliases"], out["import_keys"]
        kind = self.kind
        kind_value, plan_kind, row_keys = kind.value, self.plan.kind, self.plan.keys
        is_group = kind is SubjectKind.GROUP
        alias_kind, alias_key = (AliasKind.NICKNAME, "nicknames") if is_group else (AliasKind.ALIAS, "aliases")
        alias_kind_value = alias_kind.value
        default_marking = Marking.OFFICIAL_SENSITIVE
        ids, actor, now, origin, source = self.ids, self.actor, self.now, self.origin, self.source
        sid, aid = ids["subjects"], ids["subject_aliases"]
        references = self.references
        identities = bulk.uuid4_strings(len(items))
        # format_reference's text, its fixed head worked out once: "NMP/NOM-2026-" + the serial
        head = format_reference(kind, self.year, 0, self.prefix)[:-4]
        for (number, r), identity in zip(items, identities):
            reference = r["reference"]
            if not reference:
                reference = f"{head}{self.serial:04d}"
                self.serial += 1
            references.append(reference)
            subjects.append((sid, kind_value, reference, r["_name"], r["_norm"],
                             r.get("marking", default_marking)._value_, r["status"]._value_, None,
                             r.get("lead_force_id"), None, r.get("description"), None, actor, now, now, None,
                             identity, origin))
            key = row_keys.get(number)
            if key is not None:
                keys.append((key, plan_kind, identity, f"{source}{number}"))
            names = r.get(alias_key)
            if names:
                for alias in dict.fromkeys(names):
                    aliases.append((aid, sid, alias_kind_value, alias, normalise_name(alias)))
                    aid += 1
            if is_group:
                out["groups"].append((sid, r["management_level"]._value_, None, r.get("lro_name")))
                out["group_crime_types"] += [(sid, cid) for cid in r.get("crime_type_ids", [])]
            else:
                dob = r.get("date_of_birth")
                flags = r.get("flags")
                out["nominals"].append((sid, r["surname"], r.get("forenames"), dob.isoformat() if dob else None,
                                        r.get("gender"), r.get("nationality"),
                                        json.dumps([f._value_ for f in flags]) if flags else "[]"))
                for ikind, value in r.get("identifiers", ()):
                    out["nominal_identifiers"].append((ids["nominal_identifiers"], sid, ikind._value_, value))
                    ids["nominal_identifiers"] += 1
                if r.get("membership"):
                    gid, role = r["membership"]
                    out["group_members"].append((ids["group_members"], gid, sid, role._value_, None, None))
                    ids["group_members"] += 1
            sid += 1
        ids["subjects"], ids["subject_aliases"] = sid, aid
        return out

    def send(self, writer: bulk.Writer, items: Sequence[tuple[int, dict[str, Any]]]) -> None:
        for table, rows in self.build(items).items():
            writer.put(table, COLUMNS[table], rows)


def _bulk_subjects(uow: UnitOfWork, plan: Plan, today: dt.date) -> list[str]:
    """Insert a planned sheet of groups or nominals through the store's bulk path (the ORM would
    take seconds per ten thousand rows), parents before children, in the unit of work's
    transaction: each chunk's rows are built while the writer thread writes the one before."""
    s = uow.session
    kind = KIND_OF[plan.kind]
    rows = [clean for _n, clean in plan.valid]
    if not rows:
        return []
    # references: keep the file's, then number the rest after the highest in use for the year
    _raise_counters(s, kind, _given_references(rows))
    needed = sum(1 for r in rows if not r["reference"])
    first = None
    if needed:
        from ..references import next_serial
        first = next_serial(s, kind.prefix, today.year, needed)
    builder = _SubjectRows(uow, plan, today, first)
    s.flush()
    with bulk.Writer(s.connection()) as writer:
        for start in range(0, len(plan.valid), FEED_ROWS):
            builder.send(writer, plan.valid[start:start + FEED_ROWS])
    return builder.references
