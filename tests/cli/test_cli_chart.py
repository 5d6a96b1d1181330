"""`rocta chart WS REF --out FILE`: the link chart written by the file's extension (GraphML, PDF, PNG, SVG,
an i2 spreadsheet), marked and audited; `--saved NAME` arranges it as a layout saved with the record."""

from __future__ import annotations

import json

import networkx as nx
from openpyxl import load_workbook

from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.network import ChartState
from rocta_desktop.services import audit, network, registers
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.exchange.test_pdf_pack import pages
from tests.services.test_network import _refs, _region


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
    r = rocta("chart", str(ws_path), ref, "--out", str(tmp_path / "crew.txt"), "--user", ADMIN, env=env)
    assert r.returncode == 2 and "GraphML, PDF, PNG, SVG" in r.stderr and not (tmp_path / "crew.txt").exists()
    r = rocta("chart", str(ws_path), "OCG-1999-9999", "--out", str(out), "--user", ADMIN, env=env)
    assert r.returncode == 2
    ws = Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.reader() as s:
            intents = [e for e in audit.search_events(s) if e["action"] == "export.chart"]
    finally:
        ws.close()
    assert len(intents) == 2 and all(e["changes"]["marking"] == "SECRET" for e in intents)


def test_rocta_chart_writes_pictures_and_i2_by_extension_and_a_saved_layout(ws_path, tmp_path):
    ws, _ = Workspace.create(ws_path, ADMIN, ADMIN_PASSWORD, display_name="Admin User", name="Test Region")
    try:
        ids = _region(ws)
        refs = _refs(ws, ids)
        ws.write("s", network.save_layout, ids["crew"], "Partners", ChartState(max_marking=Marking.OFFICIAL,
                                                                              hidden_kinds=frozenset({"vulnerability"})))
    finally:
        ws.close()
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    for ext in ("pdf", "png", "svg", "xlsx"):
        out = tmp_path / f"crew.{ext}"
        r = rocta("chart", str(ws_path), refs["crew"], "--out", str(out), "--user", ADMIN, "--json", env=env)
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data["format"] == ext and data["marking"] == "SECRET" and out.stat().st_size > 1000
    text = pages(tmp_path / "crew.pdf")[0]
    assert text.strip().startswith("SECRET") and text.strip().endswith("SECRET") and refs["boss"] in text
    wb = load_workbook(tmp_path / "crew.xlsx")
    assert {r[0] for r in wb["Entities"].iter_rows(min_row=2, values_only=True)} == {
        refs[k] for k in ("crew", "firm", "boss", "runner", "broker", "source", "flat")}
    # arranged as the saved layout: up to OFFICIAL, no vulnerabilities; marked for what it shows
    out = tmp_path / "partners.pdf"
    r = rocta("chart", str(ws_path), refs["crew"], "--out", str(out), "--saved", "partners", "--user", ADMIN,
              "--json", env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["marking"] == "OFFICIAL" and data["layout"] == "Partners" and data["counts"]["records"] == 4
    text = pages(out)[0]
    assert text.strip().startswith("OFFICIAL") and "SECRETSON" not in text and refs["flat"] not in text
    r = rocta("chart", str(ws_path), refs["crew"], "--out", str(tmp_path / "x.pdf"), "--saved", "nope",
              "--user", ADMIN, env=env)
    assert r.returncode == 2 and "no saved layout" in r.stderr
