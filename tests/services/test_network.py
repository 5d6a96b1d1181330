"""Link charts: vulnerability links (who exploits what), the network around a record as the reader
may see it, its measures and layouts, and its GraphML export (audited, marked, re-readable)."""

from __future__ import annotations

import datetime as dt
import math
import random

import networkx as nx
import pytest

from rocta_desktop.domain.errors import Conflict, NotFound, ValidationError
from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.network import ChartState, place_labels
from rocta_desktop.exchange.graphml import export_chart
from rocta_desktop.services import access, audit, exploitation, network, registers, users
from rocta_desktop.services.workspace import Workspace
from tests.conftest import TEAM_PASSWORD


def _region(ws: Workspace) -> dict[str, int]:
    """Two linked groups sharing a broker; a SECRET member; a cuckooed flat exploited by both."""
    ids: dict[str, int] = {}
    with ws.operation("test.region") as uow:
        ids["crew"] = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                   "management_level": "regional"}).id
        ids["firm"] = registers.create_group(uow, {"name": "Eastside Firm", "marking": "OFFICIAL-SENSITIVE",
                                                   "management_level": "local"}).id
        for key, surname, marking in (("boss", "Kane", "OFFICIAL"), ("runner", "Ryan", "OFFICIAL"),
                                      ("broker", "Bell", "OFFICIAL"), ("other", "Oakes", "OFFICIAL"),
                                      ("source", "Secretson", "SECRET")):
            ids[key] = registers.create_nominal(uow, {"surname": surname, "forenames": "Al",
                                                      "marking": marking}).id
        ids["flat"] = registers.create_vulnerability(uow, {"name": "Flat 4 Mill Court", "category": "place",
                                                           "marking": "OFFICIAL"}).id
    with ws.operation("test.links") as uow:
        registers.add_member(uow, ids["crew"], ids["boss"], "principal")
        registers.add_member(uow, ids["crew"], ids["runner"], "peripheral")
        registers.add_member(uow, ids["crew"], ids["broker"], "enabler")
        registers.add_member(uow, ids["crew"], ids["source"], "significant")
        registers.add_member(uow, ids["firm"], ids["broker"], "significant")
        registers.add_member(uow, ids["firm"], ids["other"], "principal")
        registers.link_groups(uow, ids["crew"], ids["firm"], "supply")
        registers.associate_nominals(uow, ids["boss"], ids["runner"], "cousins")
    ws.write("link", exploitation.link_vulnerability, ids["flat"], ids["crew"],
             {"nature": "cuckooed for supply", "date_from": "2026-01-05", "source_evaluation": "2",
              "intel_assessment": "B", "handling_code": "P", "source": "TRG-2026-0001", "marking": "OFFICIAL"})
    return ids


def _reader(workspace: Workspace, clearance: str) -> Workspace:
    workspace.write("u", users.add_user, "lo", TEAM_PASSWORD, "analyst", "Low Reader", clearance=clearance)
    return Workspace.open(workspace.path, "lo", TEAM_PASSWORD)


# ------------------------------------------------------------------ vulnerability links

def test_a_vulnerability_link_is_recorded_listed_audited_and_removed(workspace):
    ids = _region(workspace)
    links = workspace.read(exploitation.vulnerability_links, ids["flat"])
    assert [(ln["other_reference"], ln["nature"], ln["grading"], ln["source"], ln["marking"]) for ln in links] == [
        (workspace.read(registers.get_subject, ids["crew"])["reference"], "cuckooed for supply", "2B P",
         "TRG-2026-0001", Marking.OFFICIAL)]
    assert links[0]["date_from"].isoformat() == "2026-01-05" and links[0]["date_to"] is None
    # seen from the exploiter's side too
    assert [ln["other_id"] for ln in workspace.read(exploitation.vulnerability_links, ids["crew"])] == [ids["flat"]]
    with workspace.reader() as s:
        events = audit.search_events(s)
    made = [e for e in events if e["action"] == "vulnerability.link"]
    assert made and "exploited by" in made[0]["summary"] and made[0]["entity_type"] == "vulnerability_link"
    assert made[0]["changes"]["nature"]["after"] == "cuckooed for supply"
    with pytest.raises(Conflict):
        workspace.write("again", exploitation.link_vulnerability, ids["flat"], ids["crew"], {})
    workspace.write("unlink", exploitation.unlink_vulnerability, links[0]["id"])
    assert workspace.read(exploitation.vulnerability_links, ids["flat"]) == []
    with workspace.reader() as s:
        assert any(e["action"] == "vulnerability.unlink" for e in audit.search_events(s))


