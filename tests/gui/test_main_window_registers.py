"""The registers inside the main window: navigation, Ctrl+K search, editing, undo, archive."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.main_window import MainWindow
from rocta_desktop.services import registers
from tests.gui.conftest import find_by_name


@pytest.fixture
def window(qtbot, workspace, prompts):
    with workspace.operation("x") as uow:
        g = registers.create_group(uow, {"name": "Harbour Crew", "marking": "SECRET", "management_level": "regional",
                                         "nicknames": ["Dockers"]})
        registers.create_group(uow, {"name": "Eastside Firm", "marking": "OFFICIAL", "management_level": "local"})
    w = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    w.group_id = g.id
    return w


def test_register_area_loads_on_first_visit_and_sets_the_marking(qtbot, window):
    page = window.pages["groups"]
    assert page.view.model.total == 0  # nothing read at sign-in
    assert window.area_actions["groups"].shortcut().toString() == "Ctrl+4"
    window.area_actions["groups"].trigger()
    assert window.current_area() == "groups"
    qtbot.waitUntil(lambda: page.view.model.total == 2, timeout=3000)
    assert window.marking_label.text() == "SECRET"  # highest marking of the rows on screen
    find_by_name(page, QLineEdit, "Filter groups").setText("eastside")
    assert window.marking_label.text() == "OFFICIAL"


def test_search_opens_the_record_then_edit_and_undo(qtbot, window, workspace, prompts):
    dialog = window.open_search()
    qtbot.keyClicks(dialog.box, "dockers")
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 2, timeout=2000)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.pages["groups"]
    assert window.current_area() == "groups" and len(page.editors) == 1
    editor = page.editors[0]
    assert editor.record_id == window.group_id
    find_by_name(editor, QLineEdit, "Group name").setText("Harbour Crew (North)")
    find_by_name(editor, QPushButton, "Save record").click()
    assert workspace.read(registers.get_subject, window.group_id)["name"] == "Harbour Crew (North)"
    assert window.undo_action.isEnabled() and "Edit OCG-" in window.undo_action.text()
    window.undo_action.trigger()
    assert workspace.read(registers.get_subject, window.group_id)["name"] == "Harbour Crew"
    window.redo_action.trigger()
    assert workspace.read(registers.get_subject, window.group_id)["name"] == "Harbour Crew (North)"
    assert prompts.shown == []
    # archived since: the undo is refused, said in a warning, and leaves the stack
    workspace.write("x", registers.archive, window.group_id, "dismantled")
    window.undo_action.trigger()
    kind, title, text = prompts.shown[-1]
    assert kind == "warning" and title.startswith("Could not undo \u201cEdit OCG-") and "archived" in text
    assert workspace.read(registers.get_subject, window.group_id)["name"] == "Harbour Crew (North)"
    assert not window.undo_action.isEnabled()


def test_archive_asks_for_a_reason(qtbot, window, workspace, prompts):
    page = window.pages["groups"]
    window.go_to("groups")
    qtbot.waitUntil(lambda: page.view.model.total == 2, timeout=3000)
    page.view.select_record(window.group_id)
    prompts.text = None  # cancelled: nothing happens
    find_by_name(page, QPushButton, "Archive selected record").click()
    assert workspace.read(registers.get_subject, window.group_id)["status"].value == "active"
    prompts.text = "Group dismantled, Op Example"
    find_by_name(page, QPushButton, "Archive selected record").click()
    rec = workspace.read(registers.get_subject, window.group_id)
    assert rec["status"].value == "archived" and rec["status_reason"] == "Group dismantled, Op Example"
    # the register on screen catches up once the write has returned (the change notice is delivered after)
    qtbot.waitUntil(lambda: page.view.model.row_of(window.group_id) is None, timeout=3000)
    assert prompts.shown[-1][0] == "ask_text"  # no warning


def test_archiving_a_record_someone_else_archived_is_refused_in_a_warning(qtbot, window, workspace, team, prompts):
    page = window.pages["groups"]
    window.go_to("groups")
    qtbot.waitUntil(lambda: page.view.model.total == 2, timeout=3000)
    team.open("sam").write("x", registers.archive, window.group_id, "dismantled")  # another session: no notice here
    page.view.select_record(window.group_id)
    prompts.text = "Group dismantled, Op Example"
    find_by_name(page, QPushButton, "Archive selected record").click()
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", SubjectKind.GROUP.label) and "already archived" in text
    assert workspace.read(registers.get_subject, window.group_id)["status_reason"] == "dismantled"


def test_new_record_from_the_register(qtbot, window, workspace):
    window.go_to("nominals")
    page = window.pages["nominals"]
    find_by_name(page, QPushButton, "New nominal").click()
    editor = page.editors[-1]
    find_by_name(editor, QLineEdit, "Surname").setText("Ashdown")
    find_by_name(editor, QPushButton, "Save record").click()
    qtbot.waitUntil(lambda: page.view.model.total == 1, timeout=3000)
    assert page.view.model.value(0, "name") == "ASHDOWN"
    assert workspace.read(registers.count_subjects, registers.SubjectFilter(SubjectKind.NOMINAL)) == 1


def test_search_finds_a_disruption_by_its_operation_and_opens_it_in_its_area(qtbot, window, workspace):
    from rocta_desktop.services import impact
    from tests.dates import days
    did, _ = workspace.write("d", impact.create, {"subject_id": window.group_id, "occurred_on": days(-3).isoformat(),
                                                  "four_p": "pursue", "tactic": "warrants", "grade": "major",
                                                  "operation": "Operation Kestrel", "marking": "SECRET",
                                                  "outcomes": [{"kind": "arrests", "quantity": 1}]})
    dialog = window.open_search()
    qtbot.keyClicks(dialog.box, "kestrel")
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 2, timeout=2000)
    head, hit = (dialog.results.topLevelItem(i) for i in range(2))
    assert head.text(0) == "Disruptions (1)" and hit.text(2) == "operation name: Operation Kestrel"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.pages["impact"]
    assert window.current_area() == "impact" and len(page.dialogs) == 1
    assert page.dialogs[0].disruption_id == did


def test_saving_a_record_closes_the_editor_first_and_a_large_register_rereads_the_row_off_the_gui_thread(
        qtbot, window, workspace, monkeypatch):
    """#22: Save closes the editor at once; the register behind it then reads the changed row again
    (on a worker thread when the register is large: here any size counts as large)."""
    from rocta_desktop.gui.registers import view as view_module
    monkeypatch.setattr(view_module, "LARGE", 1)
    page = window.pages["groups"]
    window.go_to("groups")
    qtbot.waitUntil(lambda: page.view.model.total == 2, timeout=3000)
    editor = page.open_record(window.group_id)
    find_by_name(editor, QLineEdit, "Group name").setText("Harbour Crew (Quay)")
    find_by_name(editor, QPushButton, "Save record").click()
    assert not editor.isVisible()                                   # the confirmation: the editor has closed
    row = page.view.model.row_of(window.group_id)
    name_col = next(c for c in range(page.view.model.columnCount())
                    if page.view.model.headerData(c, Qt.Orientation.Horizontal) == "Name")

    def shown_name():
        return page.view.model.index(page.view.model.row_of(window.group_id), name_col).data()
    assert shown_name() == "Harbour Crew" and row is not None       # not read again inside the save
    qtbot.waitUntil(lambda: shown_name() == "Harbour Crew (Quay)", timeout=3000)
    assert "Edit OCG-" in window.undo_action.text()                 # labelled without a read of its own
