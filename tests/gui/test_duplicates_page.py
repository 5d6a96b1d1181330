"""The Duplicates screen driven through its widgets: it lists what `rocta duplicates` lists, shows the
two records side by side, merges (and undoes) on "same", and forgets "not the same" pairs."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget

from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.gui.registers.duplicates import DuplicatesPage
from rocta_desktop.services import duplicates, registers
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


def person(ws, surname, forenames, dob, **extra):
    return ws.write("n", registers.create_nominal, {"surname": surname, "forenames": forenames, "date_of_birth": dob,
                                                   "marking": "OFFICIAL", **extra}).id


def test_the_screen_agrees_with_the_service_and_merges_and_undoes(qtbot, workspace, prompts, tmp_path):
    ws = workspace
    a = person(ws, "Kilic", "Burak", "1990-04-07")
    b = person(ws, "KILIÇ", "Burak", "1990-04-07", gender="male")
    c = person(ws, "Okafor", "Chidi", "1985-02-11")
    d = person(ws, "Okafor", "Chidi", "1985-11-02")
    person(ws, "Nowak", "Piotr", "1970-01-01")
    page = DuplicatesPage(ws, ChangeNotifier(ws), prompts=prompts)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    assert unnamed_interactive_widgets(page) == []
    table = find_by_name(page, QTableWidget, "Possible duplicate pairs")
    service = ws.read(duplicates.candidates, "nominal")["pairs"]
    shown = [(int(table.item(r, 0).text()), table.item(r, 1).text().split()[0], table.item(r, 2).text().split()[0])
             for r in range(table.rowCount())]
    assert shown == [(p["score"], p["a"]["reference"], p["b"]["reference"]) for p in service]
    assert len(shown) == 2
    assert "comparisons" in find_by_name(page, QLabel, "Duplicate search figures").text()
    table.selectRow(0)
    compare = find_by_name(page, QTableWidget, "The two records side by side")
    assert compare.item(0, 0).text() != compare.item(0, 1).text()
    assert "identical" in find_by_name(page, QLabel, "Why they may be the same").text()
    page.grab().save(str(tmp_path / "duplicates.png"))

    first = service[0]
    prompts.answers.append(True)
    find_by_name(page, QPushButton, "Same: merge the possible duplicate into the record").click()
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=3000)
    merged = ws.read(registers.get_subject, first["b"]["id"])
    assert merged["status"].value == "archived" and first["a"]["reference"] in merged["status_reason"]

    find_by_name(page, QPushButton, "Not the same: never suggest this pair again").click()
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=3000)
    assert not ws.read(duplicates.candidates, "nominal")["pairs"]
    assert not find_by_name(page, QPushButton, "Same: merge the possible duplicate into the record").isEnabled()

    merges = find_by_name(page, QTableWidget, "Merges")
    assert merges.rowCount() == 1
    merges.selectRow(0)
    prompts.answers.append(True)
    find_by_name(page, QPushButton, "Undo the selected merge").click()
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=3000)
    assert ws.read(registers.get_subject, first["b"]["id"])["status"].value == "active"
    assert {a, b, c, d} >= {first["a"]["id"], first["b"]["id"]}

    kind = find_by_name(page, QComboBox, "Kind of record")
    kind.setCurrentIndex(kind.findData("group"))
    assert table.rowCount() == 0 and "No possible duplicates" in find_by_name(
        page, QLabel, "Why they may be the same").text()


def test_a_merge_or_undo_someone_else_made_first_is_refused_in_a_warning(qtbot, workspace, team, prompts):
    """Another session merged the pair (then undid it) while this screen still showed it: the click is
    refused with a warning that says nothing was done, and the screen stays as it was."""
    ws = workspace
    a = person(ws, "Kilic", "Burak", "1990-04-07")
    b = person(ws, "KILIÇ", "Burak", "1990-04-07")
    page = DuplicatesPage(ws, ChangeNotifier(ws), prompts=prompts)
    qtbot.addWidget(page)
    table = find_by_name(page, QTableWidget, "Possible duplicate pairs")
    table.selectRow(0)
    same = find_by_name(page, QPushButton, "Same: merge the possible duplicate into the record")
    other = team.open("sam")  # its writes are no notice to this screen
    made = other.write("m", duplicates.merge, a, b)
    prompts.answers.append(True)
    same.click()
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Merge: nothing was merged") and "already been merged" in text
    assert table.rowCount() == 1 and same.isEnabled()

    page.refresh()  # now it shows the merge; the other session undoes it first
    merges = find_by_name(page, QTableWidget, "Merges")
    merges.selectRow(0)
    undo = find_by_name(page, QPushButton, "Undo the selected merge")
    assert undo.isEnabled()
    other.write("u", duplicates.unmerge, made["id"])
    prompts.answers.append(True)
    undo.click()
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Undo merge: nothing was changed") and "already undone" in text
    assert ws.read(registers.get_subject, b)["status"].value == "active"


def test_dates_show_the_uk_way_and_the_pairs_fit_a_1180_pixel_window(qtbot, workspace, prompts):
    """#22: the date of birth side by side reads 04/12/1997 as every screen's dates do, never ISO;
    the list of pairs fits the page's width in a 1180x740 window (every header whole, a long name or
    reason cut with an ellipsis and whole in its tooltip, never scrolled sideways)."""
    import re

    from PySide6.QtWidgets import QApplication

    from tests.gui.screens_tool import sideways
    from tests.gui.test_clipping import unreadable
    ws = workspace
    person(ws, "Balogun-Westerholme", "Emeka Oluwaseun Christopher", "1997-12-04")
    person(ws, "Balogun-Westerholme", "Emeka Oluwaseun Christopher", "1997-11-08")
    page = DuplicatesPage(ws, ChangeNotifier(ws), prompts=prompts)
    qtbot.addWidget(page)
    page.resize(960, 640)   # the page's size in a 1180x740 window
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    table = find_by_name(page, QTableWidget, "Possible duplicate pairs")
    assert table.rowCount() == 1
    assert sideways(table) == [] and unreadable(table) == [] and not table.horizontalScrollBar().isVisible()
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
            if not table.isColumnHidden(c)] == ["Score", "Record", "Possible duplicate", "Why", "Decision"]
    why = table.item(0, 3)
    assert why.toolTip() == why.text() and why.text() in find_by_name(page, QLabel, "Why they may be the same").text()

    compare = find_by_name(page, QTableWidget, "The two records side by side")
    fields = [compare.verticalHeaderItem(r).text() for r in range(compare.rowCount())]
    born = fields.index("Date of birth")
    assert {compare.item(born, 0).text(), compare.item(born, 1).text()} == {"04/12/1997", "08/11/1997"}
    shown = [t.item(r, c).text() for t in (table, compare) for r in range(t.rowCount()) for c in range(t.columnCount())]
    assert not [text for text in shown if re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)]   # never ISO on screen
    assert len({compare.rowHeight(r) for r in range(compare.rowCount())}) == 1   # one line a field, rows alike
