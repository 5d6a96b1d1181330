"""The link chart screen, driven through its real widgets (found by their accessible names): opened from a
record editor, the records shown, the marking banner, key people, pan and zoom, double-click to open a
record; the selection following the keyboard; expand, collapse, hide a kind, filter by date and by
marking; a layout saved and reopened; print and the files (PDF, PNG, SVG, i2, GraphML) read back; and
pictures of a 30-record group chart and a 2,000-record network saved to /tmp/shots to look at."""

from __future__ import annotations

import math
import time
from pathlib import Path

import networkx as nx
from openpyxl import load_workbook
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QListWidget, QPushButton

from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.network import ChartScreen
from rocta_desktop.gui.registers.editor import RecordEditor
from rocta_desktop.gui.style import marking_style
from rocta_desktop.services import audit, exploitation, network, registers
from tests.exchange.test_pdf_pack import pages
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets
from tests.services.test_network import _refs, _region

SHOTS = Path("/tmp/shots")


def _double_click(qtbot, view, item) -> None:
    point = view.mapFromScene(item.scenePos())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def _click(qtbot, view, item) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(item.scenePos()))


def _drag(view, item, dx: int, dy: int) -> None:
    """Press on a record, move the mouse with the button held, release: as a hand would."""
    vp = view.viewport()
    start = view.mapFromScene(item.scenePos())
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    assert view.itemAt(start) is item, "the record is under another"
    steps = [QPointF(start.x() + dx * f, start.y() + dy * f) for f in (0.3, 0.7, 1.0)]
    QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(start), vp.mapToGlobal(QPointF(start)),
                                           left, left, Qt.KeyboardModifier.NoModifier))
    for p in steps:
        QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, p, vp.mapToGlobal(p), none, left,
                                               Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseButtonRelease, steps[-1], vp.mapToGlobal(steps[-1]),
                                           left, none, Qt.KeyboardModifier.NoModifier))


def _labels_overlap(view) -> list[tuple[str, str]]:
    """Pairs of records whose shown labels (or a label and a record) overlap on screen."""
    boxes = []
    for key, item in view.items_by_key.items():
        r = item.r
        boxes.append((key, "shape", item.mapRectToScene(-r, -r, 2 * r, 2 * r)))
        if item.show_label:
            boxes.append((key, "label", item.mapRectToScene(item.label_rect())))
    out = []
    for i, (ka, wa, a) in enumerate(boxes):
        for kb, wb, b in boxes[i + 1:]:
            if "label" in (wa, wb) and ka != kb and a.intersects(b):
                out.append((ka, kb))
    return out


def test_the_chart_opens_from_a_record_editor_and_opens_records(qtbot, workspace, prompts, tmp_path):
    ids = _region(workspace)
    editor = RecordEditor(workspace, SubjectKind.GROUP, ids["crew"], prompts=prompts)
    qtbot.addWidget(editor)
    editor.show()
    find_by_name(editor, QPushButton, "Open link chart").click()
    chart = editor.chart
    assert isinstance(chart, ChartScreen) and chart.isVisible()
    refs = _refs(workspace, ids)
    assert set(chart.node_keys()) == {refs[k] for k in ("crew", "firm", "boss", "runner", "broker", "source", "flat")}
    assert chart.banner.text() == "SECRET" and chart.banner.styleSheet() == marking_style(Marking.SECRET)
    assert chart.layout_choice.currentData() == "structure"
    assert unnamed_interactive_widgets(chart) == []
    people = find_by_name(chart, QListWidget, "Key people")
    assert people.count() >= 4 and "BELL" in people.item(0).text()   # the member of both groups
    people.setCurrentRow(0)
    assert "Member of 2 groups" in chart.why.text()
    assert chart.view.items_by_key[people.item(0).data(Qt.ItemDataRole.UserRole)].isSelected()
    # links carry their nature: as a tooltip where the pointer rests on them
    view = chart.view
    tips = view.edge_tooltips()
    assert any("supply" in t for t in tips) and any("cousins" in t for t in tips)
    a, b = view.items_by_key[refs["boss"]].pos(), view.items_by_key[refs["runner"]].pos()
    assert view.edge_at((a + b) / 2).label == "cousins"
    assert _labels_overlap(view) == []

    # zoom and pan (nothing selected: the arrow keys pan)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    before = view.zoom()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > before
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert abs(view.zoom() - before) < 1e-6
    for _ in range(4):
        view.zoom_in()
    h = view.horizontalScrollBar().value()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.horizontalScrollBar().value() > h
    view.fit()

    # double-click a node: the record-open signal, and the editor opens that record
    item = view.items_by_key[refs["boss"]]
    view.centerOn(item)
    with qtbot.waitSignal(chart.open_record, timeout=2000) as blocker:
        _double_click(qtbot, view, item)
    assert blocker.args == [ids["boss"], "nominal"]
    opened = editor.opened_from_chart
    qtbot.addWidget(opened)
    assert opened.record_id == ids["boss"] and opened.kind is SubjectKind.NOMINAL

    # two steps reach the other group's principal
    find_by_name(chart, QComboBox, "Chart depth").setCurrentIndex(1)
    assert refs["other"] in chart.node_keys()

    # saved as GraphML through the audited export
    prompts.save_path = str(tmp_path / "crew.graphml")
    find_by_name(chart, QPushButton, "Save chart as GraphML").click()
    g = nx.read_graphml(tmp_path / "crew.graphml")
    assert g.graph["marking"] == "SECRET" and set(g.nodes) == set(chart.node_keys())
    assert "audit trail" in chart.message.text()


