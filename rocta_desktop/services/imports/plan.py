"""The plan of an import: the rows found valid, skipped or with problems, and the helpers the
planners share (a row seen through the mapping, lookups, content keys)."""

from __future__ import annotations

import datetime as dt
import enum
import operator
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Problem, ValidationError
from ...domain.markings import Marking
from ...domain.subjects import (
    SubjectKind,
    SubjectStatus,
    normalise_name,
    parse_date,
    parse_enum,
    parse_reference,
)
from ...domain.tables import SheetData, column_letter
from ...store import bulk
from ...store.models import (
    CrimeType,
    Force,
    ImportKey,
    Nominal,
    Subject,
    TriggerReport,
)
from .mapping import FIELDS, mapping_for

MAX_TEXT = 20_000
EXCEL_EPOCH = dt.date(1899, 12, 30)      # day 0 of the 1900 date system (day 60, 29/02/1900, never existed)
SERIAL_FIRST, SERIAL_LAST = 61, (dt.date(2099, 12, 31) - EXCEL_EPOCH).days
LIST_SPLIT = re.compile(r"\s*[;|\n]\s*")

# ------------------------------------------------------------------ the plan

@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int
    column: str          # spreadsheet column letter(s), or "" for the row as a whole
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.column}{self.row}" if self.column else f"{self.sheet} row {self.row}"
        return f"{where}: {self.message}"


@dataclass
class Plan:
    kind: str
    source: str
    sheet: str
    mapping: dict[int, str]
    valid: list[tuple[int, dict[str, Any]]] = field(default_factory=list)   # (row number, clean data)
    skipped: list[tuple[int, str]] = field(default_factory=list)            # (row number, why)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)                # what is not imported, and where
    notes: list[str] = field(default_factory=list)
    total: int = 0
    #: the newest audit event when the plan was made: if another import (or any change) committed
    #: since, the commit plans again inside its write transaction (no row is imported twice)
    snapshot: int | None = None
    data: SheetData | None = field(default=None, repr=False, compare=False)
    today: dt.date | None = None
    #: the content key of each valid row without a reference (row number -> key): kept at commit
    keys: dict[int, str] = field(default_factory=dict, repr=False)
    left_out: set[int] = field(default_factory=set)
    #: while a sheet is planned and written at once: called before each row (hands the rows found
    #: valid so far to the writer); None otherwise
    feed: Any = field(default=None, repr=False, compare=False)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "file": self.source, "sheet": self.sheet, "rows": self.total,
            "valid": len(self.valid), "skipped": len(self.skipped), "rows_with_problems": len(self.bad_rows),
            "mapping": {column_letter(i): k for i, k in sorted(self.mapping.items())},
            "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column, "field": p.field,
                          "message": p.message} for p in self.problems],
            "warnings": [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
                         for p in self.warnings],
            "skipped_rows": [{"row": r, "why": why} for r, why in self.skipped],
            "notes": self.notes,
        }


class _Row:
    """One spreadsheet row seen through the mapping, collecting its problems with their column."""

    __slots__ = ("plan", "number", "values", "columns", "problems")

    def __init__(self, plan: Plan, number: int, values: dict[str, Any], columns: dict[str, int]):
        self.plan, self.number, self.values, self.columns = plan, number, values, columns
        self.problems: list[RowProblem] = []

    def col(self, key: str) -> str:
        return column_letter(self.columns[key]) if key in self.columns else ""

    def problem(self, key: str, message: str) -> None:
        self.problems.append(RowProblem(self.plan.sheet, self.number, self.col(key), key, message))

    def problems_for(self, key: str) -> list[RowProblem]:
        return [p for p in self.problems if p.field == key]

    def text(self, key: str, *, limit: int = 200) -> str | None:
        v = self.values.get(key)
        if v is None:
            return None
        if type(v) is not str:
            if isinstance(v, (dt.date, dt.datetime)):
                v = v.isoformat()
            v = str(v)
        s = v.strip()
        if len(s) > limit:
            self.problem(key, f"is {len(s):,} characters long; the limit is {limit:,}")
            return None
        return s or None

    def items(self, key: str) -> list[str]:
        t = self.text(key, limit=MAX_TEXT)
        return [x for x in LIST_SPLIT.split(t) if x] if t else []

    def date(self, key: str) -> dt.date | None:
        v = self.values.get(key)
        if v is None:
            return None
        if type(v) is dt.date:  # typed by the spreadsheet already: nothing to parse
            return v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return self.serial_date(key, v)
        try:
            return parse_date(v, key)
        except ValidationError as exc:
            self.problem(key, exc.problems[0].message)
            return None

    def serial_date(self, key: str, v: float) -> dt.date | None:
        """A date typed in a number-formatted cell: Excel keeps it as days since 30/12/1899."""
        if SERIAL_FIRST <= v <= SERIAL_LAST:
            return EXCEL_EPOCH + dt.timedelta(days=int(v))
        shown = f"{v:g}" if isinstance(v, float) else str(v)
        when = "before 1900" if v < SERIAL_FIRST else "after 2099"
        self.problem(key, f"{shown} is a number, not a date (as an Excel date serial it would be {when}; "
                          "dates from 1900 to 2099 are accepted)")
        return None

    def absorb(self, exc: ValidationError, rename: Mapping[str, str] | None = None) -> None:
        for p in exc.problems:
            key = (rename or {}).get(p.field, p.field)
            self.problem(key, p.message)


