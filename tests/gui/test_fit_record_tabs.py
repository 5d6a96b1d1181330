"""#22 in the record window: every tab's list fits the window at the window's own size, on a 1180x740
screen and on a 1920x1080 one, without scrolling sideways; a marking is always whole, a reference and
a marking never broken across two lines; a cut cell is whole in its tooltip; the columns left out in
a narrow window come back through a Columns menu (remembered). A nominal's Assessments tab says what
is true of nominals (OCGM scores groups), naming the groups where the two methods can be compared.
The ranked lists (priority list) fit the same way as every other list (gui/tables.RecordTable)."""

from __future__ import annotations

from html import unescape

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.kit.ranked import RankedTable
from rocta_desktop.gui.registers.editor import RecordEditor
from rocta_desktop.gui.tables import SORT_ROLE
from rocta_desktop.services import assessments, exploitation, registers
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets
from tests.gui.screens_tool import clipped_text, settle, sideways

#: the record window opens at its own size; an analyst on a 1180x740 or a 1920x1080 screen may make it
#: as large as the screen
SIZES = [pytest.param(None, id="own-size"), pytest.param((1180, 740), id="1180x740"),
         pytest.param((1920, 1080), id="1920x1080")]
LONG_GROUP = "The Extraordinarily Long Named Organised Crime Syndicate of the Northern Coastal Towns"
LONG_NATURE = "Cuckooed flat on the Eastfield estate used to store and supply class A drugs to the county lines"


@pytest.fixture
def region(workspace, team):
    """A group (members, a linked group, two vulnerabilities it exploits, an approved MoRiLE and OCGM and
    a draft), a nominal in two groups, and the analyst who works on them."""
    ana, sam = team.open("ana"), team.open("sam")
    with workspace.operation("test") as uow:
        group = registers.create_group(uow, {"name": LONG_GROUP, "marking": "OFFICIAL-SENSITIVE",
                                             "management_level": "regional"}).id
        other = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "local"}).id
        nominal = registers.create_nominal(uow, {"surname": "Montgomery-Smythe", "forenames": "Alexandra Jane",
                                                 "marking": "OFFICIAL"}).id
        registers.add_member(uow, group, nominal, "principal", "2019-04-01")
        registers.add_member(uow, other, nominal, "peripheral")
        registers.link_groups(uow, group, other, "supplies class A drugs to, through the harbour lock-ups")
        vulns = [registers.create_subject(uow, SubjectKind.VULNERABILITY, {
            "name": name, "category": "place", "marking": "OFFICIAL"}).id
            for name in ("Vulnerable adults at risk of cuckooing in Highfell", "Thornwick marina")]
    ana.write("link", exploitation.link_vulnerability, vulns[0], group, {
        "nature": LONG_NATURE, "date_from": "01/02/2025", "date_to": "30/09/2025",
        "source": "TRG-2026-0004 and the officer's debrief", "marking": "OFFICIAL-SENSITIVE",
        "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P"})
    ana.write("link", exploitation.link_vulnerability, vulns[1], group, {"nature": "Moorings used for landing",
                                                                         "marking": "OFFICIAL"})
    for ref, answers in (("morile-reference", MORILE_ANSWERS), ("ocgm-reference", OCGM_ANSWERS)):
        created = ana.write("a", assessments.start, group, ref)
        ana.write("a", assessments.save, created.id, answers)
        ana.write("a", assessments.submit, created.id)
        sam.write("a", assessments.approve, created.id)
    ana.write("a", assessments.start, group, "morile-reference")   # a draft: every answer unknown
    ana.write("edit", registers.update_subject, group, {"name": LONG_GROUP + " and Beyond", "marking": "SECRET"})
    return {"ana": ana, "group": group, "other": other, "nominal": nominal, "vulns": vulns}