def test_the_selection_follows_the_keyboard_and_records_expand_collapse_and_filter(qtbot, workspace, prompts):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    screen = ChartScreen(workspace, ids["crew"], prompts=prompts)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    view = screen.view
    selected = find_by_name(screen, QLabel, "Selected record")
    expand = find_by_name(screen, QPushButton, "Expand selected record")
    collapse = find_by_name(screen, QPushButton, "Collapse selected record")
    assert not expand.isEnabled() and "No record selected" in selected.text()

    # the keyboard: Home selects the chart's record, the arrows move to the nearest record that way
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.selected_key() == refs["crew"] and refs["crew"] in selected.text() and expand.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Down)   # the layer below the group: its leaders
    first = view.selected_key()
    assert first in (refs["boss"], refs["source"]) and first in selected.text()
    qtbot.keyClick(view, Qt.Key.Key_Right if first == refs["boss"] else Qt.Key.Key_Left)
    assert {first, view.selected_key()} == {refs["boss"], refs["source"]}
    with qtbot.waitSignal(screen.open_record, timeout=2000) as blocker:   # Enter opens the selection
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args[0] in (ids["boss"], ids["source"])

    # expand the firm (clicked): its principal appears beside it; the records already drawn stay put
    _click(qtbot, view, view.items_by_key[refs["firm"]])
    assert view.selected_key() == refs["firm"]
    before = {k: (i.pos().x(), i.pos().y()) for k, i in view.items_by_key.items()}
    expand.click()
    assert refs["other"] in screen.node_keys() and "Expanded" in screen.message.text()
    assert all(abs(view.items_by_key[k].pos().x() - x) < 0.5 and abs(view.items_by_key[k].pos().y() - y) < 0.5
               for k, (x, y) in before.items())
    # collapsing it again folds its principal back in
    collapse.click()
    assert refs["other"] not in screen.node_keys()
    # collapse the crew from the keyboard: the records hanging only from it are folded in, "+2"
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert {refs["source"], refs["flat"]}.isdisjoint(screen.node_keys())
    assert view.items_by_key[refs["crew"]].node.folded == 2 and "collapsed (2 folded in)" in selected.text()
    qtbot.keyClick(view, Qt.Key.Key_Plus)   # + expands it again (and so unfolds it)
    assert {refs["source"], refs["flat"]} <= set(screen.node_keys())

    # hide a kind of record, and of link
    vulns = find_by_name(screen, QCheckBox, "Show vulnerabilities")
    vulns.click()
    assert refs["flat"] not in screen.node_keys()
    vulns.click()
    assert refs["flat"] in screen.node_keys()
    find_by_name(screen, QCheckBox, "Show associations").click()
    assert not any(e.kind == "associate" for e in screen.chart.edges)
    find_by_name(screen, QCheckBox, "Show associations").click()
    # links outside the dates: the exploitation began in January 2026
    to_date = find_by_name(screen, QLineEdit, "Links to date")
    qtbot.keyClicks(to_date, "31/12/2025")
    qtbot.keyClick(to_date, Qt.Key.Key_Return)
    assert refs["flat"] not in screen.node_keys() and "outside the dates" in screen.message.text()
    to_date.clear()
    qtbot.keyClicks(to_date, "31/02/2025")   # not a date: said, nothing applied
    qtbot.keyClick(to_date, Qt.Key.Key_Return)
    assert "Filter not applied" in screen.message.text()
    to_date.clear()
    qtbot.keyClick(to_date, Qt.Key.Key_Return)
    assert refs["flat"] in screen.node_keys()
    # up to OFFICIAL: the SECRET member and the OFFICIAL-SENSITIVE firm go, and the banner says OFFICIAL
    marking = find_by_name(screen, QComboBox, "Show records marked up to")
    marking.setCurrentIndex(marking.findData("OFFICIAL"))
    assert {refs["source"], refs["firm"]}.isdisjoint(screen.node_keys())
    assert screen.banner.text() == "OFFICIAL" and screen.banner.styleSheet() == marking_style(Marking.OFFICIAL)
    find_by_name(screen, QPushButton, "Reset chart view").click()
    assert screen.banner.text() == "SECRET" and marking.currentData() is None and len(screen.node_keys()) == 7


