"""Link charts: the network around one record (a group, a nominal or a vulnerability), built with
networkx from the register as this reader may see it, with its measures and its layout.

What a chart holds: the record, then everything within `depth` steps (1 or 2) along memberships (with
roles), associations between nominals, links between groups and vulnerability links (who exploits
what), and then every such link between the records on the chart. The session is filtered for need
to know (services/access.py), so a record or link the reader may not see is simply absent; the chart
carries the highest marking of what it shows.

Layouts are networkx's: `spring_layout` for a network, `multipartite_layout` (layered by role) for a
group's structure. Positions are plain numbers; the screen and the exports scale them. networkx (and
NumPy under it) is imported when a chart is first built, not when the application starts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, Problem, ValidationError
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
    KeyPerson,
    check_depth,
    explain,
)
from ..domain.subjects import MemberRole
from ..store.models import GroupLink, GroupMember, NominalAssociation, Subject, VulnerabilityLink
from . import access

if TYPE_CHECKING:
    import networkx as nx

NETWORK, STRUCTURE = "network", "structure"
LAYOUTS = (NETWORK, STRUCTURE)
_ROLE_RANK = {MemberRole.PRINCIPAL: 0, MemberRole.SIGNIFICANT: 1, MemberRole.ENABLER: 2, MemberRole.PERIPHERAL: 3}
_EXACT_BETWEENNESS = 600   # above this many nodes betweenness is estimated from a fixed sample


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


@dataclass(frozen=True)
class ChartEdge:
    a: str
    b: str
    kind: str                   # member / associate / group_link / exploits
    nature: str = ""
    marking: Marking | None = None   # vulnerability links carry their own

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


def _reach(session: Session, start: int, depth: int) -> set[int]:
    seen, frontier = {start}, {start}
    for _ in range(depth):
        new = _step(session, frontier) - seen
        if not new:
            break
        seen |= new
        frontier = new
    return seen


def _graph(session: Session, start: Subject, depth: int) -> nx.Graph:
    """The chart's graph: one node per record (keyed by reference), every link among them."""
    import networkx as nx

    ids = sorted(_reach(session, start.id, depth))
    subjects = {s.id: s for s in session.scalars(select(Subject).where(Subject.id.in_(ids)))}
    g = nx.Graph()
    for sid in ids:
        s = subjects.get(sid)
        if s is None:   # a link to a record this reader may not see is filtered out with it; belt and braces
            continue
        g.add_node(s.reference, id=s.id, kind=s.kind, label=s.name, marking=s.marking, roles={},
                   flags=tuple(getattr(s, "flags", None) or ()))
    ref = {sid: s.reference for sid, s in subjects.items()}
    inside = list(ref)
    for gid, nid, role, since in session.execute(select(
            GroupMember.group_id, GroupMember.nominal_id, GroupMember.role, GroupMember.since).where(
            GroupMember.group_id.in_(inside), GroupMember.nominal_id.in_(inside))):
        g.nodes[ref[nid]]["roles"][ref[gid]] = role
        nature = role.label + (f" since {since:%d/%m/%Y}" if since else "")
        g.add_edge(ref[gid], ref[nid], kind=MEMBER, nature=nature, marking=None)
    for a, b, nature in session.execute(select(GroupLink.group_a_id, GroupLink.group_b_id, GroupLink.nature).where(
            GroupLink.group_a_id.in_(inside), GroupLink.group_b_id.in_(inside))):
        g.add_edge(ref[a], ref[b], kind=GROUP_LINK, nature=nature or "", marking=None)
    for a, b, nature in session.execute(select(
            NominalAssociation.nominal_a_id, NominalAssociation.nominal_b_id, NominalAssociation.nature).where(
            NominalAssociation.nominal_a_id.in_(inside), NominalAssociation.nominal_b_id.in_(inside))):
        g.add_edge(ref[a], ref[b], kind=ASSOCIATE, nature=nature or "", marking=None)
    for link in session.scalars(select(VulnerabilityLink).where(
            VulnerabilityLink.vulnerability_id.in_(inside), VulnerabilityLink.exploiter_id.in_(inside))):
        when = " - ".join(f"{d:%m/%Y}" if d else "?" for d in (link.date_from, link.date_to)) \
            if (link.date_from or link.date_to) else ""
        nature = "; ".join(x for x in (link.nature or "exploits", when, _grading(link)) if x)
        g.add_edge(ref[link.exploiter_id], ref[link.vulnerability_id], kind=EXPLOITS, nature=nature,
                   marking=link.marking)
    return g


def _grading(link: VulnerabilityLink) -> str:
    if link.source_evaluation is None:
        return ""
    return f"graded {link.source_evaluation.value}{link.intel_assessment.value} {link.handling_code.value}"


# ------------------------------------------------------------------ measures

