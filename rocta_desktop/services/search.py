"""Search everything (Ctrl+K and `rocta search`): one box across every record's reference (OCG, NOM,
VUL, ASM, TRG, IR, TSK, DSR, T&CG), subjects' names, aliases and nicknames, identifiers (PNC ID, CRO,
passport, NI number; a phone by its digits, a vehicle without spaces), dates of birth (28/11/1990 or
1990-11-28), operation names, and the free text of trigger summaries, requirements' questions,
tasking objectives, disruption narratives and assessment summaries. Results come grouped by kind, each
with why it matched. Every query goes through the reader's session: what they may not see is not found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..store.models import (
    Assessment,
    Disruption,
    IntelRequirement,
    Nominal,
    NominalIdentifier,
    TaskingRequest,
    TcgMeeting,
    TriggerReport,
)
from . import registers

#: the kinds of result, in the order shown, with their headings
KINDS = {"group": "Organised crime groups", "nominal": "Nominals", "vulnerability": "Vulnerabilities",
         "assessment": "Assessments", "trigger": "Trigger reports", "requirement": "Intelligence requirements",
         "tasking": "Tasking requests", "disruption": "Disruptions", "tcg_meeting": "T&CG meetings"}
MIN_LENGTH = 2
TEXT_MIN_LENGTH = 3   # free text is searched from three characters (two match half the register)
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y")
_REFERENCE = re.compile(r"^([A-Z]{2,5}/)?[A-Z&]{2,5}-\d")   # NOM-2026-00, NMP/ASM-2026, TCG-2026-3


def as_date(text: str) -> dt.date | None:
    """The query as a date of birth, if it is one."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _compact(text: str) -> str:
    """An identifier as typed, compared without spaces and case; a UK phone number with +44 as 0."""
    value = re.sub(r"\s+", "", text).upper()
    digits = re.sub(r"[^\d]", "", value)
    if value.startswith("+44") and len(digits) >= 11:
        return "0" + digits[2:]
    return value


def _hit(kind: str, obj: Any, title: str, detail: str, why: str, status: Any = None) -> dict[str, Any]:
    return {"kind": kind, "id": obj.id, "reference": obj.reference, "title": title, "detail": detail,
            "status": getattr(status, "label", None) or getattr(status, "value", status) or "",
            "marking": obj.marking.value, "why": why}


def _snippet(text: str | None, needle: str, width: int = 90) -> str:
    """The part of a long text around what matched."""
    if not text:
        return ""
    at = text.casefold().find(needle.casefold())
    if at < 0 or len(text) <= width:
        return text[:width] + ("..." if len(text) > width else "")
    start = max(0, at - width // 3)
    return ("..." if start else "") + text[start:start + width] + ("..." if start + width < len(text) else "")


def _subjects(session: Session, text: str, limit: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, rows in registers.search(session, text, limit_per_kind=limit).items():
        out[kind] = [{"kind": kind, "id": r["id"], "reference": r["reference"], "title": r["name"], "detail": "",
                      "status": r["status"], "marking": r["marking"], "why": "reference, name or alias"}
                     for r in rows]
    return out


def _people_by_identifier_or_birth(session: Session, text: str, limit: int) -> list[dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    born = as_date(text)
    if born is not None:
        for n in session.scalars(select(Nominal).where(Nominal.date_of_birth == born).order_by(Nominal.reference)
                                 .limit(limit)):
            found[n.id] = _hit("nominal", n, n.name, f"born {born.strftime('%d/%m/%Y')}", "date of birth", n.status)
    compact = _compact(text)
    if (len(compact) >= 4 and born is None and any(c.isdigit() for c in compact)   # every identifier has a digit
            and not _REFERENCE.match(compact)):                                     # a record's reference has none
        stored = func.replace(func.upper(NominalIdentifier.value), " ", "")
        q = (select(NominalIdentifier.nominal_id, NominalIdentifier.kind, NominalIdentifier.value)
             .where(stored.contains(compact, autoescape=True)).limit(limit))
        idents = session.execute(q).all()
        people = {n.id: n for n in session.scalars(select(Nominal).where(
            Nominal.id.in_([i for i, _k, _v in idents])))}
        for nid, kind, value in idents:
            person = people.get(nid)
            if person is not None and nid not in found:
                found[nid] = _hit("nominal", person, person.name, f"{kind.value}: {value}", kind.value, person.status)
    return list(found.values())


#: records with a reference and free text: (kind, model, title of a row, its searchable text columns)
_RECORDS: list[tuple[str, Any, Callable[[Any], str], tuple[str, ...]]] = [
    ("assessment", Assessment, lambda a: f"{a.method.upper()} of {a.subject.reference} {a.subject.name}",
     ("summary",)),
    ("trigger", TriggerReport, lambda t: t.proposed_name or (t.subject.name if t.subject else "trigger report"),
     ("summary", "proposed_name")),
    ("requirement", IntelRequirement, lambda r: r.question, ("question",)),
    ("tasking", TaskingRequest, lambda t: f"{t.subject.reference} {t.subject.name}", ("objective",)),
    ("disruption", Disruption, lambda d: f"{d.tactic} ({d.subject.reference} {d.subject.name})",
     ("operation", "narrative", "tactic")),
    ("tcg_meeting", TcgMeeting, lambda m: f"T&CG meeting {m.held_on.strftime('%d/%m/%Y')}", ()),
]


def _records(session: Session, text: str, limit: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    upper = text.upper()
    for kind, model, title, columns in _RECORDS:
        conditions = [model.reference.contains(upper, autoescape=True)]
        if len(text) >= TEXT_MIN_LENGTH:
            conditions += [getattr(model, c).icontains(text, autoescape=True) for c in columns]
        hits = []
        for obj in session.scalars(select(model).where(or_(*conditions)).order_by(model.reference.desc())
                                   .limit(limit)):
            if upper in obj.reference.upper():
                why, detail = "reference", ""
            else:
                column = next(c for c in columns if text.casefold() in (getattr(obj, c) or "").casefold())
                why = "operation name" if column == "operation" else column.replace("_", " ")
                detail = _snippet(getattr(obj, column), text)
            hits.append(_hit(kind, obj, title(obj), detail, why, getattr(obj, "status", None)))
        if hits:
            out[kind] = hits
    return out


def search(session: Session, text: str, *, limit_per_kind: int = 25) -> dict[str, list[dict[str, Any]]]:
    """Everything this reader may see that matches `text`, grouped by kind (in KINDS order), at most
    `limit_per_kind` of each. Each hit: kind, id, reference, title, detail, status, marking, why."""
    text = (text or "").strip()
    if len(text) < MIN_LENGTH:
        return {}
    found = _subjects(session, text, limit_per_kind)
    extra = _people_by_identifier_or_birth(session, text, limit_per_kind)
    if extra:
        have = {h["id"] for h in found.get("nominal", [])}
        found["nominal"] = (found.get("nominal", []) + [h for h in extra if h["id"] not in have])[:limit_per_kind]
    found.update(_records(session, text, limit_per_kind))
    return {kind: found[kind] for kind in KINDS if found.get(kind)}
