"""#22: no text is clipped on the main screens, at the default window size (1180x740) and on a large
screen (1920x1080). Every area of the main window, on a small demo region (groups, nominals,
assessments, tasking, impact and intel made by the demo services), is checked with
`screens_tool.clipped_text`: the text of every visible label, button, check box and tab against the
room its widget gives it, and no table on any area (or tab) scrolls sideways (`screens_tool.sideways`).
The start window is checked at its default and its smallest size. The assessments, disruptions and
trigger reports lists never scroll sideways: under every filter their columns fit the list's width,
every header whole, every cell whole or cut with an ellipsis and whole in its tooltip, on one line (no
word broken across two). So do the groups, nominals and vulnerabilities registers, the possible
duplicates and merges, the moderation figures and the tasking capacity lists (`FITTED`)."""

from __future__ import annotations

import pytest

from tests.gui.screens_tool import areas, clipped_text, settle, sideways

SIZES = [pytest.param((1180, 740), id="1180x740"), pytest.param((1920, 1080), id="1920x1080")]
#: the lists that were too wide for 1180 pixels: (area, the page's attribute holding the table)
LISTS = (("assessments", "work"), ("impact", "table"), ("triggers", "table"))
#: more lists that scrolled sideways at 1180 pixels: (area, the tab's index or None, the tables' paths
#: from the page)
FITTED = (("groups", None, ("view.table",)), ("nominals", None, ("view.table",)),
          ("vulnerabilities", None, ("view.table",)), ("duplicates", 0, ("table",)), ("duplicates", 1, ("merges",)),
          ("assessments", 4, ("moderation.per_analyst", "moderation.per_scheme", "moderation.returned")),
          ("tasking", 3, ("c_table", "c_unowned")))
#: of those, the ones the demo region may leave empty (no merge, no return, no unowned threat)
MAY_BE_EMPTY = frozenset({"merges", "moderation.returned", "c_unowned"})
#: the rows of a long list whose cells are checked (a register holds thousands)
CHECKED_ROWS = 300


@pytest.fixture
def demo_region(workspace, team):
    from rocta_desktop import demo
    from rocta_desktop.demo import assessments as demo_assessments
    from rocta_desktop.demo import impact as demo_impact
    from rocta_desktop.demo import intel as demo_intel
    from rocta_desktop.demo import tasking as demo_tasking
    from rocta_desktop.services import registers
    demo.generate(workspace, groups=30, nominals=200, seed=3)
    ana, sam = team.open("ana"), team.open("sam")
    demo_assessments.generate(ana, sam, groups=12, seed=3)
    demo_tasking.generate(ana, sam, seed=3)
    demo_impact.generate(ana, sam, seed=3)
    demo_intel.generate(ana, seed=3)
    for born in ("1997-12-04", "1997-11-08"):   # a possible duplicate with a long name
        workspace.write("n", registers.create_nominal, {"surname": "Balogun-Westerholme", "date_of_birth": born,
                                                        "forenames": "Emeka Oluwaseun Christopher",
                                                        "marking": "OFFICIAL"})
    return sam


@pytest.fixture
def main_window(qtbot, demo_region, prompts):
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.gui.main_window import MainWindow
    window = MainWindow(demo_region, prompts=prompts)
    qtbot.addWidget(window)
    yield window
    window.close_for_shell()
    settle(QApplication.instance())


def show_at(qtbot, window, size):
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == size


def tooltip(table, index) -> str:
    """What a cell's tooltip shows: its item's (a QTableWidget's model gives it), or what a fitted view
    over a model of its own shows for it (gui/tables.FittedTableView.cell_tip)."""
    from PySide6.QtCore import Qt
    if hasattr(table, "cell_tip"):
        return table.cell_tip(index)
    return str(index.data(Qt.ItemDataRole.ToolTipRole) or "")


