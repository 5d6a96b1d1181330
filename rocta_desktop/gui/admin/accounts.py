"""User accounts: the list, add, disable, enable, reset a password, change a role, and a new
recovery key for the workspace.

Passwords typed here go straight to the service (which wraps the database key with them) and are
cleared from the fields afterwards; they never reach a log, a setting or an error message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import Conflict, Problem, ValidationError
from ...domain.markings import Marking
from ...domain.users import Permission, Role, normalise_username
from ...services import rekey
from ...services import users as accounts
from ...services.permissions import allowed
from ..kit.columns import Column, RecordTable, status_column
from ..kit.forms import FormDialog, PasswordFields, hint
from ..ops import Op, Runner
from ..prompts import Prompts
from ..workspace_dialogs import RecoveryKeyDialog
from .reference import permission_reason


def role_label(role: Role | str) -> str:
    return str(getattr(role, "value", role)).capitalize()


def _role_box(current: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName("Role")
    for role in Role:
        box.addItem(role_label(role), role.value)
    box.setCurrentIndex(max(box.findData(current or Role.ANALYST.value), 0))
    return box


ROLE_HINT = ("Analysts edit records; supervisors also approve assessments and disruptions; "
             "administrators also manage users, forces, agencies and units.")
CLEARANCE_HINT = ("The highest protective marking they may see, as their vetting allows: records marked above it are "
                  "absent from every screen, count, search, report and export they make.")


def _clearance_box(current: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName("Clearance")
    for marking in Marking:
        box.addItem(marking.value, marking.value)
    box.setCurrentIndex(max(box.findData(current or Marking.OFFICIAL_SENSITIVE.value), 0))
    return box


def _add_user(uow: Any, *args: Any, **kwargs: Any) -> Any:
    """`users.add_user`, with the one conflict adding can meet (the username is taken) said at the
    username field. The refusal is raised before anything is written, inside the same unit of work."""
    try:
        return accounts.add_user(uow, *args, **kwargs)
    except Conflict as exc:
        raise ValidationError(Problem("username", str(exc))) from None


USER_COLUMNS = [
    Column("username", "Username"),
    Column("display_name", "Display name", lambda r: r["display_name"] + (" (you)" if r.get("you") else "")),
    Column("role", "Role", lambda r: role_label(r["role"])),
    Column("clearance", "Clearance"),
    status_column("Active", "Disabled"),
    Column("must_change_password", "Must change password", lambda r: "Yes" if r["must_change_password"] else "No"),
]


class AddUserDialog(FormDialog):
    def __init__(self, ws: Any, *, prompts: Prompts, parent: QWidget | None = None):
        self.ws = ws  # before the form is built: its runner (self.ops) writes through it
        super().__init__("Add user", prompts=prompts, parent=parent, width=520, save_text="&Add user",
                         save_name="Create user account",
                         intro="The new user signs in with this username and password. Give them the password "
                               "in person; their account is marked as having to change it.")
        self.username: str | None = None
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleName("Username")
        self.username_edit.setPlaceholderText("e.g. j.smith")
        self.username_edit.setMaxLength(32)
        self.add_field("username", "&Username", self.username_edit)
        self.display_edit = QLineEdit()
        self.display_edit.setAccessibleName("Display name")
        self.display_edit.setPlaceholderText("e.g. DS Jo Smith")
        self.display_edit.setMaxLength(120)
        self.add_field("display_name", "&Display name", self.display_edit)
        self.role_box = _role_box()
        self.add_field("role", "&Role", self.role_box, hint(ROLE_HINT))
        self.clearance_box = _clearance_box()
        self.add_field("clearance", "C&learance", self.clearance_box, hint(CLEARANCE_HINT))
        self.passwords = PasswordFields(self, username=self.username_edit.text)
        self.username_edit.textChanged.connect(self.passwords.update)
        self.username_edit.setFocus()
        self._refit()

    def check(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        try:
            normalise_username(self.username_edit.text())
        except ValidationError as exc:
            problems += [(p.field, p.message) for p in exc.problems]
        if not self.display_edit.text().strip():
            problems.append(("display_name", "Enter the name other users will see, e.g. DS Jo Smith."))
        return problems + self.passwords.problems()

    def run_submit(self) -> Op:
        username = normalise_username(self.username_edit.text())  # check() has made sure it is one
        op = self.ops.write("user.create", _add_user, username, self.passwords.password(),
                            self.role_box.currentData(), self.display_edit.text().strip(),
                            clearance=self.clearance_box.currentData())
        if op.ok:
            self.passwords.clear()
            self.username = username
        return op


class PasswordDialog(FormDialog):
    """A new password for someone else's account (reset, or enable a disabled account)."""

    def __init__(self, ws: Any, username: str, *, enable: bool, prompts: Prompts, parent: QWidget | None = None):
        if enable:
            title, save = f"Enable {username}", "&Enable account"
            intro = (f"Disabling removed {username}'s password. Choose a temporary password to enable the account "
                     "again; give it to them in person.")
        else:
            title, save = f"Reset password of {username}", "&Reset password"
            intro = (f"{username}'s current password stops working. Give them the new temporary password "
                     "in person.")
        self.ws = ws  # before the form is built: its runner (self.ops) writes through it
        super().__init__(title, prompts=prompts, parent=parent, width=500, save_text=save, intro=intro)
        self.user, self.enable = username, enable
        self.passwords = PasswordFields(self, username=lambda: username, label="&New password",
                                        name="New password")
        self.passwords.password_edit.setFocus()
        self._refit()

    def check(self) -> list[tuple[str, str]]:
        return self.passwords.problems()

    def run_submit(self) -> Op:
        if self.enable:
            op = self.ops.write("user.enable", accounts.enable_user, self.user, self.passwords.password())
        else:
            op = self.ops.write("user.reset_password", accounts.reset_password, self.user, self.passwords.password())
        if op.ok:
            self.passwords.clear()
        return op


