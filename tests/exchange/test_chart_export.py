"""A link chart written for others by extension, read back as its readers would: the PDF with pdftotext
(the marking top and bottom, the title, the records), the SVG as XML, the PNG as pixels (the marking's
bands at top and bottom), the i2 spreadsheet with openpyxl (every record and link, the marking in its
header, footer and properties), GraphML with networkx; each file audited with its format and marking;
and the chart page of the assessment pack, marked for what it shows."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from openpyxl import load_workbook
from PIL import Image

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.network import ChartState
from rocta_desktop.exchange.chart_drawing import chart_drawing, page_drawing
from rocta_desktop.exchange.chart_export import export_chart, save_chart, write_chart
from rocta_desktop.exchange.exports import export_report
from rocta_desktop.services import audit, network, registers
from tests.exchange.test_pdf_pack import pages
from tests.services.test_network import _reader, _refs, _region

SECRET_RED = (0xA4, 0x16, 0x1A)


def _close(pixel, colour, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


def test_every_format_is_written_marked_and_reads_back_whole(workspace, tmp_path):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    files = {}
    for ext in ("graphml", "pdf", "png", "svg", "xlsx"):
        chart, delivered = export_chart(workspace, refs["crew"], tmp_path / f"crew.{ext}", depth=2)
        files[ext] = delivered
        assert delivered.marking is Marking.SECRET and delivered.path.is_file()
        assert not (tmp_path / f".crew.{ext}.partial").exists()
    keys = {n.key for n in chart.nodes}
    assert len(keys) == 8
    # GraphML: every record and link
    g = nx.read_graphml(files["graphml"].path)
    assert set(g.nodes) == keys and g.graph["marking"] == "SECRET"
    assert g.edges[refs["crew"], refs["flat"]]["date_from"] == "2026-01-05"
    assert g.edges[refs["crew"], refs["flat"]]["grading"] == "2B P"
    # PDF: one page, the marking at the top and at the bottom, the title, the records' references
    text = pages(files["pdf"].path)
    assert len(text) == 1
    lines = [ln.strip() for ln in text[0].splitlines() if ln.strip()]
    assert lines[0] == "SECRET" and lines[-1] == "SECRET"
    assert f"Link chart: {chart.title}" in text[0]
    assert all(k in text[0] for k in keys)   # a small chart: every label fits
    assert "8 records (2 groups, 5 nominals, 1 vulnerability), 9 links" in text[0]
    # SVG: the marking in its title and twice on the page, every reference as text
    svg = ET.parse(files["svg"].path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text.startswith("SECRET")
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert texts.count("SECRET") == 2 and keys <= set(texts)
    # PNG: the SECRET bands at the top and the bottom of the picture
    image = Image.open(files["png"].path).convert("RGB")
    w, h = image.size
    assert w > 1500 and h > 1000
    assert _close(image.getpixel((5, 5)), SECRET_RED) and _close(image.getpixel((w - 5, h - 5)), SECRET_RED)
    assert not _close(image.getpixel((w // 2, h // 2)), SECRET_RED)
    # i2 spreadsheet: Entities and Links, every record and link, the marking carried
    wb = load_workbook(files["xlsx"].path)
    assert wb.sheetnames == ["Cover", "Entities", "Links"] and wb.properties.subject == "SECRET"
    entities = list(wb["Entities"].iter_rows(values_only=True))
    head = entities[0]
    assert head[:4] == ("Entity ID", "Entity type", "Label", "Kind")
    rows = {r[0]: dict(zip(head, r)) for r in entities[1:]}
    assert set(rows) == keys
    assert rows[refs["crew"]]["Entity type"] == "Organisation" and rows[refs["boss"]]["Entity type"] == "Person"
    assert rows[refs["source"]]["Marking"] == "SECRET" and rows[refs["boss"]]["Role"] == "principal"
    links = list(wb["Links"].iter_rows(values_only=True))
    lhead = links[0]
    assert lhead[:3] == ("Link ID", "From", "To")
    lrows = [dict(zip(lhead, r)) for r in links[1:]]
    assert {frozenset((r["From"], r["To"])) for r in lrows} == {frozenset((e.a, e.b)) for e in chart.edges}
    flat = next(r for r in lrows if refs["flat"] in (r["From"], r["To"]))
    assert flat["Date from"] == dt.datetime(2026, 1, 5) and flat["Grading"] == "2B P"
    assert flat["Source"] == "TRG-2026-0001" and flat["Link type"] == "exploits"
    assert wb["Entities"].oddHeader.center.text == "SECRET" and wb["Links"].oddFooter.center.text == "SECRET"
    # each file audited with its format and marking
    with workspace.reader() as s:
        intents = [e for e in audit.search_events(s) if e["action"] == "export.chart"]
    assert sorted(e["changes"]["format"] for e in intents) == ["graphml", "pdf", "png", "svg", "xlsx"]
    assert all(e["changes"]["marking"] == "SECRET" for e in intents)
    with pytest.raises(ValidationError):
        export_chart(workspace, refs["crew"], tmp_path / "crew.txt")


def test_a_chart_filtered_for_partners_is_marked_for_what_it_shows(workspace, tmp_path):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    whole = workspace.read(network.build_chart, ids["crew"], depth=1)
    shared = network.apply_view(whole, ChartState(max_marking=Marking.OFFICIAL))
    delivered = save_chart(workspace, shared, tmp_path / "shared.pdf")
    text = pages(delivered.path)[0]
    assert delivered.marking is Marking.OFFICIAL
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines[0] == "OFFICIAL" and lines[-1] == "OFFICIAL"
    assert "SECRETSON" not in text and refs["source"] not in text and refs["firm"] not in text
    assert "left out: 2 marked above OFFICIAL" in text


def test_labels_that_would_overlap_are_left_out_on_paper():
    """A crowded chart: every record is drawn, but only labels with room of their own."""
    from rocta_desktop.services.network import Chart, ChartEdge, ChartNode
    nodes = tuple(ChartNode(key=f"NOM-{i}", id=i, kind="nominal", reference=f"NOM-{i}", label=f"Person {i}",
                            marking=Marking.OFFICIAL, x=(i % 10) / 10, y=(i // 10) / 10, start=i == 0)
                  for i in range(100))
    edges = tuple(ChartEdge(a="NOM-0", b=f"NOM-{i}", kind="associate") for i in range(1, 100))
    chart = Chart(start="NOM-0", title="NOM-0 Person 0", depth=1, layout="network", nodes=nodes, edges=edges,
                  key_people=(), marking=Marking.OFFICIAL)
    small = chart_drawing(chart, 200, 150)
    big = chart_drawing(chart, 2000, 1500)
    assert 0 < small.labels_shown < big.labels_shown == 100
    page = page_drawing(chart, produced_by="Tester")
    assert page.labels_shown > 0


def test_the_pack_prints_the_subjects_chart_and_is_marked_for_it(workspace, tmp_path):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    # the firm's own record is OFFICIAL-SENSITIVE; its chart shows the SECRET member only through a saved layout
    # that expands the crew: the pack is marked for its chart
    _, d = export_report(workspace, "pack", tmp_path / "firm.pdf", subject=refs["firm"])
    text = pages(d.path)
    chart_page = next(pg for pg in text if "Link chart" in pg)
    assert d.marking is Marking.OFFICIAL_SENSITIVE and chart_page.strip().startswith("OFFICIAL-SENSITIVE")
    assert refs["crew"] in chart_page and refs["other"] in chart_page and "SECRETSON" not in chart_page
    assert "Principal" in chart_page and "Exploits" in chart_page   # the legend
    workspace.write("s", network.save_layout, ids["firm"], "With the crew",
                    ChartState(expanded=frozenset({refs["crew"]})))
    _, d = export_report(workspace, "pack", tmp_path / "firm2.pdf", subject=refs["firm"])
    text = pages(d.path)
    chart_page = next(pg for pg in text if "Link chart" in pg)
    assert d.marking is Marking.SECRET and all(pg.strip().startswith("SECRET") for pg in text)
    assert "SECRETSON" in chart_page and "\u201cWith the crew\u201d" in chart_page
    # a reader cleared lower gets the pack without the SECRET member, the layout or the SECRET marking
    lo = _reader(workspace, "OFFICIAL-SENSITIVE")
    try:
        _, d = export_report(lo, "pack", tmp_path / "firm3.pdf", subject=refs["firm"])
    finally:
        lo.close()
    text = "\n".join(pages(d.path))
    assert d.marking is Marking.OFFICIAL_SENSITIVE and "SECRETSON" not in text and "With the crew" not in text
    assert registers  # (the register's services build the region)


def test_write_chart_needs_no_workspace(tmp_path, workspace):
    ids = _region(workspace)
    chart = workspace.read(network.build_chart, ids["flat"])
    write_chart(chart, tmp_path / "flat.svg", produced_by="x")
    assert "OFFICIAL" in (tmp_path / "flat.svg").read_text(encoding="utf-8")
