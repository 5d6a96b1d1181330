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



def _date_range(data: Mapping[str, Any], problems: list[Problem], backwards: str) -> dict[str, Any]:
    """date_from and date_to parsed (None where missing or wrong, with the problem noted), and
    `backwards` noted when the range ends before it begins."""
    dates: dict[str, Any] = {}
    for key in ("date_from", "date_to"):
        try:
            dates[key] = parse_date(data.get(key), key)
        except ValidationError as exc:
            problems.extend(exc.problems)
            dates[key] = None
    if dates["date_from"] and dates["date_to"] and dates["date_to"] < dates["date_from"]:
        problems.append(Problem("date_to", backwards))
    return dates

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
    out.update(_date_range(data, problems, "the link cannot end before it began"))
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


# ------------------------------------------------------------------ how a chart is drawn (screen, files, pack)

#: one visual vocabulary for the screen (Qt) and for print (reportlab): shapes by kind, colours and sizes
#: by role, line styles by kind of link
KIND_COLOURS = {GROUP: "#2d5f8b", VULNERABILITY: "#2f855a"}
ROLE_COLOURS = {"principal": "#b42318", "significant": "#dd6b20", "enabler": "#6b46c1", "peripheral": "#4a7c96",
                None: "#9aa5b1"}
ROLE_RADIUS = {"principal": 17.0, "significant": 14.0, "enabler": 12.0, "peripheral": 10.0, None: 10.0}
INK, MUTED_INK = "#1f2933", "#52606d"
SOLID, DASH, DOT = "solid", "dash", "dot"
EDGE_STYLES = {  # colour, width, line style
    MEMBER: ("#8796a5", 1.4, SOLID),
    GROUP_LINK: ("#2d5f8b", 3.0, SOLID),
    ASSOCIATE: ("#52606d", 1.4, DASH),
    EXPLOITS: ("#2f855a", 2.0, DOT),
}
NODE_KINDS = (GROUP, NOMINAL, VULNERABILITY)
EDGE_KINDS = (MEMBER, GROUP_LINK, ASSOCIATE, EXPLOITS)
KIND_LABELS = {GROUP: "Groups", NOMINAL: "Nominals", VULNERABILITY: "Vulnerabilities", MEMBER: "Memberships",
               GROUP_LINK: "Links between groups", ASSOCIATE: "Associations", EXPLOITS: "Exploitation"}
#: the legend, in order: (node kind, role, words) then (edge kind, words)
LEGEND_NODES = ((GROUP, None, "Group"), (NOMINAL, "principal", "Principal"), (NOMINAL, "significant", "Significant"),
                (NOMINAL, "enabler", "Enabler / facilitator"), (NOMINAL, "peripheral", "Peripheral"),
                (NOMINAL, None, "Associate (not a member)"), (VULNERABILITY, None, "Vulnerability"))
LEGEND_LINES = ((MEMBER, "Member of"), (GROUP_LINK, "Linked groups"), (ASSOCIATE, "Associates"),
                (EXPLOITS, "Exploits"))


def node_colour(kind: str, role: str | None) -> str:
    return KIND_COLOURS.get(kind) or ROLE_COLOURS.get(role, ROLE_COLOURS[None])


def node_size(kind: str, role: str | None) -> float:
    """A node's half-width in points (screen pixels at zoom 1)."""
    if kind == GROUP:
        return 22.0
    if kind == VULNERABILITY:
        return 15.0
    return ROLE_RADIUS.get(role, 10.0)


Box = tuple[float, float, float, float]


def place_labels(boxes: list[Box], order: list[int], *, cell: float = 64.0, fixed: int = 0) -> set[int]:
    """Which labels to draw so that none overlaps another: each box (left, top, right, bottom), taken
    in `order` (most important first), is kept when it overlaps no box kept before it; the first
    `fixed` of the order are kept whatever they overlap (obstacles: the records' shapes)."""
    return set(choose_label_places([[b] for b in boxes], order, cell=cell, fixed=fixed))


