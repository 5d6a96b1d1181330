"""Link charts: the network around one record (a group, a nominal or a vulnerability), built with
networkx from the register as this reader may see it, with its measures and its layout; the view an
analyst makes of it (hidden kinds, collapsed and expanded records, date and marking filters, moved
records) and the layouts they save with the subject.

What a chart holds: the record, then everything within `depth` steps (1 or 2) along memberships (with
roles), associations between nominals, links between groups and vulnerability links (who exploits
what), one step more from each record the analyst expanded, and then every such link between the
records on the chart. The session is filtered for need to know (services/access.py), so a record or
link the reader may not see is simply absent; the chart carries the highest marking of what it shows.

Layouts: igraph's Fruchterman-Reingold for a network (seeded: the same chart is drawn the same way;
0.2 s for 2,000 records and 6,000 links where networkx's spring layout needs SciPy); for a group's
structure, bands by role (`layered`), wide bands wrapped onto several rows. Betweenness is igraph's, exact.
Positions are plain numbers in [-1, 1]; the screen and the exports scale them. networkx and igraph are
imported when a chart is first built, not when the application starts.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, with_polymorphic

from ..domain import clock
from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.markings import Marking, highest
from ..domain.network import (
    ASSOCIATE,
    EDGE_LABELS,
    EXPLOITS,
    GROUP,
    GROUP_LINK,
    MEMBER,
    NOMINAL,
    STRUCTURE_LAYERS,
    VULNERABILITY,
    ChartState,
    KeyPerson,
    check_depth,
    check_layout_name,
    explain,
    period_overlaps,
)
from ..domain.subjects import MemberRole
from ..domain.users import Permission
from ..store.models import (
    ChartLayout,
    Group,
    GroupLink,
    GroupMember,
    Nominal,
    NominalAssociation,
    Subject,
    User,
    Vulnerability,
    VulnerabilityLink,
)
from . import access
from .permissions import require

if TYPE_CHECKING:
    import networkx as nx

NETWORK, STRUCTURE = "network", "structure"
LAYOUTS = (NETWORK, STRUCTURE)
_ROLE_RANK = {MemberRole.PRINCIPAL: 0, MemberRole.SIGNIFICANT: 1, MemberRole.ENABLER: 2, MemberRole.PERIPHERAL: 3}
_LAYOUT_SEED = 7


@dataclass(frozen=True)
class ChartNode:
    key: str                    # the record's reference (also its GraphML node id)
    id: int
    kind: str                   # group / nominal / vulnerability
    reference: str
    label: str
    marking: Marking
    role: str | None = None     # a nominal's role: in the chart's group, else their most senior on the chart
    roles: dict[str, str] = field(default_factory=dict)   # group reference -> role
    flags: tuple[str, ...] = ()
    x: float = 0.0
    y: float = 0.0
    layer: int = 0
    start: bool = False
    status: str = ""
    attributes: tuple[tuple[str, str], ...] = ()   # (name, value) for exports (i2's attribute columns)
    folded: int = 0             # records folded into this one (collapsed)


@dataclass(frozen=True)
class ChartEdge:
    a: str
    b: str
    kind: str                   # member / associate / group_link / exploits
    nature: str = ""
    marking: Marking | None = None   # vulnerability links carry their own
    date_from: Any = None            # datetime.date: a membership's "since", an exploitation's period
    date_to: Any = None
    grading: str = ""                # 3x5x2 of a vulnerability link ("2B P")
    source: str = ""

    @property
    def label(self) -> str:
        return self.nature or EDGE_LABELS[self.kind]


@dataclass(frozen=True)
class Chart:
    start: str
    title: str
    depth: int
    layout: str
    nodes: tuple[ChartNode, ...]
    edges: tuple[ChartEdge, ...]
    key_people: tuple[KeyPerson, ...]
    marking: Marking
    left_out: Mapping[str, int] = field(default_factory=dict)   # what the view left out, by reason
    layout_name: str | None = None   # the saved layout applied, if any

    def node(self, key: str) -> ChartNode:
        return next(n for n in self.nodes if n.key == key)

    @property
    def counts(self) -> dict[str, int]:
        out = {"records": len(self.nodes), "links": len(self.edges)}
        for kind, plural in ((GROUP, "groups"), (NOMINAL, "nominals"), (VULNERABILITY, "vulnerabilities")):
            out[plural] = sum(n.kind == kind for n in self.nodes)
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["marking"] = self.marking.value
        for n in d["nodes"]:
            n["marking"] = n["marking"].value
        for e in d["edges"]:
            e["marking"] = e["marking"].value if e["marking"] else None
        d["left_out"] = dict(self.left_out)
        return d


# ------------------------------------------------------------------ gathering what the reader may see

def _step(session: Session, frontier: set[int]) -> set[int]:
    """The records one link away from any in `frontier` (filtered: only what the reader may see)."""
    ids = sorted(frontier)
    found: set[int] = set()
    for a, b in session.execute(select(GroupMember.group_id, GroupMember.nominal_id).where(
            or_(GroupMember.group_id.in_(ids), GroupMember.nominal_id.in_(ids)))):
        found.update((a, b))
    for a, b in session.execute(select(GroupLink.group_a_id, GroupLink.group_b_id).where(
            or_(GroupLink.group_a_id.in_(ids), GroupLink.group_b_id.in_(ids)))):
        found.update((a, b))
    for a, b in session.execute(select(NominalAssociation.nominal_a_id, NominalAssociation.nominal_b_id).where(
            or_(NominalAssociation.nominal_a_id.in_(ids), NominalAssociation.nominal_b_id.in_(ids)))):
        found.update((a, b))
    for a, b in session.execute(select(VulnerabilityLink.vulnerability_id, VulnerabilityLink.exploiter_id).where(
            or_(VulnerabilityLink.vulnerability_id.in_(ids), VulnerabilityLink.exploiter_id.in_(ids)))):
        found.update((a, b))
    return found


def _reach(session: Session, start: int, depth: int, expanded: Iterable[str] = ()) -> set[int]:
    """The start, everything within `depth` steps of it, and one step more from each expanded record
    that is itself on the chart (an expansion reached through another expansion included)."""
    seen, frontier = {start}, {start}
    for _ in range(depth):
        new = _step(session, frontier) - seen
        if not new:
            break
        seen |= new
        frontier = new
    wanted = sorted(set(expanded))
    if wanted:
        ids = dict(session.execute(select(Subject.reference, Subject.id).where(Subject.reference.in_(wanted))).all())
        done: set[int] = set()
        while True:
            todo = {i for i in ids.values() if i in seen} - done
            if not todo:
                break
            seen |= _step(session, todo)
            done |= todo
    return seen


def _attributes(s: Subject) -> tuple[tuple[str, str], ...]:
    out = [("status", s.status.value)]
    if isinstance(s, Group):
        out.append(("management level", s.management_level.value if s.management_level else ""))
    elif isinstance(s, Nominal):
        out += [("date of birth", f"{s.date_of_birth:%d/%m/%Y}" if s.date_of_birth else ""),
                ("nationality", s.nationality or ""), ("flags", ", ".join(s.flags or ()))]
    elif isinstance(s, Vulnerability):
        out += [("category", s.category.value if s.category else ""), ("location", s.location or "")]
    return tuple((k, v) for k, v in out if v)


def _graph(session: Session, start: Subject, depth: int, expanded: Iterable[str] = ()) -> nx.Graph:
    """The chart's graph: one node per record (keyed by reference), every link among them."""
    import networkx as nx

    ids = sorted(_reach(session, start.id, depth, expanded))
    every = with_polymorphic(Subject, [Group, Nominal, Vulnerability])   # one query, not one per record
    subjects = {s.id: s for s in session.scalars(select(every).where(every.id.in_(ids)))}
    g = nx.Graph()
    for sid in ids:
        s = subjects.get(sid)
        if s is None:   # a link to a record this reader may not see is filtered out with it; belt and braces
            continue
        g.add_node(s.reference, id=s.id, kind=s.kind, label=s.name, marking=s.marking, roles={},
                   flags=tuple(getattr(s, "flags", None) or ()), status=s.status.value, attributes=_attributes(s))
    ref = {sid: s.reference for sid, s in subjects.items()}
    inside = list(ref)
    for gid, nid, role, since in session.execute(select(
            GroupMember.group_id, GroupMember.nominal_id, GroupMember.role, GroupMember.since).where(
            GroupMember.group_id.in_(inside), GroupMember.nominal_id.in_(inside))):
        g.nodes[ref[nid]]["roles"][ref[gid]] = role
        nature = role.label + (f" since {since:%d/%m/%Y}" if since else "")
        g.add_edge(ref[gid], ref[nid], kind=MEMBER, nature=nature, marking=None, date_from=since, date_to=None,
                   grading="", source="")
    for a, b, nature in session.execute(select(GroupLink.group_a_id, GroupLink.group_b_id, GroupLink.nature).where(
            GroupLink.group_a_id.in_(inside), GroupLink.group_b_id.in_(inside))):
        g.add_edge(ref[a], ref[b], kind=GROUP_LINK, nature=nature or "", marking=None, date_from=None,
                   date_to=None, grading="", source="")
    for a, b, nature in session.execute(select(
            NominalAssociation.nominal_a_id, NominalAssociation.nominal_b_id, NominalAssociation.nature).where(
            NominalAssociation.nominal_a_id.in_(inside), NominalAssociation.nominal_b_id.in_(inside))):
        g.add_edge(ref[a], ref[b], kind=ASSOCIATE, nature=nature or "", marking=None, date_from=None,
                   date_to=None, grading="", source="")
    for link in session.scalars(select(VulnerabilityLink).where(
            VulnerabilityLink.vulnerability_id.in_(inside), VulnerabilityLink.exploiter_id.in_(inside))):
        when = " - ".join(f"{d:%m/%Y}" if d else "?" for d in (link.date_from, link.date_to)) \
            if (link.date_from or link.date_to) else ""
        grading = _grading(link)
        nature = "; ".join(x for x in (link.nature or "exploits", when, f"graded {grading}" if grading else "") if x)
        g.add_edge(ref[link.exploiter_id], ref[link.vulnerability_id], kind=EXPLOITS, nature=nature,
                   marking=link.marking, date_from=link.date_from, date_to=link.date_to, grading=grading,
                   source=link.source or "")
    return g


