"""Validating a sheet into a plan: one planner per kind (groups, nominals, trigger reports,
disruptions)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...bulk import no_cyclic_gc
from ...domain import clock
from ...domain.errors import ValidationError
from ...domain.fourp import FourP
from ...domain.impact import parse_outcomes
from ...domain.markings import Marking
from ...domain.subjects import (
    IdentifierKind,
    MemberRole,
    SubjectKind,
    SubjectStatus,
    normalise_name,
    parse_enum,
    parse_reference,
    validate_group,
    validate_identifier,
    validate_nominal,
)
from ...domain.tables import SheetData
from ...store.models import (
    Force,
    Subject,
    TriggerReport,
)
from .. import impact, triggers
from ..registers import nominal_display_name
from .plan import (
    MAX_TEXT,
    Plan,
    RowProblem,
    _common,
    _existing,
    _finish,
    _Keys,
    _kind_filter,
    _lookups,
    _Named,
    _new_plan,
    _reference,
    _Row,
    _rows,
    _status,
)

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
    from ...store.models import Agency
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
    from ...store.models import Agency, Disruption
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
