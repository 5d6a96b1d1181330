"""The T&CG meeting record and the report preview built from their Designer forms (ui/meeting.ui,
ui/preview.ui): the promoted `RankedTable`, the rows and pages still built in Python inside the
form's containers, the focus order, the preview's audit write through the operation runner, and
`forms.polish` restyling what `setupUi` has already styled under its old name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QTableWidget, QVBoxLayout, QWidget

from rocta_desktop.domain.errors import PermissionDenied
from rocta_desktop.gui import forms
from rocta_desktop.gui.forms.ui_meeting import Ui_MeetingDialog
from rocta_desktop.gui.forms.ui_preview import Ui_PreviewDialog
from rocta_desktop.gui.kit import preview as preview_module
from rocta_desktop.gui.kit.preview import PageView, pack_preview
from rocta_desktop.gui.kit.ranked import RankedTable
from rocta_desktop.gui.tasking import meeting_dialog
from rocta_desktop.gui.tasking.meeting_dialog import SNAPSHOT_COLUMNS, MeetingDialog
from rocta_desktop.services import registers, tasking
from tests.dates import iso
from tests.gui.conftest import find_by_name, qt_internal, unnamed_interactive_widgets


def tab_chain(root: QWidget) -> list[str]:
    """The accessible names of the widgets Tab reaches under `root`, in order."""
    names, w = [], root.nextInFocusChain()
    while w is not root:
        if root.isAncestorOf(w) and not qt_internal(w) and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.accessibleName():
            names.append(w.accessibleName())
        w = w.nextInFocusChain()
    return names


def test_ranked_table_takes_its_parent_only_then_configure(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    table = RankedTable(parent)
    assert table.parent() is parent and table.columnCount() == 0 and not table.isSortingEnabled()
    table.configure("Ranked", ["Rank", "Name", "Marking"])
    assert table.accessibleName() == "Ranked" and table.columnCount() == 3 and table.marking_columns == {2}
    assert table.horizontalHeader().accessibleName() == "Ranked column headers"
    old = RankedTable("Old way", ["Rank", "Name"])  # the constructor every other caller uses
    qtbot.addWidget(old)
    assert old.accessibleName() == "Old way" and old.columnCount() == 2 and not old.isSortingEnabled()


def test_the_meeting_record_is_its_form(qtbot, workspace, prompts):
    meeting_id = workspace.write("m", tasking.create_meeting, {"held_on": iso(0), "kind": "tactical",
                                                               "level": "regional", "chair": "Det Supt Grey"}).id
    dialog = MeetingDialog(workspace, meeting_id, prompts=prompts)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.ui, Ui_MeetingDialog) and meeting_dialog.Ui_MeetingDialog is Ui_MeetingDialog
    assert unnamed_interactive_widgets(dialog) == []
    assert dialog.windowTitle().startswith("T&CG ") and dialog.chair_edit.text() == "Det Supt Grey"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "A&genda", "&Priority list", "&Actions (0)", "Deta&ils"]
    snapshot = find_by_name(dialog, QTableWidget, "Priority list as it stood")
    assert isinstance(snapshot, RankedTable) and snapshot is dialog.ui.snapshot_table
    assert [snapshot.horizontalHeaderItem(c).text() for c in range(snapshot.columnCount())] == SNAPSHOT_COLUMNS
    decide = find_by_name(dialog, QTableWidget, "Agenda: decisions on proposed tasking")
    assert decide.horizontalHeaderItem(4).text() == "Objective" and decide.verticalHeader().isHidden()
    assert decide.horizontalHeader().accessibleName() == "Agenda: decisions on proposed tasking column headers"
    # the style sheet's names, inside the agenda's scroll area too
    assert dialog.agenda_headings["decide"].objectName() == "subheading"
    assert dialog.decision_error.objectName() == "formError" and dialog.action_error.objectName() == "fieldError"
    assert find_by_name(dialog, QPushButton, "Close").shortcut().toString() == "Esc"
    dialog.show()
    qtbot.waitExposed(dialog)
    assert tab_chain(dialog) == [
        "Meeting record", "Agenda items", "Copy the agenda as text", "Agenda: decisions on proposed tasking",
        "Agenda: priority threats", "Agenda: open tasking", "Priority list as it stood", "Action", "Action owner",
        "Action due date", "Add action", "Actions", "Mark selected action done", "Chair", "Attendees",
        "Meeting notes", "Save meeting details", "Finalise meeting", "Close"]


def test_the_preview_frame_is_its_form_and_the_pages_go_in_its_column(qtbot, workspace, prompts):
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                           "management_level": "regional"}).id
    dialog = pack_preview(workspace, gid, prompts, None)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.ui, Ui_PreviewDialog) and unnamed_interactive_widgets(dialog) == []
    assert dialog.windowTitle().startswith("Preview \u2014 ") and dialog.accessibleName() == "Report preview"
    pages = len(dialog.pages)
    assert dialog.ui.of_label.text() == f"of {pages}" and dialog.count.text() == f"{pages} pages"
    assert dialog.page_box.maximum() == pages and dialog.print_button.objectName() == "primary"
    scroll = find_by_name(dialog, QScrollArea, "Report pages")
    body = scroll.widget()
    assert body.objectName() == "previewBody"
    column = body.layout()
    assert [column.itemAt(i).widget() for i in range(pages)] == dialog.page_views  # then room to spare
    assert column.itemAt(pages).spacerItem() is not None and column.count() == pages + 1
    assert all(isinstance(v, PageView) and v.parent() is body for v in dialog.page_views)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert tab_chain(dialog) == [
        "Previous page", "Next page", "Page number", "Zoom out", "Zoom in", "Fit page width", "Fit whole page",
        "Report pages", "Save the report as PDF", "Print the report", "Close preview"]
    assert dialog.page_top(2) == dialog.page_views[1].y()  # the page arithmetic matches the form's column
    dialog.reject()


def test_an_audit_entry_that_cannot_be_written_is_a_warning_through_the_runner(qtbot, workspace, prompts,
                                                                                monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                           "management_level": "regional"}).id
    dialog = pack_preview(workspace, gid, prompts, None)
    qtbot.addWidget(dialog)

    def refused(uow, **_kw):
        raise PermissionDenied("exports are not allowed here")

    monkeypatch.setattr(preview_module.returns, "record_export", refused)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_report(printer, ask=lambda _p: True)  # the paper is out: the print still counts
    assert prompts.shown[-1][:2] == ("warning", "Report: the audit entry was not written")
    assert "exports are not allowed here" in prompts.shown[-1][2].lower()
    dialog.reject()


def test_polish_restyles_what_setup_ui_styled_under_its_old_name(qtbot):
    """setupUi polishes what it puts in a scroll area at once: the style sheet's rule for the name
    `polish` gives it (here a padding, which changes its size) must apply all the same."""
    root = QWidget()
    qtbot.addWidget(root)
    root.setStyleSheet("QLabel#special { padding: 10px; }")
    layout = QVBoxLayout(root)
    scroll = QScrollArea(root)
    layout.addWidget(scroll)
    body = QWidget()
    label = QLabel("text", body)
    label.setProperty(forms.STYLE_NAME, "special")
    QVBoxLayout(body).addWidget(label)
    scroll.setWidget(body)
    label.ensurePolished()  # as setupUi leaves it
    assert label.contentsMargins().left() == 0
    forms.polish(root)
    assert label.objectName() == "special" and label.contentsMargins().left() == 10


def test_every_compiled_form_imports_on_its_own():
    """A compiled form imports the promoted widgets it names; each must import first, in a fresh
    interpreter, without a circle back through the screen that uses it (the meeting form once
    imported its table from the tasking package, whose screens import the form)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    forms = sorted(p.stem for p in (Path(__file__).parents[2] / "rocta_desktop" / "gui" / "forms").glob("ui_*.py"))
    assert len(forms) == 10
    for form in forms:
        done = subprocess.run([sys.executable, "-c", f"import rocta_desktop.gui.forms.{form}"], capture_output=True,
                              text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert done.returncode == 0, f"{form}: {done.stderr[-600:]}"