def unreadable(table) -> list[str]:
    """What in a list (items or a model of its own) cannot be read: a header narrower than it needs,
    a cell cut without its whole text in the tooltip, text wrapped onto a second line (where a word
    may break). A long list's first CHECKED_ROWS rows."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QStyle
    found = []
    if table.wordWrap():
        found.append("cells wrap")
    header, model = table.horizontalHeader(), table.model()
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    for c in range(header.count()):
        if table.isColumnHidden(c):
            continue
        title = model.headerData(c, Qt.Orientation.Horizontal)
        if table.columnWidth(c) < header.sectionSizeHint(c):
            found.append(f"header {title!r} needs {header.sectionSizeHint(c)} px, has {table.columnWidth(c)}")
        for r in range(min(model.rowCount(), CHECKED_ROWS)):
            index = model.index(r, c)
            value = index.data(Qt.ItemDataRole.DisplayRole)
            text = "" if value is None else str(value)
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else table.font())
            if text and metrics.horizontalAdvance(text) + margin > table.columnWidth(c) and tooltip(table, index) != text:
                found.append(f"{title} {text!r} is cut and not in its tooltip")
    return found


def lists_problems(window, app) -> dict[str, list[str]]:
    """Each of the three lists under each of its filters: scrolling sideways, or unreadable."""
    found = {}
    for area, attr in LISTS:
        assert window.go_to(area)
        settle(app)
        page = window.pages[area]
        if getattr(page, "tabs", None) is not None:
            page.tabs.setCurrentIndex(0)
        rows = 0
        for i in range(page.filter.count()):
            page.filter.setCurrentIndex(i)
            settle(app)
            table = getattr(page, attr)
            assert table.isVisible()
            rows = max(rows, table.rowCount())
            problems = sideways(table) + unreadable(table)
            if table.horizontalScrollBar().isVisible():
                problems.append("a horizontal scroll bar")
            if problems:
                found[f"{area}: {page.filter.currentText()}"] = problems
        assert rows > 0, f"the demo region has nothing to list in {area}"
    return found


def fitted_problems(window, app) -> dict[str, list[str]]:
    """Each of the FITTED lists: scrolling sideways, or unreadable."""
    from functools import reduce
    found = {}
    for area, tab, paths in FITTED:
        assert window.go_to(area)
        settle(app)
        page = window.pages[area]
        if tab is not None:
            page.tabs.setCurrentIndex(tab)
            settle(app)
        for path in paths:
            table = reduce(getattr, path.split("."), page)
            assert table.isVisible(), f"{area}: {path}"
            assert path in MAY_BE_EMPTY or table.model().rowCount() > 0, f"{area}: {path} is empty"
            problems = sideways(table) + unreadable(table)
            if table.horizontalScrollBar().isVisible():
                problems.append("a horizontal scroll bar")
            if problems:
                found[f"{area}: {table.accessibleName()}"] = problems
    return found


@pytest.mark.parametrize("size", SIZES)
def test_no_text_is_clipped_on_any_area_and_no_list_scrolls_sideways(qtbot, main_window, size):
    from PySide6.QtWidgets import QApplication
    show_at(qtbot, main_window, size)
    app = QApplication.instance()
    clipped, wide = {}, {}
    for name, widget in areas(main_window, app):
        if found := clipped_text(widget):
            clipped[name] = found
        if found := sideways(widget):
            wide[name] = found
    lists = lists_problems(main_window, app)
    fitted = fitted_problems(main_window, app)
    assert (clipped, wide, lists, fitted) == ({}, {}, {}, {})
    assert main_window.size().toTuple() == size
    if size == (1920, 1080):  # a large screen has room for every column of the three lists
        for area, attr in LISTS:
            main_window.go_to(area)
            table = getattr(main_window.pages[area], attr)
            assert [c for c in range(table.columnCount()) if table.isColumnHidden(c)] == [], area


def test_the_start_window_clips_nothing_at_its_default_or_its_smallest_size(qtbot):
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.gui.start_window import StartWindow
    start = StartWindow()
    qtbot.addWidget(start)
    start.show()
    qtbot.waitExposed(start)
    settle(QApplication.instance())
    assert clipped_text(start) == []
    start.resize(1, 1)  # as small as the window goes
    settle(QApplication.instance())
    assert start.size() == start.minimumSize()
    assert clipped_text(start) == []


def test_the_check_finds_clipped_text_and_leaves_wrapped_text_alone(qtbot):
    from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    clipped = QLabel("A label far too long for the forty pixels it is given")
    clipped.setFixedWidth(40)
    wrapped = QLabel("A wrapped label far too long for one line of the forty pixels it is given")
    wrapped.setWordWrap(True)
    wrapped.setFixedWidth(40)
    button = QPushButton("&Create new workspace...")
    button.setFixedWidth(60)
    box = QCheckBox("Include subjects not yet assessed")
    box.setFixedWidth(50)
    for w in (clipped, wrapped, button, box):
        layout.addWidget(w)
    root.show()
    qtbot.waitExposed(root)
    found = clipped_text(root)
    assert len(found) == 3, found
    assert any("forty pixels" in f and f.startswith("QLabel") for f in found)
    assert any('QPushButton "Create new workspace..."' in f for f in found)
    assert any(f.startswith("QCheckBox") for f in found)


def test_the_sideways_check_finds_a_table_wider_than_its_viewport(qtbot):
    from PySide6.QtWidgets import QTableWidget
    table = QTableWidget(1, 6)
    table.setAccessibleName("Too wide")
    qtbot.addWidget(table)
    table.resize(300, 120)
    for c in range(6):
        table.setColumnWidth(c, 100)
    table.show()
    qtbot.waitExposed(table)
    assert sideways(table) == [f"Table 'Too wide' needs 600 px, has {table.viewport().width()}"]
    for c in range(6):
        table.setColumnWidth(c, 40)
    assert sideways(table) == []
