"""The Administration area driven through its real widgets (pytest-qt, offscreen), on a real
encrypted workspace: forces, agencies and units with their forms, and user accounts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
)

from rocta_desktop.domain.errors import PermissionDenied
from rocta_desktop.domain.markings import Marking
from rocta_desktop.gui.admin import AdministrationPage
from rocta_desktop.gui.admin.accounts import (
    AddUserDialog,
    PasswordDialog,
    RekeyDialog,
    RoleDialog,
    TemporaryPasswordsDialog,
)
from rocta_desktop.gui.admin.reference import AGENCIES, FORCES, UNITS, ReferenceDialog
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.gui.workspace_dialogs import RecoveryKeyDialog
from rocta_desktop.services import reference_data, users
from rocta_desktop.services.workspace import SignInError, Workspace, WorkspaceError, keys_path
from rocta_desktop.store.models import Agency, Force, Unit
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets

NEW_PASSWORD = "Granite-Harbour-42"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, workspace, prompts):
    notifier = ChangeNotifier(workspace)
    p = AdministrationPage(workspace, notifier, prompts=prompts)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    yield p
    notifier.detach()


def forces_region(ws) -> dict[str, int]:
    with ws.operation("test.forces") as uow:
        return {code: reference_data.create(uow, Force, {"code": code, "name": name})
                for code, name in (("NMP", "Northmoor Police"), ("EVC", "Eastvale Constabulary"),
                                   ("WDC", "Westdale County Council Trading Standards"))}


def click(qtbot, root, name: str) -> None:
    qtbot.mouseClick(find_by_name(root, QPushButton, name), LEFT)


def type_into(qtbot, root, cls: type, name: str, text: str) -> None:
    widget = find_by_name(root, cls, name)
    if isinstance(widget, QSpinBox):
        widget.selectAll()
    elif isinstance(widget, QLineEdit):
        widget.clear()
    qtbot.keyClicks(widget.lineEdit() if isinstance(widget, QComboBox) else widget, text)


def choose(root, name: str, text: str) -> None:
    box = find_by_name(root, QComboBox, name)
    index = box.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, f"{text!r} not offered in {name}"
    box.setCurrentIndex(index)


def shown_codes(tab) -> list[str]:
    return [r.get("code", r.get("username")) for r in tab.list.shown_rows()]


def cells(tab, role=Qt.ItemDataRole.DisplayRole, row: int = 0) -> list[str]:
    """One row as the table shows it (or its tooltips)."""
    model = tab.list.table.model()
    return [model.index(row, c).data(role) for c in range(model.columnCount())]


def count_text(tab) -> str:
    return tab.list.count_label.text()


# ---------------------------------------------------------------------------------------- reference data
def test_create_a_force_an_agency_and_a_unit_with_capacity(qtbot, workspace, page, prompts):
    def fill_force(dlg: QDialog) -> int:
        assert isinstance(dlg, ReferenceDialog) and dlg.windowTitle() == "New force"
        type_into(qtbot, dlg, QLineEdit, "Code", "nmp")
        type_into(qtbot, dlg, QLineEdit, "Name", "Northmoor Police")
        assert find_by_name(dlg, QCheckBox, "Active").isChecked()
        click(qtbot, dlg, "Save")
        return dlg.result()

    def fill_agency(dlg: QDialog) -> int:
        type_into(qtbot, dlg, QLineEdit, "Code", "NCA")
        type_into(qtbot, dlg, QLineEdit, "Name", "National Crime Agency")
        type_into(qtbot, dlg, QComboBox, "Kind of agency", "NCA")
        click(qtbot, dlg, "Save")
        return dlg.result()

    def fill_unit(dlg: QDialog) -> int:
        type_into(qtbot, dlg, QLineEdit, "Code", "NMP-SOC")
        type_into(qtbot, dlg, QLineEdit, "Name", "Serious Organised Crime Team")
        choose(dlg, "Owning force", "NMP - Northmoor Police")
        assert find_by_name(dlg, QComboBox, "Owning agency").currentText() == "(none)"
        type_into(qtbot, dlg, QSpinBox, "Capacity in threats", "12")
        type_into(qtbot, dlg, QSpinBox, "Capacity in hours", "3200")
        click(qtbot, dlg, "Save")
        return dlg.result()

    prompts.dialog_drivers = [fill_force, fill_agency, fill_unit]
    tabs = find_by_name(page, QTabWidget, "Administration sections")
    click(qtbot, page.forces, "New force")
    tabs.setCurrentWidget(page.agencies)
    click(qtbot, page.agencies, "New agency")
    tabs.setCurrentWidget(page.units)
    click(qtbot, page.units, "New unit")
    assert [d.result() for d in prompts.dialogs] == [QDialog.DialogCode.Accepted] * 3
    assert prompts.shown == []

    forces = workspace.read(reference_data.listing, Force)
    assert [(f["code"], f["name"], f["active"]) for f in forces] == [("NMP", "Northmoor Police", True)]
    agencies = workspace.read(reference_data.listing, Agency)
    assert [(a["code"], a["name"], a["kind"]) for a in agencies] == [("NCA", "National Crime Agency", "NCA")]
    [unit] = workspace.read(reference_data.listing, Unit)
    assert unit == {"id": unit["id"], "code": "NMP-SOC", "name": "Serious Organised Crime Team",
                    "force_id": forces[0]["id"], "agency_id": None, "capacity_threats": 12, "capacity_hours": 3200,
                    "active": True}
    # the lists show what was saved, the new row selected
    assert shown_codes(page.forces) == ["NMP"] and page.forces.list.selected()["code"] == "NMP"
    assert count_text(page.agencies) == "1 agency"
    assert cells(page.units) == ["NMP-SOC", "Serious Organised Crime Team", "NMP", "", "12", "3200", "Active"]
    assert cells(page.units, Qt.ItemDataRole.ToolTipRole)[2] == "NMP - Northmoor Police"


def test_validation_problems_are_shown_at_the_field_and_nothing_is_written(qtbot, workspace, page, prompts):
    forces_region(workspace)
    page.forces.reload()
    seen: dict[str, str] = {}

    def drive(dlg: QDialog) -> int:
        code_problem = find_by_name(dlg, QLabel, "Code problem")
        assert code_problem.isHidden()
        type_into(qtbot, dlg, QLineEdit, "Name", "Somewhere Police")
        click(qtbot, dlg, "Save")  # no code
        assert not code_problem.isHidden()
        seen["empty"] = code_problem.text()
        assert find_by_name(dlg, QLineEdit, "Code").accessibleDescription() == code_problem.text()
        assert find_by_name(dlg, QLabel, "Name problem").isHidden()
        assert dlg.result() != QDialog.DialogCode.Accepted  # still open
        type_into(qtbot, dlg, QLineEdit, "Code", "nmp")  # already used (codes are upper-cased)
        click(qtbot, dlg, "Save")
        seen["duplicate"] = code_problem.text()
        assert dlg.result() != QDialog.DialogCode.Accepted
        assert find_by_name(dlg, QLineEdit, "Name").text() == "Somewhere Police"  # nothing typed is lost
        click(qtbot, dlg, "Cancel")
        return dlg.result()

    prompts.dialog_drivers = [drive]
    click(qtbot, page.forces, "New force")
    assert seen == {"empty": "Code is required.", "duplicate": "A force with code NMP already exists."}
    assert prompts.dialogs[0].result() == QDialog.DialogCode.Rejected
    assert [f["code"] for f in workspace.read(reference_data.listing, Force, include_inactive=True)] == [
        "EVC", "NMP", "WDC"]
    assert prompts.shown == []


def test_a_conflict_on_edit_goes_to_a_warning_and_the_form_stays_open(qtbot, workspace, page, prompts):
    forces_region(workspace)
    page.forces.reload()
    assert page.forces.list.select(workspace.read(reference_data.listing, Force)[0]["id"])  # EVC

    def drive(dlg: QDialog) -> int:
        assert dlg.windowTitle() == "Edit force EVC"
        type_into(qtbot, dlg, QLineEdit, "Code", "NMP")
        click(qtbot, dlg, "Save")
        assert dlg.result() != QDialog.DialogCode.Accepted
        click(qtbot, dlg, "Cancel")
        return dlg.result()

    prompts.dialog_drivers = [drive]
    click(qtbot, page.forces, "Edit selected force")
    assert prompts.shown == [("warning", "Edit force EVC", "A force with code NMP already exists.")]
    assert [f["code"] for f in workspace.read(reference_data.listing, Force)] == ["EVC", "NMP", "WDC"]


def test_edit_and_deactivate_hides_the_row_unless_show_inactive_is_ticked(qtbot, workspace, page, prompts):
    forces_region(workspace)
    page.forces.reload()
    listing = page.forces.list
    assert count_text(page.forces) == "3 forces"
    table = listing.table
    index = table.model().index(shown_codes(page.forces).index("EVC"), 1)

    def deactivate(dlg: QDialog) -> int:
        assert find_by_name(dlg, QLineEdit, "Code").text() == "EVC"
        type_into(qtbot, dlg, QLineEdit, "Name", "Eastvale Police")
        find_by_name(dlg, QCheckBox, "Active").setChecked(False)
        click(qtbot, dlg, "Save")
        return dlg.result()

    prompts.dialog_drivers = [deactivate]
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())
    qtbot.mouseDClick(table.viewport(), LEFT, pos=table.visualRect(index).center())  # double-click edits
    assert len(prompts.dialogs) == 1
    evc = next(f for f in workspace.read(reference_data.listing, Force, include_inactive=True) if f["code"] == "EVC")
    assert (evc["name"], evc["active"]) == ("Eastvale Police", False)
    assert shown_codes(page.forces) == ["NMP", "WDC"]
    assert count_text(page.forces) == "2 forces (1 inactive hidden)"
    show = find_by_name(page.forces, QCheckBox, "Show inactive forces")
    qtbot.mouseClick(show, LEFT)
    assert shown_codes(page.forces) == ["EVC", "NMP", "WDC"]
    assert count_text(page.forces) == "3 forces (1 inactive)"

    def reactivate(dlg: QDialog) -> int:  # Enter on the selected row edits too
        find_by_name(dlg, QCheckBox, "Active").setChecked(True)
        click(qtbot, dlg, "Save")
        return dlg.result()

    prompts.dialog_drivers = [reactivate]
    listing.select(evc["id"])
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(prompts.dialogs) == 2
    assert workspace.read(reference_data.listing, Force, include_inactive=True)[0]["active"] is True
    assert count_text(page.forces) == "3 forces"


def test_filter_sort_and_count(qtbot, workspace, page):
    ids = forces_region(workspace)
    workspace.write("test", reference_data.update, Force, ids["WDC"], {"active": False})
    page.forces.reload()
    assert count_text(page.forces) == "2 forces (1 inactive hidden)"
    filter_edit = find_by_name(page.forces, QLineEdit, "Filter forces")
    qtbot.keyClicks(filter_edit, "northmoor")
    assert shown_codes(page.forces) == ["NMP"]
    assert count_text(page.forces) == "1 of 2 forces shown (1 inactive hidden)"
    filter_edit.clear()
    qtbot.keyClicks(filter_edit, "county council")  # every word, anywhere in the row
    assert shown_codes(page.forces) == []
    find_by_name(page.forces, QCheckBox, "Show inactive forces").setChecked(True)
    assert shown_codes(page.forces) == ["WDC"]
    qtbot.keyClicks(filter_edit, " inactive")  # the status column is searched too
    assert shown_codes(page.forces) == ["WDC"]
    filter_edit.clear()
    page.forces.list.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by name, Z to A
    assert shown_codes(page.forces) == ["WDC", "NMP", "EVC"]

    with workspace.operation("test.units") as uow:
        for code, threats in (("U1", 9), ("U2", 12), ("U3", 100)):
            reference_data.create(uow, Unit, {"code": code, "name": f"Unit {code}", "capacity_threats": threats})
    header = page.units.list.table.horizontalHeader()
    column = [c.header for c in UNITS.columns].index("Capacity (threats)")
    qtbot.mouseClick(header.viewport(), LEFT, pos=_section_centre(header, column))
    assert shown_codes(page.units) == ["U1", "U2", "U3"]  # numbers sort as numbers (9 < 12 < 100)
    qtbot.mouseClick(header.viewport(), LEFT, pos=_section_centre(header, column))
    assert shown_codes(page.units) == ["U3", "U2", "U1"]


def _section_centre(header, column) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_tabs_follow_change_notices(qtbot, workspace, page):
    ids = forces_region(workspace)  # written elsewhere (another window, an import): the page follows
    assert shown_codes(page.forces) == ["EVC", "NMP", "WDC"]
    workspace.write("test", reference_data.create, Unit, {"code": "NMP-SOC", "name": "SOC team",
                                                           "force_id": ids["NMP"]})
    assert cells(page.units, Qt.ItemDataRole.ToolTipRole)[2] == "NMP - Northmoor Police"
    workspace.write("test", reference_data.update, Force, ids["NMP"], {"code": "NMC", "name": "Northmoor Constabulary"})
    assert cells(page.units)[2] == "NMC"  # units show their force, so they follow forces too
    assert cells(page.units, Qt.ItemDataRole.ToolTipRole)[2] == "NMC - Northmoor Constabulary"
    find_by_name(page.units, QLineEdit, "Filter units").setText("constabulary")  # the filter sees the full name
    assert shown_codes(page.units) == ["NMP-SOC"]
    workspace.write("test", users.add_user, "j.smith", NEW_PASSWORD, "analyst", "DS Jo Smith")
    assert shown_codes(page.users) == ["admin", "j.smith"]


# ---------------------------------------------------------------------------------------- users
def test_add_a_user_who_can_then_sign_in(qtbot, workspace, ws_path, page, prompts):
    def drive(dlg: QDialog) -> int:
        assert isinstance(dlg, AddUserDialog)
        type_into(qtbot, dlg, QLineEdit, "Username", "J.Smith")
        type_into(qtbot, dlg, QLineEdit, "Display name", "DS Jo Smith")
        choose(dlg, "Role", "Supervisor")
        password_problem = find_by_name(dlg, QLabel, "Password problem")
        type_into(qtbot, dlg, QLineEdit, "Password", "j.smith-pw")
        assert "must not contain the username" in password_problem.text()  # live, as they type
        type_into(qtbot, dlg, QLineEdit, "Password", "short")
        assert find_by_name(dlg, QLabel, "Password strength hint").text() == "Strength: too short"
        type_into(qtbot, dlg, QLineEdit, "Password", NEW_PASSWORD)
        assert password_problem.isHidden()
        assert find_by_name(dlg, QLabel, "Password strength hint").text() != "Strength: too short"
        type_into(qtbot, dlg, QLineEdit, "Confirm password", NEW_PASSWORD + "x")
        click(qtbot, dlg, "Create user account")
        assert find_by_name(dlg, QLabel, "Confirm password problem").text() == "The two passwords do not match."
        assert dlg.result() != QDialog.DialogCode.Accepted
        type_into(qtbot, dlg, QLineEdit, "Confirm password", NEW_PASSWORD)
        click(qtbot, dlg, "Create user account")
        assert find_by_name(dlg, QLineEdit, "Password").text() == ""  # not left lying in the widget
        return dlg.result()

    prompts.dialog_drivers = [drive]
    page.tabs.setCurrentWidget(page.users)
    click(qtbot, page.users, "Add user")
    assert prompts.dialogs[0].result() == QDialog.DialogCode.Accepted
    assert page.users.list.selected()["username"] == "j.smith"
    assert count_text(page.users) == "2 users"
    user = {u["username"]: u for u in workspace.read(users.list_users)}["j.smith"]
    assert (user["display_name"], user["role"], user["active"], user["must_change_password"]) == (
        "DS Jo Smith", "supervisor", True, True)
    with Workspace.open(ws_path, "j.smith", NEW_PASSWORD) as theirs:
        assert theirs.actor.role.value == "supervisor"


def test_a_taken_username_is_shown_at_the_username_field(qtbot, workspace, page, prompts):
    def drive(dlg: QDialog) -> int:
        type_into(qtbot, dlg, QLineEdit, "Username", ADMIN)
        type_into(qtbot, dlg, QLineEdit, "Display name", "Someone Else")
        type_into(qtbot, dlg, QLineEdit, "Password", NEW_PASSWORD)
        type_into(qtbot, dlg, QLineEdit, "Confirm password", NEW_PASSWORD)
        click(qtbot, dlg, "Create user account")
        assert find_by_name(dlg, QLabel, "Username problem").text() == "A user named 'admin' already exists."
        click(qtbot, dlg, "Cancel")
        return dlg.result()

    prompts.dialog_drivers = [drive]
    click(qtbot, page.users, "Add user")
    assert [u["username"] for u in workspace.read(users.list_users)] == [ADMIN]


def test_disable_enable_reset_password_and_change_role(qtbot, workspace, ws_path, page, prompts):
    workspace.write("test", users.add_user, "j.smith", NEW_PASSWORD, "analyst", "DS Jo Smith")
    tab = page.users
    page.tabs.setCurrentWidget(tab)
    disable = find_by_name(tab, QPushButton, "Disable selected user")
    enable = find_by_name(tab, QPushButton, "Enable selected user")
    assert not disable.isEnabled() and disable.toolTip() == "Select a user first"
    tab.list.select(workspace.actor.user_id)
    assert not disable.isEnabled() and disable.toolTip() == "You cannot disable your own account"
    assert tab.list.select(next(u["id"] for u in workspace.read(users.list_users) if u["username"] == "j.smith"))
    assert disable.isEnabled() and not enable.isEnabled()

    prompts.answers = [False, True, False]
    qtbot.mouseClick(disable, LEFT)  # asked first; "keep enabled"
    assert workspace.read(users.list_users)[1]["active"] is True
    qtbot.mouseClick(disable, LEFT)  # then offered a re-key: "not now"
    assert [s[:2] for s in prompts.shown] == [("question", "Disable user")] * 2 + [("question", "Re-key database")]
    assert workspace.read(users.list_users)[1]["active"] is False
    with pytest.raises(SignInError):
        Workspace.open(ws_path, "j.smith", NEW_PASSWORD)
    assert tab.list.selected()["username"] == "j.smith" and count_text(tab) == "2 users (1 disabled)"
    assert enable.isEnabled() and not disable.isEnabled()
    assert not find_by_name(tab, QPushButton, "Reset password of selected user").isEnabled()

    enabled_password = "Quiet-Meadow-2031"
    reset_password = "Blue-Lantern-7788"

    def enable_drive(dlg: QDialog) -> int:
        assert isinstance(dlg, PasswordDialog) and dlg.windowTitle() == "Enable j.smith"
        type_into(qtbot, dlg, QLineEdit, "New password", enabled_password)
        type_into(qtbot, dlg, QLineEdit, "Confirm new password", enabled_password)
        click(qtbot, dlg, "Enable account")
        return dlg.result()

    def reset_drive(dlg: QDialog) -> int:
        type_into(qtbot, dlg, QLineEdit, "New password", reset_password)
        type_into(qtbot, dlg, QLineEdit, "Confirm new password", reset_password)
        click(qtbot, dlg, "Reset password")
        return dlg.result()

    def role_drive(dlg: QDialog) -> int:
        assert isinstance(dlg, RoleDialog)
        choose(dlg, "Role", "Administrator")
        click(qtbot, dlg, "Change role")
        return dlg.result()

    prompts.dialog_drivers = [enable_drive, reset_drive, role_drive]
    qtbot.mouseClick(enable, LEFT)
    Workspace.open(ws_path, "j.smith", enabled_password).close()
    click(qtbot, tab, "Reset password of selected user")
    with pytest.raises(SignInError):
        Workspace.open(ws_path, "j.smith", enabled_password)
    click(qtbot, tab, "Change role of selected user")
    with Workspace.open(ws_path, "j.smith", reset_password) as theirs:
        assert theirs.actor.role.value == "administrator"
    assert [c.text(tab.list.selected()) for c in tab.list.model.columns] == [
        "j.smith", "DS Jo Smith", "Administrator", "OFFICIAL-SENSITIVE", "Active", "Yes"]
    assert [s[0] for s in prompts.shown] == ["question"] * 3  # no warnings on the way


def test_the_last_administrator_keeps_their_role(qtbot, workspace, page, prompts):
    def drive(dlg: QDialog) -> int:
        choose(dlg, "Role", "Analyst")
        click(qtbot, dlg, "Change role")
        assert dlg.result() != QDialog.DialogCode.Accepted
        click(qtbot, dlg, "Cancel")
        return dlg.result()

    prompts.dialog_drivers = [drive]
    page.users.list.select(workspace.actor.user_id)
    click(qtbot, page.users, "Change role of selected user")
    assert prompts.shown == [("warning", "Change role and clearance of admin",
                              "The last active administrator must stay an administrator.")]
    assert workspace.read(users.list_users)[0]["role"] == "administrator"


def test_new_recovery_key_is_shown_once_and_replaces_the_old_one(qtbot, workspace, ws_path, page, prompts):
    shown: dict[str, str] = {}

    def drive(dlg: QDialog) -> int:
        assert isinstance(dlg, RecoveryKeyDialog)
        shown["key"] = find_by_name(dlg, QLabel, "Recovery key").text()
        find_by_name(dlg, QPushButton, "Print recovery key")
        find_by_name(dlg, QCheckBox, "I have stored it safely").setChecked(True)
        click(qtbot, dlg, "Continue")
        assert find_by_name(dlg, QLabel, "Recovery key").text() == ""
        return dlg.result()

    prompts.answers = [False]
    click(qtbot, page.users, "New recovery key")  # declined: nothing changes
    assert prompts.dialogs == []
    prompts.answers = [True]
    prompts.dialog_drivers = [drive]
    click(qtbot, page.users, "New recovery key")
    assert len(shown["key"].split("-")) == 8
    with pytest.raises(SignInError):
        Workspace.open_with_recovery(ws_path, workspace.recovery_key)
    Workspace.open_with_recovery(ws_path, shown["key"]).close()


def test_disable_then_rekey_the_database(qtbot, workspace, ws_path, page, prompts):
    workspace.write("test", users.add_user, "j.smith", NEW_PASSWORD, "analyst", "DS Jo Smith")
    workspace.write("test", users.add_user, "k.jones", NEW_PASSWORD, "supervisor", "DS Kim Jones")
    old_keys = keys_path(ws_path).read_bytes()
    tab = page.users
    page.tabs.setCurrentWidget(tab)
    rekey_button = find_by_name(tab, QPushButton, "Re-key database")
    assert rekey_button.isEnabled()
    shown: dict[str, str] = {}

    def confirm(dlg: QDialog) -> int:
        assert isinstance(dlg, RekeyDialog) and not unnamed_interactive_widgets(dlg)
        after_disable = keys_path(ws_path).read_bytes()
        click(qtbot, dlg, "Re-key the database")                       # no password typed
        assert find_by_name(dlg, QLabel, "Your password problem").text() == "Type your password to confirm."
        type_into(qtbot, dlg, QLineEdit, "Your password", "not-my-password")
        click(qtbot, dlg, "Re-key the database")
        assert find_by_name(dlg, QLabel, "Your password problem").text() == "Your password is not correct."
        assert keys_path(ws_path).read_bytes() == after_disable
        type_into(qtbot, dlg, QLineEdit, "Your password", ADMIN_PASSWORD)
        click(qtbot, dlg, "Re-key the database")
        return dlg.result()

    def passwords(dlg: QDialog) -> int:
        assert isinstance(dlg, TemporaryPasswordsDialog) and not unnamed_interactive_widgets(dlg)
        listed = find_by_name(dlg, QPlainTextEdit, "Temporary passwords list")
        shown.update(line.split() for line in listed.toPlainText().splitlines())
        click(qtbot, dlg, "Continue")
        assert listed.toPlainText() == ""
        return dlg.result()

    def recovery(dlg: QDialog) -> int:
        assert isinstance(dlg, RecoveryKeyDialog)
        shown["recovery"] = find_by_name(dlg, QLabel, "Recovery key").text()
        find_by_name(dlg, QCheckBox, "I have stored it safely").setChecked(True)
        click(qtbot, dlg, "Continue")
        return dlg.result()

    prompts.answers = [True, True]                                     # disable j.smith, then re-key now
    prompts.dialog_drivers = [confirm, passwords, recovery]
    assert tab.list.select(next(u["id"] for u in workspace.read(users.list_users) if u["username"] == "j.smith"))
    click(qtbot, tab, "Disable selected user")
    assert [s[:2] for s in prompts.shown] == [("question", "Disable user"), ("question", "Re-key database")]
    assert set(shown) == {"k.jones", "recovery"}
    assert {u["username"]: u["must_change_password"] for u in workspace.read(users.list_users)} == {
        ADMIN: False, "j.smith": True, "k.jones": True}
    Workspace.open(ws_path, "k.jones", shown["k.jones"]).close()
    Workspace.open_with_recovery(ws_path, shown["recovery"]).close()
    keys_path(ws_path).write_bytes(old_keys)                           # the earlier key file opens nothing now
    with pytest.raises(WorkspaceError):
        Workspace.open(ws_path, "j.smith", NEW_PASSWORD)


# ---------------------------------------------------------------------------------------- permissions
def test_someone_without_the_permissions_sees_read_only_tabs(qtbot, workspace, ws_path, prompts):
    ids = forces_region(workspace)
    workspace.write("test", users.add_user, "a.nalyst", NEW_PASSWORD, "analyst", "Ana Lyst")
    with Workspace.open(ws_path, "a.nalyst", NEW_PASSWORD) as theirs:
        page = AdministrationPage(theirs, None, prompts=prompts)
        qtbot.addWidget(page)
        page.show()
        assert shown_codes(page.forces) == ["EVC", "NMP", "WDC"]  # they can still read the lists
        for tab, names in ((page.forces, ["New force", "Edit selected force"]),
                           (page.agencies, ["New agency", "Edit selected agency"]),
                           (page.units, ["New unit", "Edit selected unit"])):
            assert not tab.list.notice.isHidden()
            for name in names:
                button = find_by_name(tab, QPushButton, name)
                assert not button.isEnabled()
                assert button.toolTip() == "Your role (analyst) may not manage forces, agencies and units."
        page.forces.list.select(ids["NMP"])
        assert not find_by_name(page.forces, QPushButton, "Edit selected force").isEnabled()
        table = page.forces.list.table
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Return)  # no form opens (FakePrompts fails on an unexpected dialog)
        assert page.forces.create() is None and prompts.dialogs == []
        assert shown_codes(page.users) == []  # who holds an account, and their clearance: administrators only
        with pytest.raises(PermissionDenied):
            theirs.read(users.list_users)
        for button in page.users.findChildren(QPushButton):
            assert not button.isEnabled(), button.accessibleName()
            assert button.toolTip() == "Your role (analyst) may not manage users."
        assert page.users.disable_selected() is False and prompts.shown == []
        page.close()


# ---------------------------------------------------------------------------------------- accessibility
def test_every_interactive_widget_is_named_and_every_button_has_a_key(qtbot, workspace, page, prompts):
    assert page.title == "Administration" and page.marking is Marking.OFFICIAL
    forces_region(workspace)
    dialogs = [ReferenceDialog(workspace, kind, None, prompts=prompts, parent=page) for kind in (FORCES, AGENCIES,
                                                                                                UNITS)]
    dialogs += [AddUserDialog(workspace, prompts=prompts, parent=page),
                PasswordDialog(workspace, "admin", enable=False, prompts=prompts, parent=page),
                RoleDialog(workspace, workspace.read(users.list_users)[0], prompts=prompts, parent=page)]
    for root in (page, *dialogs):
        assert unnamed_interactive_widgets(root) == [], type(root).__name__
        for button in root.findChildren(QAbstractButton):
            if button.objectName().startswith("qt_") or not button.text():
                continue  # Qt's own (line-edit clear buttons) are named above
            assert "&" in button.text() or not button.shortcut().isEmpty(), button.text()
        for spin in root.findChildren(QSpinBox):
            assert spin.accessibleName()
    tab_texts = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tab_texts == ["&Forces", "Agen&cies", "&Units", "U&sers", "&Backups", "Aud&it trail"]


def test_the_main_window_opens_administration_with_an_official_marking(qtbot, workspace, prompts):
    from rocta_desktop.gui.main_window import MainWindow
    window = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.go_to("administration")
        assert isinstance(window.pages["administration"], AdministrationPage)
        assert find_by_name(window, QLabel, "Protective marking").text() == "OFFICIAL"
        assert unnamed_interactive_widgets(window.pages["administration"]) == []
    finally:
        window.close_for_shell()


def test_passwords_do_not_reach_settings_or_messages(qtbot, workspace, page, prompts, fake_settings):
    def drive(dlg: QDialog) -> int:
        type_into(qtbot, dlg, QLineEdit, "Username", "p.secret")
        type_into(qtbot, dlg, QLineEdit, "Display name", "P Secret")
        type_into(qtbot, dlg, QLineEdit, "Password", NEW_PASSWORD)
        type_into(qtbot, dlg, QLineEdit, "Confirm password", NEW_PASSWORD)
        click(qtbot, dlg, "Create user account")
        return dlg.result()

    prompts.dialog_drivers = [drive]
    click(qtbot, page.users, "Add user")
    assert prompts.dialogs[0].result() == QDialog.DialogCode.Accepted
    QSettings().sync()
    settings_files = [p for p in fake_settings.rglob("*") if p.is_file()]
    assert all(NEW_PASSWORD.encode() not in p.read_bytes() for p in settings_files)
    assert all(NEW_PASSWORD not in value for value in map(str, (QSettings().value(k) for k in QSettings().allKeys())))
    assert all(NEW_PASSWORD not in " ".join(s) for s in prompts.shown)


def test_backups_tab_backs_up_and_saves_the_schedule(qtbot, workspace, prompts, tmp_path):
    from PySide6.QtWidgets import QSpinBox

    from rocta_desktop.gui.admin.page import AdministrationPage
    from rocta_desktop.services import backup
    page = AdministrationPage(workspace, None, prompts=prompts)
    qtbot.addWidget(page)
    tab = page.backups
    assert unnamed_interactive_widgets(tab) == []
    prompts.save_path = str(tmp_path / "mine")
    back_up = find_by_name(tab, QPushButton, "Back up now")
    save = find_by_name(tab, QPushButton, "Save the backup schedule")
    qtbot.mouseClick(back_up, Qt.MouseButton.LeftButton)
    op = tab.backup_op
    assert not op.done and not back_up.isEnabled() and not save.isEnabled()  # written in the background
    with qtbot.waitSignal(op.finished, timeout=30_000):
        pass
    assert op.ok and back_up.isEnabled() and save.isEnabled()
    assert (tmp_path / "mine.roctabackup").exists() and prompts.shown[-1][1] == "Backup"
    backup.verify_backup(tmp_path / "mine.roctabackup")
    find_by_name(tab, QSpinBox, "Scheduled backup every").setValue(1)
    find_by_name(tab, QSpinBox, "Scheduled backups to keep").setValue(3)
    qtbot.mouseClick(find_by_name(tab, QPushButton, "Save the backup schedule"), Qt.MouseButton.LeftButton)
    assert workspace.read(backup.schedule) == {"interval_days": 1, "retention": 3}
    assert backup.run_scheduled(workspace) is not None
    tab.reload()
    assert tab.table.rowCount() == 1


def test_a_backup_that_cannot_be_written_is_a_warning(qtbot, workspace, prompts, tmp_path):
    page = AdministrationPage(workspace, None, prompts=prompts)
    qtbot.addWidget(page)
    tab = page.backups
    prompts.save_path = str(tmp_path / "gone" / "mine")              # a folder that is not there
    back_up = find_by_name(tab, QPushButton, "Back up now")
    qtbot.mouseClick(back_up, LEFT)
    with qtbot.waitSignal(tab.backup_op.finished, timeout=30_000):
        pass
    assert not tab.backup_op.ok
    assert prompts.shown[-1][:2] == ("warning", "No backup was written")
    assert prompts.shown[-1][2].endswith("no such folder.") and "gone" in prompts.shown[-1][2]
    assert not (tmp_path / "gone").exists() and back_up.isEnabled()   # ready to try again


def test_the_schedule_is_refused_to_someone_who_may_not_manage_it(qtbot, workspace, ws_path, prompts):
    from rocta_desktop.services import audit, backup
    workspace.write("test", users.add_user, "a.nalyst", NEW_PASSWORD, "analyst", "Ana Lyst")
    before = workspace.read(backup.schedule)
    with Workspace.open(ws_path, "a.nalyst", NEW_PASSWORD) as theirs:
        page = AdministrationPage(theirs, None, prompts=prompts)
        qtbot.addWidget(page)
        tab = page.backups
        assert not find_by_name(tab, QPushButton, "Save the backup schedule").isEnabled()
        find_by_name(tab, QSpinBox, "Scheduled backup every").setValue(before["interval_days"] + 1)
        assert tab.save_schedule() is False               # the service refuses too, should the form be reached
        assert prompts.shown == [("warning", "Backup schedule", "A.nalyst (analyst) may not manage users.")]
        page.close()
    assert workspace.read(backup.schedule) == before
    refused = workspace.read(audit.search_events, action="permission.denied")
    assert [e["changes"]["action"] for e in refused] == ["workspace.backup_schedule"]


def test_a_change_another_administrator_made_meanwhile_is_refused_with_a_warning(qtbot, workspace, ws_path, page,
                                                                                 prompts):
    """This list is as it was loaded; meanwhile another administrator (another window) disables
    j.smith. The password reset is refused and its form stays open with what was typed; disabling
    is refused too (no re-key is offered); nothing is written."""
    workspace.write("test", users.add_user, "j.smith", NEW_PASSWORD, "analyst", "DS Jo Smith")
    workspace.write("test", users.add_user, "b.admin", NEW_PASSWORD, "administrator", "B Admin")
    tab = page.users
    page.tabs.setCurrentWidget(tab)
    assert tab.list.select(next(u["id"] for u in workspace.read(users.list_users) if u["username"] == "j.smith"))
    with Workspace.open(ws_path, "b.admin", NEW_PASSWORD) as other:
        other.write("test.elsewhere", users.disable_user, "j.smith")
    assert tab.list.selected()["active"] is True                       # not heard of in this window

    def reset(dlg: QDialog) -> int:
        type_into(qtbot, dlg, QLineEdit, "New password", "Blue-Lantern-7788")
        type_into(qtbot, dlg, QLineEdit, "Confirm new password", "Blue-Lantern-7788")
        click(qtbot, dlg, "Reset password")
        assert dlg.result() != QDialog.DialogCode.Accepted
        assert find_by_name(dlg, QLineEdit, "New password").text() == "Blue-Lantern-7788"  # nothing typed is lost
        click(qtbot, dlg, "Cancel")
        return dlg.result()

    prompts.dialog_drivers = [reset]
    click(qtbot, tab, "Reset password of selected user")
    assert prompts.shown == [("warning", "Reset password of j.smith",
                              "J.smith is disabled; enable the account instead.")]
    prompts.answers = [True]
    click(qtbot, tab, "Disable selected user")
    assert prompts.shown[1:] == [prompts.shown[1], ("warning", "Users", "J.smith is already disabled.")]
    assert prompts.shown[1][:2] == ("question", "Disable user")
    with pytest.raises(SignInError):
        Workspace.open(ws_path, "j.smith", "Blue-Lantern-7788")


def test_the_region_chooses_how_a_range_ranks_and_the_choice_is_audited(qtbot, workspace, prompts):
    from PySide6.QtWidgets import QComboBox

    from rocta_desktop.domain.tasking import RangeRule
    from rocta_desktop.gui.admin.page import AdministrationPage
    from rocta_desktop.services import audit
    from rocta_desktop.services import settings as app_settings
    page = AdministrationPage(workspace, None, prompts=prompts)
    qtbot.addWidget(page)
    rule = find_by_name(page.backups, QComboBox, "Rank a result left as a range by")
    assert rule.currentData() is RangeRule.MIDPOINT and workspace.read(app_settings.range_rule) is RangeRule.MIDPOINT
    rule.setCurrentIndex(rule.findData(RangeRule.UPPER))
    qtbot.mouseClick(find_by_name(page.backups, QPushButton, "Save the backup schedule"), Qt.MouseButton.LeftButton)
    assert workspace.read(app_settings.range_rule) is RangeRule.UPPER
    events = workspace.read(audit.search_events, action="workspace.range_rule")
    assert len(events) == 1 and events[0]["changes"]["range_rule"] == {"before": "midpoint", "after": "upper"}
