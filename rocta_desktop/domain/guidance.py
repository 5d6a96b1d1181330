"""Worked guidance for a scheme's factors (issue #25): plain words for a UK police analyst on what
each factor asks and where to look, and an example for every level (or option), kept beside the
scheme in `resources/guidance/<scheme id>.json`:

    {"scheme": "morile-reference",
     "factors": {"physical": {"guidance": "...", "examples": {"none": "...", "minor": "...", ...}},
                 "members":  {"guidance": "...", "example": "..."}}}

Why beside the scheme and not inside it: a scheme's text is stored with every assessment made with
it and identified by its SHA-256; changing one word of a shipped scheme would make it a different
scheme under the same version (refused by a workspace that has already stored it) and would need a
new version number, offered beside the old one. Guidance and examples help analysts answer; they
change no score, so they can be improved without a new scheme version, and `rocta verify` still
recomputes every stored result from the stored scheme text.

A guidance file is checked against its scheme when loaded: a factor, level or option it names that
the scheme does not have is refused with the place (a file written for another version of the scheme
is not silently half applied).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, ValidationError
from .schemes.model import Factor, FactorKind, Scheme


@dataclass(frozen=True)
class FactorGuidance:
    guidance: str = ""
    examples: Mapping[str, str] = None  # type: ignore[assignment]  # level or option key -> example
    example: str = ""                   # a number factor's one example

    def to_json(self) -> dict[str, Any]:
        return {"guidance": self.guidance, "examples": dict(self.examples or {}), "example": self.example}


@dataclass(frozen=True)
class Guidance:
    scheme_id: str
    factors: Mapping[str, FactorGuidance]

    def of(self, factor_id: str) -> FactorGuidance:
        return self.factors.get(factor_id) or FactorGuidance("", {}, "")

    def to_json(self) -> dict[str, dict[str, Any]]:
        return {k: v.to_json() for k, v in self.factors.items()}


def _keys(factor: Factor) -> list[str]:
    if factor.kind is FactorKind.LEVEL:
        return [lv.key for lv in factor.levels]
    if factor.kind is FactorKind.MULTI:
        return [o.key for o in factor.options]
    return []


def check_guidance(data: Any, scheme: Scheme, where: str) -> Guidance:
    def bad(message: str) -> ValidationError:
        return ValidationError(Problem("guidance", f"{where}: {message}"))
    if not isinstance(data, dict) or not isinstance(data.get("factors"), dict):
        raise bad('expected {"scheme": ID, "factors": {factor: {"guidance": ..., "examples": {...}}}}')
    if data.get("scheme") != scheme.id:
        raise bad(f"it is for {data.get('scheme')!r}, not {scheme.id}")
    out = {}
    for fid, entry in data["factors"].items():
        factor = scheme.factor(fid)
        if factor is None:
            raise bad(f"{fid}: not a factor of {scheme.ref}")
        if not isinstance(entry, dict) or set(entry) - {"guidance", "examples", "example"}:
            raise bad(f"{fid}: expected guidance, examples (by level or option) and, for a number, example")
        examples = entry.get("examples") or {}
        if not isinstance(examples, dict) or not all(isinstance(v, str) for v in examples.values()):
            raise bad(f"{fid}.examples: expected {{level or option: text}}")
        wrong = [k for k in examples if k not in _keys(factor)]
        if wrong:
            raise bad(f"{fid}: {', '.join(map(repr, wrong))} is not a level or option of {factor.title}")
        text, example = entry.get("guidance") or "", entry.get("example") or ""
        if not isinstance(text, str) or not isinstance(example, str):
            raise bad(f"{fid}: guidance and example must be text")
        out[fid] = FactorGuidance(text.strip(), {k: v.strip() for k, v in examples.items()}, example.strip())
    return Guidance(scheme.id, out)


def load_guidance(path: Path, scheme: Scheme) -> Guidance:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(Problem("guidance", f"{path.name}: cannot be read: {exc}")) from None
    return check_guidance(data, scheme, path.name)


def gaps(guidance: Guidance | None, scheme: Scheme) -> list[str]:
    """What a scheme's guidance leaves out: factors with no guidance (the scheme's or the file's) and
    levels or options with no example; a number factor with no example."""
    out = []
    for f in scheme.factors:
        g = guidance.of(f.id) if guidance is not None else FactorGuidance("", {}, "")
        if not (f.guidance or g.guidance):
            out.append(f"{f.id}: no guidance")
        if f.kind is FactorKind.NUMBER:
            if not g.example:
                out.append(f"{f.id}: no example")
            continue
        out += [f"{f.id}.{k}: no example" for k in _keys(f) if not (g.examples or {}).get(k)]
    return out
