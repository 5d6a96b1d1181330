"""Creating a workspace through the dialogs, end to end, on real encrypted files."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton

from rocta_desktop.gui.settings import recent_workspaces
from rocta_desktop.gui.shell import Shell
from rocta_desktop.gui.workspace_dialogs import (
    CreateWorkspaceDialog,
    RecoveryKeyDialog,
    folder_name_for,
)
from rocta_desktop.services.workspace import Workspace
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets

PASSWORD = "Correct-Horse-Battery-42"


def fill(qtbot, dlg: CreateWorkspaceDialog, location: str, *, name: str = "South East ROCU",
         username: str = "j.smith", display: str = "DS Jo Smith", password: str = PASSWORD,
         confirm: str | None = None) -> None:
    for field, text in (("Workspace name", name), ("Location", location), ("Username", username),
                        ("Display name", display), ("Password", password),
                        ("Confirm password", password if confirm is None else confirm)):
        edit = find_by_name(dlg, QLineEdit, field)
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_password_hints_and_policy_problems_show_at_the_field(qtbot, tmp_path):
    dlg = CreateWorkspaceDialog(location=str(tmp_path))
    qtbot.addWidget(dlg)
    dlg.show()
    password = find_by_name(dlg, QLineEdit, "Password")
    hint = find_by_name(dlg, QLabel, "Password strength hint")
    problem = find_by_name(dlg, QLabel, "Password problem")
    assert password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(password, "short")
    assert hint.text() == "Strength: too short"
    assert problem.isVisible() and problem.text() == "Password must be at least 10 characters."
    assert password.accessibleDescription() == problem.text()  # announced with the field
    password.clear()
    qtbot.keyClicks(find_by_name(dlg, QLineEdit, "Username"), "jsmith")
    qtbot.keyClicks(password, "jsmith-Winter-2026")
    assert "must not contain the username" in problem.text()
    password.clear()
    qtbot.keyClicks(password, "Tr0ub4dor-and-3-more-words")
    assert hint.text() == "Strength: strong" and not problem.isVisible()
    qtbot.keyClicks(find_by_name(dlg, QLineEdit, "Confirm password"), "Tr0ub4dor")
    assert find_by_name(dlg, QLabel, "Confirm password problem").text() == "The two passwords do not match."


def test_problems_stop_creation_and_name_their_fields(qtbot, tmp_path):
    (tmp_path / "Taken.rocta").mkdir()
    dlg = CreateWorkspaceDialog(location=str(tmp_path))
    qtbot.addWidget(dlg)
    dlg.show()
    fill(qtbot, dlg, str(tmp_path), name="Taken", username="9lives", display="", confirm="different-password")
    qtbot.mouseClick(find_by_name(dlg, QPushButton, "Create workspace"), Qt.MouseButton.LeftButton)
    assert dlg.workspace is None and dlg.result() != QDialog.DialogCode.Accepted
    assert "already exists" in find_by_name(dlg, QLabel, "Location problem").text()
    assert "a letter first" in find_by_name(dlg, QLabel, "Username problem").text()
    assert find_by_name(dlg, QLabel, "Display name problem").isVisible()
    assert find_by_name(dlg, QLabel, "Confirm password problem").isVisible()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Taken.rocta"]  # nothing written
    assert folder_name_for('Region: "North"/West') == "Region North West.rocta"


def test_recovery_key_dialog_needs_the_tick_before_continue(qtbot, tmp_path):
    dlg = RecoveryKeyDialog("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH", "North", tmp_path / "North.rocta")
    qtbot.addWidget(dlg)
    dlg.show()
    assert find_by_name(dlg, QLabel, "Recovery key").text() == "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH"
    assert find_by_name(dlg, QPushButton, "Print recovery key").isEnabled()
    cont = find_by_name(dlg, QPushButton, "Continue")
    assert not cont.isEnabled()
    dlg.reject()  # Escape / closing does nothing yet
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    # printing renders the key with its marking (to a PDF file here; the real button asks for a printer)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "key.pdf"))
    doc = dlg.document()
    assert "ABCDE-FGHJK" in doc.toPlainText() and "OFFICIAL-SENSITIVE" in doc.toPlainText()
    doc.print_(printer)
    assert (tmp_path / "key.pdf").stat().st_size > 500
    qtbot.mouseClick(find_by_name(dlg, QCheckBox, "I have stored it safely"), Qt.MouseButton.LeftButton)
    assert cont.isEnabled()
    assert unnamed_interactive_widgets(dlg) == []
    qtbot.mouseClick(cont, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert find_by_name(dlg, QLabel, "Recovery key").text() == ""  # not left lying in the widget


def test_create_a_workspace_end_to_end_from_the_start_screen(qtbot, tmp_path, prompts):
    shown: dict[str, str] = {}

    def drive_create(dlg: QDialog) -> int:
        assert isinstance(dlg, CreateWorkspaceDialog)
        assert unnamed_interactive_widgets(dlg) == []
        fill(qtbot, dlg, str(tmp_path))
        assert find_by_name(dlg, QLabel, "Workspace folder").text().endswith("South East ROCU.rocta")
        qtbot.mouseClick(find_by_name(dlg, QPushButton, "Create workspace"), Qt.MouseButton.LeftButton)
        assert find_by_name(dlg, QLineEdit, "Password").text() == ""
        return dlg.result()

    def drive_recovery(dlg: QDialog) -> int:
        assert isinstance(dlg, RecoveryKeyDialog)
        shown["key"] = find_by_name(dlg, QLabel, "Recovery key").text()
        find_by_name(dlg, QPushButton, "Print recovery key")
        cont = find_by_name(dlg, QPushButton, "Continue")
        assert not cont.isEnabled()
        qtbot.mouseClick(cont, Qt.MouseButton.LeftButton)
        assert dlg.result() != QDialog.DialogCode.Accepted
        find_by_name(dlg, QCheckBox, "I have stored it safely").setChecked(True)
        assert cont.isEnabled()
        qtbot.mouseClick(cont, Qt.MouseButton.LeftButton)
        return dlg.result()

    prompts.dialog_drivers = [drive_create, drive_recovery]
    shell = Shell(prompts=prompts)
    qtbot.addWidget(shell.start)
    shell.show()
    qtbot.mouseClick(find_by_name(shell.start, QPushButton, "Create new workspace"), Qt.MouseButton.LeftButton)
    folder = tmp_path / "South East ROCU.rocta"
    try:
        assert shell.main is not None  # signed straight in as the new administrator
        assert find_by_name(shell.main, QLabel, "Signed-in user").text() == "DS Jo Smith (j.smith) \u00b7 Administrator"
        assert find_by_name(shell.main, QLabel, "Workspace name").text() == "Workspace: South East ROCU"
        assert recent_workspaces() == [str(folder.resolve())]
    finally:
        shell.sign_out()
    with Workspace.open(folder, "j.smith", PASSWORD) as ws:
        assert ws.name == "South East ROCU" and ws.actor.display_name == "DS Jo Smith"
    with Workspace.open_with_recovery(folder, shown["key"]) as ws:  # the key shown is the real one
        assert ws.name == "South East ROCU"
