"""`rocta chart WS REF --out FILE.graphml`: the link chart written as GraphML, marked and audited."""

from __future__ import annotations

import json

import networkx as nx

from rocta_desktop.services import audit, registers
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.test_network import _region


def test_rocta_chart_writes_marked_graphml_and_records_the_export(ws_path, tmp_path):
    ws, _ = Workspace.create(ws_path, ADMIN, ADMIN_PASSWORD, display_name="Admin User", name="Test Region")
    try:
        ids = _region(ws)
        ref = ws.read(registers.get_subject, ids["crew"])["reference"]
    finally:
        ws.close()
    out = tmp_path / "crew.graphml"
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    r = rocta("chart", str(ws_path), ref, "--out", str(out), "--depth", "2", "--user", ADMIN, "--json", env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["ok"] and data["marking"] == "SECRET" and data["counts"]["records"] == 8
    assert data["key_people"] and data["key_people"][0]["why"]
    g = nx.read_graphml(out)
    assert g.graph["marking"] == "SECRET" and g.number_of_nodes() == 8 and ref in g
    assert g.nodes[ref]["kind"] == "group"
    # plain text, and the refusals
    r = rocta("chart", str(ws_path), ref, "--out", str(tmp_path / "crew2.graphml"), "--user", ADMIN, env=env)
    assert r.returncode == 0 and "Key people:" in r.stdout and "(SECRET)" in r.stdout
    r = rocta("chart", str(ws_path), ref, "--out", str(tmp_path / "crew.png"), "--user", ADMIN, env=env)
    assert r.returncode == 2 and "GraphML" in r.stderr
    r = rocta("chart", str(ws_path), "OCG-1999-9999", "--out", str(out), "--user", ADMIN, env=env)
    assert r.returncode == 2
    ws = Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.reader() as s:
            intents = [e for e in audit.search_events(s) if e["action"] == "export.chart"]
    finally:
        ws.close()
    assert len(intents) == 2 and all(e["changes"]["marking"] == "SECRET" for e in intents)