def _grading(link: VulnerabilityLink) -> str:
    if link.source_evaluation is None:
        return ""
    return f"{link.source_evaluation.value}{link.intel_assessment.value} {link.handling_code.value}"


# ------------------------------------------------------------------ measures

def _igraph(g: nx.Graph) -> tuple[Any, list[str]]:
    import igraph as ig

    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    return ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges]), nodes


def betweenness(g: nx.Graph) -> dict[str, float]:
    """Normalised betweenness (as networkx's: the share of shortest paths between other pairs through
    each record), computed exactly by igraph (0.25 s for 2,000 records and 6,000 links)."""
    n = g.number_of_nodes()
    if n < 3:
        return dict.fromkeys(g.nodes, 0.0)
    h, nodes = _igraph(g)
    norm = 2.0 / ((n - 1) * (n - 2))
    return {k: v * norm for k, v in zip(nodes, h.betweenness(directed=False))}


def key_people(g: nx.Graph, *, top: int = 15) -> tuple[KeyPerson, ...]:
    """The people (nominals) who matter most to the network's shape, ranked: first by betweenness (how
    often they sit between others), then by degree (direct links), then by how many groups they are in."""
    if g.number_of_nodes() == 0:
        return ()
    between = betweenness(g)
    people = [n for n, d in g.nodes(data=True) if d["kind"] == NOMINAL]
    ranked = []
    for n in people:
        d = g.nodes[n]
        groups = tuple(sorted(d["roles"]))
        degree = g.degree(n)
        b = round(between.get(n, 0.0), 4)
        ranked.append(KeyPerson(node=n, reference=n, label=d["label"], kind=d["kind"],
                                score=round(b + 0.01 * degree + 0.05 * max(len(groups) - 1, 0), 4),
                                degree=degree, betweenness=b, groups=groups,
                                reasons=explain(label=d["label"], degree=degree, betweenness=b, groups=groups,
                                                people=len(people))))
    ranked.sort(key=lambda k: (-k.betweenness, -k.degree, -len(k.groups), k.reference))
    return tuple(ranked[:top])


