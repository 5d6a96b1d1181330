"""Answers a scheme can take from the register, suggested with where they came from (issue #25).

Which factor takes what is data, not code: a prefill file per scheme (`resources/prefill/<id>.json`)
names, for each factor, a source the register provides and how its value becomes an answer:

    {"scheme": "ocgm-reference",
     "factors": {
        "members":    {"source": "member_count"},
        "activities": {"source": "crime_types", "map": {"COUNTY-LINES": "drugs_class_a", ...}},
        "violence":   {"source": "member_flags", "map": {"firearms": "firearms", ...}},
        "reach":      {"source": "reach_scope", "map": {"regional": "regional", ...}},
        "links":      {"source": "linked_groups", "bands": [[0, "none"], [1, "occasional"], ...]}}}

Sources: `member_count` (a number), `crime_types` (codes: every mapped one is selected), `member_flags`
(flags of the members: the highest mapped level), `reach_scope` (the group's reach: mapped), and
`linked_groups` (a count: the band it falls in). A file is checked against its scheme when loaded:
a factor, option or level it names that the scheme does not have is refused with the place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, ValidationError
from .schemes.model import FactorKind, Scheme

SOURCES = ("member_count", "crime_types", "member_flags", "reach_scope", "linked_groups")


@dataclass(frozen=True)
class RegisterFacts:
    """What the register holds about a subject, as a reader may see it."""
    reference: str
    kind: str
    member_count: int | None = None                       # groups: members shown in the register
    members: tuple[str, ...] = ()                         # their references
    crime_types: tuple[str, ...] = ()                     # codes
    member_flags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # flag -> members with it
    reach_scope: str | None = None
    linked_groups: tuple[str, ...] = ()                   # references


@dataclass(frozen=True)
class Suggestion:
    factor: str
    title: str
    answer: Any          # as the answers JSON takes it: a level key, a list of option keys, a number
    source: str          # where it came from, in words

    def to_json(self) -> dict[str, Any]:
        return {"factor": self.factor, "title": self.title, "answer": self.answer, "source": self.source}


@dataclass(frozen=True)
class Rules:
    scheme_id: str
    factors: Mapping[str, Mapping[str, Any]]


def check_rules(data: Any, scheme: Scheme, where: str) -> Rules:
    """A prefill file's content, checked against the scheme it is for."""
    def bad(message: str) -> ValidationError:
        return ValidationError(Problem("prefill", f"{where}: {message}"))
    if not isinstance(data, dict) or not isinstance(data.get("factors"), dict):
        raise bad('expected {"scheme": ID, "factors": {factor: {"source": ...}}}')
    if data.get("scheme") != scheme.id:
        raise bad(f"it is for {data.get('scheme')!r}, not {scheme.id}")
    for fid, rule in data["factors"].items():
        factor = scheme.factor(fid)
        if factor is None:
            raise bad(f"{fid}: not a factor of {scheme.ref}")
        if not isinstance(rule, dict) or rule.get("source") not in SOURCES:
            raise bad(f"{fid}: source must be one of {', '.join(SOURCES)}")
        if factor.kind is FactorKind.LEVEL:
            keys = {lv.key for lv in factor.levels}
        elif factor.kind is FactorKind.MULTI:
            keys = {o.key for o in factor.options}
        else:
            keys = set()
        targets = list((rule.get("map") or {}).values()) + [b[1] for b in rule.get("bands") or []]
        wrong = [t for t in targets if t not in keys]
        if wrong:
            raise bad(f"{fid}: {', '.join(map(repr, wrong))} is not a level or option of {factor.title}")
        if rule["source"] == "member_count" and factor.kind is not FactorKind.NUMBER:
            raise bad(f"{fid}: a count needs a number factor")
    return Rules(scheme.id, data["factors"])


def load_rules(path: Path, scheme: Scheme) -> Rules:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(Problem("prefill", f"{path.name}: cannot be read: {exc}")) from None
    return check_rules(data, scheme, path.name)


def _names(refs: tuple[str, ...], most: int = 4) -> str:
    return ", ".join(refs[:most]) + (f" and {len(refs) - most} more" if len(refs) > most else "")


def suggest(scheme: Scheme, rules: Rules, facts: RegisterFacts) -> list[Suggestion]:
    """Every answer the register gives for this scheme, in the scheme's order, with its source."""
    out = []
    for factor in scheme.factors:
        rule = rules.factors.get(factor.id)
        if rule is None:
            continue
        source, mapping = rule["source"], rule.get("map") or {}
        answer, words = None, ""
        if source == "member_count" and facts.member_count:
            answer = facts.member_count
            words = f"{facts.member_count} members of {facts.reference} in the register ({_names(facts.members)})"
        elif source == "crime_types":
            chosen = [(code, mapping[code]) for code in facts.crime_types if code in mapping]
            if chosen:
                keys = list(dict.fromkeys(key for _code, key in chosen))
                answer = keys
                words = f"crime types of {facts.reference}: {', '.join(code for code, _k in chosen)}"
        elif source == "member_flags":
            order = [lv.key for lv in factor.levels]
            found = [(order.index(mapping[f]), f) for f in facts.member_flags if f in mapping]
            if found:
                _rank, flag = max(found)
                answer = mapping[flag]
                words = f"members flagged {flag}: {_names(tuple(facts.member_flags[flag]))}"
        elif source == "reach_scope" and facts.reach_scope in mapping:
            answer = mapping[facts.reach_scope]
            words = f"the reach recorded for {facts.reference}: {facts.reach_scope}"
        elif source == "linked_groups":
            n = len(facts.linked_groups)
            bands = sorted(rule.get("bands") or [], key=lambda b: b[0])
            fitting = [key for at_least, key in bands if n >= at_least]
            if fitting:
                answer = fitting[-1]
                words = (f"{n} linked groups in the register ({_names(facts.linked_groups)})" if n else
                         f"no linked groups in the register for {facts.reference}")
        if answer is not None:
            out.append(Suggestion(factor.id, factor.title, answer, words))
    return out
