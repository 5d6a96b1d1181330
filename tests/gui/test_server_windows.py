"""Two people at two windows on one server workspace: a change made in one window appears in the
other without anyone pressing anything (LISTEN/NOTIFY), through the real main windows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton

from rocta_desktop import demo
from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.domain.users import Role
from rocta_desktop.gui.main_window import MainWindow
from rocta_desktop.gui.registers.editor import RecordEditor
from rocta_desktop.services import users
from rocta_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.gui.conftest import FakePrompts, find_by_name


@pytest.fixture
def two_windows(qtbot, tmp_path, server_url):
    admin, _ = Workspace.create(tmp_path / "server.rocta", ADMIN, ADMIN_PASSWORD, name="Server Demo",
                                server_url=server_url)
    with admin.operation("user.create", "an analyst") as uow:
        users.add_user(uow, "gui.analyst", TEAM_PASSWORD, Role.ANALYST, "GUI Analyst", temporary=False)
    demo.generate(admin, groups=4, nominals=12, seed=5)
    analyst = Workspace.open(tmp_path / "server.rocta", "gui.analyst", TEAM_PASSWORD)
    windows = []
    for ws in (admin, analyst):
        w = MainWindow(ws, prompts=FakePrompts())
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
    yield windows
    for w in windows:
        w.close()
    analyst.close()
    admin.close()


def test_a_group_saved_in_one_window_appears_in_the_other(qtbot, two_windows):
    mine, theirs = two_windows
    page = theirs.pages["groups"]
    theirs.area_actions["groups"].trigger()
    qtbot.waitUntil(lambda: page.view.model.total > 0, timeout=5000)
    before = page.view.model.total  # the groups the analyst is cleared to see
    editor = RecordEditor(mine.ws, SubjectKind.GROUP, prompts=mine.prompts)
    qtbot.addWidget(editor)
    find_by_name(editor, QLineEdit, "Group name").setText("Night Market Crew")
    find_by_name(editor, QPushButton, "Save record").click()
    created = editor.record_id
    assert created is not None
    # the other person's register refreshes by itself, with the new row selectable
    qtbot.waitUntil(lambda: page.view.model.total == before + 1, timeout=10000)
    assert page.view.select_record(created)


def test_the_start_screen_signs_in_to_a_server_workspace_from_its_profile(qtbot, tmp_path, server_url, prompts):
    """A computer holding only the profile (server.json) signs in from the start screen as any person of
    the workspace; a wrong password is refused plainly and the form keeps the username."""
    from PySide6.QtWidgets import QLabel

    from rocta_desktop.gui.shell import Shell
    from tests.gui.test_start_window import sign_in
    ws, _ = Workspace.create(tmp_path / "server.rocta", ADMIN, ADMIN_PASSWORD, name="Server Region",
                             server_url=server_url)
    with ws.operation("user.create", "an analyst") as uow:
        users.add_user(uow, "start.analyst", TEAM_PASSWORD, Role.ANALYST, "Start Analyst", temporary=False)
    ws.close()
    laptop = tmp_path / "laptop.rocta"
    laptop.mkdir()
    (laptop / "server.json").write_text((tmp_path / "server.rocta" / "server.json").read_text())
    shell = Shell(prompts=prompts, initial_folder=laptop)
    qtbot.addWidget(shell.start)
    shell.show()
    try:
        sign_in(qtbot, shell.start, "start.analyst", "Not-Right-Password-1")
        assert shell.main is None
        assert "username or password is not correct" in find_by_name(shell.start, QLabel, "Sign-in problem").text()
        sign_in(qtbot, shell.start, "start.analyst", TEAM_PASSWORD)
        assert shell.main is not None and shell.main.ws.on_server
        assert find_by_name(shell.main, QLabel, "Workspace name").text() == "Workspace: Server Region"
    finally:
        shell._close_session()