# ------------------------------------------------------------------ layout

def _layer(d: dict[str, Any], start_ref: str, start_kind: str) -> int:
    if d.get("start"):
        return STRUCTURE_LAYERS["start"]
    role = d["roles"].get(start_ref) if start_kind == GROUP else None
    if role is not None:
        return STRUCTURE_LAYERS[role.value]
    return STRUCTURE_LAYERS["linked" if d["kind"] in (GROUP, VULNERABILITY) else "other"]


def _in_layer_order(item: tuple[str, dict[str, Any]]) -> tuple[Any, ...]:
    """Within a layer: the most senior role first, then groups before vulnerabilities, then by name."""
    key, d = item
    rank = min((_ROLE_RANK[r] for r in d["roles"].values()), default=len(_ROLE_RANK))
    return d["layer"], rank, d["kind"], d["label"], key


def spring(g: nx.Graph, *, seed: int = _LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """igraph's Fruchterman-Reingold, seeded (its random numbers, the starting positions included, from
    a private generator: the same chart is always drawn the same way), centred and scaled into [-1, 1].
    A chart in pieces (a view with links left out; another tool's graph) has each piece laid out on its
    own and the pieces set side by side, largest first: Fruchterman-Reingold alone would push them apart
    until the chart is a dot among strays."""
    import random

    import igraph as ig

    h, nodes = _igraph(g)
    ig.set_random_number_generator(random.Random(seed))
    try:
        pieces = sorted(h.connected_components(), key=lambda c: (-len(c), c[0]))
        placed: dict[int, tuple[float, float]] = {}
        boxes = []
        for piece in pieces:
            if len(piece) == 1:
                coords = [(0.0, 0.0)]
            elif len(pieces) == 1:
                coords = h.layout_fruchterman_reingold(niter=500 if len(nodes) <= 5000 else 200).coords
            else:
                coords = h.subgraph(piece).layout_fruchterman_reingold(niter=500 if len(piece) <= 5000 else 200).coords
            xs, ys = [c[0] for c in coords], [c[1] for c in coords]
            x0, y0 = min(xs), min(ys)
            boxes.append((piece, [(x - x0, y - y0) for x, y in coords], max(xs) - x0, max(ys) - y0))
    finally:
        ig.set_random_number_generator(random)
    # shelves: pieces left to right, a new row when the row is as wide as the whole will be tall
    gap = 2.0
    width = max(boxes[0][2], math.sqrt(sum((w + gap) * (h_ + gap) for _, _, w, h_ in boxes)))
    x = y = row_h = 0.0
    for piece, coords, w, h_ in boxes:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for i, (cx, cy) in zip(piece, coords):
            placed[i] = (x + cx, y + cy)
        x += w + gap
        row_h = max(row_h, h_)
    return _rescale({nodes[i]: xy for i, xy in placed.items()})


def _rescale(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    if not pos:
        return {}
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    span = max(max(abs(x - cx), abs(y - cy)) for x, y in pos.values()) or 1.0
    return {k: ((x - cx) / span, (y - cy) / span) for k, (x, y) in pos.items()}


def layered(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """A structure chart: one band per layer (`_layer`), top to bottom, each in role order; a layer too
    wide for one row (more than about 1.5 x the square root of the chart's size, at least 8) wraps onto
    rows beneath, alternate rows set half a place over so the lines to the row above pass between
    records. Centred and scaled into [-1, 1] (x and y alike)."""
    layers: dict[int, list[str]] = {}
    for key, d in sorted(g.nodes(data=True), key=_in_layer_order):
        layers.setdefault(d["layer"], []).append(key)
    per_row = max(8, math.ceil(1.5 * math.sqrt(g.number_of_nodes())))
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for layer in sorted(layers):
        keys = layers[layer]
        rows = [keys[i:i + per_row] for i in range(0, len(keys), per_row)]
        for r, row in enumerate(rows):
            shift = 0.5 if (r % 2 and len(rows) > 1) else 0.0
            for i, key in enumerate(row):
                pos[key] = (i - (len(row) - 1) / 2 + shift, y)
            y += 1.0
        y += 0.5   # a wider gap between layers than between the rows of one
    return _rescale(pos)


def layout(g: nx.Graph, how: str, start_ref: str) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1] (y grows downwards for the screen)."""
    if g.number_of_nodes() == 1:
        return {start_ref: (0.0, 0.0)}
    if how == STRUCTURE:
        return layered(g)
    return spring(g)


def typical_gap(points: Iterable[tuple[float, float]], *, share: float = 0.2) -> float:
    """The distance to the nearest neighbour that `share` of the points are closer than (from a sample
    of 200 points, with NumPy: a few milliseconds for 2,000 points), or 0 when there are fewer than two."""
    import numpy as np

    pts = np.asarray(list(points), dtype=float)
    if len(pts) < 2:
        return 0.0
    sample = pts[:: max(1, len(pts) // 200)]
    d = np.hypot(sample[:, None, 0] - pts[None, :, 0], sample[:, None, 1] - pts[None, :, 1])
    d[d < 1e-9] = np.inf   # the point itself (and any on top of it)
    near = np.sort(d.min(axis=1))
    near = near[np.isfinite(near)]
    return float(near[int(len(near) * share)]) if len(near) else 0.0


def place_new(g: nx.Graph, keep: Mapping[str, tuple[float, float]],
              fresh: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions for a chart grown from one already arranged (an expansion): the records already placed
    stay where they are; each new one goes on a ring around the placed record it hangs from (the
    ring wider the more it carries), the rest where the fresh layout put them."""
    kept = {k: tuple(v) for k, v in keep.items() if k in g}
    if not kept:
        return dict(fresh)
    gap = (typical_gap(kept.values()) or 0.2) * 1.6
    out: dict[str, tuple[float, float]] = dict(kept)
    rings: dict[str, list[str]] = {}
    for n in sorted(g.nodes):
        if n in kept:
            continue
        anchors = sorted(a for a in g.neighbors(n) if a in kept)
        if anchors:
            rings.setdefault(anchors[0], []).append(n)
    cx = sum(x for x, _ in kept.values()) / len(kept)
    cy = sum(y for _, y in kept.values()) / len(kept)
    for anchor, new in rings.items():
        ax, ay = kept[anchor]
        away = math.atan2(ay - cy, ax - cx) if (ax, ay) != (cx, cy) else 0.0
        radius = gap * max(1.0, len(new) / 6)
        arc = min(2 * math.pi, max(math.pi / 2, len(new) * gap / radius))   # fanned out away from the centre
        for i, n in enumerate(new):
            angle = away + (arc * ((i + 0.5) / len(new) - 0.5) if len(new) > 1 else 0.0)
            out[n] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
    for n in g.nodes:   # reached through another new record: near it
        if n not in out:
            nb = next((out[a] for a in g.neighbors(n) if a in out), None)
            out[n] = (nb[0] + gap, nb[1] + gap) if nb else fresh.get(n, (0.0, 0.0))
    return out


# ------------------------------------------------------------------ the chart

def build_chart(session: Session, subject_id: int, *, depth: int = 1, layout_as: str | None = None,
                top: int = 15, expanded: Iterable[str] = (),
                keep: Mapping[str, tuple[float, float]] | None = None) -> Chart:
    """The chart around one record, as this reader may see it. `layout_as`: "network" (spring) or
    "structure" (layered by role: a group's own chart by default). `expanded`: references of records
    to reach one step further from. `keep`: positions already given (the chart on screen, a saved
    layout): those records stay put, new ones are placed around them."""
    check_depth(depth)
    start = session.get(Subject, subject_id)
    if start is None:
        raise NotFound(f"no record with id {subject_id}")
    how = layout_as or (STRUCTURE if start.kind == GROUP else NETWORK)
    if how not in LAYOUTS:
        raise ValidationError(Problem("layout", f"choose one of: {', '.join(LAYOUTS)}"))
    g = _graph(session, start, depth, expanded)
    return chart_from_graph(g, start.reference, title=f"{start.reference} {start.name}", depth=depth, how=how,
                            keep=keep, top=top)


def chart_from_graph(g: nx.Graph, start_ref: str, *, title: str, depth: int = 1, how: str = NETWORK,
                     keep: Mapping[str, tuple[float, float]] | None = None, top: int = 15) -> Chart:
    """A chart from its graph (nodes keyed by reference with id, kind, label, marking, roles, flags,
    status and attributes; links with kind, nature, marking, dates, grading and source): laid out,
    measured and marked. `build_chart` gathers the graph from the register; the benchmark makes one."""
    start_kind = g.nodes[start_ref]["kind"]
    g.nodes[start_ref]["start"] = True
    for _, d in g.nodes(data=True):
        d["layer"] = _layer(d, start_ref, start_kind)
    pos = layout(g, how, start_ref)
    if keep:
        pos = place_new(g, keep, pos)
    nodes = []
    for n, d in g.nodes(data=True):
        roles = d["roles"]
        role = roles.get(start_ref) if start_kind == GROUP else None
        if role is None and roles:
            role = min(roles.values(), key=lambda r: _ROLE_RANK[r])
        x, y = pos[n]
        nodes.append(ChartNode(key=n, id=d["id"], kind=d["kind"], reference=n, label=d["label"],
                               marking=d["marking"], role=role.value if role else None,
                               roles={k: v.value for k, v in sorted(roles.items())}, flags=d.get("flags", ()),
                               x=round(x, 5), y=round(y, 5), layer=d["layer"], start=bool(d.get("start")),
                               status=d.get("status", ""), attributes=d.get("attributes", ())))
    nodes.sort(key=lambda n: (not n.start, n.layer, n.kind, n.reference))
    edges = tuple(sorted((ChartEdge(a=min(a, b), b=max(a, b), kind=d["kind"], nature=d.get("nature", ""),
                                    marking=d.get("marking"), date_from=d.get("date_from"), date_to=d.get("date_to"),
                                    grading=d.get("grading", ""), source=d.get("source", ""))
                          for a, b, d in g.edges(data=True)), key=lambda e: (e.kind, e.a, e.b)))
    marking = highest([n.marking for n in nodes] + [e.marking for e in edges if e.marking])
    return Chart(start=start_ref, title=title, depth=depth, layout=how, nodes=tuple(nodes), edges=edges,
                 key_people=key_people(g, top=top), marking=marking)


def chart_for_reference(session: Session, reference: str, *, depth: int = 1, layout_as: str | None = None) -> Chart:
    """The chart around the group, nominal or vulnerability with this reference."""
    return build_chart(session, subject_for_reference(session, reference), depth=depth, layout_as=layout_as)


def subject_for_reference(session: Session, reference: str) -> int:
    """The id of the group, nominal or vulnerability with this reference (as this reader may see it)."""
    kind, ident = access.record_by_reference(session, reference)
    if kind != "subject":
        raise NotFound(f"{reference.strip().upper()} is not a group, nominal or vulnerability: only they are charted")
    return ident


# ------------------------------------------------------------------ the analyst's view of a chart

def apply_view(chart: Chart, state: ChartState) -> Chart:
    """The chart as the analyst arranged it: kinds hidden, records above the marking filter and links
    outside the date filter left out, collapsed records with their leaves folded in, moved records
    where they were put; then only what is still linked to the chart's record (a record whose every
    link was left out is left out too). Its marking is the highest of what remains, so a file of it
    is marked for what it shows. `left_out` counts what went, by reason."""
    if not state.filtered and not state.positions:
        return chart
    left: dict[str, int] = {}

    def drop(reason: str, n: int = 1) -> None:
        if n:
            left[reason] = left.get(reason, 0) + n

    cap = state.max_marking
    nodes = {}
    for n in chart.nodes:
        if n.kind in state.hidden_kinds and not n.start:
            drop(f"hidden {n.kind}")
        elif cap is not None and n.marking.rank > cap.rank:
            drop(f"marked above {cap.value}")
        else:
            nodes[n.key] = n
    edges = []
    for e in chart.edges:
        if e.a not in nodes or e.b not in nodes:
            continue
        if e.kind in state.hidden_kinds:
            drop(f"hidden {e.kind}")
        elif cap is not None and e.marking is not None and e.marking.rank > cap.rank:
            drop(f"marked above {cap.value}")
        elif not period_overlaps(e.date_from, e.date_to, state.date_from, state.date_to):
            drop("outside the dates")
        else:
            edges.append(e)
    folded: dict[str, int] = {}
    for c in sorted(state.collapsed):   # a collapsed record takes in the records hanging only from it
        if c not in nodes:
            continue
        links: dict[str, set[str]] = {}
        for e in edges:
            links.setdefault(e.a, set()).add(e.b)
            links.setdefault(e.b, set()).add(e.a)
        leaves = {k for k in links.get(c, ()) if links.get(k) == {c} and not nodes[k].start
                  and k not in state.collapsed}
        if leaves:
            folded[c] = len(leaves)
            for k in leaves:
                del nodes[k]
            edges = [e for e in edges if e.a not in leaves and e.b not in leaves]
    # what is no longer linked to the chart's record goes too
    if chart.start in nodes:
        adj: dict[str, set[str]] = {}
        for e in edges:
            adj.setdefault(e.a, set()).add(e.b)
            adj.setdefault(e.b, set()).add(e.a)
        reached, todo = {chart.start}, [chart.start]
        while todo:
            for k in adj.get(todo.pop(), ()):
                if k not in reached:
                    reached.add(k)
                    todo.append(k)
        cut = set(nodes) - reached
        drop("no longer linked", len(cut))
        for k in cut:
            del nodes[k]
        edges = [e for e in edges if e.a in reached and e.b in reached]
    kept = []
    for n in chart.nodes:
        if n.key in nodes:
            x, y = state.positions.get(n.key, (n.x, n.y))
            kept.append(replace(n, x=float(x), y=float(y), folded=folded.get(n.key, 0)))
    marking = highest([n.marking for n in kept] + [e.marking for e in edges if e.marking])
    people = tuple(k for k in chart.key_people if k.node in nodes)
    return replace(chart, nodes=tuple(kept), edges=tuple(edges), key_people=people, marking=marking,
                   left_out=left)


def view_chart(session: Session, subject_id: int, state: ChartState, *, top: int = 15) -> tuple[Chart, Chart]:
    """(the whole chart, the chart as `state` arranges it) for one subject."""
    whole = build_chart(session, subject_id, depth=state.depth, layout_as=state.layout, top=top,
                        expanded=state.expanded, keep=state.positions or None)
    return whole, apply_view(whole, state)


# ------------------------------------------------------------------ saved layouts

def _digest(state: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _visible_subject(session: Session, subject_id: int) -> Subject:
    subject = session.get(Subject, subject_id)   # filtered: a record the reader may not see is not found
    if subject is None:
        raise NotFound(f"no record with id {subject_id}")
    return subject


def save_layout(uow: Any, subject_id: int, name: str, state: ChartState) -> int:
    """Save (or replace) the layout called `name` of a subject's chart. Its marking is the highest of
    the records it names and of the chart it arranges, as the person saving it may see them; a record
    they may not see is never named in it. Returns the layout's id."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    subject = _visible_subject(s, subject_id)
    name = check_layout_name(name)
    if not isinstance(state, ChartState):
        state = ChartState.from_json(state)
    whole, shown = view_chart(s, subject_id, state)
    on_chart = {n.key: n for n in whole.nodes}
    state = replace(state, positions={k: v for k, v in state.positions.items() if k in on_chart},
                    collapsed=frozenset(k for k in state.collapsed if k in on_chart),
                    expanded=frozenset(k for k in state.expanded if k in on_chart))
    named = [on_chart[k].marking for k in state.references()]
    marking = highest([shown.marking, subject.marking, *named])
    stored = state.to_json()
    digest = _digest(stored)
    rows = s.scalars(select(ChartLayout).where(ChartLayout.subject_id == subject.id),
                     execution_options=access.unfiltered()).all()   # a uniqueness check: says only that it exists
    row = next((r for r in rows if r.name.casefold() == name.casefold()), None)
    hidden = row is not None and s.scalar(select(ChartLayout.id).where(ChartLayout.id == row.id)) is None
    if row is None and s.get_bind().dialect.name == "postgresql":  # row-level security hid it from the check
        from sqlalchemy import func
        hidden = bool(s.scalar(select(func.rocta_layout_taken(subject.id, name))))
    if hidden:
        raise Conflict(f"a layout named {name!r} exists that you may not see: choose another name")
    if row is None:
        row = ChartLayout(subject_id=subject.id, name=name)
        s.add(row)
    row.name, row.state, row.digest, row.marking = name, stored, digest, marking
    row.saved_by_id = uow.actor.user_id
    row.saved_at = clock.now()
    s.flush()
    uow.describe("chart.layout.save", f"link chart layout {name!r} of {subject.reference} saved ({marking.value}; "
                                      f"{len(state.positions)} positions, {len(state.hidden_kinds)} kinds hidden, "
                                      f"{len(state.collapsed)} collapsed, {len(state.expanded)} expanded)", row)
    uow.touch("chart_layout")
    return row.id


def delete_layout(uow: Any, subject_id: int, name: str) -> None:
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    subject = _visible_subject(s, subject_id)
    row = _layout_row(s, subject.id, name)
    uow.describe("chart.layout.delete", f"link chart layout {row.name!r} of {subject.reference} deleted", row)
    s.delete(row)
    uow.touch("chart_layout")


def _layout_row(session: Session, subject_id: int, name: str) -> ChartLayout:
    wanted = " ".join((name or "").split()).casefold()
    for row in session.scalars(select(ChartLayout).where(ChartLayout.subject_id == subject_id)
                               .order_by(ChartLayout.saved_at.desc(), ChartLayout.id.desc())):
        if row.name.casefold() == wanted:   # filtered (services/access.py): only layouts the reader may see
            return row
    raise NotFound(f"no saved layout {name!r} of this chart")


def saved_layouts(session: Session, subject_id: int) -> list[dict[str, Any]]:
    """The layouts saved with a subject's chart that this reader may see (newest first): name, marking,
    who saved it and when. A reader who may not see the subject sees none."""
    subject = _visible_subject(session, subject_id)
    rows = session.scalars(select(ChartLayout).where(ChartLayout.subject_id == subject.id)
                           .order_by(ChartLayout.saved_at.desc(), ChartLayout.id.desc())).all()
    names = dict(session.execute(select(User.id, User.display_name).where(
        User.id.in_({r.saved_by_id for r in rows if r.saved_by_id}))).all())
    return [{"id": r.id, "name": r.name, "marking": r.marking, "saved_at": r.saved_at,
             "saved_by": names.get(r.saved_by_id, ""), "digest": r.digest} for r in rows]


def load_layout(session: Session, subject_id: int, name: str) -> ChartState:
    """A saved layout as this reader may use it: records they may not see are not named in it."""
    subject = _visible_subject(session, subject_id)
    state = ChartState.from_json(_layout_row(session, subject.id, name).state)
    refs = sorted(state.references())
    seen = set(session.scalars(select(Subject.reference).where(Subject.reference.in_(refs)))) if refs else set()
    return replace(state, positions={k: v for k, v in state.positions.items() if k in seen},
                   collapsed=frozenset(state.collapsed & seen), expanded=frozenset(state.expanded & seen))


def chart_with_layout(session: Session, subject_id: int, name: str | None = None, *,
                      latest: bool = True) -> Chart:
    """A subject's chart arranged by its saved layout `name`, or (with no name) by the newest layout the
    reader may see, or as built when there is none (`latest=False`: always as built)."""
    if name is None and latest:
        saved = saved_layouts(session, subject_id)
        name = saved[0]["name"] if saved else None
    if name is None:
        return build_chart(session, subject_id)
    state = load_layout(session, subject_id, name)
    _, shown = view_chart(session, subject_id, state)
    return replace(shown, layout_name=_layout_row(session, subject_id, name).name)


def pack_chart(session: Session, subject_id: int) -> Chart:
    """The chart printed in a subject's assessment pack: as its newest saved layout arranges it, else
    one step out, laid out as the screen first shows it."""
    return chart_with_layout(session, subject_id)


# ------------------------------------------------------------------ for other tools

def to_graph(chart: Chart, *, produced_by: str = "") -> nx.Graph:
    """The chart as a networkx graph with plain attributes (text and numbers only: what GraphML holds)."""
    import networkx as nx

    g = nx.Graph(marking=chart.marking.value, title=chart.title, start=chart.start, depth=chart.depth,
                 layout=chart.layout, produced_by=produced_by)
    for n in chart.nodes:
        g.add_node(n.key, reference=n.reference, label=n.label, kind=n.kind, role=n.role or "",
                   roles="; ".join(f"{k}: {v}" for k, v in n.roles.items()), marking=n.marking.value,
                   flags=", ".join(n.flags), x=n.x, y=n.y, layer=n.layer, status=n.status,
                   attributes="; ".join(f"{k}: {v}" for k, v in n.attributes))
    for e in chart.edges:
        g.add_edge(e.a, e.b, kind=e.kind, nature=e.label, marking=e.marking.value if e.marking else "",
                   date_from=e.date_from.isoformat() if e.date_from else "",
                   date_to=e.date_to.isoformat() if e.date_to else "", grading=e.grading, source=e.source)
    return g
