"""The main window and its dashboard, on the real encrypted test workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QListWidget

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.dashboard import KIND_TITLES
from rocta_desktop.gui.main_window import AREAS, MainWindow
from rocta_desktop.services import registers
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


@pytest.fixture
def window(qtbot, workspace, prompts):
    w = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.pages["dashboard"].loading, timeout=5000)  # its counts are read off the GUI thread
    yield w
    w.close_for_shell()


def shown_counts(w: MainWindow) -> dict[str, dict[str, int]]:
    """What the dashboard shows, read back from its labels, in the service's shape."""
    out: dict[str, dict[str, int]] = {}
    for kind in SubjectKind:
        for status in ("active", "proposed", "archived"):
            n = int(find_by_name(w, QLabel, f"{KIND_TITLES[kind]} {status}").text().replace(",", ""))
            if n:
                out.setdefault(kind.value, {})[status] = n
    return out


def test_every_area_is_listed_and_only_the_built_ones_are_enabled(window):
    nav = find_by_name(window, QListWidget, "Navigation")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Dashboard", "Triggers", "Collection plan", "Groups", "Nominals", "Vulnerabilities", "Duplicates",
        "Assessments", "Tasking", "Impact", "Reports", "Administration"]
    enabled = [nav.item(i).text() for i in range(nav.count()) if nav.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
    built = ["Dashboard", "Triggers", "Collection plan", "Groups", "Nominals", "Vulnerabilities", "Duplicates",
             "Assessments", "Tasking", "Impact", "Reports", "Administration"]
    assert enabled == built
    # the dashboard is built at sign-in; every other page the first time it is needed, never a placeholder
    assert window.stack.count() == 1 and list(window.pages.built) == ["dashboard"]
    assert [a.name for a in AREAS if window.area_actions[a.key].isEnabled()] == built
    for n, area in enumerate(AREAS[1:4], start=2):
        assert window.go_to(area.key) and window.stack.count() == n and window.current_area() == area.key
    assert window.go_to("dashboard") and window.stack.count() == 4
    assert window.go_to("nowhere") is False and window.current_area() == "dashboard"


def test_keyboard_navigation_and_shortcuts(qtbot, window):
    nav = find_by_name(window, QListWidget, "Navigation")
    window.focus_navigation_action.trigger()
    qtbot.waitUntil(nav.hasFocus, timeout=2000)
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert nav.currentItem().text() == "Triggers" and window.current_area() == "triggers"
    for _ in range(10):
        qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert nav.currentItem().text() == "Administration" and window.current_area() == "administration"
    actions = [window.sign_out_action, window.quit_action, window.refresh_action, window.focus_navigation_action,
               window.about_action, window.undo_action, window.redo_action, window.search_action,
               *window.area_actions.values()]
    for action in actions:  # every action has a shortcut or a mnemonic
        assert not action.shortcut().isEmpty() or "&" in action.text(), action.text()
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.area_actions["dashboard"].shortcut().toString() == "Ctrl+1"


def test_status_bar_and_marking(window):
    assert find_by_name(window, QLabel, "Signed-in user").text() == "Admin User (admin) \u00b7 Administrator"
    assert find_by_name(window, QLabel, "Workspace name").text() == "Workspace: Test Region"
    assert find_by_name(window, QLabel, "Protective marking").text() == "OFFICIAL-SENSITIVE"
    assert find_by_name(window, QLabel, "Protective marking banner").text() == "OFFICIAL-SENSITIVE"


def test_dashboard_counts_match_the_service_and_follow_changes(qtbot, window, workspace):
    assert shown_counts(window) == workspace.read(registers.counts_by_kind) == {}
    with workspace.operation("test.populate") as uow:
        for i in range(3):
            registers.create_group(uow, {"name": f"Crew {i}", "marking": "OFFICIAL", "management_level": "local"})
        registers.create_subject(uow, SubjectKind.NOMINAL, {"surname": "Kowalski", "marking": "OFFICIAL"},
                                 status=registers.SubjectStatus.PROPOSED)
        registers.create_vulnerability(uow, {"name": "Port", "marking": "OFFICIAL", "category": "place"})
    qtbot.waitUntil(lambda: shown_counts(window) == workspace.read(registers.counts_by_kind), timeout=2000)
    assert shown_counts(window) == {"group": {"active": 3}, "nominal": {"proposed": 1},
                                    "vulnerability": {"active": 1}}
    assert find_by_name(window, QLabel, "Organised crime groups current").text() == "3"
    assert find_by_name(window, QLabel, "Nominals total").text() == "1"

    gid = workspace.read(registers.list_subjects, registers.SubjectFilter(SubjectKind.GROUP))[0]["id"]
    with workspace.operation("test.more") as uow:
        registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level": "regional"})
        registers.archive(uow, gid, "No longer active")
    qtbot.waitUntil(lambda: find_by_name(window, QLabel, "Organised crime groups archived").text() == "1",
                    timeout=2000)
    assert shown_counts(window) == workspace.read(registers.counts_by_kind)
    assert find_by_name(window, QLabel, "Organised crime groups current").text() == "3"
    assert find_by_name(window, QLabel, "Organised crime groups total").text() == "4"


def test_closed_window_stops_listening(qtbot, workspace, prompts):
    w = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(w)
    listeners = len(workspace._listeners)
    w.close_for_shell()
    assert len(workspace._listeners) == listeners - 1
    with workspace.operation("test.after") as uow:  # no dead view is called
        registers.create_group(uow, {"name": "Later", "marking": "OFFICIAL", "management_level": "local"})


def test_a_window_destroyed_without_closing_does_not_break_later_writes(qtbot, workspace, prompts):
    import shiboken6

    w = MainWindow(workspace, prompts=prompts)
    shiboken6.delete(w)
    with workspace.operation("test.after") as uow:
        registers.create_group(uow, {"name": "Later", "marking": "OFFICIAL", "management_level": "local"})


def test_geometry_is_saved_and_restored(qtbot, workspace, prompts):
    w = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    w.resize(780, 540)  # the offscreen screen is 800 x 600: restoring clamps to it
    w.close_for_shell()
    assert QSettings().value("main_window/geometry")
    again = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(again)
    assert again.size().toTuple() == (780, 540)
    again.close_for_shell()


def test_every_interactive_widget_in_the_main_window_has_an_accessible_name(window):
    for key in window.pages:  # every page, each built when first asked for
        assert window.go_to(key)
    assert unnamed_interactive_widgets(window) == []
    assert find_by_name(window, QListWidget, "Navigation").accessibleName() == "Navigation"


def test_about_goes_through_the_prompts_hook(window, prompts):
    window.about_action.trigger()
    assert prompts.shown[-1][:2] == ("information", "About ROCTA Desktop")


def test_a_write_returns_before_any_page_refreshes_and_hidden_pages_catch_up_when_shown(qtbot, window, workspace):
    """#22: a save used to refresh every page inside the write (1-1.5 s on a large workspace, 35 s
    once the duplicates page was open). Now nothing refreshes inside the write; the page on screen
    catches up once the event loop runs, and a hidden page (the dashboard) when it is shown."""
    window.go_to("groups")
    page = window.pages["groups"]
    qtbot.waitUntil(lambda: not page.view.loading, timeout=3000)
    with workspace.operation("test") as uow:
        made = registers.create_group(uow, {"name": "Quay Crew", "management_level": "local",
                                            "marking": "OFFICIAL"}).id
    assert page.view.model.row_of(made) is None                    # not inside the write
    assert "group" in window.notices["dashboard"].pending          # kept for the hidden dashboard
    qtbot.waitUntil(lambda: page.view.model.row_of(made) is not None, timeout=3000)  # the page on screen
    qtbot.wait(50)
    assert shown_counts(window) == {} and window.notices["dashboard"].pending is not None  # still hidden: waits
    window.go_to("dashboard")
    assert window.notices["dashboard"].pending is None             # delivered as it is shown
    qtbot.waitUntil(lambda: shown_counts(window) == {"group": {"active": 1}}, timeout=3000)