def test_a_vulnerability_link_is_checked(workspace):
    ids = _region(workspace)
    with pytest.raises(ValidationError) as exc:
        workspace.write("bad", exploitation.link_vulnerability, ids["flat"], ids["boss"],
                        {"date_from": "2026-03-01", "date_to": "2026-02-01", "source_evaluation": "2"})
    fields = {p.field for p in exc.value.problems}
    assert {"date_to", "intel_assessment", "handling_code"} <= fields
    with pytest.raises(ValidationError):   # a vulnerability is not exploited by a vulnerability
        workspace.write("bad", exploitation.link_vulnerability, ids["flat"], ids["flat"], {})


def test_a_link_above_the_readers_clearance_and_its_events_are_absent(workspace):
    ids = _region(workspace)
    workspace.write("link", exploitation.link_vulnerability, ids["flat"], ids["boss"],
                    {"nature": "ZQ-secret-nature", "marking": "SECRET"})
    lo = _reader(workspace, "OFFICIAL-SENSITIVE")
    try:
        assert [ln["other_id"] for ln in lo.read(exploitation.vulnerability_links, ids["flat"])] == [ids["crew"]]
        with lo.reader() as s:
            assert "ZQ-secret-nature" not in repr(audit.search_events(s, limit=100_000))
            assert "ZQ-secret-nature" not in repr(audit.events_for(s, "subject", ids["flat"]))
        chart = lo.read(network.build_chart, ids["flat"], depth=1)
        assert {n.id for n in chart.nodes} == {ids["flat"], ids["crew"]}
    finally:
        lo.close()


# ------------------------------------------------------------------ the chart

def test_a_groups_chart_holds_members_roles_links_and_vulnerabilities(workspace):
    ids = _region(workspace)
    chart = workspace.read(network.build_chart, ids["crew"], depth=1)
    by_id = {n.id: n for n in chart.nodes}
    assert set(by_id) == {ids[k] for k in ("crew", "firm", "boss", "runner", "broker", "source", "flat")}
    assert by_id[ids["boss"]].role == "principal" and by_id[ids["source"]].role == "significant"
    assert chart.layout == network.STRUCTURE and by_id[ids["crew"]].start
    kinds = {(chart.node(e.a).id, chart.node(e.b).id): e for e in chart.edges}

    def edge(a: str, b: str):
        return kinds.get((ids[a], ids[b])) or kinds[(ids[b], ids[a])]

    assert edge("crew", "firm").kind == "group_link" and edge("crew", "firm").nature == "supply"
    assert edge("boss", "runner").kind == "associate"
    assert edge("crew", "flat").kind == "exploits" and "graded 2B P" in edge("crew", "flat").nature
    assert edge("firm", "broker").kind == "member"   # links among the chart's records are all drawn
    # layered: the group on top; its leaders (principal first), then its other members, then the rest
    assert by_id[ids["crew"]].y < by_id[ids["boss"]].y == by_id[ids["source"]].y < by_id[ids["runner"]].y
    assert by_id[ids["boss"]].x < by_id[ids["source"]].x
    assert by_id[ids["runner"]].y < by_id[ids["firm"]].y == by_id[ids["flat"]].y
    assert chart.marking is Marking.SECRET   # the SECRET member is shown to this (SECRET) reader
    # depth 2 reaches the other group's members
    assert ids["other"] in {n.id for n in workspace.read(network.build_chart, ids["crew"], depth=2).nodes}


