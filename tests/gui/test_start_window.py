"""The start screen and the shell, driven through their real widgets on a real encrypted workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton

from rocta_desktop.gui.settings import RECENT_KEY, recent_workspaces
from rocta_desktop.gui.shell import Shell
from rocta_desktop.gui.start_window import StartWindow
from rocta_desktop.services.workspace import BACKUPS_DIR, keys_path
from rocta_desktop.store import migrate
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


@pytest.fixture
def shell(qtbot, prompts, ws_path, workspace):
    """The application shell with the test workspace selected on the start screen."""
    s = Shell(prompts=prompts, initial_folder=ws_path)
    qtbot.addWidget(s.start)
    s.show()
    qtbot.waitExposed(s.start)
    yield s
    s._close_session()


def sign_in(qtbot, start: StartWindow, username: str, password: str) -> None:
    user = find_by_name(start, QLineEdit, "Username")
    user.clear()
    qtbot.keyClicks(user, username)
    find_by_name(start, QLineEdit, "Password").clear()
    qtbot.keyClicks(find_by_name(start, QLineEdit, "Password"), password)
    qtbot.mouseClick(find_by_name(start, QPushButton, "Sign in"), Qt.MouseButton.LeftButton)


def status_texts(shell: Shell) -> str:
    return " | ".join(w.text() for w in shell.main.statusBar().findChildren(QLabel))


def test_signing_in_opens_the_main_window_with_user_role_and_workspace(qtbot, shell):
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    assert shell.main is not None and shell.main.isVisible()
    assert not shell.start.isVisible()
    bar = status_texts(shell)
    assert "Admin User (admin)" in bar and "Administrator" in bar and "Test Region" in bar
    assert find_by_name(shell.main, QLabel, "Signed-in user").text() == "Admin User (admin) \u00b7 Administrator"
    assert find_by_name(shell.main, QLabel, "Workspace name").text() == "Workspace: Test Region"
    assert find_by_name(shell.main, QLabel, "Protective marking").text() == "OFFICIAL-SENSITIVE"
    assert shell.main.windowTitle().startswith("Test Region")
    # the password does not linger in the form
    assert find_by_name(shell.start, QLineEdit, "Password").text() == ""


def test_a_wrong_password_says_so_clears_the_password_and_keeps_focus_there(qtbot, shell):
    password = find_by_name(shell.start, QLineEdit, "Password")
    assert password.echoMode() == QLineEdit.EchoMode.Password
    sign_in(qtbot, shell.start, ADMIN, "not-the-password-1")
    assert shell.main is None
    message = find_by_name(shell.start, QLabel, "Sign-in problem")
    assert message.isVisible()
    assert message.text().startswith("The username or password is not correct")
    assert password.text() == ""
    qtbot.waitUntil(lambda: password.hasFocus(), timeout=2000)
    # an unknown user reads exactly the same (nothing tells which usernames exist)
    sign_in(qtbot, shell.start, "nobody", "not-the-password-1")
    assert message.text().startswith("The username or password is not correct")
    # and then the right password works
    qtbot.keyClicks(password, ADMIN_PASSWORD)
    find_by_name(shell.start, QLineEdit, "Username").setText(ADMIN)
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert shell.main is not None


def test_empty_fields_are_asked_for_without_trying(qtbot, shell):
    qtbot.mouseClick(find_by_name(shell.start, QPushButton, "Sign in"), Qt.MouseButton.LeftButton)
    assert find_by_name(shell.start, QLabel, "Sign-in problem").text() == "Enter your username and password."
    assert shell.main is None


def test_a_missing_key_file_shows_the_workspace_problem(qtbot, shell, ws_path):
    keys_path(ws_path).unlink()
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    message = find_by_name(shell.start, QLabel, "Sign-in problem")
    assert message.isVisible() and "keyslots.json" in message.text()
    assert shell.main is None


def test_opening_a_folder_that_is_not_a_workspace_says_so(qtbot, shell, prompts, tmp_path):
    (tmp_path / "holiday photos").mkdir()
    prompts.folder = str(tmp_path / "holiday photos")
    qtbot.mouseClick(find_by_name(shell.start, QPushButton, "Open workspace"), Qt.MouseButton.LeftButton)
    assert "is not a ROCTA workspace" in find_by_name(shell.start, QLabel, "Sign-in problem").text()
    assert recent_workspaces() == [str(Path(shell.start.folder).resolve())]  # not added


def test_an_upgrade_is_confirmed_first_and_declining_opens_nothing(qtbot, shell, workspace, ws_path, tmp_path,
                                                                  monkeypatch, prompts):
    from tests.store.test_migrations import scripts_with

    workspace.close()
    scripts = scripts_with(tmp_path, "harmless_column.py")
    monkeypatch.setattr(migrate, "default_script_location", lambda: scripts)
    prompts.answers = [False]
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    kind, _title, text = prompts.shown[-1]
    assert kind == "question" and "upgraded" in text and "backup" in text
    assert "was not upgraded" in find_by_name(shell.start, QLabel, "Sign-in problem").text()
    assert shell.main is None and not (ws_path / BACKUPS_DIR).exists()

    prompts.answers = [True]
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    assert shell.main is not None
    taken = sorted(p.name for p in (ws_path / BACKUPS_DIR).iterdir())
    assert len(taken) == 2 and taken[0].startswith("pre-migration-")  # and the first scheduled backup
    assert taken[1].startswith("scheduled-") and taken[1].endswith(".roctabackup")


def test_the_recovery_key_opens_the_workspace(qtbot, shell, workspace, prompts):
    prompts.text = workspace.recovery_key
    qtbot.mouseClick(find_by_name(shell.start, QPushButton, "Use recovery key"), Qt.MouseButton.LeftButton)
    assert shell.main is not None
    assert find_by_name(shell.main, QLabel, "Signed-in user").text().startswith("Signed in with the recovery key")


def test_a_wrong_recovery_key_is_refused_plainly(qtbot, shell, prompts):
    prompts.text = "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH"
    qtbot.mouseClick(find_by_name(shell.start, QPushButton, "Use recovery key"), Qt.MouseButton.LeftButton)
    assert shell.main is None
    assert "recovery key does not open this workspace" in find_by_name(shell.start, QLabel, "Sign-in problem").text()


def test_sign_out_closes_the_workspace_and_returns_to_the_start_screen(qtbot, shell):
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    ws, main = shell.ws, shell.main
    main.sign_out_action.trigger()
    assert shell.main is None and shell.ws is None
    assert ws.key == b""  # closed: the key is dropped and the engine disposed
    assert shell.start.isVisible() and not main.isVisible()
    assert find_by_name(shell.start, QLineEdit, "Username").text() == ADMIN
    assert find_by_name(shell.start, QLineEdit, "Password").text() == ""
    qtbot.keyClicks(find_by_name(shell.start, QLineEdit, "Password"), ADMIN_PASSWORD)  # username kept
    qtbot.keyClick(find_by_name(shell.start, QLineEdit, "Password"), Qt.Key.Key_Return)
    assert shell.main is not None


def test_quit_closes_the_workspace(qtbot, shell):
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    ws = shell.ws
    shell.main.quit_action.trigger()
    assert shell.ws is None and ws.key == b""


def test_recent_workspaces_are_remembered_as_folder_paths_only(qtbot, shell, ws_path, prompts, fake_settings,
                                                               workspace, tmp_path):
    sign_in(qtbot, shell.start, ADMIN, ADMIN_PASSWORD)
    shell.sign_out()
    other = tmp_path / "other.rocta"
    other.mkdir()
    (other / "workspace.db").write_bytes(b"x" * 4096)
    prompts.folder = str(other)
    qtbot.mouseClick(find_by_name(shell.start, QPushButton, "Open workspace"), Qt.MouseButton.LeftButton)
    QSettings().sync()
    assert QSettings().value(RECENT_KEY) == [str(other.resolve()), str(ws_path.resolve())]
    assert recent_workspaces() == [str(other.resolve()), str(ws_path.resolve())]
    stored = "".join(p.read_text(errors="replace") for p in fake_settings.rglob("*.ini"))
    assert ADMIN_PASSWORD not in stored and "Admin User" not in stored and workspace.recovery_key not in stored
    assert "username" not in stored.lower() and "password" not in stored.lower()

    again = StartWindow(prompts=prompts)
    qtbot.addWidget(again)
    recent = find_by_name(again, QListWidget, "Recent workspaces")
    assert [recent.item(i).data(Qt.ItemDataRole.UserRole) for i in range(recent.count())] == \
        [str(other.resolve()), str(ws_path.resolve())]
    assert again.folder == other.resolve()  # the most recent is selected
    recent.setCurrentRow(1)
    assert find_by_name(again, QLabel, "Selected workspace").text() == "region"
    qtbot.mouseClick(find_by_name(again, QPushButton, "Remove from recent workspaces"), Qt.MouseButton.LeftButton)
    assert recent_workspaces() == [str(other.resolve())]


def test_every_interactive_widget_on_the_start_screen_has_an_accessible_name(qtbot, shell):
    sign_in(qtbot, shell.start, ADMIN, "wrong-password-1")  # with the error showing too
    assert unnamed_interactive_widgets(shell.start) == []