def open_editor(qtbot, ws, kind, record_id, prompts, size) -> RecordEditor:
    editor = RecordEditor(ws, kind, record_id, prompts=prompts)
    qtbot.addWidget(editor)
    if size is not None:
        editor.resize(*size)
    editor.show()
    qtbot.waitExposed(editor)
    if size is not None:
        assert editor.size().toTuple() == size
    return editor


def tab(editor: RecordEditor, title: str) -> QWidget:
    """The tab titled `title` (its mnemonic aside), shown."""
    index = next(i for i in range(editor.tabs.count()) if editor.tabs.tabText(i).replace("&", "") == title)
    editor.tabs.setCurrentIndex(index)
    settle(QApplication.instance())
    return editor.tabs.widget(index)


def headers(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def column(table, title: str) -> int:
    return headers(table).index(title)


def fits(table) -> bool:
    return table.horizontalHeader().length() <= table.viewport().width() and \
        not table.horizontalScrollBar().isVisible()


def whole(table, title: str) -> bool:
    """The column is shown, as wide as its contents and its header."""
    c = column(table, title)
    return not table.isColumnHidden(c) and table.columnWidth(c) >= table.natural_widths()[title]


def unreadable(table) -> list[str]:
    """Cells wrapped onto a second line (where a word can break), a header cut, a cell cut without its
    whole text in the tooltip."""
    found = ["cells wrap"] if table.wordWrap() else []
    single = table.verticalHeader().defaultSectionSize()
    found += [f"row {r} is {table.rowHeight(r)} px high" for r in range(table.rowCount()) if table.rowHeight(r) > single]
    for c in range(table.columnCount()):
        if table.isColumnHidden(c):
            continue
        if table.columnWidth(c) < table.horizontalHeader().sectionSizeHint(c):
            found.append(f"header {headers(table)[c]!r} cut")
        for r in range(table.rowCount()):
            item = table.item(r, c)
            text = item.text() if item is not None else ""
            if text and QFontMetrics(item.font()).horizontalAdvance(text) + 6 > table.columnWidth(c) \
                    and text not in unescape(item.toolTip()):
                found.append(f"{headers(table)[c]} {text!r} cut, not in its tooltip")
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["group", "nominal", "vulnerability"])
def test_no_tab_of_the_record_window_scrolls_sideways_or_clips_text(qtbot, region, prompts, kind, size):
    record = {"group": region["group"], "nominal": region["nominal"], "vulnerability": region["vulns"][0]}[kind]
    editor = open_editor(qtbot, region["ana"], SubjectKind(kind), record, prompts, size)
    assert unnamed_interactive_widgets(editor) == []
    for i in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(i)
        settle(QApplication.instance())
        title = editor.tabs.tabText(i).replace("&", "")
        assert (title, sideways(editor), clipped_text(editor)) == (title, [], [])
        for table in editor.tabs.widget(i).findChildren(QTableView) + [editor.tabs.widget(i)]:
            if isinstance(table, QTableView) and table.isVisible() and hasattr(table, "natural_widths"):
                assert (title, unreadable(table)) == (title, [])


@pytest.mark.parametrize("size", SIZES)
def test_the_assessments_tab_shows_the_marking_whole_and_leaves_columns_out_not_cut(qtbot, region, prompts, size):
    editor = open_editor(qtbot, region["ana"], SubjectKind.GROUP, region["group"], prompts, size)
    panel = tab(editor, "Assessments")
    table = find_by_name(panel, QTableView, "Assessments of this subject")
    assert table.rowCount() == 3 and fits(table) and unreadable(table) == []
    assert "Subject" not in headers(table) and "Name" not in headers(table)   # the record is the subject
    for title in ("Reference", "Method", "Marking"):
        assert whole(table, title), title
    assert table.item(0, column(table, "Marking")).text() == "OFFICIAL-SENSITIVE"
    shown = table.shown_columns()
    if size == (1920, 1080):
        assert shown == headers(table)   # room for every column
    if size is None:   # the window's own size: the least important left out, in their menu
        assert "Unknown" not in shown and "Version" not in shown
        button = find_by_name(panel, QPushButton, "Choose assessment history columns")
        button.menu().aboutToShow.emit()   # the menu opens: its ticks as the list is now
        unknown = next(a for a in button.menu().actions() if a.text() == "Unknown")
        assert not unknown.isChecked()
        unknown.trigger()
        assert "Unknown" in table.shown_columns()
        assert "Unknown" not in (QSettings().value("record/assessment_hidden_columns") or [])