def test_a_secret_member_is_absent_for_a_reader_cleared_official_sensitive(workspace):
    ids = _region(workspace)
    lo = _reader(workspace, "OFFICIAL-SENSITIVE")
    try:
        chart = lo.read(network.build_chart, ids["crew"], depth=2)
    finally:
        lo.close()
    shown = {n.id for n in chart.nodes}
    assert ids["source"] not in shown and "Secretson".upper() not in repr(chart)
    assert {ids["boss"], ids["runner"], ids["broker"], ids["firm"], ids["other"]} <= shown
    assert chart.marking is Marking.OFFICIAL_SENSITIVE   # the firm is the highest thing shown


def test_a_restricted_group_is_absent_from_another_readers_chart(workspace):
    ids = _region(workspace)
    workspace.write("u", users.add_user, "lo", TEAM_PASSWORD, "analyst", "Low Reader", clearance="SECRET")
    workspace.write("r", access.restrict, "subject", ids["firm"], "Operation Heron")
    lo = Workspace.open(workspace.path, "lo", TEAM_PASSWORD)
    try:
        chart = lo.read(network.build_chart, ids["boss"], depth=2)
    finally:
        lo.close()
    assert ids["firm"] not in {n.id for n in chart.nodes}
    assert ids["other"] not in {n.id for n in chart.nodes}   # reached only through the restricted group


def test_key_people_are_ranked_with_plain_reasons(workspace):
    ids = _region(workspace)
    chart = workspace.read(network.build_chart, ids["boss"], depth=2, layout_as="network")
    top = chart.key_people[0]
    assert top.node == workspace.read(registers.get_subject, ids["broker"])["reference"]  # bridges two groups
    assert len(top.groups) == 2 and "Member of 2 groups" in " ".join(top.reasons)
    assert all(k.kind == "nominal" for k in chart.key_people)
    assert all(-1.01 <= n.x <= 1.01 and -1.01 <= n.y <= 1.01 for n in chart.nodes)
    # the layout is networkx's, seeded: the same chart twice is drawn the same way
    again = workspace.read(network.build_chart, ids["boss"], depth=2, layout_as="network")
    assert [(n.x, n.y) for n in again.nodes] == [(n.x, n.y) for n in chart.nodes]


def test_a_broker_between_others_is_explained():
    g = nx.Graph()
    for n in "abcd":
        g.add_node(n, kind="nominal", label=n.upper(), roles={})
    g.add_edges_from([("a", "b"), ("b", "c"), ("b", "d")])
    top = network.key_people(g)[0]
    assert top.node == "b" and top.betweenness == 1.0 and top.degree == 3
    assert "shortest paths" in top.reasons[0] and "Directly linked to 3" in top.reasons[-1]


def test_depth_is_one_or_two(workspace):
    ids = _region(workspace)
    with pytest.raises(ValidationError):
        workspace.read(network.build_chart, ids["crew"], depth=3)


# ------------------------------------------------------------------ GraphML

def test_graphml_export_is_audited_marked_and_reads_back_whole(workspace, tmp_path):
    ids = _region(workspace)
    ref = workspace.read(registers.get_subject, ids["crew"])["reference"]
    out = tmp_path / "crew.graphml"
    chart, delivered = export_chart(workspace, ref, out, depth=2)
    assert out.is_file() and not (tmp_path / ".crew.graphml.partial").exists()
    g = nx.read_graphml(out)
    assert g.graph["marking"] == "SECRET" == delivered.marking.value
    assert set(g.nodes) == {n.key for n in chart.nodes}
    assert {frozenset(e) for e in g.edges} == {frozenset((e.a, e.b)) for e in chart.edges}
    assert all(g.nodes[n.key]["marking"] == n.marking.value and g.nodes[n.key]["kind"] == n.kind
               for n in chart.nodes)
    with workspace.reader() as s:
        events = [e for e in audit.search_events(s) if e["entity_type"] == "file"]
    intent = next(e for e in events if e["action"] == "export.chart")
    assert intent["changes"]["state"] == "intent" and intent["changes"]["marking"] == "SECRET"
    assert intent["changes"]["sha256"] == delivered.sha256
    assert any(e["action"] == "file.written" and e["changes"]["intent"] == intent["id"] for e in events)


