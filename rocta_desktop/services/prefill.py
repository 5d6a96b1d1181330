"""Assessments fed by the register (issue #25): what the register holds about a subject, as the
reader may see it, and the answers a scheme takes from it (domain/prefill.py; the rules are data in
`resources/prefill/<scheme id>.json`). `rocta assess prefill` prints them with their sources."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.prefill import RegisterFacts, Rules, load_rules, suggest
from ..domain.schemes import Scheme
from ..store.models import CrimeType, Group, GroupCrimeType, GroupLink, GroupMember, Nominal, Subject
from .assessments import find_scheme


def prefill_folder() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "prefill"


def rules_for(scheme: Scheme) -> Rules | None:
    """The shipped prefill rules of a scheme (by its id), checked against it; None when it has none."""
    path = prefill_folder() / f"{scheme.id}.json"
    return load_rules(path, scheme) if path.is_file() else None


def _subject(session: Session, ident: int | str) -> Subject:
    """A subject by id or reference, as this reader may see it."""
    if isinstance(ident, str) and not ident.strip().isdigit():
        subject = session.scalar(select(Subject).where(Subject.reference == ident.strip().upper()))
    else:
        subject = session.get(Subject, int(ident))
    if subject is None:
        raise NotFound(f"no record {ident}")
    return subject


def register_facts(session: Session, ident: int | str) -> RegisterFacts:
    """What the register holds about a subject (by id or reference), as this reader may see it."""
    subject = _subject(session, ident)
    subject_id = subject.id
    if subject.kind == "nominal":
        flags = tuple(str(getattr(f, "value", f)) for f in (subject.flags or []))
        return RegisterFacts(subject.reference, "nominal", member_flags={f: (subject.reference,) for f in flags})
    if subject.kind != "group":
        return RegisterFacts(subject.reference, subject.kind)
    members = session.execute(select(Nominal.reference, Nominal.flags).join(
        GroupMember, GroupMember.nominal_id == Nominal.id).where(GroupMember.group_id == subject_id)
        .order_by(Nominal.reference)).all()
    flagged: dict[str, list[str]] = {}
    for ref, flags in members:
        for f in flags or []:
            flagged.setdefault(str(getattr(f, "value", f)), []).append(ref)
    crimes = tuple(session.scalars(select(CrimeType.code).join(GroupCrimeType, GroupCrimeType.crime_type_id == CrimeType.id)
                                   .where(GroupCrimeType.group_id == subject_id).order_by(CrimeType.code)))
    link_ids = set()
    for a, b in session.execute(select(GroupLink.group_a_id, GroupLink.group_b_id).where(
            or_(GroupLink.group_a_id == subject_id, GroupLink.group_b_id == subject_id))):
        link_ids.add(b if a == subject_id else a)
    linked = tuple(session.scalars(select(Group.reference).where(Group.id.in_(link_ids)).order_by(Group.reference)))
    reach = getattr(subject.reach_scope, "value", subject.reach_scope)
    return RegisterFacts(subject.reference, "group", member_count=len(members), members=tuple(r for r, _f in members),
                         crime_types=crimes, member_flags={k: tuple(v) for k, v in flagged.items()},
                         reach_scope=reach, linked_groups=linked)


def suggestions(session: Session, subject: int | str, scheme_ref: str) -> dict[str, Any]:
    """The answers `scheme_ref` takes from the register for this subject (id or reference), each with
    its source."""
    scheme = find_scheme(session, scheme_ref)
    facts = register_facts(session, subject)
    rules = rules_for(scheme)
    found = suggest(scheme, rules, facts) if rules is not None else []
    return {"subject": facts.reference, "scheme": scheme.ref, "has_rules": rules is not None,
            "suggestions": [s.to_json() for s in found]}