def key_people(g: nx.Graph, *, top: int = 15) -> tuple[KeyPerson, ...]:
    """The people (nominals) who matter most to the network's shape, ranked: first by betweenness (how
    often they sit between others), then by degree (direct links), then by how many groups they are in."""
    import networkx as nx

    if g.number_of_nodes() == 0:
        return ()
    if g.number_of_nodes() > _EXACT_BETWEENNESS:
        between = nx.betweenness_centrality(g, k=200, seed=1)
    else:
        between = nx.betweenness_centrality(g)
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


def layout(g: nx.Graph, how: str, start_ref: str) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1] (networkx layouts; y grows downwards for the screen)."""
    import networkx as nx

    if g.number_of_nodes() == 1:
        return {start_ref: (0.0, 0.0)}
    if how == STRUCTURE:
        layers: dict[int, list[str]] = {}   # each layer in order (given as lists: networkx keeps their order)
        for key, d in sorted(g.nodes(data=True), key=_in_layer_order):
            layers.setdefault(d["layer"], []).append(key)
        pos = nx.multipartite_layout(g, subset_key=layers, align="horizontal", scale=1.0)
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}   # layer 0 (the group) at the top
    k = 2.2 / max(g.number_of_nodes(), 1) ** 0.5    # looser than networkx's default: room for labels
    pos = nx.spring_layout(g, k=k, iterations=200, seed=7, scale=1.0)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


# ------------------------------------------------------------------ the chart

def build_chart(session: Session, subject_id: int, *, depth: int = 1, layout_as: str | None = None,
                top: int = 15) -> Chart:
    """The chart around one record, as this reader may see it. `layout_as`: "network" (spring) or
    "structure" (layered by role: a group's own chart by default)."""
    check_depth(depth)
    start = session.get(Subject, subject_id)
    if start is None:
        raise NotFound(f"no record with id {subject_id}")
    how = layout_as or (STRUCTURE if start.kind == GROUP else NETWORK)
    if how not in LAYOUTS:
        raise ValidationError(Problem("layout", f"choose one of: {', '.join(LAYOUTS)}"))
    g = _graph(session, start, depth)
    g.nodes[start.reference]["start"] = True
    for _, d in g.nodes(data=True):
        d["layer"] = _layer(d, start.reference, start.kind)
    pos = layout(g, how, start.reference)
    nodes = []
    for n, d in g.nodes(data=True):
        roles = d["roles"]
        role = roles.get(start.reference) if start.kind == GROUP else None
        if role is None and roles:
            role = min(roles.values(), key=lambda r: _ROLE_RANK[r])
        x, y = pos[n]
        nodes.append(ChartNode(key=n, id=d["id"], kind=d["kind"], reference=n, label=d["label"],
                               marking=d["marking"], role=role.value if role else None,
                               roles={k: v.value for k, v in sorted(roles.items())}, flags=d["flags"],
                               x=round(x, 5), y=round(y, 5), layer=d["layer"], start=bool(d.get("start"))))
    nodes.sort(key=lambda n: (not n.start, n.layer, n.kind, n.reference))
    edges = tuple(sorted((ChartEdge(a=min(a, b), b=max(a, b), kind=d["kind"], nature=d["nature"],
                                    marking=d["marking"]) for a, b, d in g.edges(data=True)),
                         key=lambda e: (e.kind, e.a, e.b)))
    marking = highest([n.marking for n in nodes] + [e.marking for e in edges if e.marking])
    return Chart(start=start.reference, title=f"{start.reference} {start.name}", depth=depth, layout=how,
                 nodes=tuple(nodes), edges=edges, key_people=key_people(g, top=top), marking=marking)


def chart_for_reference(session: Session, reference: str, *, depth: int = 1, layout_as: str | None = None) -> Chart:
    """The chart around the group, nominal or vulnerability with this reference."""
    kind, ident = access.record_by_reference(session, reference)
    if kind != "subject":
        raise NotFound(f"{reference.strip().upper()} is not a group, nominal or vulnerability: only they are charted")
    return build_chart(session, ident, depth=depth, layout_as=layout_as)


def to_graph(chart: Chart, *, produced_by: str = "") -> nx.Graph:
    """The chart as a networkx graph with plain attributes (text and numbers only: what GraphML holds)."""
    import networkx as nx

    g = nx.Graph(marking=chart.marking.value, title=chart.title, start=chart.start, depth=chart.depth,
                 layout=chart.layout, produced_by=produced_by)
    for n in chart.nodes:
        g.add_node(n.key, reference=n.reference, label=n.label, kind=n.kind, role=n.role or "",
                   roles="; ".join(f"{k}: {v}" for k, v in n.roles.items()), marking=n.marking.value,
                   flags=", ".join(n.flags), x=n.x, y=n.y, layer=n.layer)
    for e in chart.edges:
        g.add_edge(e.a, e.b, kind=e.kind, nature=e.label, marking=e.marking.value if e.marking else "")
    return g