# ------------------------------------------------------------------ the analyst's view of a chart

def _refs(ws: Workspace, ids: dict[str, int]) -> dict[str, str]:
    return {k: ws.read(registers.get_subject, i)["reference"] for k, i in ids.items()}


def test_a_view_hides_kinds_filters_by_date_and_marking_and_is_marked_for_what_it_shows(workspace):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    whole = workspace.read(network.build_chart, ids["crew"], depth=1)
    assert network.apply_view(whole, ChartState()) is whole
    # a kind of record hidden: the flat goes, and its link with it
    v = network.apply_view(whole, ChartState(hidden_kinds=frozenset({"vulnerability"})))
    assert refs["flat"] not in {n.key for n in v.nodes} and not any(e.kind == "exploits" for e in v.edges)
    assert v.left_out == {"hidden vulnerability": 1}
    # a kind of link hidden: the association goes, the people stay (still members)
    v = network.apply_view(whole, ChartState(hidden_kinds=frozenset({"associate"})))
    assert not any(e.kind == "associate" for e in v.edges) and refs["runner"] in {n.key for n in v.nodes}
    # up to OFFICIAL: the SECRET member and the OFFICIAL-SENSITIVE firm go; the chart is marked OFFICIAL
    v = network.apply_view(whole, ChartState(max_marking=Marking.OFFICIAL))
    assert {n.key for n in v.nodes} == {refs[k] for k in ("crew", "boss", "runner", "broker", "flat")}
    assert v.marking is Marking.OFFICIAL and whole.marking is Marking.SECRET
    # links dated after the period go, and a record left with no link goes with them
    v = network.apply_view(whole, ChartState(date_to=dt.date(2025, 12, 31)))
    assert refs["flat"] not in {n.key for n in v.nodes} and v.left_out["outside the dates"] == 1
    assert v.left_out["no longer linked"] == 1
    v = network.apply_view(whole, ChartState(date_from=dt.date(2026, 1, 1)))
    assert refs["flat"] in {n.key for n in v.nodes}   # the link runs on (no end date)
    # moved records keep where they were put
    v = network.apply_view(whole, ChartState(positions={refs["boss"]: (0.5, -0.25)}))
    assert (v.node(refs["boss"]).x, v.node(refs["boss"]).y) == (0.5, -0.25)


def test_collapsing_folds_in_the_records_hanging_only_from_it_and_expanding_reaches_one_step_more(workspace):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    whole = workspace.read(network.build_chart, ids["crew"], depth=1)
    v = network.apply_view(whole, ChartState(collapsed=frozenset({refs["crew"]})))
    assert v.node(refs["crew"]).folded == 2   # the SECRET member and the flat hang only from the crew
    assert {refs["source"], refs["flat"]}.isdisjoint({n.key for n in v.nodes})
    assert {refs["boss"], refs["runner"], refs["broker"], refs["firm"]} <= {n.key for n in v.nodes}
    # expanding the firm reaches its principal; the records already placed stay where they were
    keep = {n.key: (n.x, n.y) for n in whole.nodes}
    grown = workspace.read(network.build_chart, ids["crew"], depth=1, expanded=[refs["firm"]], keep=keep)
    assert refs["other"] in {n.key for n in grown.nodes}
    assert all((n.x, n.y) == keep[n.key] for n in grown.nodes if n.key in keep)
    other, firm = grown.node(refs["other"]), grown.node(refs["firm"])
    assert 0 < math.hypot(other.x - firm.x, other.y - firm.y) < 1.0   # placed beside the record it hangs from
    # an expansion of a record not on the chart reaches nothing
    assert {n.key for n in workspace.read(network.build_chart, ids["crew"], expanded=[refs["other"]]).nodes} == \
        {n.key for n in whole.nodes}


