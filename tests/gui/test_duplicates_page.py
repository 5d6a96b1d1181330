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