def test_a_layout_is_saved_with_the_record_and_reopened(qtbot, workspace, prompts, tmp_path):
    ids = _region(workspace)
    refs = _refs(workspace, ids)
    screen = ChartScreen(workspace, ids["crew"], prompts=prompts)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    view = screen.view
    boss = view.items_by_key[refs["boss"]]
    start = boss.pos()
    _drag(view, boss, 60, 45)   # moved by hand
    moved = view.items_by_key[refs["boss"]].pos()
    assert math.hypot(moved.x() - start.x(), moved.y() - start.y()) > 20
    find_by_name(screen, QCheckBox, "Show associations").click()
    find_by_name(screen, QLineEdit, "Links from date").setText("01/01/2020")
    find_by_name(screen, QLineEdit, "Links from date").editingFinished.emit()
    prompts.text = "Briefing"
    find_by_name(screen, QPushButton, "Save chart layout").click()
    assert "Layout \u201cBriefing\u201d saved" in screen.message.text() and "audit trail" in screen.message.text()
    with workspace.reader() as s:
        assert [e["action"] for e in audit.search_events(s) if e["entity_type"] == "chart_layout"] == [
            "chart.layout.save"]
    screen.close()

    again = ChartScreen(workspace, ids["crew"], prompts=prompts)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    saved = find_by_name(again, QComboBox, "Saved layouts")
    assert again.saved_names() == ["Briefing"] and saved.itemText(1) == "Briefing (SECRET)"
    assert again.view.items_by_key[refs["boss"]].pos() != moved   # opened as first drawn
    saved.setCurrentIndex(1)
    find_by_name(again, QPushButton, "Open saved layout").click()
    reopened = again.view.items_by_key[refs["boss"]].pos()
    sx, sy = again.view.scale_xy
    assert abs(reopened.x() / sx - moved.x() / view.scale_xy[0]) < 1e-3
    assert abs(reopened.y() / sy - moved.y() / view.scale_xy[1]) < 1e-3
    assert not find_by_name(again, QCheckBox, "Show associations").isChecked()
    assert find_by_name(again, QLineEdit, "Links from date").text() == "01/01/2020"
    assert not any(e.kind == "associate" for e in again.chart.edges)
    assert "Briefing" in again.message.text()

    # print and the files: the chart as arranged, marked, read back
    preview = again.print_chart(show=False)
    qtbot.addWidget(preview)
    assert find_by_name(preview, QLabel, "Report marking").text() == "SECRET" and len(preview.pages) == 1
    for fmt, name in (("pdf", "Save chart as PDF"), ("png", "Save chart as PNG"), ("svg", "Save chart as SVG"),
                      ("xlsx", "Save chart for i2")):
        prompts.save_path = str(tmp_path / f"crew-{fmt}")   # the extension is added
        find_by_name(again, QPushButton, name).click()
        assert (tmp_path / f"crew-{fmt}.{fmt}").is_file(), again.message.text()
    text = pages(tmp_path / "crew-pdf.pdf")[0]
    assert text.strip().startswith("SECRET") and text.strip().endswith("SECRET")
    assert "saved layout \u201cBriefing\u201d" in text and "left out: 1 hidden associate" in text
    image = Image.open(tmp_path / "crew-png.png").convert("RGB")
    assert image.getpixel((4, 4))[0] > 150 and image.getpixel((4, 4))[1] < 60   # the SECRET band, red
    assert "<title>SECRET" in (tmp_path / "crew-svg.svg").read_text(encoding="utf-8")
    wb = load_workbook(tmp_path / "crew-xlsx.xlsx")
    assert {r[0] for r in wb["Entities"].iter_rows(min_row=2, values_only=True)} == set(again.node_keys())
    assert wb.properties.subject == "SECRET"
    with workspace.reader() as s:
        formats = sorted(e["changes"]["format"] for e in audit.search_events(s) if e["action"] == "export.chart")
    assert formats == ["pdf", "png", "svg", "xlsx"]