def test_a_saved_layout_reopens_the_chart_as_it_was_and_is_audited(workspace):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    whole = workspace.read(network.build_chart, ids["crew"], depth=1)
    positions = {n.key: (round(n.x + 0.1, 5), round(n.y, 5)) for n in whole.nodes}
    state = ChartState(depth=1, layout="network", positions=positions, hidden_kinds=frozenset({"associate"}),
                       collapsed=frozenset({refs["crew"]}), expanded=frozenset({refs["firm"]}),
                       date_from=dt.date(2020, 1, 1), max_marking=Marking.SECRET)
    layout_id = workspace.write("save", network.save_layout, ids["crew"], "  Briefing   March ", state)
    saved = workspace.read(network.saved_layouts, ids["crew"])
    assert [(s["name"], s["marking"], s["saved_by"]) for s in saved] == [("Briefing March", Marking.SECRET,
                                                                          "Admin User")]
    again = workspace.read(network.load_layout, ids["crew"], "briefing march")
    assert again.positions == positions and again.hidden_kinds == {"associate"}
    assert again.collapsed == {refs["crew"]} and again.expanded == {refs["firm"]}
    assert again.date_from == dt.date(2020, 1, 1) and again.layout == "network"
    chart = workspace.read(network.chart_with_layout, ids["crew"])   # the newest layout by default
    assert chart.layout_name == "Briefing March" and refs["other"] in {n.key for n in chart.nodes}
    assert not any(e.kind == "associate" for e in chart.edges)
    assert all((n.x, n.y) == positions[n.key] for n in chart.nodes if n.key in positions)
    # saving again under the same name replaces it; both saves are in the trail with the state's digest
    workspace.write("save", network.save_layout, ids["crew"], "briefing march", ChartState(depth=2))
    assert [s["name"] for s in workspace.read(network.saved_layouts, ids["crew"])] == ["briefing march"]
    with workspace.reader() as s:
        events = sorted((e for e in audit.search_events(s) if e["entity_type"] == "chart_layout"),
                        key=lambda e: e["id"])
    assert [e["action"] for e in events] == ["chart.layout.save", "chart.layout.save"]
    assert all(e["entity_id"] == layout_id for e in events)
    assert events[0]["changes"]["digest"]["after"] == saved[0]["digest"]
    assert "Briefing March" in events[0]["summary"] and refs["crew"] in events[0]["summary"]
    workspace.write("delete", network.delete_layout, ids["crew"], "briefing march")
    assert workspace.read(network.saved_layouts, ids["crew"]) == []
    with pytest.raises(NotFound):
        workspace.read(network.load_layout, ids["crew"], "briefing march")
    with pytest.raises(ValidationError):
        workspace.write("save", network.save_layout, ids["crew"], "   ", ChartState())


def test_a_layout_is_kept_from_readers_who_may_not_see_it_or_what_it_names(workspace):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    whole = workspace.read(network.build_chart, ids["crew"], depth=1)
    every = {n.key: (n.x, n.y) for n in whole.nodes}
    workspace.write("s", network.save_layout, ids["crew"], "ZQ-secret-layout", ChartState(positions=every))
    # without the SECRET member named, the same chart's layout is OFFICIAL-SENSITIVE (the firm)
    shared = ChartState(positions={k: v for k, v in every.items() if k != refs["source"]},
                        max_marking=Marking.OFFICIAL_SENSITIVE)
    workspace.write("s", network.save_layout, ids["crew"], "For partners", shared)
    lo = _reader(workspace, "OFFICIAL-SENSITIVE")
    try:
        assert [s["name"] for s in lo.read(network.saved_layouts, ids["crew"])] == ["For partners"]
        with pytest.raises(NotFound):
            lo.read(network.load_layout, ids["crew"], "ZQ-secret-layout")
        with lo.reader() as s:
            assert "ZQ-secret-layout" not in repr(audit.search_events(s, limit=100_000))
        with pytest.raises(Conflict):   # its name is taken, and nothing more is said of it
            lo.write("s", network.save_layout, ids["crew"], "zq-SECRET-layout", ChartState())
        assert lo.read(network.pack_chart, ids["crew"]).marking is Marking.OFFICIAL_SENSITIVE
    finally:
        lo.close()
    # restricted: a reader outside the restriction meets neither the subject's layouts nor its records in others
    workspace.write("r", access.restrict, "subject", ids["firm"], "Operation Heron")
    workspace.write("u", users.add_user, "hi", TEAM_PASSWORD, "analyst", "High Reader", clearance="SECRET")
    hi = Workspace.open(workspace.path, "hi", TEAM_PASSWORD)
    try:
        state = hi.read(network.load_layout, ids["crew"], "For partners")
        assert refs["firm"] not in state.positions and refs["boss"] in state.positions
        with pytest.raises(NotFound):
            hi.read(network.saved_layouts, ids["firm"])
        with pytest.raises(NotFound):
            hi.write("s", network.save_layout, ids["firm"], "Mine", ChartState())
    finally:
        hi.close()


