"""Link charts: vulnerability links (who exploits what), the network around a record as the reader
may see it, its measures and layouts, and its GraphML export (audited, marked, re-readable)."""

from __future__ import annotations

import networkx as nx
import pytest

from rocta_desktop.domain.errors import Conflict, ValidationError
from rocta_desktop.domain.markings import Marking
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