class RoleDialog(FormDialog):
    def __init__(self, ws: Any, user: dict[str, Any], *, prompts: Prompts, parent: QWidget | None = None):
        self.ws = ws  # before the form is built: its runner (self.ops) writes through it
        super().__init__(f"Change role and clearance of {user['username']}", prompts=prompts, parent=parent,
                         width=480, save_text="&Change role")
        self.user = user
        self.role_box = _role_box(user["role"])
        self.add_field("role", "&Role", self.role_box, hint(ROLE_HINT))
        self.clearance_box = _clearance_box(user.get("clearance"))
        self.add_field("clearance", "C&learance", self.clearance_box, hint(CLEARANCE_HINT))
        self._refit()

    def run_submit(self) -> Op:
        role, clearance = self.role_box.currentData(), self.clearance_box.currentData()
        op: Op | None = None
        if role != self.user["role"]:
            op = self.ops.write("user.set_role", accounts.set_role, self.user["username"], role)
            if not op.ok:
                return op
        if clearance != self.user.get("clearance"):
            op = self.ops.write("user.set_clearance", accounts.set_clearance, self.user["username"], clearance)
        return op or self.ops.run(lambda: None)  # nothing changed: the form closes as saved


REKEY_INTRO = ("Re-encrypts the whole database with a new key, so that no earlier copy of the key file (such as "
               "one holding a removed user's key slot) opens it any more. A backup is taken first.\n\n"
               "Only you keep your password. Every other active user gets a temporary password, shown once on the "
               "next screen: give each in person; they must change it when they sign in. The recovery key is "
               "replaced too. Close this workspace in every other window first.\n\n"
               "Backups made before the re-key (and the one it takes first) still open with the old key: keep them "
               "offline, or delete them once you have checked the workspace.")


class RekeyDialog(FormDialog):
    """Confirm a re-key with one's own password (the one slot that can be made again with it)."""

    def __init__(self, ws: Any, *, prompts: Prompts, parent: QWidget | None = None):
        super().__init__("Re-key database", prompts=prompts, parent=parent, width=540, intro=REKEY_INTRO,
                         save_text="&Re-key database", save_name="Re-key the database")
        self.ws = ws
        self.result_data: rekey.RekeyResult | None = None
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Your password")
        if ws.actor.user_id is not None:  # signed in with the recovery key: no slot of one's own to keep
            self.add_field("password", "Your &password", self.password_edit)
            self.password_edit.setFocus()
        self._refit()

    def check(self) -> list[tuple[str, str]]:
        if self.ws.actor.user_id is not None and not self.password_edit.text():
            return [("password", "Type your password to confirm.")]
        return []

    def submit(self) -> None:
        try:
            self.result_data = rekey.rekey_database(self.ws, self.password_edit.text() or None)
        finally:
            self.password_edit.clear()