def test_a_chart_state_is_checked():
    with pytest.raises(ValidationError) as exc:
        ChartState.from_json({"depth": 5, "layout": "circle", "positions": {"A": ["x", 1]},
                              "hidden_kinds": ["planets"], "date_from": "2026-02-01", "date_to": "2026-01-01",
                              "max_marking": "TOP SECRET"})
    assert {p.field for p in exc.value.problems} == {"depth", "layout", "positions", "hidden_kinds", "date_to",
                                                     "max_marking"}
    state = ChartState(depth=2, positions={"OCG-1": (0.1, -0.2)}, hidden_kinds=frozenset({"member"}),
                       date_to=dt.date(2026, 3, 1), max_marking=Marking.OFFICIAL)
    assert ChartState.from_json(state.to_json()) == state


def test_labels_are_placed_without_overlap_most_important_first():
    boxes = [(0, 0, 10, 10), (5, 5, 15, 15), (20, 0, 30, 10), (8, 0, 22, 4)]
    assert place_labels(boxes, [1, 0, 2, 3], cell=6) == {1, 2}
    assert place_labels(boxes, [0, 1, 2, 3], cell=100) == {0, 2}


def test_a_large_network_is_laid_out_by_igraph_seeded_and_within_bounds():
    rng = random.Random(5)
    g = nx.Graph()
    for i in range(400):
        g.add_node(f"N{i}", kind="nominal", label=f"N{i}", roles={})
    while g.number_of_edges() < 1200:
        a, b = rng.sample(range(400), 2)
        g.add_edge(f"N{a}", f"N{b}")
    pos = network.layout(g, network.NETWORK, "N0")
    assert pos == network.layout(g, network.NETWORK, "N0")
    assert max(max(abs(x), abs(y)) for x, y in pos.values()) == pytest.approx(1.0)
    near = sorted(min(math.hypot(x - u, y - v) for k2, (u, v) in pos.items() if k2 != k) for k, (x, y) in pos.items())
    assert near[len(near) // 10] > 0.005   # spread out, not piled up
    between = network.betweenness(g)
    assert between == pytest.approx(nx.betweenness_centrality(g), abs=1e-9)


def test_a_merge_brings_the_others_layouts_and_an_unmerge_takes_them_back(workspace):
    from rocta_desktop.services import duplicates
    ids = _region(workspace)
    with workspace.operation("t") as uow:
        twin = registers.create_nominal(uow, {"surname": "Kane", "forenames": "Al", "marking": "OFFICIAL"}).id
    workspace.write("s", network.save_layout, twin, "Twin view", ChartState())
    workspace.write("s", network.save_layout, ids["boss"], "Boss view", ChartState())
    merge = workspace.write("m", duplicates.merge, ids["boss"], twin)
    assert sorted(x["name"] for x in workspace.read(network.saved_layouts, ids["boss"])) == ["Boss view", "Twin view"]
    workspace.write("u", duplicates.unmerge, merge["reference"])
    assert [x["name"] for x in workspace.read(network.saved_layouts, twin)] == ["Twin view"]
    assert [x["name"] for x in workspace.read(network.saved_layouts, ids["boss"])] == ["Boss view"]