def test_a_layout_refused_is_a_warning_and_nothing_is_saved_or_deleted(qtbot, workspace, prompts):
    ids = _region(workspace)
    screen = ChartScreen(workspace, ids["crew"], prompts=prompts)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    said = screen.message.text()
    save = find_by_name(screen, QPushButton, "Save chart layout")
    prompts.text = "x" * 101                                           # too long a name
    save.click()
    assert prompts.shown[-1] == ("warning", "The layout was not saved", "At most 100 characters.")
    assert screen.saved_names() == [] and screen.message.text() == said and save.isEnabled()
    prompts.text = "Briefing"
    save.click()
    assert screen.saved_names() == ["Briefing"] and "saved" in screen.message.text()

    # deleted in another window meanwhile: this one still lists it, and its delete is refused
    workspace.write("test.elsewhere", network.delete_layout, ids["crew"], "Briefing")
    saved = find_by_name(screen, QComboBox, "Saved layouts")
    saved.setCurrentIndex(saved.findData("Briefing"))
    prompts.answers = [True]
    said = screen.message.text()
    find_by_name(screen, QPushButton, "Delete saved layout").click()
    assert prompts.shown[-2][:2] == ("question", "Delete saved layout")
    assert prompts.shown[-1] == ("warning", "The layout was not deleted", "No saved layout 'Briefing' of this chart.")
    assert screen.message.text() == said
    with workspace.reader() as s:
        assert [e["action"] for e in audit.search_events(s) if e["entity_type"] == "chart_layout"] == [
            "chart.layout.delete", "chart.layout.save"]


def _group_of_thirty(ws) -> int:
    """A group with 25 members by role, two linked groups and two vulnerabilities: 30 records one step
    out (and two associates of members, a step further)."""
    roles = ["principal"] * 2 + ["significant"] * 5 + ["enabler"] * 6 + ["peripheral"] * 12
    names = ["Ahmed", "Barker", "Chowdhury", "Dimitrov", "Evans", "Fitzgerald", "Grant", "Hughes", "Ivanova",
             "Jablonski", "Khan", "Lowe", "McAllister", "Nowak", "O'Brien", "Patel", "Quigley", "Rahman",
             "Sutcliffe", "Thornton", "Usman", "Vaughan", "Whitfield", "Yilmaz", "Zielinski", "Ashworth", "Bell"]
    with ws.operation("test.thirty") as uow:
        gid = registers.create_group(uow, {"name": "The Northmoor Green Company", "marking": "OFFICIAL-SENSITIVE",
                                           "management_level": "regional"}).id
        others = [registers.create_group(uow, {"name": n, "marking": "OFFICIAL", "management_level": "local"}).id
                  for n in ("Blade Line", "Casper Line")]
        people = [registers.create_nominal(uow, {"surname": names[i], "forenames": "Alex Jordan",
                                                 "marking": "OFFICIAL"}).id for i in range(27)]
        vulns = [registers.create_vulnerability(uow, {"name": n, "category": "place", "marking": "OFFICIAL"}).id
                 for n in ("Short-let flats in Kettlewick", "Waste transfer site")]
    with ws.operation("test.thirty.links") as uow:
        for pid, role in zip(people, roles):
            registers.add_member(uow, gid, pid, role)
        for g in others:
            registers.link_groups(uow, gid, g, "supply")
        for a, b in ((25, 0), (26, 1), (3, 9), (10, 20)):
            registers.associate_nominals(uow, people[a], people[b], "associate")
    for v in vulns:
        ws.write("v", exploitation.link_vulnerability, v, gid, {"nature": "storage", "marking": "OFFICIAL"})
    return gid


def test_pictures_of_a_group_chart_and_a_large_network(qtbot, workspace):
    """A 30-record group chart and a 2,000-record network drawn offscreen and saved to look at: every
    record drawn, no label overlapping a label or a record, the marking banner above."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    gid = _group_of_thirty(workspace)
    for how in ("structure", "network"):
        screen = ChartScreen(workspace, gid, layout_as=how)
        qtbot.addWidget(screen)
        screen.resize(1400, 900)
        screen.show()
        qtbot.waitExposed(screen)
        screen.grab().save(str(SHOTS / f"group30_{how}.png"))
        assert len(screen.node_keys()) == 30 and screen.banner.text() == "OFFICIAL-SENSITIVE"
        assert screen.view.marking_text() == "OFFICIAL-SENSITIVE"
        assert _labels_overlap(screen.view) == []
        assert len(screen.view.labels_shown()) >= 20, screen.view.labels_shown()
        screen.close()

    from bench.bench_network import synthetic_chart
    chart = synthetic_chart(2000, 6000, seed=1)
    from rocta_desktop.gui.network.view import ChartView
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    t0 = time.perf_counter()
    view.show_chart(chart)
    view.grab().save(str(SHOTS / "network2000.png"))
    painted = time.perf_counter() - t0
    assert len(view.items_by_key) == 2000 and _labels_overlap(view) == []
    shown = len(view.labels_shown())
    for _ in range(6):
        view.zoom_in()
    view.centerOn(view.items_by_key[chart.start])
    view.grab().save(str(SHOTS / "network2000_zoomed.png"))
    assert len(view.labels_shown()) > shown and _labels_overlap(view) == []
    print(f"\n2,000 records, 6,000 links: drawn and painted in {painted:.2f} s; {shown} labels at fit")
    assert network  # (the chart's services)
    assert QPoint  # (imported for readers extending the test with clicks)
