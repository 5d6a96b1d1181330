"""Link charts and network analysis: the terms, the rules for a vulnerability's "missing links" (who
exploits it), and the plain words that explain a network measure to an analyst.

Pure Python: the services build the network (networkx) from the register; the screen and the
exports draw or write what they are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, ValidationError
from .intel import parse_grading
from .markings import Marking
from .subjects import parse_date, parse_enum

# node kinds
GROUP, NOMINAL, VULNERABILITY = "group", "nominal", "vulnerability"
# edge kinds
MEMBER, ASSOCIATE, GROUP_LINK, EXPLOITS = "member", "associate", "group_link", "exploits"

EDGE_LABELS = {MEMBER: "member of", ASSOCIATE: "associate of", GROUP_LINK: "linked group",
               EXPLOITS: "exploits"}

#: the layer of each node in a structure chart, top to bottom: the chart's record; the group's leaders
#: (principals, significant members); its other members (enablers, peripheral); the groups and
#: vulnerabilities it is linked to; everyone else the chart reaches (associates, other groups' members)
STRUCTURE_LAYERS = {"start": 0, "principal": 1, "significant": 1, "enabler": 2, "peripheral": 2, "linked": 3,
                    "other": 4}
ROLE_ORDER = ("principal", "significant", "enabler", "peripheral")

MAX_DEPTH = 2
_GRADING_KEYS = ("source_evaluation", "intel_assessment", "handling_code", "handling_conditions")


def validate_exploitation(data: Mapping[str, Any]) -> dict[str, Any]:
    """The clean fields of a vulnerability link, or every problem, each naming its field. The grading
    (3x5x2) is all or none: an ungraded link is allowed, half a grading is not."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    nature = str(data.get("nature") or "").strip()
    if len(nature) > 200:
        problems.append(Problem("nature", "at most 200 characters"))
    out["nature"] = nature or None
    source = str(data.get("source") or "").strip()
    if len(source) > 200:
        problems.append(Problem("source", "at most 200 characters"))
    out["source"] = source or None
    for key in ("date_from", "date_to"):
        try:
            out[key] = parse_date(data.get(key), key)
        except ValidationError as exc:
            problems.extend(exc.problems)
            out[key] = None
    if out["date_from"] and out["date_to"] and out["date_to"] < out["date_from"]:
        problems.append(Problem("date_to", "the link cannot end before it began"))
    try:
        out["marking"] = parse_enum(Marking, data.get("marking") or Marking.OFFICIAL, "marking")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if any(str(getattr(data.get(k), "value", data.get(k)) or "").strip() for k in _GRADING_KEYS):
        grading, graded = parse_grading(data)
        problems.extend(graded)
        if grading is not None:
            out.update(source_evaluation=grading.source, intel_assessment=grading.assessment,
                       handling_code=grading.handling, handling_conditions=grading.conditions or None)
    else:
        out.update(source_evaluation=None, intel_assessment=None, handling_code=None, handling_conditions=None)
    if problems:
        raise ValidationError(problems)
    return out


def check_depth(depth: int) -> int:
    if depth not in range(1, MAX_DEPTH + 1):
        raise ValidationError(Problem("depth", f"a chart reaches 1 or {MAX_DEPTH} steps from its record"))
    return depth


# ------------------------------------------------------------------ measures, in plain words

@dataclass(frozen=True)
class KeyPerson:
    """One entry of the ranked list beside a chart: who, and why they matter, in words."""
    node: str
    reference: str
    label: str
    kind: str
    score: float
    degree: int
    betweenness: float
    groups: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())


def explain(*, label: str, degree: int, betweenness: float, groups: tuple[str, ...], people: int) -> tuple[str, ...]:
    """Why a person stands out in the chart, one sentence per measure worth saying."""
    reasons = []
    if len(groups) > 1:
        reasons.append(f"Member of {len(groups)} groups ({', '.join(groups)}): a bridge between them.")
    if betweenness >= 0.05 and people > 2:
        share = round(betweenness * 100)
        reasons.append(f"On {share}% of the shortest paths between others: a go-between; without them the "
                       "network splits or slows.")
    if degree:
        reasons.append(f"Directly linked to {degree} record{'s' if degree != 1 else ''} here (groups, "
                       "associates, vulnerabilities).")
    return tuple(reasons) or (f"{label} has no links on this chart.",)
