"""Importing groups, nominals (with memberships), trigger reports and disruptions from spreadsheets.

1. Map columns to fields: guessed from the header names, or the mapping remembered for the same
   headers (kept in the workspace, per kind).
2. Validate everything into a plan: every problem by sheet, row and column (bad dates, unknown codes,
   missing required fields, duplicates within the file); rows matching a record already in the
   workspace (by reference, or by the duplicate rule: same name, and for nominals the same date of
   birth) are skipped, so re-importing a file creates nothing twice.
3. Commit in one transaction: all or nothing, unless the user chose to import the valid rows only.
   Groups and nominals go in through the store's bulk path (store/bulk.py: tens of thousands of
   rows); the import is one audit event naming every record created. A refused import is audited
   too, with its problems: that is the saved result report. `run` (the command line) checks a
   sheet of groups or nominals and writes it in the same write transaction, a writer thread taking
   the rows found valid while the rest are checked: the same plan, rows and events as planning
   first and committing after (the screen's way, which shows the plan before anything is written).

A group needs a management level; a row that gives none is imported as "local" with a warning on
that row in the report ("management level missing; set to local — review it"), never silently.

Disruptions are imported as drafts, never approved: approving a disruption is a supervisor's
decision, and not one the person who recorded or submitted it may take (impact.approve). The user
who imports them is their recorder, so each imported draft is submitted and then approved or
returned by a second supervisor like one typed in. A disruption already in the workspace (same
subject, date, 4P category and tactic) is skipped, so re-importing a file creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import operator
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from ..bulk import no_cyclic_gc
from ..domain import clock
from ..domain.errors import Problem, ValidationError
from ..domain.fourp import FourP
from ..domain.impact import parse_outcomes
from ..domain.markings import Marking
from ..domain.subjects import (
    AliasKind,
    IdentifierKind,
    MemberRole,
    SubjectKind,
    SubjectStatus,
    format_reference,
    normalise_name,
    parse_date,
    parse_enum,
    parse_reference,
    validate_group,
    validate_identifier,
    validate_nominal,
)
from ..domain.tables import SheetData, column_letter
from ..domain.users import Permission
from ..store import bulk
from ..store.models import (
    CrimeType,
    Force,
    ImportKey,
    Nominal,
    ReferenceCounter,
    Subject,
    TriggerReport,
    WorkspaceMeta,
)
from . import audit, impact, triggers
from .permissions import allowed, require
from .registers import nominal_display_name
from .workspace import UnitOfWork

MAX_TEXT = 20_000
EXCEL_EPOCH = dt.date(1899, 12, 30)      # day 0 of the 1900 date system (day 60, 29/02/1900, never existed)
SERIAL_FIRST, SERIAL_LAST = 61, (dt.date(2099, 12, 31) - EXCEL_EPOCH).days
LIST_SPLIT = re.compile(r"\s*[;|\n]\s*")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


def _f(key: str, label: str, *synonyms: str, required: bool = False) -> Field:
    return Field(key, label, required, synonyms)


COMMON = [_f("reference", "Reference", "ref", "urn", "id"),
          _f("marking", "Protective marking", "marking", "classification", "gsc", "protective marking",
             "security classification", "gpms"),
          _f("lead_force", "Lead force (code or name)", "force", "lead force", "owning force", "home force",
             "force area", "submitting force", "force code", "force name"),
          _f("status", "Status", "state"),
          _f("description", "Description", "notes", "summary", "details"),
          _f("kind", "Kind (rows of other kinds are skipped)", "type", "subject kind", "subject type")]

FIELDS: dict[str, list[Field]] = {
    "groups": [_f("name", "Group name", "name", "ocg name", "group", required=True),
               _f("nicknames", "Nicknames (; between)", "nickname", "aliases", "also known as", "aka"),
               _f("management_level", "Management level", "level", "tier", "management tier"),
               _f("lro_name", "Lead responsible officer", "lro", "lead responsible officer"),
               _f("crime_types", "Crime types (; between)", "crime type", "crimes", "criminality"),
               *COMMON],
    "nominals": [_f("surname", "Surname", "last name", "family name"),
                 _f("forenames", "Forenames", "first name", "forename", "given names", "first names", "given name",
                    "christian names", "other names"),
                 _f("name", "Full name (SURNAME, Forenames)", "name", "full name", "nominal", "nominal name",
                    "subject name"),
                 _f("date_of_birth", "Date of birth", "dob", "birth date", "born", "date born", "birthday"),
                 _f("aliases", "Aliases (; between)", "alias", "aka", "also known as", "nicknames", "nickname"),
                 _f("pnc_id", "PNC ID", "pnc", "pnc number", "pncid", "pnc no", "pnc ref"),
                 _f("cro", "CRO number", "cro", "cro no", "cro ref"),
                 _f("phone", "Phone numbers (; between)", "phone", "phones", "mobile", "mobiles", "telephone", "tel",
                    "tel no", "phone number", "mobile number", "telephone number", "contact number"),
                 _f("vehicle", "Vehicles (VRM; between)", "vehicle", "vehicles", "vrm", "vrms", "registration",
                    "vehicle reg", "vehicle registration", "reg", "reg no"),
                 _f("passport", "Passport number", "passport", "passport no"),
                 _f("ni_number", "NI number", "ni", "ni no", "nino", "national insurance", "national insurance number"),
                 _f("gender", "Gender", "sex"),
                 _f("nationality", "Nationality"),
                 _f("flags", "Flags (; between)", "warning markers", "warnings", "markers"),
                 _f("group_reference", "Member of group (reference)", "group", "ocg", "group ref", "ocg reference"),
                 _f("member_role", "Role in group", "role", "member role"),
                 *COMMON],
    "triggers": [_f("received_on", "Date received", "received", "date", "referral date", "date of referral",
                    "received date", required=True),
                 _f("sender", "From (force or agency, code or name)", "from", "force", "agency", "source",
                    "referring force", "referring agency", "received from", "originator", required=True),
                 _f("officer", "Referring officer", "officer", "referrer", required=True),
                 _f("subject_kind", "Subject kind", "kind", "subject type", required=True),
                 _f("subject_reference", "Existing subject (reference)", "subject", "subject ref"),
                 _f("proposed_name", "Proposed subject name", "proposed name", "subject name", "name"),
                 _f("summary", "Summary", required=True),
                 _f("grounds", "Grounds", "reason", "grounds for assessment"),
                 _f("source_evaluation", "Source evaluation (1-3)", "source", "source eval"),
                 _f("intel_assessment", "Intelligence assessment (A-E)", "intelligence assessment", "assessment"),
                 _f("handling_code", "Handling code (P/C)", "handling"),
                 _f("handling_conditions", "Handling conditions", "conditions"),
                 _f("grading", "Grading (e.g. 2B P)", "3x5x2", "grade"),
                 _f("reference", "Reference", "ref", "urn"),
                 _f("marking", "Protective marking", "marking", "classification")],
    "disruptions": [
        _f("subject_reference", "Subject reference", "subject", "subject ref", "subject urn", "ocg", "ocg ref",
           "ocg reference", "group", "group ref", "nominal", "nominal ref", "target", required=True),
        _f("occurred_on", "Date of disruption", "date", "disruption date", "occurred", "occurred on", "when",
           "date of action", required=True),
        _f("four_p", "4P category (pursue, prevent, protect, prepare)", "4p", "4 p", "4ps", "four p", "4p category",
           "category", "strand", required=True),
        _f("tactic", "Tactic", "tactics", "action", "activity", "what was done", required=True),
        _f("grade", "Impact grade (minor, moderate, major)", "impact", "grade", "impact grade", "impact level",
           required=True),
        _f("lead_agency", "Lead agency (code)", "lead", "lead agency", "led by", "agency"),
        _f("agencies", "Contributing agencies (codes, ; or , between)", "contributing", "contributors",
           "contributing agencies", "partners", "partner agencies", "other agencies", "supporting agencies"),
        _f("operation", "Operation name", "operation", "op", "op name", "operation name"),
        _f("narrative", "Narrative", "description", "details", "summary", "notes"),
        _f("outcomes", "Outcomes (e.g. arrests 3; cash 12000; drugs 2.5 kg cocaine)", "outcome", "results",
           "seizures"),
        _f("marking", "Protective marking (at least the subject's)", "marking", "classification", "gsc")],
}
KIND_OF = {"groups": SubjectKind.GROUP, "nominals": SubjectKind.NOMINAL}


def _norm_header(h: str) -> str:
    """"Forename(s)" -> "forenames", "D.O.B." -> "dob", "Date of birth (dd/mm/yyyy)" as it is."""
    text = re.sub(r"\(s\)", "s", (h or "").lower())
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)   # D.O.B. -> DOB.
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _bare_header(h: str) -> str:
    """The header without its hint in brackets: "Date of birth (dd/mm/yyyy)" -> "date of birth"."""
    return _norm_header(re.sub(r"\([^)]*\)", " ", h or ""))


def header_names(kind: str) -> set[str]:
    """Every header the importer recognises for this kind (to find the header row)."""
    out = set()
    for f in FIELDS[kind]:
        out.update({_norm_header(f.label), _norm_header(f.label.split(" (")[0]), _norm_header(f.key)})
        out.update(_norm_header(x) for x in f.synonyms)
    return out


def headers_key(headers: Sequence[str]) -> str:
    return hashlib.sha256("\x1f".join(_norm_header(h) for h in headers).encode()).hexdigest()[:32]


def guess_mapping(kind: str, headers: Sequence[str]) -> dict[int, str]:
    """Column index -> field key, from header names (exact label or key first, then synonyms)."""
    fields = FIELDS[kind]
    out: dict[int, str] = {}
    taken: set[str] = set()
    for rank in (0, 1, 2):   # labels, then synonyms, then headers without their bracketed hints
        for i, h in enumerate(headers):
            if i in out:
                continue
            n = _norm_header(h) if rank < 2 else _bare_header(h)
            for f in fields:
                if f.key in taken:
                    continue
                names = ({_norm_header(f.label), _norm_header(f.key), _norm_header(f.label.split(" (")[0])}
                         if rank == 0 else {_norm_header(x) for x in (f.label.split(" (")[0], f.key, *f.synonyms)})
                if n in names:
                    out[i] = f.key
                    taken.add(f.key)
                    break
    return out


def mapping_from_file(content: Any, kind: str, headers: Sequence[str],
                      source: str) -> tuple[dict[int, str], list[int]]:
    """A mapping file (the one `mapping_file` writes and the GUI saves): {"kind": ..., "header_row":
    N, "columns": {header text or column letter: field key, or null for "not imported"}}. Returns
    the mapping and the columns it says to leave out; a column it does not name is neither."""
    def bad(message: str) -> ValidationError:
        return ValidationError(Problem("mapping", f"{source}: {message}"))
    if not isinstance(content, dict) or not isinstance(content.get("columns"), dict):
        raise bad('expected {"columns": {"header or column letter": "field", ...}}')
    if content.get("kind") not in (None, kind):
        raise bad(f"this mapping is for {content['kind']}, not {kind}")
    valid = {f.key for f in FIELDS[kind]}
    by_header = {_norm_header(h): i for i, h in enumerate(headers) if h}
    letters = {column_letter(i): i for i in range(len(headers))}
    out: dict[int, str] = {}
    left_out: list[int] = []
    for name, key in content["columns"].items():
        i = by_header.get(_norm_header(str(name)))
        if i is None:
            i = letters.get(str(name).strip().upper())
        if i is None:
            raise bad(f"no column {name!r} in the sheet (its headers: {', '.join(h for h in headers if h)})")
        if key is None:
            left_out.append(i)
            continue
        if key not in valid:
            raise bad(f"{key!r} (for {name!r}) is not a field of {kind}; fields: {', '.join(sorted(valid))}")
        out[i] = key
    return out, left_out


def mapping_file(kind: str, data: SheetData, mapping: Mapping[int, str]) -> dict[str, Any]:
    """The mapping as a file for `--mapping` (by header text, with the unmapped columns as null)."""
    return {"kind": kind, "header_row": data.first_row - 1, "sheet": data.sheet,
            "columns": {(h or column_letter(i)): mapping.get(i) for i, h in enumerate(data.headers)}}


def _meta_key(kind: str, headers: Sequence[str]) -> str:
    return f"import.mapping.{kind}.{headers_key(headers)}"


def remembered_mapping(session: Session, kind: str, headers: Sequence[str]) -> dict[int, str] | None:
    raw = session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == _meta_key(kind, headers)))
    if not raw:
        return None
    valid = {f.key for f in FIELDS[kind]}
    return {int(k): v for k, v in json.loads(raw).items() if v in valid and int(k) < len(headers)}


def mapping_for(session: Session, kind: str, headers: Sequence[str]) -> tuple[dict[int, str], bool]:
    """The remembered mapping for these headers, else a guess; and whether it was remembered."""
    saved = remembered_mapping(session, kind, headers)
    return (saved, True) if saved is not None else (guess_mapping(kind, headers), False)


def remember_mapping(uow: UnitOfWork, kind: str, headers: Sequence[str], mapping: Mapping[int, str]) -> None:
    key = _meta_key(kind, headers)
    row = uow.session.get(WorkspaceMeta, key)
    value = json.dumps({str(k): v for k, v in sorted(mapping.items())})
    if row is None:
        uow.session.add(WorkspaceMeta(key=key, value=value))
    else:
        row.value = value


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


_VALIDATE: dict[str, Any] = {}   # kind -> the function validating its rows (filled below them)


def plan_import(session: Session, kind: str, data: SheetData, mapping: Mapping[int, str] | None = None, *,
                today: dt.date | None = None, left_out: Collection[int] = ()) -> Plan:
    """Validate every row into a plan. Columns neither mapped nor in `left_out` (said on purpose
    not to be imported, by a mapping file) are listed as warnings: nothing is dropped unsaid."""
    plan, columns = _new_plan(session, kind, data, mapping, today=today, left_out=left_out)
    with no_cyclic_gc():
        keys = _VALIDATE[kind](session, plan, data, columns, today or clock.today())
        keys.finish()
    return plan


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
        from ..store.models import Disruption
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


LEVEL_IF_MISSING = "local"
LEVEL_MISSING = "management level missing; set to local — review it"


def _plan_groups(session: Session, plan: Plan, sheet: SheetData, columns: dict[str, int],
                 today: dt.date) -> _Keys:
    lookups, existing = _lookups(session), _existing(session, SubjectKind.GROUP)
    keys = _Keys(session, plan)
    seen_refs: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for row in _rows(plan, sheet, columns):
        if not _kind_filter(plan, row, SubjectKind.GROUP):
            continue
        ref, matched = _reference(row, SubjectKind.GROUP, existing, seen_refs)
        if matched:
            plan.skipped.append((row.number, f"{ref} is already in the workspace"))
            continue
        level = row.text("management_level")
        data: dict[str, Any] = {"name": row.text("name"), "nicknames": row.items("nicknames"),
                                "management_level": (level or LEVEL_IF_MISSING).lower()}
        lro = row.text("lro_name")
        if lro:
            data["lro_name"] = lro
        _common(row, lookups, data)
        status = _status(row)
        try:
            clean = validate_group(data, creating=True)
        except ValidationError as exc:
            row.absorb(exc, {"lead_force_id": "lead_force"})
            clean = None
        codes = []
        for ct in row.items("crime_types"):
            cid = lookups["crime_types"].get(ct.upper()) or lookups["crime_types"].get(normalise_name(ct))
            if cid is None:
                row.problem("crime_types", f"unknown crime type {ct!r}")
            else:
                codes.append(cid)
        if clean is not None and not row.problems:
            norm = normalise_name(clean["name"])
            if ref is None and norm in existing["names"]:
                plan.skipped.append((row.number, f"a group named {clean['name']!r} is already in the workspace "
                                                 f"({existing['names'][norm]})"))
                continue
            if ref is None and not keys.check(row):
                continue
            if norm in seen_names:
                row.problem("name", f"the same group is on row {seen_names[norm]} of this file")
            seen_names.setdefault(norm, row.number)
            clean.update(reference=ref, status=status, crime_type_ids=sorted(set(codes)), _name=clean["name"],
                         _norm=norm)
            if level is None and not row.problems:
                # a group's level cannot be empty (groups.management_level is NOT NULL): the default
                # is said, row by row, so that nobody takes it for the sender's assessment
                plan.warnings.append(RowProblem(plan.sheet, row.number, row.col("management_level"),
                                                "management_level", LEVEL_MISSING))
            _finish(plan, row, clean)
        else:
            _finish(plan, row, {})
    return keys


def _plan_nominals(session: Session, plan: Plan, sheet: SheetData, columns: dict[str, int],
                   today: dt.date) -> _Keys:
    lookups, existing = _lookups(session), _existing(session, SubjectKind.NOMINAL)
    keys = _Keys(session, plan)
    groups = dict(session.execute(select(Subject.reference, Subject.id).where(Subject.kind == "group")).all())
    seen_refs: dict[str, int] = {}
    seen_people: dict[tuple, int] = {}
    people = existing["names"]
    norms: dict[str, str] = {}  # name -> normalised: forenames (and surnames) repeat down a sheet
    mapped = set(columns)  # a field no column gives has nothing to check: skip it on every row
    rename = {"lead_force_id": "lead_force", "surname": "surname" if "surname" in columns else "name"}
    for row in _rows(plan, sheet, columns):
        if "kind" in mapped and not _kind_filter(plan, row, SubjectKind.NOMINAL):
            continue
        ref = None
        if "reference" in mapped:
            ref, matched = _reference(row, SubjectKind.NOMINAL, existing, seen_refs)
            if matched:
                plan.skipped.append((row.number, f"{ref} is already in the workspace"))
                continue
        surname, forenames = row.text("surname"), row.text("forenames")
        if surname is None and (full := row.text("name")):
            if "," in full:
                surname, _, rest = full.partition(",")
                forenames = forenames or rest.strip() or None
            else:
                parts = full.split()
                surname, forenames = parts[-1], forenames or (" ".join(parts[:-1]) or None)
            surname = surname.strip().title() if surname.strip().isupper() else surname.strip()
        data: dict[str, Any] = {"surname": surname, "aliases": row.items("aliases")}
        if forenames:
            data["forenames"] = forenames
        dob = row.date("date_of_birth")
        if dob:
            data["date_of_birth"] = dob
        for key in ("gender", "nationality"):
            v = row.text(key)
            if v:
                data[key] = v
        if "flags" in mapped:
            flags = row.items("flags")
            if flags:
                data["flags"] = [f.lower() for f in flags]
        _common(row, lookups, data)
        status = _status(row) if "status" in mapped else SubjectStatus.ACTIVE
        try:
            clean = validate_nominal(data, creating=True, today=today)
        except ValidationError as exc:
            row.absorb(exc, rename)
            clean = None
        identifiers = _identifiers(row, mapped) if mapped & IDENTIFIER_FIELDS.keys() else []
        membership = None
        gref = row.text("group_reference", limit=24) if "group_reference" in mapped else None
        if gref:
            gid = groups.get(gref.upper())
            if gid is None:
                row.problem("group_reference", f"no group {gref.upper()} in the workspace (import the groups first)")
            else:
                try:
                    role = parse_enum(MemberRole, (row.text("member_role") or "peripheral").lower(), "member_role")
                    membership = (gid, role)
                except ValidationError as exc:
                    row.problem("member_role", exc.problems[0].message)
        if clean is not None and not row.problems:
            surname, forenames = clean["surname"], clean.get("forenames") or ""
            person = (norms.get(surname) or norms.setdefault(surname, normalise_name(surname)),
                      norms.get(forenames) or norms.setdefault(forenames, normalise_name(forenames)),
                      clean.get("date_of_birth"))
            if ref is None and person in people:
                plan.skipped.append((row.number, f"{nominal_display_name(clean['surname'], clean.get('forenames'))} "
                                                 f"born {clean.get('date_of_birth') or 'unknown'} is already in the "
                                                 f"workspace ({people[person]})"))
                continue
            if ref is None and not keys.check(row):
                continue
            if person in seen_people:
                row.problem("surname" if "surname" in columns else "name",
                            f"the same person (name and date of birth) is on row {seen_people[person]} of this file")
            seen_people.setdefault(person, row.number)
            name = nominal_display_name(clean["surname"], clean.get("forenames"))
            clean.update(reference=ref, status=status, identifiers=identifiers, membership=membership,
                         _name=name, _norm=normalise_name(name))
            _finish(plan, row, clean)
        else:
            _finish(plan, row, {})
    return keys


IDENTIFIER_FIELDS = {"pnc_id": IdentifierKind.PNC_ID, "cro": IdentifierKind.CRO, "phone": IdentifierKind.PHONE,
                     "vehicle": IdentifierKind.VEHICLE, "passport": IdentifierKind.PASSPORT,
                     "ni_number": IdentifierKind.NI_NUMBER}


def _identifiers(row: _Row, mapped: set[str]) -> list[tuple[IdentifierKind, str]]:
    out = []
    for key, kind in IDENTIFIER_FIELDS.items():
        if key not in mapped:
            continue
        raw = row.values.get(key)
        if isinstance(raw, int) and not isinstance(raw, bool) and kind is IdentifierKind.PHONE:
            digits = str(raw)   # a number cell loses a phone number's leading 0
            values = ["0" + digits if len(digits) == 10 and digits[0] in "1237" else digits]
        else:
            values = row.items(key) if kind in (IdentifierKind.PHONE, IdentifierKind.VEHICLE) else (
                [row.text(key, limit=100)] if row.text(key, limit=100) else [])
        for value in dict.fromkeys(values):
            try:
                out.append(validate_identifier(kind, value))
            except ValidationError as exc:
                row.problem(key, exc.problems[0].message)
    return out


def _plan_triggers(session: Session, plan: Plan, sheet: SheetData, columns: dict[str, int],
                   today: dt.date) -> _Keys:
    from ..store.models import Agency
    senders = _Named(session, Force, Agency)
    subjects = dict(session.execute(select(Subject.reference, Subject.id)).all())
    existing_refs = set(session.scalars(select(TriggerReport.reference)))
    keys = _Keys(session, plan)
    seen: dict[str, int] = {}
    for row in _rows(plan, sheet, columns):
        ref = row.text("reference", limit=24)
        if ref and ref.upper() in existing_refs:
            plan.skipped.append((row.number, f"{ref.upper()} is already in the workspace"))
            continue
        if ref and ref.upper() in seen:
            row.problem("reference", f"{ref.upper()} is also on row {seen[ref.upper()]} of this file")
        elif ref:
            seen[ref.upper()] = row.number
        sender = row.text("sender", limit=200) or ""
        data: dict[str, Any] = {"received_on": row.date("received_on"), "officer": row.text("officer"),
                                "subject_kind": (row.text("subject_kind") or "").lower() or None,
                                "proposed_name": row.text("proposed_name"), "summary": row.text("summary", limit=MAX_TEXT),
                                "grounds": row.text("grounds", limit=MAX_TEXT),
                                "handling_conditions": row.text("handling_conditions", limit=MAX_TEXT),
                                "marking": row.text("marking") or Marking.OFFICIAL_SENSITIVE.value}
        if "received_on" in row.values and row.values["received_on"] is None:
            row.problem("received_on", "the date received is missing")
        found = senders.find(sender) if sender else None
        if found is not None:
            data["force_id" if found[0] is Force else "agency_id"] = found[1]
        else:
            row.problem("sender", f"unknown force or agency {sender!r}: give its code or name (known: "
                                  f"{senders.known_text('forces and agencies')})" if sender else "say who sent it")
        sref = row.text("subject_reference", limit=24)
        if sref:
            sid = subjects.get(sref.upper())
            if sid is None:
                row.problem("subject_reference", f"no subject {sref.upper()} in the workspace")
            data["subject_id"] = sid
        grading = row.text("grading", limit=10)
        if grading and (m := re.fullmatch(r"\s*([123])\s*([A-Ea-e])\s*([PpCc])\s*", grading)):
            data.update(source_evaluation=m[1], intel_assessment=m[2].upper(), handling_code=m[3].upper())
        elif grading:
            row.problem("grading", f"{grading!r} is not a 3x5x2 grading like 2B P")
        for key in ("source_evaluation", "intel_assessment", "handling_code"):
            if key not in data:
                v = row.text(key, limit=4)
                data[key] = str(v).upper() if v is not None else None
        if not row.problems:
            given = {k: v for k, v in data.items() if v is not None or k == "subject_id"}
            try:
                triggers.validate(session, given, today)
            except ValidationError as exc:
                row.absorb(exc, {"force_id": "sender", "agency_id": "sender", "subject_id": "subject_reference"})
            if not row.problems and not ref and not keys.check(row):
                continue
            _finish(plan, row, given)
        else:
            _finish(plan, row, {})
    return keys


def _plan_disruptions(session: Session, plan: Plan, sheet: SheetData, columns: dict[str, int],
                      today: dt.date) -> _Keys:
    from ..store.models import Agency, Disruption
    subjects = dict(session.execute(select(Subject.reference, Subject.id)).all())
    # the session holds loaded objects weakly: keep the agencies and the subjects rows name loaded
    # while planning, or the service's checks would read them again for every row
    held: dict[Any, Any] = {("agency", a.id): a for a in session.scalars(select(Agency))}
    agencies = _Named(session, Agency)
    known_agencies = agencies.known_text("agencies")
    existing = {(sid, day, four_p, normalise_name(tactic)): ref for sid, day, four_p, tactic, ref in session.execute(
        select(Disruption.subject_id, Disruption.occurred_on, Disruption.four_p, Disruption.tactic,
               Disruption.reference))}
    seen: dict[tuple, int] = {}
    keys = _Keys(session, plan)
    rename = {"subject_id": "subject_reference", "lead_agency_id": "lead_agency", "agency_ids": "agencies"}
    for row in _rows(plan, sheet, columns):
        data: dict[str, Any] = {}
        sref = row.text("subject_reference", limit=24)
        subject = None
        if sref is None:
            row.problem("subject_reference", "say which subject was disrupted (its reference, e.g. OCG-2026-0001)")
        else:
            try:
                parse_reference(sref)
            except ValueError as exc:
                row.problem("subject_reference", str(exc))
            else:
                subject = subjects.get(sref.upper())
                if subject is None:
                    row.problem("subject_reference", f"no subject {sref.upper()} in the workspace "
                                                     "(import or record the subject first)")
        data["subject_id"] = subject
        data["occurred_on"] = row.date("occurred_on")
        if data["occurred_on"] is None and not row.problems_for("occurred_on"):
            row.problem("occurred_on", "say when the disruption happened")
        four_p = row.text("four_p", limit=20)
        if four_p is None:
            row.problem("four_p", "say which of the 4Ps it was: pursue, prevent, protect or prepare")
        data["four_p"] = four_p
        grade = row.text("grade", limit=20)
        if grade is None:
            row.problem("grade", "give the impact grade: minor, moderate or major")
        data["grade"] = grade
        data["tactic"] = row.text("tactic", limit=200)
        lead = row.text("lead_agency", limit=200)
        if lead:
            data["lead_agency_id"] = agencies.get(lead)
            if data["lead_agency_id"] is None:
                row.problem("lead_agency", f"unknown agency {lead!r}: give its code or name (known: {known_agencies})")
        codes = [c for c in re.split(r"\s*[;,]\s*", row.text("agencies", limit=MAX_TEXT) or "") if c]
        unknown = [c for c in dict.fromkeys(codes) if agencies.get(c) is None]
        if unknown:
            row.problem("agencies", f"unknown agenc{'ies' if len(unknown) > 1 else 'y'} "
                                    f"{', '.join(map(repr, unknown))} (known: {known_agencies})")
        data["agency_ids"] = sorted({agencies.get(c) for c in codes if agencies.get(c) is not None})
        data["operation"] = row.text("operation", limit=120)
        data["narrative"] = row.text("narrative", limit=MAX_TEXT)
        outcomes, bad = parse_outcomes(row.text("outcomes", limit=MAX_TEXT))
        for message in bad:
            row.problem("outcomes", message)
        data["outcomes"] = outcomes
        data["marking"] = row.text("marking", limit=40)
        reported = {p.field for p in row.problems}
        if subject is not None and ("subject", subject) not in held:
            held["subject", subject] = session.get(Subject, subject)
        try:
            impact.validate(session, data, today)
        except ValidationError as exc:
            for p in exc.problems:
                key = rename.get(p.field, p.field)
                if key not in reported:
                    row.problem(key, p.message)
        if row.problems:
            _finish(plan, row, {})
            continue
        key = (data["subject_id"], data["occurred_on"], parse_enum(FourP, four_p, "four_p"),
               normalise_name(data["tactic"]))
        if key in existing:
            plan.skipped.append((row.number, f"{existing[key]} already records this disruption of {sref.upper()} "
                                             f"({data['occurred_on']:%d/%m/%Y}, {key[2].label}, {data['tactic']})"))
            continue
        if key in seen:
            row.problem("tactic", f"the same disruption (subject, date, 4P and tactic) is on row {seen[key]} "
                                  "of this file")
        seen.setdefault(key, row.number)
        if not row.problems and not keys.check(row):
            continue
        _finish(plan, row, data)
    return keys


_VALIDATE.update(groups=_plan_groups, nominals=_plan_nominals, triggers=_plan_triggers,
                 disruptions=_plan_disruptions)


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


def _latest_event(session: Session) -> int:
    return session.execute(text("SELECT max(id) FROM audit_events")).scalar() or 0


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
    from ..store.models import Agency, Disruption
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


def _next_ids(session: Session, tables: Sequence[str]) -> dict[str, int]:
    return {t: (session.execute(text(f'SELECT max(id) FROM "{t}"')).scalar() or 0) + 1 for t in tables}


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
        from .references import origin_prefix
        s = uow.session
        self.plan, self.kind = plan, KIND_OF[plan.kind]
        self.ids = _next_ids(s, ["subjects", "subject_aliases", "nominal_identifiers", "group_members"])
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
        from .references import next_serial
        first = next_serial(s, kind.prefix, today.year, needed)
    builder = _SubjectRows(uow, plan, today, first)
    s.flush()
    with bulk.Writer(s.connection()) as writer:
        for start in range(0, len(plan.valid), FEED_ROWS):
            builder.send(writer, plan.valid[start:start + FEED_ROWS])
    return builder.references


# ------------------------------------------------------------------ planning and writing at once

class _Refused(Exception):
    """The file has problems and the import is all or nothing: roll back what was written."""

    def __init__(self, plan: Plan):
        super().__init__("refused")
        self.plan = plan


class _Feed:
    """Hands the rows found valid to the writer a chunk at a time while the rest of the sheet is
    being checked. Once any row has a problem nothing more is sent: the import will be refused and
    rolled back (all or nothing)."""

    def __init__(self, plan: Plan, builder: _SubjectRows, writer: bulk.Writer):
        self.plan, self.builder, self.writer = plan, builder, writer
        self.sent = 0

    def __call__(self) -> None:
        valid = self.plan.valid
        if len(valid) - self.sent >= FEED_ROWS and not self.plan.problems:
            self.flush()

    def flush(self) -> None:
        valid = self.plan.valid
        if self.plan.problems or self.sent == len(valid):
            return
        chunk = valid[self.sent:]
        self.sent = len(valid)
        self.builder.send(self.writer, chunk)


def _top_reference(session: Session, plan: Plan, data: SheetData, columns: dict[str, int], kind: SubjectKind,
                   year: int) -> int:
    """The highest serial for `year` among the references in the sheet that would be new records
    of this kind (the rows of another kind, and references already held, set aside as the plan
    does). If the import commits, every such row was valid, so this is what the plan's own rows
    give: new references can be numbered before the whole sheet is checked."""
    if "reference" not in columns:
        return 0
    existing_refs = set(session.scalars(select(Subject.reference)))
    top = 0
    scratch = Plan(plan.kind, plan.source, plan.sheet, plan.mapping)
    wanted = {k: columns[k] for k in ("reference", "kind") if k in columns}
    for row in _rows(scratch, data, wanted):
        ref = row.text("reference", limit=24)
        if not ref:
            continue
        ref = ref.upper()
        try:
            ref_kind, ref_year, n = parse_reference(ref)
        except ValueError:
            continue
        if ref_kind is not kind or ref_year != year or ref in existing_refs or n <= top:
            continue
        if "kind" in wanted and not _kind_filter(scratch, row, kind):
            continue
        top = n
    return top


def _plan_and_commit(uow: UnitOfWork, kind: str, data: SheetData, mapping: Mapping[int, str] | None, *,
                     today: dt.date | None, left_out: Collection[int],
                     remember: Sequence[str] | None) -> tuple[Plan, Outcome]:
    """Plan a sheet of groups or nominals and write it in the same transaction, all or nothing:
    the rows found valid go to the writer thread while the rest are checked (the checks are
    Python, the writing is SQLite's: the two overlap). Exactly the plan `plan_import` makes, the
    rows `commit` writes and the audit event it records; raises _Refused (so the unit of work rolls
    back) if any row has a problem."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    day = today or clock.today()
    plan, columns = _new_plan(s, kind, data, mapping, today=today, left_out=left_out)
    subject_kind = KIND_OF[kind]
    top = _top_reference(s, plan, data, columns, subject_kind, day.year)
    counter = s.get(ReferenceCounter, (subject_kind.prefix, day.year))
    first = max(counter.last if counter is not None else 0, top) + 1
    builder = _SubjectRows(uow, plan, day, first)
    s.flush()
    with no_cyclic_gc():
        with bulk.Writer(s.connection()) as writer:
            feed = plan.feed = _Feed(plan, builder, writer)
            try:
                keys = _VALIDATE[kind](s, plan, data, columns, day)
            finally:
                plan.feed = None
            if plan.problems:
                raise _Refused(plan)
            feed.flush()
        keys.finish()   # the connection is the session's again
    # the counters as `commit` leaves them: the file's references, then those numbered here
    _raise_counters(s, subject_kind, _given_references([clean for _n, clean in plan.valid]))
    needed = builder.serial - first
    if needed:
        from .references import next_serial
        if next_serial(s, subject_kind.prefix, day.year, needed) != first:
            raise RuntimeError("the references numbered while importing do not follow the counter")
    return plan, _committed(uow, plan, builder.references, remember)


# ------------------------------------------------------------------ one call for the CLI and tests

def run(ws: Any, kind: str, data: SheetData, *, mapping: Mapping[int, str] | None = None, dry_run: bool = False,
        valid_only: bool = False, remember: bool = True, today: dt.date | None = None,
        left_out: Collection[int] = (), find_duplicates: bool = True) -> tuple[Plan, Outcome | None]:
    """Plan, then (unless a dry run) commit, or record the refusal; then look for duplicates of
    the records created among those already there (a read after the commit, which
    `find_duplicates=False` leaves to the caller: `possible_duplicates`).

    Groups and nominals imported all or nothing are checked and written at once, in one write
    transaction (`_plan_and_commit`): the same plan, rows, audit event and refusal as planning
    first and committing after, in less time."""
    if not dry_run and kind in KIND_OF and not valid_only and allowed(ws.actor, Permission.EDIT_RECORDS):
        # groups and nominals, all or nothing: checked and written at once, in one transaction
        try:
            plan, outcome = ws.write(f"import.{kind}", _plan_and_commit, kind, data, mapping, today=today,
                                     left_out=left_out, remember=data.headers if remember else None)
        except _Refused as refused:
            plan = refused.plan
            ws.write(f"import.{kind}.refused", record_refusal, plan)
            return plan, Outcome([], len(plan.skipped), len(plan.bad_rows), False)
        if find_duplicates:
            outcome.duplicates = possible_duplicates(ws, kind, outcome)
        return plan, outcome
    plan = ws.read(plan_import, kind, data, mapping, today=today, left_out=left_out)
    if dry_run:
        return plan, None
    if plan.problems and not valid_only:
        ws.write(f"import.{kind}.refused", record_refusal, plan)
        return plan, Outcome([], len(plan.skipped), len(plan.bad_rows), False)
    outcome = ws.write(f"import.{kind}", commit, plan, valid_only=valid_only,
                       remember=data.headers if remember else None, today=today)
    if find_duplicates:
        outcome.duplicates = possible_duplicates(ws, kind, outcome)
    return plan, outcome


def possible_duplicates(ws: Any, kind: str, outcome: Outcome) -> list[dict[str, Any]]:
    """Pairs of a record just imported with one already there (or another just imported)."""
    from . import duplicates
    if kind not in KIND_OF or not outcome.created:
        return []
    return ws.read(duplicates.for_references, KIND_OF[kind].value, outcome.created)["pairs"]