class TemporaryPasswordsDialog(QDialog):
    """The temporary passwords a re-key gave, shown once."""

    def __init__(self, passwords: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Temporary passwords")
        self.setAccessibleName("Temporary passwords")
        self.setMinimumWidth(520)
        explain = QLabel("These passwords are shown only this once. Give each to its user in person; they must "
                         "choose their own password when they sign in.")
        explain.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(f"{name:<24} {password}" for name, password in sorted(passwords.items())))
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Temporary passwords list")
        self.continue_button = QPushButton("&Continue")
        self.continue_button.setAccessibleName("Continue")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.text)
        layout.addLayout(row)

    def done(self, result: int) -> None:
        self.text.clear()  # not left lying in a widget
        super().done(result)


class UsersTab(QWidget):
    """Who may sign in. Read-only (not hidden) for someone who may not manage users: the list tells
    an analyst who the administrators are, and every button says why it is off. The services
    refuse the changes anyway."""

    def __init__(self, ws: Any, *, prompts: Prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.prompts = ws, prompts
        self.setAccessibleName("Users tab")
        self.can_manage = allowed(ws.actor, Permission.MANAGE_USERS)
        self.reason = "" if self.can_manage else permission_reason(ws.actor, Permission.MANAGE_USERS)
        self.list = RecordTable("user", "users", USER_COLUMNS, inactive_word="disabled", inactive_toggle=False,
                                stretch="display_name")
        self.list.filter_edit.setPlaceholderText("Filter users: username, name or role")

        def button(text: str, name: str) -> QPushButton:
            b = self.list.add_button(QPushButton(text))
            b.setAccessibleName(name)
            return b
        self.add_button = button("&Add user...", "Add user")
        self.disable_button = button("&Disable...", "Disable selected user")
        self.enable_button = button("E&nable...", "Enable selected user")
        self.reset_button = button("Reset &password...", "Reset password of selected user")
        self.role_button = button("Change &role or clearance...", "Change role of selected user")
        self.recovery_button = button("New recovery &key...", "New recovery key")
        self.rekey_button = button("Re-ke&y database...", "Re-key database")
        if not self.can_manage:
            self.list.set_notice(f"Read only. {self.reason}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

        self.add_button.clicked.connect(self.add_user)
        self.disable_button.clicked.connect(self.disable_selected)
        self.enable_button.clicked.connect(self.enable_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.role_button.clicked.connect(self.change_role_selected)
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.rekey_button.clicked.connect(self.rekey_database)
        self.list.selection_changed.connect(self._update_buttons)
        self._update_buttons()
        # the tab's own writes (disable, a new recovery key): their buttons' states follow the
        # selection, set again after each write, so none are handed to the runners
        self.ops = Runner(self, ws, prompts=prompts, title="Users")
        self.recovery_ops = Runner(self, ws, prompts=prompts, title="New recovery key")

    def reload(self) -> None:
        if not self.can_manage:  # who holds an account, and their clearance, is for administrators only
            self.list.set_rows([])
            return
        rows = self.ws.read(accounts.list_users)
        for row in rows:
            row["you"] = row["id"] == self.ws.actor.user_id
        self.list.set_rows(rows)

    # ------------------------------------------------------------------ button states
    def _update_buttons(self) -> None:
        user = self.list.selected()
        states: dict[QPushButton, tuple[bool, str]] = {
            self.add_button: (True, "Add a user account"),
            self.recovery_button: (True, "Make a new recovery key for this workspace (the current one stops opening "
                                         "it; only a re-key revokes it in old copies of the key file)"),
            self.rekey_button: (True, "Encrypt the database with a new key so that no earlier copy of the key file "
                                      "opens it (other users get temporary passwords)"),
        }
        if user is None:
            for b in (self.disable_button, self.enable_button, self.reset_button, self.role_button):
                states[b] = (False, "Select a user first")
        else:
            name = user["username"]
            if user["you"]:
                states[self.disable_button] = (False, "You cannot disable your own account")
            elif not user["active"]:
                states[self.disable_button] = (False, f"{name} is already disabled")
            else:
                states[self.disable_button] = (True, f"Disable {name}: their password stops opening the workspace")
            states[self.enable_button] = ((False, f"{name} is already enabled") if user["active"] else
                                          (True, f"Enable {name} with a new temporary password"))
            states[self.reset_button] = ((True, f"Give {name} a new temporary password") if user["active"] else
                                         (False, f"{name} is disabled; enable the account instead"))
            states[self.role_button] = (True, f"Change what {name} may do and see")
        for b, (enabled, tip) in states.items():
            if not self.can_manage:
                enabled, tip = False, self.reason
            b.setEnabled(enabled)
            b.setToolTip(tip)
            b.setAccessibleDescription(tip)

    # ------------------------------------------------------------------ actions
    def _dialog(self, dialog: FormDialog) -> bool:
        try:
            accepted = bool(self.prompts.run_dialog(dialog))
        finally:
            dialog.deleteLater()
        if accepted:
            self.reload()
        return accepted

    def _selected(self) -> dict[str, Any] | None:
        return self.list.selected() if self.can_manage else None

    def add_user(self) -> bool:
        if not self.can_manage:
            return False
        dialog = AddUserDialog(self.ws, prompts=self.prompts, parent=self)
        if self._dialog(dialog):
            self.list.select(next((r["id"] for r in self.list.model.rows if r["username"] == dialog.username), None))
            return True
        return False

    def disable_selected(self) -> bool:
        user = self._selected()
        if user is None:
            return False
        name = user["username"]
        if not self.prompts.question(
                self, "Disable user",
                f"Disable {name}?\n\nTheir password will no longer open the workspace. You can enable the "
                "account again later with a new temporary password.", yes="&Disable", no="&Keep enabled"):
            return False
        if not self._write("user.disable", accounts.disable_user, name):
            return False
        if self.prompts.question(
                self, "Re-key database",
                f"{name}'s key slot is removed. A copy of the key file made earlier would still hold it.\n\n"
                "Re-key the database now, so that no earlier copy opens it? Every other user then needs a "
                "temporary password from you.", yes="&Re-key now...", no="&Not now"):
            self.rekey_database()
        return True

    def enable_selected(self) -> bool:
        user = self._selected()
        if user is None:
            return False
        return self._dialog(PasswordDialog(self.ws, user["username"], enable=True, prompts=self.prompts, parent=self))

    def reset_selected(self) -> bool:
        user = self._selected()
        if user is None:
            return False
        return self._dialog(PasswordDialog(self.ws, user["username"], enable=False, prompts=self.prompts,
                                           parent=self))

    def change_role_selected(self) -> bool:
        user = self._selected()
        if user is None:
            return False
        return self._dialog(RoleDialog(self.ws, user, prompts=self.prompts, parent=self))

    def new_recovery_key(self) -> bool:
        if not self.can_manage:
            return False
        if not self.prompts.question(
                self, "New recovery key",
                "Make a new recovery key for this workspace?\n\nThe current recovery key stops opening this "
                "workspace at once. A copy of the key file made before now (in a backup, or one somebody kept) "
                "still opens the database with it: re-key the database to revoke it everywhere.\n\n"
                "The new key is shown only once: have a way to print or write it down ready.",
                yes="&Make new key", no="&Cancel"):
            return False
        op = self.recovery_ops.write("workspace.new_recovery_key", accounts.new_recovery_key)
        if not op.ok:
            return False
        dialog = RecoveryKeyDialog(op.result, self.ws.name, self.ws.path, self, prompts=self.prompts)
        op.result = None  # the key is shown once, and held only by that dialog
        try:
            self.prompts.run_dialog(dialog)
        finally:
            dialog.deleteLater()
        return True

    def rekey_database(self) -> bool:
        if not self.can_manage:
            return False
        dialog = RekeyDialog(self.ws, prompts=self.prompts, parent=self)
        try:
            accepted = bool(self.prompts.run_dialog(dialog))
            result = dialog.result_data
        finally:
            dialog.deleteLater()
        if not accepted or result is None:
            return False
        self.reload()
        if result.temporary_passwords:
            shown = TemporaryPasswordsDialog(result.temporary_passwords, self)
            try:
                self.prompts.run_dialog(shown)
            finally:
                shown.deleteLater()
        keys = RecoveryKeyDialog(result.recovery_key, self.ws.name, self.ws.path, self, prompts=self.prompts)
        result.temporary_passwords.clear()
        result.recovery_key = ""
        try:
            self.prompts.run_dialog(keys)
        finally:
            keys.deleteLater()
        return True

    def _write(self, action: str, fn: Any, *args: Any) -> bool:
        if not self.ops.write(action, fn, *args).ok:
            return False
        self.reload()
        return True