class _Choices:
    """Members of an enumeration by the text a file gives, parsed once per distinct text: a column
    of markings repeats a handful of values on every row."""

    def __init__(self, enum_cls: type[enum.Enum]):
        self.enum_cls = enum_cls
        self.known: dict[str, Any] = {}

    def get(self, text: str) -> Any:
        """The member, or the text itself when it is not one (the validator then says why)."""
        member = self.known.get(text)
        if member is None:
            try:
                member = parse_enum(self.enum_cls, text, "value")
            except ValidationError:
                return text
            self.known[text] = member
        return member


class _Named:
    """Forces or agencies by code or by name ("NMP", "Northmoor Police", "northmoor police"), each
    distinct text looked up once."""

    def __init__(self, session: Session, *models: Any):
        self.by_code: dict[str, tuple[Any, int]] = {}
        self.by_name: dict[str, tuple[Any, int]] = {}
        self.known: list[str] = []
        for model in models:
            for ident, code, name in session.execute(select(model.id, model.code, model.name)):
                self.by_code.setdefault(code.upper(), (model, ident))
                self.by_name.setdefault(normalise_name(name), (model, ident))
                self.known.append(f"{code} {name}")
        self.cache: dict[str, tuple[Any, int] | None] = {}

    def find(self, text: str) -> tuple[Any, int] | None:
        """(model, id) of the force or agency this text names, or None."""
        if text in self.cache:
            return self.cache[text]
        found = self.by_code.get(text.strip().upper())
        if found is None:
            found = self.by_name.get(normalise_name(text))
        self.cache[text] = found
        return found

    def get(self, text: str) -> int | None:
        found = self.find(text)
        return None if found is None else found[1]

    def known_text(self, what: str) -> str:
        return "; ".join(sorted(self.known)) or f"none yet: add the {what} in Administration first"


def _lookups(session: Session) -> dict[str, Any]:
    return {
        "markings": _Choices(Marking),
        "forces": _Named(session, Force),
        "crime_types": {**{c.upper(): i for c, i in session.execute(select(CrimeType.code, CrimeType.id))},
                        **{normalise_name(n): i for n, i in session.execute(select(CrimeType.name, CrimeType.id))}},
    }


def _existing(session: Session, kind: SubjectKind) -> dict[str, Any]:
    refs = dict(session.execute(select(Subject.reference, Subject.id).where(Subject.kind == kind.value)).all())
    if kind is SubjectKind.GROUP:
        names = {n: r for n, r in session.execute(select(Subject.name_norm, Subject.reference)
                                                   .where(Subject.kind == kind.value))}
    else:
        names = {(normalise_name(s), normalise_name(f or ""), d): r for s, f, d, r in session.execute(
            select(Nominal.surname, Nominal.forenames, Nominal.date_of_birth, Nominal.reference))}
    all_refs = set(session.scalars(select(Subject.reference)))
    return {"refs": refs, "names": names, "all_refs": all_refs}


def _latest_event(session: Session) -> int:
    """The newest audit event's id (a plan's snapshot: see `Plan.snapshot`)."""
    return bulk.max_id(session, "audit_events")


