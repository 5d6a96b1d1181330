"""Mapping a sheet's columns to the fields of an import: the fields of each kind, guessed
mappings, mapping files, and the mapping remembered per set of headers."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Problem, ValidationError
from ...domain.subjects import (
    SubjectKind,
)
from ...domain.tables import SheetData, column_letter
from ...store.models import (
    WorkspaceMeta,
)
from ..unit_of_work import UnitOfWork


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