def test_the_vulnerabilities_tab_of_a_group_fits_for_an_analyst(qtbot, region, prompts):
    ana = region["ana"]
    editor = open_editor(qtbot, ana, SubjectKind.GROUP, region["group"], prompts, None)
    panel = tab(editor, "Vulnerabilities")
    table = find_by_name(panel, QTableView, "Vulnerabilities exploited")
    assert table.rowCount() == 2 and fits(table) and unreadable(table) == []
    for title in ("Reference", "Name", "Nature", "Marking"):
        assert not table.isColumnHidden(column(table, title)), title
    assert whole(table, "Marking") and whole(table, "Reference")
    nature = column(table, "Nature")
    cut = next(r for r in range(2) if table.item(r, nature).text() == LONG_NATURE)
    assert table.item(cut, nature).toolTip() == LONG_NATURE   # cut with an ellipsis, whole in the tooltip
    assert "Source" not in table.shown_columns()   # the least important left out first
    # every field of the link says what it is for, its whole hint shown
    for edit in panel.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if edit.isVisible() and hint:
            assert edit.fontMetrics().horizontalAdvance(hint) + 8 <= edit.width(), hint

    # the columns menu brings the source back, and it is remembered
    button = find_by_name(panel, QPushButton, "Choose vulnerability link list columns")
    button.menu().aboutToShow.emit()   # the menu opens: its ticks as the list is now
    source = next(a for a in button.menu().actions() if a.text() == "Source")
    assert not source.isChecked()
    source.trigger()
    assert "Source" in table.shown_columns()
    remembered = QSettings().value("record/vulnerability_links_hidden_columns")
    assert "Source" not in ([remembered] if isinstance(remembered, str) else list(remembered or []))

    # on a large screen, maximised, fitted to the window again: every column, whole
    button.menu().aboutToShow.emit()
    next(a for a in button.menu().actions() if a.text().replace("&", "") == "Fit to the window").trigger()
    editor.resize(1920, 1080)
    qtbot.waitUntil(lambda: table.viewport().width() > 1500)
    assert table.shown_columns() == headers(table) and fits(table)
    assert all(whole(table, t) for t in headers(table) if t != "Marking")

    # sorted by name, the selected row is still the link removed
    table.sortItems(column(table, "Name"), Qt.SortOrder.DescendingOrder)
    top = table.item(0, column(table, "Reference")).text()
    table.selectRow(0)
    qtbot.mouseClick(find_by_name(panel, QPushButton, "Remove selected vulnerability link"), Qt.MouseButton.LeftButton)
    left = ana.read(exploitation.vulnerability_links, region["group"])
    assert [ln["other_reference"] for ln in left] != [top] and len(left) == 1 and table.rowCount() == 1
    assert table.item(0, column(table, "Reference")).text() != top


def test_the_history_tab_keeps_references_and_markings_on_one_line(qtbot, region, prompts):
    editor = open_editor(qtbot, region["ana"], SubjectKind.GROUP, region["group"], prompts, None)
    panel = tab(editor, "History")
    table = find_by_name(panel, QTableView, "Record history")
    assert fits(table) and not table.wordWrap() and unreadable(table) == []
    what = column(table, "What")
    reference = region["ana"].read(registers.get_subject, region["group"])["reference"]
    viewed = [r for r in range(table.rowCount()) if "viewed" in table.item(r, what).text()]
    assert viewed and reference in table.item(viewed[0], what).text()
    assert whole(table, "What")   # "analyst viewed OCG-2026-0001 (SECRET)", whole on its line
    changes = column(table, "Changes")
    edited = next(r for r in range(table.rowCount()) if "marking" in table.item(r, changes).text())
    assert "SECRET" in unescape(table.item(edited, changes).toolTip())
    when = column(table, "When (UTC)")
    table.sortItems(when, Qt.SortOrder.AscendingOrder)   # in time order, not as dd/mm text
    keys = [table.item(r, when).data(SORT_ROLE) for r in range(table.rowCount())]
    assert keys == sorted(keys) and "linked to" in table.item(0, what).text()   # the oldest first