def _new_plan(session: Session, kind: str, data: SheetData, mapping: Mapping[int, str] | None, *,
              today: dt.date | None, left_out: Collection[int]) -> tuple[Plan, dict[str, int]]:
    """An empty plan for this sheet, once its mapping is checked; and the columns of the fields."""
    if kind not in FIELDS:
        raise ValidationError(Problem("kind", f"{kind!r} cannot be imported; choose one of {', '.join(FIELDS)}"))
    mapping = dict(mapping if mapping is not None else mapping_for(session, kind, data.headers)[0])
    plan = Plan(kind, data.source, data.sheet, mapping, notes=list(data.notes), total=len(data.rows),
                snapshot=_latest_event(session), data=data, today=today)
    known = {f.key for f in FIELDS[kind]}
    bad = [k for k in mapping.values() if k not in known]
    if bad:
        raise ValidationError(Problem("mapping", f"unknown fields {', '.join(sorted(set(bad)))}"))
    if len(set(mapping.values())) != len(mapping):
        dup = sorted({k for k in mapping.values() if list(mapping.values()).count(k) > 1})
        raise ValidationError(Problem("mapping", f"two columns are mapped to {', '.join(dup)}"))
    missing = [f.label for f in FIELDS[kind] if f.required and f.key not in mapping.values()]
    mapped = set(mapping.values())
    if kind == "nominals" and not ({"surname", "name"} & mapped):
        missing.append("Surname (or Full name)")
    if kind == "triggers" and "grading" not in mapped and not {"source_evaluation", "intel_assessment",
                                                                 "handling_code"} <= mapped:
        missing.append("Grading (or source evaluation, intelligence assessment and handling code)")
    if missing:
        raise ValidationError(Problem("mapping", f"map a column to: {', '.join(missing)}"))
    columns = {k: i for i, k in mapping.items()}
    plan.left_out = set(left_out)
    _unmapped(plan, data)
    for merged in data.merged:
        plan.problems.append(RowProblem(data.sheet, int(re.search(r"\d+", merged).group()), "", "",
                                        f"merged cells {merged}: unmerge them so each row holds its own values"))
    return plan, columns

def _unmapped(plan: Plan, data: SheetData) -> None:
    for i, header in enumerate(data.headers):
        if i in plan.mapping or i in plan.left_out:
            continue
        filled = sum(1 for r in data.rows if r[i] is not None)
        if not header and not filled:
            continue
        name = f"{header!r}" if header else "(no header)"
        plan.warnings.append(RowProblem(
            data.sheet, data.first_row - 1, column_letter(i), "",
            f"column {column_letter(i)} {name} is not imported: no field is chosen for it"
            + (f" ({filled:,} rows hold values in it)" if filled else "")))


# ------------------------------------------------------------------ content keys: no source row twice

def _key_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return str(value)


def content_key(kind: str, values: Mapping[str, Any]) -> str:
    """The identity of a source row without a reference: its kind and mapped values (spacing and
    case aside), hashed. The same row of a return sent again has the same key."""
    return _content_key(kind, values, [(k, f"{k}=") for k in sorted(values)])


def _content_key(kind: str, values: Mapping[str, Any], order: Sequence[tuple[str, str]],
                 memo: dict[Any, str] | None = None) -> str:
    """`content_key` with the keys' order (and "key=" texts) worked out once per sheet: this runs
    for every row of a file. A key missing from `values` counts as empty, as in `content_key`.
    `memo` keeps each value's text once made (a column of forces or markings repeats a handful of
    values; keyed with the type for all but text, since 1, 1.0 and True are equal keys)."""
    parts = [kind]
    get = values.get
    append = parts.append
    if memo is None:
        memo = {}
    for k, label in order:
        v = get(k)
        if v is None:
            continue
        key = v if v.__class__ is str else (v.__class__, v)
        text = memo.get(key)
        if text is None:
            text = memo[key] = " ".join(v.split()).casefold() if v.__class__ is str else _key_text(v)
        append(label + text)
    return sha256("\x1f".join(parts).encode()).hexdigest()[:32]


_ENTITY = {"nominals": Subject, "groups": Subject, "triggers": TriggerReport}


class _Keys:
    """Content keys already imported for this kind, and those seen earlier in this file."""

    def __init__(self, session: Session, plan: Plan):
        self.session, self.plan = session, plan
        self.imported = dict(session.execute(select(ImportKey.key, ImportKey.entity_uuid)
                                             .where(ImportKey.kind == plan.kind)).all())
        self.in_file: dict[str, int] = {}
        self.hits: list[tuple[int, str]] = []
        self.order = [(k, f"{k}=") for k in sorted(set(plan.mapping.values()))]
        self.memo: dict[Any, str] = {}

    def check(self, row: _Row) -> bool:
        """False (and the row skipped, or a problem) when this row was imported before."""
        key = _content_key(self.plan.kind, row.values, self.order, self.memo)
        uuid = self.imported.get(key)
        if uuid is not None:
            self.hits.append((row.number, uuid))
            return False
        if key in self.in_file:
            row.problem("", f"the same row as row {self.in_file[key]} of this file")
        else:
            self.in_file[key] = row.number
        self.plan.keys[row.number] = key
        return True

    def finish(self) -> None:
        """Name what each skipped row became (one query for all of them)."""
        if not self.hits:
            return
        from ...store.models import Disruption
        model = _ENTITY.get(self.plan.kind, Disruption)
        wanted = {u for _n, u in self.hits}
        refs: dict[str, str] = {}
        chunk = sorted(wanted)
        for start in range(0, len(chunk), 500):
            refs.update(self.session.execute(select(model.uuid, model.reference)
                                             .where(model.uuid.in_(chunk[start:start + 500]))).all())
        for number, entity in self.hits:
            ref = refs.get(entity)
            self.plan.skipped.append((number, f"already imported ({ref})" if ref else
                                      "already imported (as a record since deleted or not visible to you)"))
        self.plan.skipped.sort()