def choose_label_places(candidates: list[list[Box | None]], order: list[int], *, cell: float = 64.0,
                        fixed: int = 0) -> dict[int, int]:
    """Where to draw each label, if anywhere: item i may go in any of its `candidates[i]` boxes (say
    below its record, then above, right, left), tried in turn; items are taken in `order` (most
    important first) and get the first place that overlaps nothing kept before them (a place given as
    None is not offered: off the page). The first `fixed`
    of the order are kept in their first place whatever they overlap (obstacles: the records' shapes).
    Returns item -> the index of its place. A grid of `cell`-sized buckets keeps this near-linear."""
    chosen: dict[int, int] = {}
    grid: dict[tuple[int, int], list[Box]] = {}

    def cells(box: Box) -> list[tuple[int, int]]:
        left, top, right, bottom = box
        return [(cx, cy) for cx in range(int(left // cell), int(right // cell) + 1)
                for cy in range(int(top // cell), int(bottom // cell) + 1)]

    def free(box: Box) -> bool:
        left, top, right, bottom = box
        for c in cells(box):
            for ol, ot, orr, ob in grid.get(c, ()):
                if left < orr and ol < right and top < ob and ot < bottom:
                    return False
        return True

    for n, i in enumerate(order):
        for k, box in enumerate(candidates[i]):
            if box is None:   # a place that is not there (off the page)
                continue
            if n < fixed or free(box):
                chosen[i] = k
                for c in cells(box):
                    grid.setdefault(c, []).append(box)
                break
    return chosen


# ------------------------------------------------------------------ what a saved chart holds

MAX_LAYOUT_NAME = 100


@dataclass(frozen=True)
class ChartState:
    """How an analyst arranged a chart: where records were put (layout units, the chart's own), which
    kinds of record or link are hidden, which records are collapsed (their leaves folded in) or
    expanded (one more step out from them), and the date and marking filters. Saved with the subject
    (a saved layout) and applied to the chart built afresh, so a record deleted since, or one the
    reader may not see, simply is not there."""

    depth: int = 1
    layout: str | None = None
    positions: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    hidden_kinds: frozenset[str] = frozenset()
    collapsed: frozenset[str] = frozenset()
    expanded: frozenset[str] = frozenset()
    date_from: Any = None   # datetime.date | None: links dated wholly before it are left out
    date_to: Any = None     # datetime.date | None: links dated wholly after it are left out
    max_marking: Marking | None = None   # records and links marked above it are left out

    @property
    def filtered(self) -> bool:
        return bool(self.hidden_kinds or self.collapsed or self.date_from or self.date_to or self.max_marking)

    def references(self) -> set[str]:
        """Every record this state names."""
        return set(self.positions) | set(self.collapsed) | set(self.expanded)

    def to_json(self) -> dict[str, Any]:
        return {"depth": self.depth, "layout": self.layout,
                "positions": {k: [round(x, 5), round(y, 5)] for k, (x, y) in sorted(self.positions.items())},
                "hidden_kinds": sorted(self.hidden_kinds), "collapsed": sorted(self.collapsed),
                "expanded": sorted(self.expanded),
                "date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "max_marking": self.max_marking.value if self.max_marking else None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ChartState:
        """A state from its stored form, checked (every problem names its field)."""
        data = data or {}
        problems: list[Problem] = []
        try:
            depth = check_depth(int(data.get("depth") or 1))
        except (TypeError, ValueError):
            problems.append(Problem("depth", "a number of steps"))
            depth = 1
        except ValidationError as exc:
            problems.extend(exc.problems)
            depth = 1
        layout = data.get("layout") or None
        if layout not in (None, "network", "structure"):
            problems.append(Problem("layout", "network or structure"))
        positions: dict[str, tuple[float, float]] = {}
        for key, xy in dict(data.get("positions") or {}).items():
            try:
                x, y = (float(v) for v in xy)
            except (TypeError, ValueError):
                problems.append(Problem("positions", f"{key}: two numbers"))
                continue
            if not all(abs(v) < 1e6 for v in (x, y)):
                problems.append(Problem("positions", f"{key}: out of range"))
                continue
            positions[str(key)] = (x, y)
        hidden = frozenset(str(k) for k in data.get("hidden_kinds") or ())
        unknown = hidden - set(NODE_KINDS) - set(EDGE_KINDS)
        if unknown:
            problems.append(Problem("hidden_kinds", f"unknown kinds: {', '.join(sorted(unknown))}"))
        dates = _date_range(data, problems, "the period cannot end before it begins")
        max_marking = None
        if data.get("max_marking"):
            try:
                max_marking = parse_enum(Marking, data.get("max_marking"), "max_marking")
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError(problems)
        return cls(depth=depth, layout=layout, positions=positions, hidden_kinds=hidden,
                   collapsed=frozenset(str(k) for k in data.get("collapsed") or ()),
                   expanded=frozenset(str(k) for k in data.get("expanded") or ()),
                   date_from=dates["date_from"], date_to=dates["date_to"], max_marking=max_marking)


def check_layout_name(name: str | None) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise ValidationError(Problem("name", "name the layout (e.g. \"Briefing, March\")"))
    if len(text) > MAX_LAYOUT_NAME:
        raise ValidationError(Problem("name", f"at most {MAX_LAYOUT_NAME} characters"))
    return text


def period_overlaps(start: Any, end: Any, date_from: Any, date_to: Any) -> bool:
    """Whether a link dated `start`..`end` (either may be unknown) falls in the filter's period. An
    undated link is kept: nothing says it lies outside."""
    if date_from is not None and end is not None and end < date_from:
        return False
    if date_to is not None and start is not None and start > date_to:
        return False
    return True