def test_a_nominals_assessments_tab_says_what_is_true_of_nominals(qtbot, region, prompts):
    ws = region["ana"]
    editor = open_editor(qtbot, ws, SubjectKind.NOMINAL, region["nominal"], prompts, None)
    text = find_by_name(tab(editor, "Assessments"), QLabel, "MoRiLE and OCGM compared").text()
    assert "Assess a group" not in text
    assert text.startswith("OCGM applies to groups only")
    for gid in (region["group"], region["other"]):   # where the two methods can be compared: its groups
        group = ws.read(registers.get_subject, gid)
        assert f"{group['reference']} {group['name']}" in text

    alone = ws.write("n", registers.create_nominal, {"surname": "Kowalski", "marking": "OFFICIAL"}).id
    editor = open_editor(qtbot, ws, SubjectKind.NOMINAL, alone, prompts, None)
    text = find_by_name(tab(editor, "Assessments"), QLabel, "MoRiLE and OCGM compared").text()
    assert text == "OCGM applies to groups only, so a nominal has no second method to compare."

    editor = open_editor(qtbot, ws, SubjectKind.GROUP, region["other"], prompts, None)
    text = find_by_name(tab(editor, "Assessments"), QLabel, "MoRiLE and OCGM compared").text()
    assert text == "Assess this group with both MoRiLE and OCGM, each approved, to compare the two methods."


def test_a_ranked_list_fits_as_every_list_does_and_keeps_its_order_and_hidden_columns(qtbot):
    columns = ["Rank", "Name", "Confidence in the assessment", "Kind", "Marking"]
    table = RankedTable("Ranked", columns)
    qtbot.addWidget(table)
    rows = [[1, LONG_GROUP, "Medium", "Group", "OFFICIAL"], [2, "Red Boys", "Low", "Nominal", "SECRET"],
            [3, "Alpha Crew", "High", "Group", "OFFICIAL-SENSITIVE"]]
    table.fill(rows, [30, 10, 20])
    table.setColumnHidden(columns.index("Kind"), True)   # the page's choice, made in its own menu
    table.resize(380, 200)
    table.show()
    qtbot.waitExposed(table)
    table.fit_columns({"Name": 1.8, "Confidence in the assessment": 1.0})
    assert table.shown_columns() == ["Rank", "Name", "Confidence in the assessment", "Marking"]
    assert table.natural_widths()["Name"] > table.columnWidth(1)   # measured and narrowed as RecordTable does
    assert unreadable(table) == []   # one line a row, every header whole, the name in its tooltip
    table.horizontalHeader().sectionClicked.emit(1)   # a ranked list is never sorted
    assert [table.item(r, 0).text() for r in range(3)] == ["1", "2", "3"]
    table.setColumnHidden(columns.index("Kind"), False)   # shown again by the page, filled and fitted
    table.fill(rows[:2], [30, 10])
    table.fit_columns({"Name": 1.8, "Confidence in the assessment": 1.0})
    assert "Kind" in table.shown_columns() and table.rowCount() == 2 and unreadable(table) == []
    table.resize(1000, 200)   # fitted again on every resize: the name whole now
    qtbot.waitUntil(lambda: table.columnWidth(1) == table.natural_widths()["Name"])
    with pytest.raises(ValueError):
        table.fit_columns({"Name": 1.8}, optional=("Kind",))
