"""#22: the registers fit the window's width as the other lists do (gui/tables.FittedTableView: the
fitting of RecordTable.fit_columns, over the register's own model, and kit/columns.ColumnMenu): never
scrolled sideways, every header whole, a name too long for its column cut with an ellipsis and whole
in its tooltip, the least important columns left out while the window is narrow and back when it is
wide, the columns hidden by default (aliases, nicknames, LRO, updated) shown from the Columns menu,
the choice and the order of the columns remembered. The moderation figures fit too: the list by
scheme is as tall as its rows and names schemes by their method, never their internal key.

The widths are those of the main window's page at 1180x740 (a table 926 pixels wide) and 1920x1080."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.registers.view import RegisterView, hidden_setting, order_setting
from rocta_desktop.services import registers
from tests.gui.conftest import unnamed_interactive_widgets
from tests.gui.screens_tool import sideways
from tests.gui.test_clipping import unreadable

NARROW, WIDE = 950, 1700   # a register page's width in a 1180- and a 1920-pixel window
SURNAME, FORENAMES = "Westerholme-Abernethy-Fitzgerald", "Christopher Alexander Montgomery"
DEFAULT_HIDDEN = {SubjectKind.GROUP: {"Nicknames", "LRO", "Updated"}, SubjectKind.NOMINAL: {"Aliases", "Updated"},
                  SubjectKind.VULNERABILITY: {"Updated"}}


@pytest.fixture
def region(workspace):
    from rocta_desktop import demo
    demo.generate(workspace, groups=30, nominals=200, seed=3)
    long_one = workspace.write("n", registers.create_nominal, {
        "surname": SURNAME, "forenames": FORENAMES, "date_of_birth": "1997-12-04", "marking": "OFFICIAL",
        "flags": ["firearms", "violence", "weapons", "drugs", "escape risk"]}).id
    return {"long": long_one}


def open_view(qtbot, ws, kind, width=NARROW):
    view = RegisterView(ws, kind)
    qtbot.addWidget(view)
    view.resize(width, 520)
    view.show()
    qtbot.waitExposed(view)
    view.load()
    return view


def fits(view) -> list[str]:
    """What stops the register being read without scrolling sideways (once Qt has laid it out)."""
    QApplication.processEvents()
    table = view.table
    problems = sideways(table) + unreadable(table)
    if table.horizontalScrollBar().isVisible():
        problems.append("a horizontal scroll bar")
    return problems


@pytest.mark.parametrize("kind", list(DEFAULT_HIDDEN), ids=lambda k: k.value)
def test_a_register_never_scrolls_sideways_and_shows_its_columns_as_the_width_allows(qtbot, workspace, region,
                                                                                      kind):
    view = open_view(qtbot, workspace, kind)
    table = view.table
    assert view.model.rowCount() > 10
    assert table.viewport().width() <= 930 and fits(view) == []
    assert {"Reference", "Name"} <= set(table.shown_columns())
    assert not DEFAULT_HIDDEN[kind] & set(table.shown_columns())
    view.resize(WIDE, 520)   # a large screen: every column but those hidden by default
    qtbot.waitUntil(lambda: table.viewport().width() > 1600)
    assert fits(view) == []
    assert set(table.shown_columns()) == set(table.headers()) - DEFAULT_HIDDEN[kind]
    view.resize(NARROW, 520)
    qtbot.waitUntil(lambda: table.viewport().width() < 930)
    assert fits(view) == []


def test_a_name_too_long_for_its_column_is_cut_and_whole_in_its_tooltip(qtbot, workspace, region):
    view = open_view(qtbot, workspace, SubjectKind.NOMINAL)
    table, model = view.table, view.model
    view.filter_edit.setText(SURNAME)
    assert model.rowCount() == 1
    name = model.index(0, model.column_keys().index("name"))
    whole = name.data()
    assert SURNAME.upper() in whole and FORENAMES in whole
    assert table.fontMetrics().horizontalAdvance(whole) > table.columnWidth(name.column())   # cut...
    assert table.cell_tip(name) == whole                                                     # ...whole here
    reference = model.index(0, 0)
    assert table.cell_tip(reference) == ""   # a cell shown whole has no tooltip
    at = table.visualRect(name).center()
    QApplication.sendEvent(table.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, table.viewport().mapToGlobal(at)))
    assert QToolTip.text() == whole
    QToolTip.hideText()
    assert not table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideRight


def test_the_columns_menu_shows_a_column_keeps_the_choice_and_fits_to_the_window_again(qtbot, workspace, region):
    view = open_view(qtbot, workspace, SubjectKind.NOMINAL)
    table, menu = view.table, view.columns
    assert view.columns_button.menu() is menu.menu
    assert view.columns_button.accessibleName() == "Choose nominal register columns"
    assert unnamed_interactive_widgets(view) == []
    assert not menu.actions["Reference"].isEnabled() and not menu.actions["Name"].isEnabled()
    menu.sync()
    assert not menu.actions["Aliases"].isChecked() and menu.fit_action.isChecked()

    menu.actions["Aliases"].trigger()   # hidden by default: shown when asked for, and the list still fits
    assert "Aliases" in table.shown_columns() and fits(view) == []
    menu.actions["Flags"].trigger()
    assert "Flags" not in table.shown_columns()
    hidden = set(table.headers()) - set(table.shown_columns())
    remembered = QSettings().value(hidden_setting(SubjectKind.NOMINAL))
    assert set([remembered] if isinstance(remembered, str) else remembered) == hidden

    again = open_view(qtbot, workspace, SubjectKind.NOMINAL, WIDE)   # the next sign-in, on a large screen
    assert set(again.table.headers()) - set(again.table.shown_columns()) == hidden
    assert again.table.chosen_columns == frozenset(hidden)

    menu.fit_action.trigger()
    assert table.chosen_columns is None and QSettings().value(hidden_setting(SubjectKind.NOMINAL)) is None
    assert "Aliases" not in table.shown_columns() and "Flags" in table.shown_columns()


def test_the_order_the_columns_are_dragged_into_is_remembered(qtbot, workspace, region):
    view = open_view(qtbot, workspace, SubjectKind.NOMINAL)
    header, names = view.table.horizontalHeader(), view.table.headers()
    header.moveSection(header.visualIndex(names.index("Date of birth")), 1)
    order = [names[header.logicalIndex(v)] for v in range(header.count())]
    assert order[:3] == ["Reference", "Date of birth", "Name"]
    assert QSettings().value(order_setting(SubjectKind.NOMINAL)) == order
    again = open_view(qtbot, workspace, SubjectKind.NOMINAL)
    moved = again.table.horizontalHeader()
    assert [names[moved.logicalIndex(v)] for v in range(moved.count())] == order
    assert fits(again) == []


def test_the_register_is_in_reference_order_as_its_header_says(qtbot, workspace, region):
    view = open_view(qtbot, workspace, SubjectKind.GROUP)
    header = view.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)
    references = [view.model.value(r, "reference") for r in range(view.model.rowCount())]
    assert references == sorted(references)


# ------------------------------------------------------------------ moderation figures

@pytest.fixture
def moderation(qtbot, workspace, team, region):
    from rocta_desktop.demo import assessments as demo_assessments
    from rocta_desktop.gui.assessments.moderation import ModerationPanel
    sam = team.open("sam")
    demo_assessments.generate(team.open("ana"), sam, groups=12, seed=3)
    panel = ModerationPanel(sam)
    qtbot.addWidget(panel)
    panel.resize(NARROW, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    return panel


def test_the_moderation_figures_fit_with_every_header_whole_and_explained(qtbot, moderation):
    panel = moderation
    for table in (panel.per_analyst, panel.per_scheme, panel.returned):
        assert sideways(table) == [] and unreadable(table) == [], table.accessibleName()
        assert not table.horizontalScrollBar().isVisible()
    for c in range(1, panel.per_analyst.columnCount()):   # what each figure is, in its header's tooltip
        assert panel.per_analyst.horizontalHeaderItem(c).toolTip(), panel.per_analyst.horizontalHeaderItem(c).text()
    assert panel.per_scheme.shown_columns()[1:] == panel.per_analyst.shown_columns()[1:]
    assert panel.columns_button.accessibleName() == "Choose moderation figure columns"
    assert unnamed_interactive_widgets(panel) == []
    panel.columns.sync()   # as the menu does when it opens
    panel.columns.actions["Returns"].trigger()   # the person's choice: both lists of figures follow it
    assert "Returns" not in panel.per_analyst.shown_columns() and "Returns" not in panel.per_scheme.shown_columns()
    panel.resize(WIDE, 800)
    qtbot.waitUntil(lambda: panel.per_analyst.viewport().width() > 1600)
    panel.columns.fit_to_window()   # a large screen has room for every figure
    assert panel.per_analyst.shown_columns() == panel.per_analyst.headers()
    assert panel.per_scheme.shown_columns() == panel.per_scheme.headers()


def test_the_list_by_scheme_shows_every_scheme_by_its_method(qtbot, moderation):
    table = moderation.per_scheme
    rows = table.rowCount()
    assert rows == 2
    assert not table.verticalScrollBar().isVisible()
    assert table.viewport().height() >= 3 * table.rowHeight(0)   # never as short as two rows
    schemes = {table.item(r, 0).text(): table.item(r, 0).toolTip() for r in range(rows)}
    assert set(schemes) == {"MoRiLE", "OCGM"}
    assert all(tip.startswith(f"{method}: ") for method, tip in schemes.items())
    cells = [t.item(r, c).text() for t in (table, moderation.returned)
             for r in range(t.rowCount()) for c in range(t.columnCount())]
    assert not [c for c in cells if "-reference" in c]   # never a scheme's internal key
