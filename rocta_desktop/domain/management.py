"""The management level a subject's latest approved results suggest (issue #25), by a rule that is
data, not code: a file per scheme (`resources/levels/<scheme id>.json`, or the region's own rule kept
in the workspace) maps the scheme's headline bands, or its priorities, to a level:

    {"scheme": "ocgm-reference", "from": "band",
     "levels": {"Band A": "national", "Band B": "regional", "Band C": "regional", "Band D": "local"}}

    {"scheme": "morile-reference", "from": "priority",
     "levels": {"P1": "national", "P2": "regional", "P3": "local", "P4": "local"}}

Every band (or priority) of the scheme must be mapped, to local, regional or national; a rule is
checked against its scheme when loaded and refused with the place otherwise.

A result left as a range by unknown answers ("Band C to Band B") may map to more than one level:
the region's range rule (the one the priority list uses) picks the least senior, the middle (the
more senior of two) or the most senior. With results of several methods, the most senior level
suggested applies, and the words say which result gave it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, ValidationError
from .schemes.model import Scheme
from .subjects import ManagementLevel
from .tasking import RangeRule

ORDER = (ManagementLevel.LOCAL, ManagementLevel.REGIONAL, ManagementLevel.NATIONAL)
SOURCES = ("band", "priority")


@dataclass(frozen=True)
class LevelRule:
    scheme_id: str
    source: str                               # "band" or "priority"
    levels: Mapping[str, ManagementLevel]     # band label or priority -> level
    note: str = ""
    origin: str = "shipped"                   # "shipped" or "region"

    def to_json(self) -> dict[str, Any]:
        return {"scheme": self.scheme_id, "from": self.source, "levels": {k: v.value for k, v in self.levels.items()},
                "note": self.note}


def check_rule(data: Any, scheme: Scheme, where: str, origin: str = "shipped") -> LevelRule:
    """A level rule's content, checked against the scheme it is for."""
    def bad(message: str) -> ValidationError:
        return ValidationError(Problem("level_rule", f"{where}: {message}"))
    if not isinstance(data, dict) or not isinstance(data.get("levels"), dict):
        raise bad('expected {"scheme": ID, "from": "band" or "priority", "levels": {...: "local"}}')
    if data.get("scheme") != scheme.id:
        raise bad(f"it is for {data.get('scheme')!r}, not {scheme.id}")
    source = data.get("from")
    if source not in SOURCES:
        raise bad(f"'from' must be one of {', '.join(SOURCES)}, not {source!r}")
    if source == "band":
        labels = [b.label for b in scheme.band_set(scheme.outcome.band).bands]
    else:
        if not scheme.outcome.priority:
            raise bad(f"{scheme.ref} gives no priority: take the level from its band instead")
        labels = list(scheme.matrix(scheme.outcome.priority).outcomes)
    unknown = [k for k in data["levels"] if k not in labels]
    if unknown:
        raise bad(f"{', '.join(map(repr, unknown))} is not a {source} of {scheme.ref} ({', '.join(labels)})")
    missing = [k for k in labels if k not in data["levels"]]
    if missing:
        raise bad(f"every {source} needs a level; missing: {', '.join(missing)}")
    levels = {}
    for k in labels:
        try:
            levels[k] = ManagementLevel(data["levels"][k])
        except ValueError:
            raise bad(f"{k}: {data['levels'][k]!r} is not one of local, regional, national") from None
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise bad("'note' must be text")
    return LevelRule(scheme.id, source, levels, note, origin)


def load_rule(path: Path, scheme: Scheme) -> LevelRule:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(Problem("level_rule", f"{path.name}: cannot be read: {exc}")) from None
    return check_rule(data, scheme, path.name)


@dataclass(frozen=True)
class Basis:
    """One approved result a suggestion rests on."""
    reference: str
    method: str
    labels: tuple[str, ...]          # the band(s) or priority(ies) it could be in, least serious first
    source: str                      # "band" or "priority"
    possible: tuple[ManagementLevel, ...]
    level: ManagementLevel
    words: str

    def to_json(self) -> dict[str, Any]:
        return {"reference": self.reference, "method": self.method, "from": self.source, "labels": list(self.labels),
                "possible": [lv.value for lv in self.possible], "level": self.level.value, "why": self.words}


@dataclass(frozen=True)
class Suggestion:
    level: ManagementLevel | None
    why: str
    basis: tuple[Basis, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level.value if self.level else None, "why": self.why,
                "basis": [b.to_json() for b in self.basis]}


def _pick(possible: Sequence[ManagementLevel], rule: RangeRule) -> ManagementLevel:
    ordered = sorted(set(possible), key=ORDER.index)
    if rule is RangeRule.LOWER:
        return ordered[0]
    if rule is RangeRule.UPPER:
        return ordered[-1]
    return ordered[len(ordered) // 2]


def basis_for(reference: str, method: str, rule: LevelRule, result: Mapping[str, Any],
              range_rule: RangeRule) -> Basis | None:
    """What one stored result (its `Result.to_json()`) suggests under a rule; None when the result
    gives nothing the rule reads."""
    labels = tuple(result.get("band") if rule.source == "band" else result.get("priority") or ())
    possible = tuple(dict.fromkeys(rule.levels[lb] for lb in labels if lb in rule.levels))
    if not possible:
        return None
    level = _pick(possible, range_rule)
    shown = " to ".join(dict.fromkeys((labels[0], labels[-1])))
    words = f"{method} {reference}: {shown} \u2192 {level.value}"
    if len(possible) > 1:
        words += (f" (unknown answers leave it {' or '.join(p.value for p in sorted(possible, key=ORDER.index))}; "
                  f"the region ranks a range by {range_rule.label})")
    return Basis(reference, method, labels, rule.source, possible, level, words)


def combine(bases: Sequence[Basis]) -> Suggestion:
    """The most senior level the results suggest, and why."""
    if not bases:
        return Suggestion(None, "No approved assessment gives a level yet: the level is suggested once an "
                                "assessment of this subject is approved.")
    top = max(bases, key=lambda b: ORDER.index(b.level))
    why = "; ".join(b.words for b in bases)
    if len(bases) > 1:
        why += f". The more senior level applies: {top.level.value} (from {top.method})."
    else:
        why += "."
    return Suggestion(top.level, why, tuple(bases))
