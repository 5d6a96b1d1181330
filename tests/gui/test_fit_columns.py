"""A list that fits its width (gui/tables.RecordTable.fit_columns) and its Columns menu
(gui/kit/columns.ColumnMenu), #22: never scrolled sideways, the least important columns left out
while the window is too narrow, cut cells whole in their tooltips, and the person's choice of columns
kept at every width and remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from rocta_desktop.gui.kit.columns import ColumnMenu
from rocta_desktop.gui.tables import RecordTable
from tests.gui.conftest import unnamed_interactive_widgets

COLUMNS = ["Reference", "Name", "Kind", "Officer", "Notes", "Status"]
ROWS = [["REF-2026-0001", "The Western Brotherhood of the Canal", "group", "DS A. Officer",
         "Seen twice at the port with the same van and driver", "Under triage"],
        ["REF-2026-0002", "Red Boys", "group", "DS B. Officer", "", "New"]]
SETTING = "tests/hidden_columns"


@pytest.fixture
def listing(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    table = RecordTable("Things", COLUMNS)
    table.fill(ROWS, [1, 2])
    table.fit_columns({"Name": 1.8, "Notes": 1.5}, optional=("Kind", "Officer"))
    button = QPushButton("&Columns")
    layout = QVBoxLayout(root)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(button)
    layout.addWidget(table)
    root.show()
    qtbot.waitExposed(root)
    return root, table, button


def natural(table) -> int:
    """How wide every column would be at its contents and header (and the frame)."""
    return sum(table.natural_widths().values()) + 2 * table.frameWidth() + 2


def fits(table) -> bool:
    return table.horizontalHeader().length() <= table.viewport().width()


def test_wide_enough_every_column_shows_whole(qtbot, listing):
    root, table, _button = listing
    root.resize(natural(table) + 40, 200)
    qtbot.waitUntil(lambda: table.shown_columns() == COLUMNS and fits(table))
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    assert {c: table.columnWidth(c) for c in range(5)} == {
        c: w for c, w in enumerate(table.natural_widths().values()) if c < 5}   # the last one stretches
    assert not table.wordWrap()


def test_narrower_the_flexible_columns_are_cut_with_their_text_in_the_tooltip(qtbot, listing):
    root, table, _button = listing
    notes = COLUMNS.index("Notes")
    root.resize(natural(table) - 40, 200)
    qtbot.waitUntil(lambda: table.columnWidth(notes) < table.natural_widths()["Notes"])
    assert table.shown_columns() == COLUMNS and fits(table)   # a little cut: nothing left out
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    assert table.item(0, notes).toolTip() == ROWS[0][notes]
    assert table.item(0, COLUMNS.index("Name")).toolTip() == ROWS[0][1]   # every flexible cell
    assert not table.item(0, COLUMNS.index("Officer")).toolTip()          # only those
    for c in range(table.columnCount()):   # every header whole
        assert table.columnWidth(c) >= table.horizontalHeader().sectionSizeHint(c), COLUMNS[c]


def test_narrower_still_the_optional_columns_go_least_important_first_and_come_back(qtbot, listing):
    root, table, _button = listing
    heard = []
    table.columns_changed.connect(lambda: heard.append(table.shown_columns()))
    shown = []
    for width in range(natural(table), 300, -20):
        root.resize(width, 200)
        qtbot.waitUntil(lambda w=width: table.width() == w)
        shown.append(tuple(table.shown_columns()))
        if "Officer" in table.shown_columns():   # it scrolls only once every optional column is gone
            assert fits(table), width
    assert shown[0] == tuple(COLUMNS)
    assert ("Reference", "Name", "Officer", "Notes", "Status") in shown  # Kind first
    assert shown[-1] == ("Reference", "Name", "Notes", "Status")
    assert heard[-1] == list(shown[-1])  # the menu hears of it
    root.resize(natural(table) + 40, 200)
    qtbot.waitUntil(lambda: table.shown_columns() == COLUMNS)


def test_the_columns_menu_shows_hides_remembers_and_fits_to_the_window_again(qtbot, listing):
    root, table, button = listing
    root.resize(natural(table) * 3 // 4, 200)
    qtbot.waitUntil(lambda: "Kind" not in table.shown_columns())
    menu = ColumnMenu(button, table, "thing list", SETTING, fixed=("Reference", "Name"))
    assert button.menu() is menu.menu and button.accessibleName() == "Choose thing list columns"
    assert unnamed_interactive_widgets(root) == []
    assert not menu.actions["Reference"].isEnabled() and menu.actions["Kind"].isEnabled()
    assert not menu.actions["Kind"].isChecked() and menu.fit_action.isChecked()  # the ticks follow the width

    left_out = {"Kind", "Officer"} - set(table.shown_columns())
    menu.actions["Kind"].trigger()   # the person asks for it: shown at this width too, the rest as they are
    assert "Kind" in table.shown_columns() and not menu.fit_action.isChecked()
    menu.actions["Notes"].trigger()  # and hides another
    hidden = (left_out - {"Kind"}) | {"Notes"}
    assert table.shown_columns() == [c for c in COLUMNS if c not in hidden]
    remembered = QSettings().value(SETTING)
    assert sorted([remembered] if isinstance(remembered, str) else remembered) == sorted(hidden)
    root.resize(natural(table) + 200, 200)  # a wider window keeps the choice
    qtbot.waitUntil(lambda: table.viewport().width() > natural(table))
    assert "Notes" not in table.shown_columns()

    # a new list (the next sign-in) starts with the choice
    again = RecordTable("Things again", COLUMNS)
    qtbot.addWidget(again)
    again.fill(ROWS, [1, 2])
    again.fit_columns({"Name": 1.8, "Notes": 1.5}, optional=("Kind", "Officer"))
    other = ColumnMenu(QPushButton(), again, "thing list", SETTING, fixed=("Reference", "Name"))
    assert again.chosen_columns == frozenset(hidden) and not other.actions["Notes"].isChecked()

    menu.fit_action.trigger()   # back to the default
    assert table.chosen_columns is None and QSettings().value(SETTING) is None
    assert table.shown_columns() == COLUMNS and menu.fit_action.isChecked()


def test_a_fixed_column_cannot_be_hidden_even_from_an_old_setting(qtbot, listing):
    _root, table, button = listing
    QSettings().setValue(SETTING, ["Name", "Status"])
    ColumnMenu(button, table, "thing list", SETTING, fixed=("Reference", "Name"))
    assert table.chosen_columns == frozenset({"Status"})
    assert "Name" in table.shown_columns() and "Status" not in table.shown_columns()


def test_a_table_not_told_to_fit_keeps_its_old_ways(qtbot):
    table = RecordTable("Plain", COLUMNS)
    qtbot.addWidget(table)
    table.fill(ROWS, [1, 2])
    assert table.wordWrap() and table.chosen_columns is None
    with pytest.raises(RuntimeError):
        table.choose_columns(set())


def test_hidden_columns_stay_out_until_chosen_and_the_stretch_column_takes_the_spare_width(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    table = RecordTable("Things", COLUMNS)
    table.fill(ROWS, [1, 2])
    table.fit_columns({"Name": 1.8, "Notes": 1.5}, optional=("Kind",), hidden=("Officer",), stretch="Name")
    button = QPushButton("&Columns")
    layout = QVBoxLayout(root)
    layout.addWidget(button)
    layout.addWidget(table)
    root.resize(natural(table) + 200, 200)
    root.show()
    qtbot.waitExposed(root)
    qtbot.waitUntil(lambda: table.viewport().width() > natural(table))
    assert table.shown_columns() == [c for c in COLUMNS if c != "Officer"]   # wide enough, yet left out
    widths = table.natural_widths()
    name, status = COLUMNS.index("Name"), COLUMNS.index("Status")
    assert table.columnWidth(name) > widths["Name"]        # the spare width goes to the name...
    assert table.columnWidth(status) == widths["Status"]   # ...not to the last column
    assert fits(table)
    menu = ColumnMenu(button, table, "thing list", SETTING, fixed=("Reference", "Name"))
    assert not menu.actions["Officer"].isChecked()
    menu.actions["Officer"].trigger()
    assert "Officer" in table.shown_columns() and fits(table)
    menu.fit_action.trigger()
    assert "Officer" not in table.shown_columns()


def test_a_fitted_view_over_a_model_of_its_own_fits_and_shows_a_cut_cell_whole_in_its_tooltip(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from rocta_desktop.gui.tables import FittedTableView
    model = QStandardItemModel(0, len(COLUMNS))
    model.setHorizontalHeaderLabels(COLUMNS)
    for row in ROWS:
        model.appendRow([QStandardItem(v) for v in row])
    model.item(1, 4).setToolTip("The model's own tooltip")
    view = FittedTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.fit_columns({"Name": 1.8, "Notes": 1.5}, optional=("Kind", "Officer"))
    assert view.headers() == COLUMNS
    view.resize(natural(view) - 60, 200)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.columnWidth(4) < view.natural_widths()["Notes"])
    assert fits(view) and not view.wordWrap()
    assert view.cell_tip(model.index(0, 4)) == ROWS[0][4]            # cut: whole in the tooltip
    assert view.cell_tip(model.index(0, 0)) == ""                    # whole: none
    assert view.cell_tip(model.index(1, 4)) == "The model's own tooltip"
    assert view.textElideMode() == Qt.TextElideMode.ElideRight
    view.resize(320, 200)
    qtbot.waitUntil(lambda: "Officer" not in view.shown_columns())
    assert "Kind" not in view.shown_columns()
