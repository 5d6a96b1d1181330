"""The link chart screen, opened from a real record editor: the records shown, the marking banner,
key people, pan and zoom, double-click to open a record, GraphML export; and a demo group's chart
drawn offscreen (saved to /tmp/chart_demo.png to look at)."""

from __future__ import annotations

import time

import networkx as nx
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QPushButton

from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.network import ChartScreen
from rocta_desktop.gui.registers.editor import RecordEditor
from rocta_desktop.gui.style import marking_style
from rocta_desktop.services import demo, registers
from rocta_desktop.services.registers import SubjectFilter
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets
from tests.services.test_network import _region


def _double_click(qtbot, view, item) -> None:
    point = view.mapFromScene(item.scenePos())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_the_chart_opens_from_a_record_editor_and_opens_records(qtbot, workspace, prompts, tmp_path):
    ids = _region(workspace)
    editor = RecordEditor(workspace, SubjectKind.GROUP, ids["crew"], prompts=prompts)
    qtbot.addWidget(editor)
    editor.show()
    find_by_name(editor, QPushButton, "Open link chart").click()
    chart = editor.chart
    assert isinstance(chart, ChartScreen) and chart.isVisible()
    refs = {k: workspace.read(registers.get_subject, ids[k])["reference"]
            for k in ("crew", "firm", "boss", "runner", "broker", "source", "flat", "other")}
    assert set(chart.node_keys()) == {refs[k] for k in ("crew", "firm", "boss", "runner", "broker", "source", "flat")}
    assert chart.banner.text() == "SECRET" and chart.banner.styleSheet() == marking_style(Marking.SECRET)
    assert chart.layout_choice.currentData() == "structure"
    assert unnamed_interactive_widgets(chart) == []
    people = find_by_name(chart, QListWidget, "Key people")
    assert people.count() >= 4 and "BELL" in people.item(0).text()   # the member of both groups
    people.setCurrentRow(0)
    assert "Member of 2 groups" in chart.why.text()
    assert chart.view.items_by_key[people.item(0).data(Qt.ItemDataRole.UserRole)].isSelected()
    # edges carry their nature
    tips = [i.toolTip() for i in chart.view.scene().items() if type(i).__name__ == "EdgeItem"]
    assert any("supply" in t for t in tips) and any("cousins" in t for t in tips)

    # zoom and pan
    view = chart.view
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


def test_a_demo_groups_chart_is_readable(qtbot, workspace):
    """The largest demo group's chart at two steps: timed, and saved as a picture to look at."""
    demo.generate(workspace, groups=40, nominals=250, seed=3)
    groups = workspace.read(registers.list_subjects, SubjectFilter(kind=SubjectKind.GROUP))
    sizes = {g["id"]: len(workspace.read(registers.get_subject, g["id"])["members"]) for g in groups}
    biggest = max(sizes, key=lambda i: (sizes[i], -i))
    t0 = time.perf_counter()
    screen = ChartScreen(workspace, biggest, depth=1)
    built = time.perf_counter() - t0
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show()
    qtbot.waitExposed(screen)
    screen.view.fit()
    t0 = time.perf_counter()
    screen.grab().save("/tmp/chart_demo.png")
    painted = time.perf_counter() - t0
    assert len(screen.node_keys()) >= sizes[biggest] + 1
    screen.layout_choice.setCurrentIndex(screen.layout_choice.findData("network"))
    screen.depth.setCurrentIndex(1)
    t0 = time.perf_counter()
    screen.grab().save("/tmp/chart_demo_network.png")
    screen.layout_choice.setCurrentIndex(screen.layout_choice.findData("structure"))
    screen.grab().save("/tmp/chart_demo_structure2.png")
    print(f"\nlargest demo group: {sizes[biggest]} members; chart built and drawn in {built:.3f} s, painted in "
          f"{painted:.3f} s; depth 2: {len(screen.node_keys())} records painted in {time.perf_counter() - t0:.3f} s")
    assert built < 5 and painted < 5
    assert QPoint  # (imported for readers extending the test with clicks)


def test_a_vulnerability_editor_links_and_unlinks_its_exploiters(qtbot, workspace, prompts):
    from PySide6.QtWidgets import QLineEdit, QTableWidget

    from rocta_desktop.services import exploitation
    ids = _region(workspace)
    editor = RecordEditor(workspace, SubjectKind.VULNERABILITY, ids["flat"], prompts=prompts)
    qtbot.addWidget(editor)
    panel = editor.exploitation
    table = find_by_name(editor, QTableWidget, "Exploited by")
    assert table.rowCount() == 1 and table.item(0, 2).text() == "cuckooed for supply"
    assert table.item(0, 5).text() == "2B P"
    assert unnamed_interactive_widgets(editor) == []
    find_by_name(editor, QLineEdit, "Find group or nominal to link").setText("Kane")
    assert panel.results.count() == 1
    panel.nature.setText("runs the line from it")
    panel.date_from.setText("01/02/2026")
    panel.grading["source_evaluation"].setCurrentIndex(panel.grading["source_evaluation"].findData("2"))
    panel.link_button.click()
    assert "intelligence assessment" in panel.message.text()   # half a grading is refused, and said why
    panel.grading["intel_assessment"].setCurrentIndex(panel.grading["intel_assessment"].findData("C"))
    panel.grading["handling_code"].setCurrentIndex(panel.grading["handling_code"].findData("P"))
    panel.marking.setCurrentIndex(panel.marking.findData("SECRET"))
    panel.link_button.click()
    assert panel.message.text() == "" and table.rowCount() == 2
    assert editor.banner.text().startswith("SECRET")   # the window lists a SECRET link
    links = workspace.read(exploitation.vulnerability_links, ids["flat"])
    kane = next(ln for ln in links if ln["other_id"] == ids["boss"])
    assert kane["grading"] == "2C P" and kane["date_from"].isoformat() == "2026-02-01"
    table.selectRow([ln["id"] for ln in panel.links].index(kane["id"]))
    panel.unlink_button.click()
    assert table.rowCount() == 1 and not editor.banner.text().startswith("SECRET")