def _rows(plan: Plan, data: SheetData, columns: dict[str, int]) -> Any:
    """The rows that hold anything, each with its mapped values; formula cells in mapped columns
    are problems of their row."""
    keys = list(columns)
    indexes = [columns[k] for k in keys]
    need = max(indexes, default=-1) + 1
    pick = operator.itemgetter(*indexes) if len(indexes) > 1 else None
    field_at = {i: k for k, i in columns.items()}
    formulas: dict[int, list[int]] = {}
    for r, c in data.formulas:
        if c in field_at:
            formulas.setdefault(r, []).append(c)
    first = data.first_row
    feed = plan.feed
    for index, raw in enumerate(data.rows):
        n = len(raw)
        if raw.count(None) == n:
            continue
        if feed is not None:
            feed()
        if pick is not None and n >= need:
            values = dict(zip(keys, pick(raw)))
        else:
            values = {k: raw[i] for k, i in zip(keys, indexes) if i < n}
        row = _Row(plan, first + index, values, columns)
        for c in sorted(formulas.get(row.number, ())):
            row.problem(field_at[c], "holds a formula: paste the values instead (a formula's result may be out of date)")
        yield row


def _kind_filter(plan: Plan, row: _Row, want: SubjectKind) -> bool:
    value = row.text("kind")
    if value is None:
        return True
    try:
        kind = parse_enum(SubjectKind, value.lower(), "kind")
    except ValidationError:
        kind = None
    if kind is not want:
        plan.skipped.append((row.number, f"kind {value!r}: not a {want.value}"))
        return False
    return True


def _reference(row: _Row, kind: SubjectKind, existing: dict[str, Any], seen: dict[str, int]) -> tuple[str | None, bool]:
    """(the row's reference if valid and new, matched-existing flag)."""
    ref = row.text("reference", limit=24)
    if ref is None:
        return None, False
    ref = ref.upper()
    try:
        ref_kind, _year, _n = parse_reference(ref)
    except ValueError as exc:
        row.problem("reference", str(exc))
        return None, False
    if ref_kind is not kind:
        row.problem("reference", f"{ref} is a {ref_kind.value} reference, not a {kind.value} one")
        return None, False
    if ref in seen:
        row.problem("reference", f"{ref} is also on row {seen[ref]} of this file")
        return None, False
    seen[ref] = row.number
    if ref in existing["refs"]:
        return ref, True
    if ref in existing["all_refs"]:
        row.problem("reference", f"{ref} is already used by another record")
    return ref, False


def _common(row: _Row, lookups: dict[str, Any], data: dict[str, Any]) -> None:
    marking = row.text("marking")
    data["marking"] = lookups["markings"].get(marking) if marking else Marking.OFFICIAL_SENSITIVE
    force = row.text("lead_force", limit=200)
    if force:
        fid = lookups["forces"].get(force)
        if fid is None:
            row.problem("lead_force", f"unknown force {force!r}: give its code or name "
                                      f"(known: {lookups['forces'].known_text('forces')})")
        else:
            data["lead_force_id"] = fid
    description = row.text("description", limit=MAX_TEXT)
    if description:
        data["description"] = description


def _status(row: _Row) -> SubjectStatus:
    value = row.text("status")
    if not value:
        return SubjectStatus.ACTIVE
    try:
        status = parse_enum(SubjectStatus, value.lower(), "status")
    except ValidationError as exc:
        row.problem("status", exc.problems[0].message)
        return SubjectStatus.ACTIVE
    if status is SubjectStatus.ARCHIVED:
        row.problem("status", "archived records are not imported")
    return status


def _finish(plan: Plan, row: _Row, data: dict[str, Any]) -> None:
    if row.problems:
        plan.problems.extend(row.problems)
    else:
        plan.valid.append((row.number, data))
